/**
 * EpisodicLife (SB3 `EpisodicLifeEnv`): a lost life ends the episode for the learner (terminated), but
 * the game is only reset on a real end. A step counts as losing a life when 0 < lives < lives before it
 * (lives reaching 0 waits for the game's own game over, as some games sit at 0 lives for a few frames).
 * `reset` after a lost life takes one no-op step instead of resetting; if that no-op ends the game, it resets.
 * A real end is the inner env's terminated or truncated.
 */

import { finish, type Pieces, resetInPieces } from '../pieces.js';
import type { Box, Observation } from '../spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';
import { NOOP_ACTION } from './noop-reset.js';

export class EpisodicLife<O extends Observation = Observation> extends Wrapper<O, O> {
  readonly observationSpace: Box;
  private lives = 0;
  private wasRealDone = true;

  constructor(env: Env<O>) {
    super(env);
    this.observationSpace = env.observationSpace;
  }

  /** Whether the last episode end was the game's own (so the next reset resets the game). */
  get realDone(): boolean {
    return this.wasRealDone;
  }

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    let result: ResetResult<O>;
    if (this.wasRealDone) {
      result = yield* resetInPieces(this.env, args);
    } else {
      const r = this.env.step(NOOP_ACTION);
      result = r.terminated || r.truncated ? yield* resetInPieces(this.env, args) : { obs: r.obs, info: r.info };
    }
    this.lives = this.unwrapped.ale.lives();
    return result;
  }

  protected stepImpl(action: number): StepResult<O> {
    const r = this.env.step(action);
    this.wasRealDone = r.terminated || r.truncated;
    const lives = this.unwrapped.ale.lives();
    const lostLife = lives > 0 && lives < this.lives;
    this.lives = lives;
    return lostLife ? { ...r, terminated: true } : r;
  }
}
