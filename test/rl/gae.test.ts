import { describe, expect, it } from 'vitest';
import { RlInputError } from '../../src/rl/errors.js';
import { computeGae } from '../../src/rl/gae.js';

/** [T, N] row-major from per-env columns. */
const rows = (...cols: number[][]) => cols[0]!.flatMap((_, t) => cols.map((c) => c[t]!));

describe('computeGae', () => {
  // γ = 0.9, λ = 0.5 (γλ = 0.45). Three sub-envs, three steps each; values worked out by hand below.
  const inputs = {
    numSteps: 3,
    numEnvs: 3,
    gamma: 0.9,
    lambda: 0.5,
    // env 0 runs through; env 1 terminates at t = 0, autoresets at t = 1, is truncated at t = 2;
    // env 2 is truncated at t = 0 (its final observation, stored at t = 1, has V = 3).
    rewards: rows([1, 0, 2], [1, 0, 0.5], [1, 0, 0]),
    values: rows([0.5, 1.0, 1.5], [0.2, 9.0, 0.3], [0.2, 3.0, 0.7]),
    terminated: rows([0, 0, 0], [1, 0, 0], [0, 0, 0]),
    truncated: rows([0, 0, 0], [0, 0, 1], [1, 0, 0]),
    valid: rows([1, 1, 1], [1, 0, 1], [1, 0, 1]),
    nextValues: [2.0, 4.0, 1.0],
  };

  it('matches hand-computed advantages and returns', () => {
    const { advantages, returns } = computeGae(inputs);
    const expected = rows(
      // env 0: δ2 = 2 + 0.9·2 − 1.5 = 2.3; δ1 = 0.9·1.5 − 1 = 0.35, A1 = 0.35 + 0.45·2.3 = 1.385;
      //        δ0 = 1 + 0.9·1 − 0.5 = 1.4, A0 = 1.4 + 0.45·1.385 = 2.02325
      [2.02325, 1.385, 2.3],
      // env 1: terminated at 0, so no bootstrap from V = 9: A0 = 1 − 0.2; t = 1 invalid;
      //        truncated at 2, bootstrapped from nextValues: 0.5 + 0.9·4 − 0.3 = 3.8
      [0.8, 0, 3.8],
      // env 2: truncated at 0, bootstrapped from its final observation: 1 + 0.9·3 − 0.2 = 3.5, no λ-chain;
      //        t = 2: 0.9·1 − 0.7 = 0.2
      [3.5, 0, 0.2],
    );
    expected.forEach((a, k) => {
      expect(advantages[k]).toBeCloseTo(a, 5);
    });
    expected.forEach((a, k) => {
      expect(returns[k]).toBeCloseTo(inputs.valid[k] ? a + inputs.values[k]! : 0, 5);
    });
  });

  it('with λ = 1 and γ = 1 gives Monte Carlo returns minus the baseline', () => {
    const { advantages } = computeGae({
      numSteps: 4,
      numEnvs: 1,
      gamma: 1,
      lambda: 1,
      rewards: [1, 2, 3, 4],
      values: [0.1, 0.2, 0.3, 0.4],
      terminated: [0, 0, 0, 1],
      truncated: [0, 0, 0, 0],
      valid: [1, 1, 1, 1],
      nextValues: [100],
    });
    [10, 9, 7, 4].forEach((g, t) => {
      expect(advantages[t]).toBeCloseTo(g - 0.1 * (t + 1), 5);
    });
  });

  it('rejects arrays of the wrong length and bad coefficients', () => {
    expect(() => computeGae({ ...inputs, rewards: [1, 2] })).toThrow(RlInputError);
    expect(() => computeGae({ ...inputs, nextValues: [1] })).toThrow(RlInputError);
    expect(() => computeGae({ ...inputs, gamma: 1.5 })).toThrow(RlInputError);
  });
});
