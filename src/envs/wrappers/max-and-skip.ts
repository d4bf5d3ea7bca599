/**
 * MaxAndSkip (SB3 `MaxAndSkipEnv`): repeat the action `skip` times, sum the rewards, and return the
 * element-wise max of the observations of the last two repeats. Stops early when the episode ends; the
 * two frame slots keep whatever they last held (SB3 keeps its buffer across steps too), so on an early
 * end the max may include frames of an earlier step, exactly as in SB3.
 */
import { WrapperConfigError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import { maxPool2 } from '../preprocess/max-pool.js';
import type { Box } from '../spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';

export class MaxAndSkip extends Wrapper<Uint8Array, Uint8Array> {
  readonly observationSpace: Box;
  readonly skip: number;
  /** SB3 `_obs_buffer[0]` (repeat skip−2) and `[1]` (repeat skip−1); zero until written. */
  private readonly secondLast: Uint8Array;
  private readonly last: Uint8Array;
  private readonly pooled: Uint8Array;

  constructor(env: Env<Uint8Array>, skip = 4) {
    super(env);
    if (!Number.isInteger(skip) || skip < 1)
      throw new WrapperConfigError(`MaxAndSkip: skip must be an integer ≥ 1, got ${skip}`);
    if (env.observationSpace.dtype !== 'uint8') {
      throw new WrapperConfigError(`MaxAndSkip: needs uint8 frames, got ${env.observationSpace.toString()}`);
    }
    this.skip = skip;
    this.observationSpace = env.observationSpace;
    const size = env.observationSpace.size;
    this.secondLast = new Uint8Array(size);
    this.last = new Uint8Array(size);
    this.pooled = new Uint8Array(size);
  }

  protected resetImpl(args: ResetArgs): ResetResult<Uint8Array> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<Uint8Array>> {
    return yield* resetInPieces(this.env, args);
  }

  protected stepImpl(action: number): StepResult<Uint8Array> {
    let total = 0;
    let r: StepResult<Uint8Array> | undefined;
    for (let i = 0; i < this.skip; i++) {
      r = this.env.step(action);
      if (i === this.skip - 2) this.secondLast.set(r.obs);
      if (i === this.skip - 1) this.last.set(r.obs);
      total += r.reward;
      if (r.terminated || r.truncated) break;
    }
    const end = r!;
    maxPool2(this.secondLast, this.last, this.pooled);
    return { obs: this.pooled, reward: total, terminated: end.terminated, truncated: end.truncated, info: end.info };
  }
}
