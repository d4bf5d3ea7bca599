import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LossInputError, sobolevFullLoss, sobolevVjpLoss } from '../../../src/distill/losses/index.js';
import { buildModel } from '../../../src/models/build.js';
import { studentCnn } from '../../../src/models/spec.js';
import { selectBackend } from '../../../src/tf/index.js';
import { GRADIENT_RTOL } from '../../models/fixtures.js';
import { centralDifferenceCheck } from './finite-differences.js';

const spec = studentCnn({
  numActions: 3,
  input: [2, 10, 10],
  convs: [{ channels: 3, kernel: 3, stride: 2 }],
  hidden: [5],
  activation: 'tanh',
});

describe('sobolevFullLoss', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('is the VJP term summed over one-hot cotangents', () => {
    const student = buildModel(spec, { seed: 1 });
    const teacher = buildModel(spec, { seed: 2 });
    tf.tidy(() => {
      const x = tf.randomUniform([2, 2, 10, 10], 0, 1, 'float32', 3) as tf.Tensor4D;
      // The teacher's Jacobian, row by row: J[b, a] = ∂ log π_a / ∂x.
      const rows = [0, 1, 2].map((a) => teacher.vjp(x, tf.oneHot([a, a], 3).toFloat() as tf.Tensor2D).inputGradient);
      const jacobian = tf.stack(rows, 1);
      const full = sobolevFullLoss(student, x, jacobian).dataSync()[0]!;
      const perAction = [0, 1, 2].map(
        (a) =>
          sobolevVjpLoss(
            student,
            x,
            tf.oneHot([a, a], 3).toFloat() as tf.Tensor2D,
            rows[a] as tf.Tensor4D,
          ).dataSync()[0]!,
      );
      expect(full).toBeCloseTo(
        perAction.reduce((s, l) => s + l, 0),
        5,
      );
    });
    student.dispose();
    teacher.dispose();
  });

  it('has exact parameter gradients (central differences)', () => {
    const student = buildModel(spec, { seed: 5 });
    const x = tf.randomUniform([2, 2, 10, 10], 0, 1, 'float32', 6) as tf.Tensor4D;
    const own = tf.tidy(() =>
      tf.stack(
        [0, 1, 2].map((a) => student.vjp(x, tf.oneHot([a, a], 3).toFloat() as tf.Tensor2D).inputGradient),
        1,
      ),
    );
    const target = tf.tidy(() => tf.add(own, tf.randomNormal(own.shape, 0, 0.005, 'float32', 7)));
    expect(centralDifferenceCheck(student, () => sobolevFullLoss(student, x, target))).toBeLessThan(GRADIENT_RTOL);
    tf.dispose([x, own, target]);
    student.dispose();
  });

  it('rejects a Jacobian of the wrong shape', () => {
    const student = buildModel(spec);
    tf.tidy(() => {
      expect(() => sobolevFullLoss(student, tf.zeros([1, 2, 10, 10]), tf.zeros([1, 2, 2, 10, 10]))).toThrow(
        LossInputError,
      );
    });
    student.dispose();
  });
});
