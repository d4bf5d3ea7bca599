import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RlInputError } from '../../src/rl/errors.js';
import {
  actionLogProbs,
  clippedSurrogateLoss,
  crossEntropyLoss,
  maskedMean,
  policyEntropy,
  valueLoss,
} from '../../src/rl/losses/index.js';
import { selectBackend } from '../../src/tf/index.js';
import { inputGradientError } from './finite-differences.js';

/** float32 losses against float64 hand values. */
const VALUE_TOL = 5;
const GRAD_TOL = 1e-3;

const scalar = (t: tf.Scalar) => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('clippedSurrogateLoss', () => {
  // Ratios exp(Δ): 1.05 (inside the clip range), 1.5 (above), 0.6 (below), 1.3 (above, A < 0).
  const delta = [Math.log(1.05), Math.log(1.5), Math.log(0.6), Math.log(1.3)];
  const old = [-1.2, -0.7, -2.0, -0.1];
  const adv = [2, 1, -0.5, -3];
  const clip = 0.2;

  it('equals mean max(−A r, −A clip(r)) computed by hand', () => {
    // −A·r vs −A·clip(r): (−2.1, −2.1) → −2.1; (−1.5, −1.2) → −1.2; (0.3, 0.4) → 0.4; (3.9, 3.6) → 3.9.
    const expected = (-2.1 - 1.2 + 0.4 + 3.9) / 4;
    const got = tf.tidy(
      () =>
        clippedSurrogateLoss({
          logProbs: tf.tensor1d(old.map((o, i) => o + delta[i]!)),
          oldLogProbs: tf.tensor1d(old),
          advantages: tf.tensor1d(adv),
          clip,
        }).dataSync()[0]!,
    );
    expect(got).toBeCloseTo(expected, VALUE_TOL);
  });

  it('has the gradient of central differences, zero where the clip is active', () => {
    const logProbs = tf.tensor1d(old.map((o, i) => o + delta[i]!));
    const loss = (x: tf.Tensor) =>
      clippedSurrogateLoss({
        logProbs: x as tf.Tensor1D,
        oldLogProbs: tf.tensor1d(old),
        advantages: tf.tensor1d(adv),
        clip,
      });
    expect(inputGradientError(loss, logProbs)).toBeLessThan(GRAD_TOL);
    const g = tf.tidy(() => tf.grad(loss)(logProbs).dataSync());
    // d/dlogp of −A r is −A r: sample 0 (inside) and 3 (unclipped branch wins); 1 and 2 are clipped.
    expect(g[0]).toBeCloseTo((-2 * 1.05) / 4, VALUE_TOL);
    expect(g[1]).toBe(0);
    expect(g[2]).toBe(0);
    expect(g[3]).toBeCloseTo((3 * 1.3) / 4, VALUE_TOL);
    logProbs.dispose();
  });

  it('ignores masked samples and rejects bad inputs', () => {
    tf.tidy(() => {
      const args = {
        logProbs: tf.tensor1d([0, 0]),
        oldLogProbs: tf.tensor1d([0, 0]),
        advantages: tf.tensor1d([1, 100]),
        clip,
      };
      expect(scalar(clippedSurrogateLoss({ ...args, mask: tf.tensor1d([1, 0]) }))).toBeCloseTo(-1, VALUE_TOL);
      expect(() => clippedSurrogateLoss({ ...args, clip: 0 })).toThrow(RlInputError);
      expect(() => clippedSurrogateLoss({ ...args, advantages: tf.tensor1d([1]) })).toThrow(RlInputError);
    });
  });
});

