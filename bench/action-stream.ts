/** Actions, and the timed stepping loop, of the env benchmarks (bench/envs.ts, bench/parallel-ceiling.ts). */
import type { Env } from '../src/envs/types.js';

const MS_PER_SECOND = 1000;
/** Steps between clock reads: reading performance.now() every step would cost a few % of a step. */
const CLOCK_CHECK_EVERY = 16;

/** Numerical Recipes' 32-bit LCG multiplier and increment. */
export const LCG_A = 1664525;
export const LCG_C = 1013904223;

/** A reproducible action stream (32-bit LCG, Numerical Recipes constants), held 4 steps like a policy. */
export function actionStream(n: number, seed: number): () => number {
  let s = seed >>> 0;
  let held = 0;
  let action = 0;
  return () => {
    if (held-- <= 0) {
      s = (Math.imul(s, LCG_A) + LCG_C) >>> 0;
      action = (s >>> 8) % n;
      held = 3;
    }
    return action;
  };
}

/**
 * Steps `env` with `next()`'s actions for about `seconds` (to the next multiple of CLOCK_CHECK_EVERY steps),
 * reading every observation as a policy would and resetting ended episodes.
 */
export function stepFor(env: Env, next: () => number, seconds: number): { steps: number; wallMs: number } {
  let steps = 0;
  const start = performance.now();
  const end = start + seconds * MS_PER_SECOND;
  for (;;) {
    for (let k = 0; k < CLOCK_CHECK_EVERY; k++, steps++) {
      const r = env.step(next());
      void r.obs;
      if (r.terminated || r.truncated) void env.reset().obs;
    }
    const now = performance.now();
    if (now >= end) return { steps, wallMs: now - start };
  }
}
