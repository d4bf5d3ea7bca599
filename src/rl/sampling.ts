/** Categorical sampling and log-probabilities from rows of logits, in float64 on the CPU. */

/** log softmax of row b of a row-major [B, A] logits array, into `out` (length A). */
export function logSoftmaxRow(logits: ArrayLike<number>, b: number, n: number, out: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < n; a++) max = Math.max(max, logits[b * n + a]!);
  let total = 0;
  for (let a = 0; a < n; a++) total += Math.exp(logits[b * n + a]! - max);
  const logTotal = Math.log(total) + max;
  for (let a = 0; a < n; a++) out[a] = logits[b * n + a]! - logTotal;
  return out;
}

/** Draws an action from log-probabilities with one uniform draw in [0, 1). */
export function sampleFromLogProbs(logProbs: Float64Array, n: number, uniform: number): number {
  let r = uniform;
  for (let a = 0; a < n; a++) {
    r -= Math.exp(logProbs[a]!);
    if (r < 0) return a;
  }
  // Rounding left r ≥ 0 after the last action: take the most likely one.
  let best = 0;
  for (let a = 1; a < n; a++) if (logProbs[a]! > logProbs[best]!) best = a;
  return best;
}

/** argmax of row b (lowest index on ties). */
export function argmaxRow(logits: ArrayLike<number>, b: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (logits[b * n + a]! > logits[b * n + best]!) best = a;
  return best;
}

/** Fisher–Yates shuffle in place with a uniform source. */
export function shuffle(xs: Int32Array, uniform: () => number): Int32Array {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
}