describe('valueLoss', () => {
  const values = [1.0, 0.2, -0.5];
  const old = [0.5, 0.25, -1.0];
  const returns = [2.0, 0.0, -0.4];

  it('is ½ mean squared error without clipping', () => {
    const expected = 0.5 * ((1 + 0.04 + 0.01) / 3);
    const got = tf.tidy(() => valueLoss({ values: tf.tensor1d(values), returns: tf.tensor1d(returns) }).dataSync()[0]!);
    expect(got).toBeCloseTo(expected, VALUE_TOL);
  });

  it('takes the larger of the clipped and unclipped errors (CleanRL clip_vloss)', () => {
    // clip 0.1: V_clipped = (0.6, 0.2, −0.9); squared errors unclipped (1, 0.04, 0.01), clipped (1.96, 0.04, 0.25).
    const expected = 0.5 * ((1.96 + 0.04 + 0.25) / 3);
    const got = tf.tidy(
      () =>
        valueLoss({
          values: tf.tensor1d(values),
          returns: tf.tensor1d(returns),
          oldValues: tf.tensor1d(old),
          clip: 0.1,
        }).dataSync()[0]!,
    );
    expect(got).toBeCloseTo(expected, VALUE_TOL);
  });

  it('has the gradient of central differences, clipped or not', () => {
    const v = tf.tensor1d(values);
    for (const clip of [undefined, 0.1]) {
      const loss = (x: tf.Tensor) =>
        valueLoss({
          values: x as tf.Tensor1D,
          returns: tf.tensor1d(returns),
          ...(clip ? { oldValues: tf.tensor1d(old), clip } : {}),
        });
      expect(inputGradientError(loss, v)).toBeLessThan(GRAD_TOL);
    }
    v.dispose();
    expect(() => tf.tidy(() => valueLoss({ values: tf.tensor1d([1]), returns: tf.tensor1d([1]), clip: 0.1 }))).toThrow(
      RlInputError,
    );
  });
});

describe('policyEntropy and crossEntropyLoss', () => {
  const logits = [
    [1, 2, 0.5],
    [0, 0, 0],
  ];

  it('entropy is ln A for a uniform policy and −Σ p log p in general', () => {
    const p = [Math.exp(1), Math.exp(2), Math.exp(0.5)];
    const z = p.reduce((a, b) => a + b);
    const h0 = -p.reduce((a, q) => a + (q / z) * Math.log(q / z), 0);
    const got = tf.tidy(() => policyEntropy(tf.logSoftmax(tf.tensor2d(logits)) as tf.Tensor2D).dataSync()[0]!);
    expect(got).toBeCloseTo((h0 + Math.log(3)) / 2, VALUE_TOL);
  });

  it('cross-entropy is −mean log softmax at the targets', () => {
    const z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5));
    const expected = (z - 2 + Math.log(3)) / 2;
    const got = tf.tidy(() => crossEntropyLoss(tf.tensor2d(logits), tf.tensor1d([1, 0], 'int32')).dataSync()[0]!);
    expect(got).toBeCloseTo(expected, VALUE_TOL);
  });

  it('both have the gradient of central differences', () => {
    const z = tf.tensor2d(logits);
    const targets = tf.tensor1d([1, 0], 'int32');
    expect(inputGradientError((x) => policyEntropy(tf.logSoftmax(x as tf.Tensor2D) as tf.Tensor2D), z)).toBeLessThan(
      GRAD_TOL,
    );
    expect(inputGradientError((x) => crossEntropyLoss(x as tf.Tensor2D, targets), z)).toBeLessThan(GRAD_TOL);
    tf.dispose([z, targets]);
  });

  it('actionLogProbs picks each sample’s action; maskedMean skips masked samples', () => {
    tf.tidy(() => {
      const lp = tf.tensor2d([
        [-1, -2, -3],
        [-4, -5, -6],
      ]);
      expect(Array.from(actionLogProbs(lp, tf.tensor1d([2, 0], 'int32')).dataSync())).toEqual([-3, -4]);
      expect(() => actionLogProbs(lp, tf.tensor1d([2, 0]))).toThrow(RlInputError);
      expect(maskedMean(tf.tensor1d([1, 5, 9]), tf.tensor1d([1, 0, 1])).dataSync()[0]).toBeCloseTo(5, VALUE_TOL);
      expect(maskedMean(tf.tensor1d([1, 5]), tf.tensor1d([0, 0])).dataSync()[0]).toBe(0);
    });
  });
});
