import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LossInputError, sobolevJvpLoss, unitDirections } from '../../../src/distill/losses/index.js';
import { buildModel } from '../../../src/models/build.js';
import { mulberry32 } from '../../../src/models/params.js';
import { babyA3c, studentCnn } from '../../../src/models/spec.js';
import { selectBackend } from '../../../src/tf/index.js';
import { describeShared } from '../../helpers/shared.js';
import { GRADIENT_RTOL, relativeL2, take, values, worstExcess } from '../../models/fixtures.js';
import { centralDifferenceCheck } from './finite-differences.js';
import {
  disposeReference,
  loadSobolevReference,
  referenceGradient,
  type SobolevReference,
  studentGradients,
} from './reference.js';

/** A target near the student's own tangents, so float32 rounding stays out of the differences. */
function nearbyTarget(own: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(own, tf.randomNormal(own.shape, 0, 0.005, 'float32', seed))) as tf.Tensor2D;
}

describeShared('sobolevJvpLoss against sobolev_reference (PyTorch double backprop)', () => {
  let ref: SobolevReference;
  beforeAll(async () => {
    await selectBackend('wasm');
    ref = await loadSobolevReference();
  });
  afterAll(() => disposeReference(ref));

  it('reproduces teacher_jvp and student_jvp', () => {
    const teacherJvp = take(ref.teacher.directionalDerivatives(ref.observations, ref.u));
    expect(relativeL2(teacherJvp, values(ref.file, 'teacher_jvp').data)).toBeLessThan(GRADIENT_RTOL);
    const studentJvp = take(tf.tidy(() => ref.student.jvp(ref.x, ref.u).tangent));
    expect(relativeL2(studentJvp, values(ref.file, 'student_jvp').data)).toBeLessThan(GRADIENT_RTOL);
  });

  it('reproduces the JVP Sobolev term and its gradient for every student parameter', () => {
    const target = ref.teacher.directionalDerivatives(ref.observations, ref.u);
    const { value, grads } = studentGradients(ref.student, () => sobolevJvpLoss(ref.student, ref.x, ref.u, target));
    target.dispose();
    expect(worstExcess([value], values(ref.file, 'sobolev_jvp').data)).toBeLessThanOrEqual(0);
    for (const [name, g] of grads) {
      expect(relativeL2(g, referenceGradient(ref, 'sobolev_jvp', name)), name).toBeLessThan(GRADIENT_RTOL);
    }
  });
});

describe('sobolevJvpLoss', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('has exact parameter gradients (central differences, small smooth conv net)', () => {
    const student = buildModel(
      studentCnn({
        numActions: 4,
        input: [3, 12, 12],
        convs: [{ channels: 4, kernel: 3, stride: 2, padding: 1 }],
        hidden: [6],
        activation: 'tanh',
      }),
      { seed: 4 },
    );
    const x = tf.randomUniform([3, 3, 12, 12], 0, 1, 'float32', 21) as tf.Tensor4D;
    const u = unitDirections(3, [3, 12, 12], mulberry32(22)) as tf.Tensor4D;
    const target = nearbyTarget(student.jvp(x, u).tangent, 23);
    expect(centralDifferenceCheck(student, () => sobolevJvpLoss(student, x, u, target))).toBeLessThan(GRADIENT_RTOL);
    tf.dispose([x, u, target]);
    student.dispose();
  });

  it('has exact parameter gradients through a GRU with its state held fixed', () => {
    const spec = {
      ...babyA3c({ numActions: 3 }),
      input: [1, 16, 16] as const,
      convs: [{ channels: 2, kernel: 3, stride: 2, padding: 1 }],
      activation: 'tanh' as const,
      gruSize: 4,
    };
    const student = buildModel(spec, { seed: 8 });
    const x = tf.randomUniform([2, 1, 16, 16], 0, 1, 'float32', 24) as tf.Tensor4D;
    const u = unitDirections(2, [1, 16, 16], mulberry32(25)) as tf.Tensor4D;
    const h = tf.randomNormal([2, 4], 0, 0.5, 'float32', 26) as tf.Tensor2D;
    const target = nearbyTarget(student.jvp(x, u, h).tangent, 27);
    expect(centralDifferenceCheck(student, () => sobolevJvpLoss(student, x, u, target, h))).toBeLessThan(GRADIENT_RTOL);
    tf.dispose([x, u, h, target]);
    student.dispose();
  });

  it('rejects targets of the wrong shape', () => {
    const student = buildModel(
      studentCnn({ numActions: 2, input: [1, 12, 12], convs: [{ channels: 2, kernel: 4, stride: 4 }], hidden: [] }),
    );
    tf.tidy(() => {
      expect(() =>
        sobolevJvpLoss(student, tf.zeros([1, 1, 12, 12]), tf.zeros([1, 1, 12, 12]), tf.zeros([1, 3])),
      ).toThrow(LossInputError);
    });
    student.dispose();
  });
});
