/** Actions for the env benchmarks (bench/envs.ts, bench/parallel-ceiling.ts). */

/** A reproducible action stream (32-bit LCG, Numerical Recipes constants), held 4 steps like a policy. */
export function actionStream(n: number, seed: number): () => number {
  let s = seed >>> 0;
  let held = 0;
  let action = 0;
  return () => {
    if (held-- <= 0) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      action = (s >>> 8) % n;
      held = 3;
    }
    return action;
  };
}
