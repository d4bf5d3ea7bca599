/** ClipReward (SB3 `ClipRewardEnv`): the reward's sign, numpy `np.sign` (0 stays 0, NaN stays NaN). */
import type { Box, Observation } from '../spaces.js';
import type { Env } from '../types.js';
import { RewardWrapper } from '../wrapper.js';

export function signOf(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN;
}

export class ClipReward<O extends Observation = Observation> extends RewardWrapper<O> {
  readonly observationSpace: Box;

  constructor(env: Env<O>) {
    super(env);
    this.observationSpace = env.observationSpace;
  }

  protected reward(inner: number): number {
    return signOf(inner);
  }
}
