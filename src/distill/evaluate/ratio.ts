/**
 * The student's mean return as a fraction of the teacher's, with a 95% confidence interval, so that a
 * report says whether a gap is the student's or the games' luck. Returns of one policy vary widely
 * between episodes (Catcher's teacher: 35.7 ± 19 over 30 games), which puts about ±0.12 on a ratio of
 * 30-game means.
 *
 * The interval is the delta method's for a ratio of two independent means:
 * Var(S̄/T̄) ≈ (Var(S)/n_S + r²·Var(T)/n_T) / T̄², with sample variances (n − 1).
 */

/** Two-sided 95% quantile of the standard normal distribution. */
const Z_95 = 1.959963984540054;

export interface ReturnRatio {
  /** mean(student) / mean(teacher). */
  readonly ratio: number;
  /** Its standard error (delta method). */
  readonly standard_error: number;
  /** ratio ∓ 1.96 standard errors. */
  readonly ci95: readonly [number, number];
}

/**
 * The ratio of mean returns and its 95% interval; null when the teacher's mean return is 0 (no ratio)
 * or either policy played fewer than 2 episodes (no variance).
 */
export function returnRatio(student: readonly number[], teacher: readonly number[]): ReturnRatio | null {
  if (student.length < 2 || teacher.length < 2) return null;
  const s = meanAndVariance(student);
  const t = meanAndVariance(teacher);
  if (t.mean === 0) return null;
  const ratio = s.mean / t.mean;
  const variance = (s.variance / student.length + ratio * ratio * (t.variance / teacher.length)) / (t.mean * t.mean);
  const standardError = Math.sqrt(variance);
  return {
    ratio,
    standard_error: standardError,
    ci95: [ratio - Z_95 * standardError, ratio + Z_95 * standardError],
  };
}

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  return { mean, variance: squares / (xs.length - 1) };
}
