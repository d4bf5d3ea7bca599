/**
 * Turns `VectorResetArgs` into one decision per sub-env, with Gymnasium's rules (SyncVectorEnv.reset):
 * an int seed s gives sub-env i the seed s + i; a list gives one seed per sub-env (None: unseeded) and must
 * have numEnvs entries; `reset_mask` must have numEnvs booleans, at least one true.
 */
import { VectorEnvConfigError } from './errors.js';
import type { VectorResetArgs } from './types.js';

export interface ResetPlan {
  /** Per sub-env: its seed, or undefined to continue its current random streams. */
  readonly seeds: readonly (number | undefined)[];
  /** Per sub-env: whether to reset it. */
  readonly mask: readonly boolean[];
  readonly options: Readonly<Record<string, unknown>> | undefined;
}

function checkSeed(seed: number, what: string): number {
  // numpy's SeedSequence (which Gymnasium seeds through) takes non-negative integers only.
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new VectorEnvConfigError(`reset: ${what} must be a non-negative integer, got ${seed}`);
  }
  return seed;
}

export function planReset(args: VectorResetArgs, numEnvs: number): ResetPlan {
  const { seed, resetMask, options } = args;
  let seeds: (number | undefined)[];
  if (seed === undefined || seed === null) {
    seeds = new Array<number | undefined>(numEnvs).fill(undefined);
  } else if (typeof seed === 'number') {
    checkSeed(seed, 'seed');
    seeds = Array.from({ length: numEnvs }, (_, i) => checkSeed(seed + i, `seed + ${i}`));
  } else {
    if (seed.length !== numEnvs) {
      throw new VectorEnvConfigError(
        `reset: a list of seeds needs one per sub-env (numEnvs = ${numEnvs}), got ${seed.length}`,
      );
    }
    seeds = Array.from(seed, (s, i) => (s === null || s === undefined ? undefined : checkSeed(s, `seed[${i}]`)));
  }
  let mask: boolean[];
  if (resetMask === undefined) {
    mask = new Array<boolean>(numEnvs).fill(true);
  } else {
    if (resetMask.length !== numEnvs) {
      throw new VectorEnvConfigError(
        `reset: resetMask needs one entry per sub-env (numEnvs = ${numEnvs}), got ${resetMask.length}`,
      );
    }
    mask = Array.from({ length: numEnvs }, (_, i) => Boolean(resetMask[i]));
    if (!mask.includes(true)) {
      throw new VectorEnvConfigError('reset: resetMask must select at least one sub-env');
    }
  }
  return { seeds, mask, options };
}
