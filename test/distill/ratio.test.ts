import { describe, expect, it } from 'vitest';
import { returnRatio } from '../../src/distill/evaluate/ratio.js';
import { mulberry32 } from '../../src/models/params.js';

/** Catcher-like returns: a mean, a spread, rounded to whole points and clipped at 0. */
function games(next: () => number, n: number, mean: number, spread: number): number[] {
  return Array.from({ length: n }, () => {
    // Box-Muller from two uniforms.
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.max(0, Math.round(mean + spread * z));
  });
}

describe('returnRatio', () => {
  it('works out the ratio and its delta-method interval by hand on a small case', () => {
    // student mean 3, variance 1; teacher mean 4, variance 4 (sample variances, n − 1)
    const r = returnRatio([2, 3, 4], [2, 4, 6])!;
    expect(r.ratio).toBeCloseTo(0.75, 12);
    const se = Math.sqrt((1 / 3 + 0.75 ** 2 * (4 / 3)) / 16);
    expect(r.standard_error).toBeCloseTo(se, 12);
    expect(r.ci95[0]).toBeCloseTo(0.75 - 1.959964 * se, 6);
    expect(r.ci95[1]).toBeCloseTo(0.75 + 1.959964 * se, 6);
  });

  it('has no ratio without a teacher return or a variance', () => {
    expect(returnRatio([1, 2], [0, 0])).toBeNull();
    expect(returnRatio([1], [3, 4])).toBeNull();
    expect(returnRatio([1, 2], [3])).toBeNull();
  });

  it('covers the true ratio in about 95% of simulated evaluations of 30 and of 100 games', () => {
    const next = mulberry32(7);
    const trueRatio = 28 / 35;
    for (const n of [30, 100]) {
      const trials = 2000;
      let covered = 0;
      let width = 0;
      for (let i = 0; i < trials; i++) {
        // Rounding and clipping shift the means slightly; the true ratio is that of the simulated distributions.
        const r = returnRatio(games(next, n, 28, 15), games(next, n, 35, 19))!;
        if (r.ci95[0] <= trueRatio && trueRatio <= r.ci95[1]) covered++;
        width += r.ci95[1] - r.ci95[0];
      }
      // Binomial standard deviation of the coverage over 2000 trials is 0.5%.
      expect(covered / trials).toBeGreaterThan(0.93);
      expect(covered / trials).toBeLessThan(0.97);
      if (n === 30) expect(width / trials).toBeGreaterThan(0.4);
      if (n === 100) expect(width / trials).toBeLessThan(0.3);
    }
  });
});
