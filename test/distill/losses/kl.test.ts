import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { klLoss, LossInputError } from '../../../src/distill/losses/index.js';
import { buildModel } from '../../../src/models/build.js';
import { studentCnn } from '../../../src/models/spec.js';
import { selectBackend } from '../../../src/tf/index.js';
import { describeShared } from '../../helpers/shared.js';
import { GRADIENT_RTOL, relativeL2, values, worstExcess } from '../../models/fixtures.js';
import { centralDifferenceCheck } from './finite-differences.js';
import {
  disposeReference,
  loadSobolevReference,
  referenceGradient,
  type SobolevReference,
  studentGradients,
} from './reference.js';

describeShared('klLoss against sobolev_reference (PyTorch double precision)', () => {
  let ref: SobolevReference;
  beforeAll(async () => {
    await selectBackend('wasm');
    ref = await loadSobolevReference();
  });
  afterAll(() => disposeReference(ref));

  it('reproduces KL(teacher‖student) and its gradient for every student parameter', () => {
    const teacherLogits = ref.teacher.logits(ref.observations).logits;
    const { value, grads } = studentGradients(ref.student, () =>
      klLoss(teacherLogits, ref.student.forward(ref.x).logits),
    );
    teacherLogits.dispose();
    expect(worstExcess([value], values(ref.file, 'kl').data)).toBeLessThanOrEqual(0);
    for (const [name, g] of grads) {
      expect(relativeL2(g, referenceGradient(ref, 'kl', name)), name).toBeLessThan(GRADIENT_RTOL);
    }
  });
});

describe('klLoss', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('is zero for identical policies, positive otherwise, and reverse swaps the arguments', () => {
    tf.tidy(() => {
      const a = tf.tensor2d([
        [1, 2, 3],
        [0, -1, 4],
      ]);
      const b = tf.tensor2d([
        [0.5, 2, 1],
        [1, 1, 1],
      ]);
      expect(klLoss(a, a).dataSync()[0]).toBeCloseTo(0, 6);
      const forward = klLoss(a, b).dataSync()[0]!;
      expect(forward).toBeGreaterThan(0);
      expect(klLoss(a, b, { direction: 'reverse' }).dataSync()[0]).toBeCloseTo(klLoss(b, a).dataSync()[0]!, 6);
    });
  });

  it('applies the temperature to the teacher only', () => {
    tf.tidy(() => {
      const t = tf.tensor2d([[2, 0, -2]]);
      const s = tf.tensor2d([[1, 0, -1]]);
      // softmax(t / 2) = softmax(s), so the tempered KL vanishes.
      expect(klLoss(t, s, { temperature: 2 }).dataSync()[0]).toBeCloseTo(0, 6);
      expect(() => klLoss(t, s, { temperature: 0 })).toThrow(LossInputError);
      expect(() => klLoss(t, tf.zeros([1, 2]) as tf.Tensor2D)).toThrow(LossInputError);
    });
  });

  it('has parameter gradients that agree with central differences on a small net', () => {
    const student = buildModel(
      studentCnn({
        numActions: 3,
        input: [2, 14, 14],
        convs: [{ channels: 3, kernel: 4, stride: 2 }],
        hidden: [5],
        activation: 'tanh',
      }),
      { seed: 7 },
    );
    const x = tf.randomUniform([3, 2, 14, 14], 0, 1, 'float32', 11) as tf.Tensor4D;
    const teacherLogits = tf.randomNormal([3, 3], 0, 1, 'float32', 12) as tf.Tensor2D;
    const worst = centralDifferenceCheck(student, () =>
      klLoss(teacherLogits, student.forward(x).logits, { temperature: 0.7 }),
    );
    expect(worst).toBeLessThan(GRADIENT_RTOL);
    tf.dispose([x, teacherLogits]);
    student.dispose();
  });
});
