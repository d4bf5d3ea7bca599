/**
 * TimeLimit (Gymnasium `TimeLimit`): truncate the episode once `maxEpisodeSteps` steps have been taken
 * since the last reset (gym registers `<Game>-v4` with 10,000 steps, for instance). A step that ends
 * the episode on its own and hits the limit reports both.
 */
import { WrapperConfigError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import type { Box, Observation } from '../spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';

export class TimeLimit<O extends Observation = Observation> extends Wrapper<O, O> {
  readonly observationSpace: Box;
  readonly maxEpisodeSteps: number;
  private elapsed = 0;

  constructor(env: Env<O>, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new WrapperConfigError(`TimeLimit: maxEpisodeSteps must be an integer ≥ 1, got ${maxEpisodeSteps}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.observationSpace = env.observationSpace;
  }

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    this.elapsed = 0;
    return yield* resetInPieces(this.env, args);
  }

  protected stepImpl(action: number): StepResult<O> {
    const r = this.env.step(action);
    this.elapsed++;
    return this.elapsed >= this.maxEpisodeSteps && !r.truncated ? { ...r, truncated: true } : r;
  }
}
