/**
 * NoopReset (SB3 `NoopResetEnv`): after each reset, take 1..noop_max no-ops, their number drawn from the
 * base env's RNG (`np_random.integers(1, noop_max + 1)`); an episode that ends during the no-ops is reset
 * with the same arguments. Returns the last no-op's observation and info.
 */
import { WrapperConfigError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import type { Box, Observation } from '../spaces.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../types.js';
import { Wrapper } from '../wrapper.js';

/** ALE action 0 is NOOP in every minimal and full action set. */
export const NOOP_ACTION = 0;

/** Action 0 must be NOOP; SB3 and Gymnasium assert it. */
export function requireNoopAction(env: Env, who: string): void {
  const first = env.actionSpace.meanings[NOOP_ACTION];
  if (first !== 'NOOP') {
    throw new WrapperConfigError(`${who}: action 0 must be NOOP, but this env's action 0 is ${first ?? 'unnamed'}`);
  }
}

export class NoopReset<O extends Observation = Observation> extends Wrapper<O, O> {
  readonly observationSpace: Box;
  readonly noopMax: number;

  constructor(env: Env<O>, noopMax = 30) {
    super(env);
    if (!Number.isInteger(noopMax) || noopMax < 1) {
      throw new WrapperConfigError(
        `NoopReset: noopMax must be an integer ≥ 1, got ${noopMax}; leave the wrapper out for no no-ops`,
      );
    }
    requireNoopAction(env, 'NoopReset');
    this.noopMax = noopMax;
    this.observationSpace = env.observationSpace;
  }

  protected resetImpl(args: ResetArgs): ResetResult<O> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<O>> {
    let last: ResetResult<O> = yield* resetInPieces(this.env, args);
    const noops = this.unwrapped.npRandom.integers(1, this.noopMax + 1);
    for (let i = 0; i < noops; i++) {
      yield;
      const r = this.env.step(NOOP_ACTION);
      last = r.terminated || r.truncated ? yield* resetInPieces(this.env, args) : r;
    }
    return { obs: last.obs, info: last.info };
  }

  protected stepImpl(action: number): StepResult<O> {
    return this.env.step(action);
  }
}
