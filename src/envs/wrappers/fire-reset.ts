/**
 * FireReset (SB3 `FireResetEnv`), for games that wait for FIRE: reset, step FIRE (1), then step action 2,
 * resetting again whenever one of those steps ends the episode. Returns the observation of the action-2
 * step, as SB3 does, even in the rare case where that step ended the episode and a reset followed (the
 * observation is then kept in this wrapper's own buffer, since the reset reuses the inner one). SB3 returns
 * an empty info; this returns the latest info, so `lives` and the frame numbers stay available.
 */
import { WrapperConfigError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import type { Box, Observation } from '../spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';

export const FIRE_ACTION = 1;
/** SB3 presses action 2 after FIRE (UP or RIGHT in ALE's minimal sets), so the game sees a change of input. */
export const FIRE_RESET_SECOND_ACTION = 2;
const MIN_ACTIONS = 3;

export class FireReset<O extends Observation = Observation> extends Wrapper<O, O> {
  readonly observationSpace: Box;
  private readonly kept: O;

  constructor(env: Env<O>) {
    super(env);
    const meanings = env.actionSpace.meanings;
    if (meanings[FIRE_ACTION] !== 'FIRE' || meanings.length < MIN_ACTIONS) {
      throw new WrapperConfigError(
        `FireReset: needs action 1 = FIRE and at least 3 actions, got [${meanings.join(', ')}]; apply it only to games whose action set has FIRE`,
      );
    }
    this.observationSpace = env.observationSpace;
    this.kept = env.observationSpace.allocate() as O;
  }

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    yield* resetInPieces(this.env, args);
    yield;
    let r = this.env.step(FIRE_ACTION);
    if (r.terminated || r.truncated) yield* resetInPieces(this.env, args);
    yield;
    r = this.env.step(FIRE_RESET_SECOND_ACTION);
    if (r.terminated || r.truncated) {
      this.kept.set(r.obs);
      const after = yield* resetInPieces(this.env, args);
      return { obs: this.kept, info: after.info };
    }
    return { obs: r.obs, info: r.info };
  }

  protected stepImpl(action: number): StepResult<O> {
    return this.env.step(action);
  }
}
