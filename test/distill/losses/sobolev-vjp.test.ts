import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LossInputError, sobolevVjpLoss, unitDirections } from '../../../src/distill/losses/index.js';
import { buildModel } from '../../../src/models/build.js';
import type { Conv2D } from '../../../src/models/layers/conv2d.js';
import type { FeedForwardPolicy } from '../../../src/models/model.js';
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

/**
 * The fixture's grad_sobolev_vjp conv *weights* hold their values in [in, out, kh, kw] memory order
 * under an [out, in, kh, kw] header (its grad_kl and grad_sobolev_jvp tensors, and the dense ones
 * here, are in the labelled order). Read as labelled, they put non-zero derivatives on input
 * channels that are dead (ReLU output zero for the whole batch), which no loss depending on those
 * weights only through those channels can have; the test below checks that before re-reading them.
 */
function asInOutKernel(data: Float32Array, torchShape: readonly number[]): Float32Array {
  const [o, i, kh, kw] = torchShape as [number, number, number, number];
  return tf.tidy(() => tf.transpose(tf.tensor(data, [i, o, kh, kw]), [1, 0, 2, 3]).dataSync() as Float32Array);
}

/**
 * A target near the student's own input gradients: the loss is then small next to its gradient,
 * which keeps float32 rounding out of the finite differences (|L| / ‖∇L‖ ≈ residual / 2‖J‖).
 */
function nearbyTarget(own: tf.Tensor4D, seed: number): tf.Tensor4D {
  return tf.tidy(() => tf.add(own, tf.randomNormal(own.shape, 0, 0.005, 'float32', seed))) as tf.Tensor4D;
}

describeShared('sobolevVjpLoss against sobolev_reference (PyTorch double backprop)', () => {
  let ref: SobolevReference;
  beforeAll(async () => {
    await selectBackend('wasm');
    ref = await loadSobolevReference();
  });
  afterAll(() => disposeReference(ref));

  it('reproduces teacher_vjp and student_vjp', () => {
    const teacherVjp = take(ref.teacher.logitGradients(ref.observations, ref.v));
    expect(relativeL2(teacherVjp, values(ref.file, 'teacher_vjp').data)).toBeLessThan(GRADIENT_RTOL);
    const studentVjp = take(tf.tidy(() => ref.student.vjp(ref.x, ref.v).inputGradient));
    expect(relativeL2(studentVjp, values(ref.file, 'student_vjp').data)).toBeLessThan(GRADIENT_RTOL);
  });

  it('reproduces the VJP Sobolev term and its gradient for every student parameter', () => {
    const target = ref.teacher.logitGradients(ref.observations, ref.v);
    const { value, grads } = studentGradients(ref.student, () => sobolevVjpLoss(ref.student, ref.x, ref.v, target));
    target.dispose();
    expect(worstExcess([value], values(ref.file, 'sobolev_vjp').data)).toBeLessThanOrEqual(0);

    // Dead channels: ReLU outputs of the first conv that are zero for every sample.
    const trunk = (ref.student as FeedForwardPolicy).trunk;
    const conv0 = trunk.layers.findIndex((l) => l.params.some((q) => q.name === 'conv0.weight'));
    // The ReLU is fused into the conv layer, or is the layer after it.
    const afterRelu = (trunk.layers[conv0] as Conv2D).relu ? conv0 + 1 : conv0 + 2;
    const firstConvAlive = take(
      tf.tidy(() => tf.max(trunk.trace(tf.transpose(ref.x, [0, 2, 3, 1]))[afterRelu]!, [0, 1, 2])),
    );
    const dead = [...firstConvAlive.keys()].filter((c) => firstConvAlive[c] === 0);
    expect(dead.length).toBeGreaterThan(0);

    for (const p of ref.student.params) {
      const ours = grads.get(p.name)!;
      let expected = referenceGradient(ref, 'sobolev_vjp', p.name);
      if (p.layout === 'conv') {
        if (p.name === 'conv1.weight') {
          // As labelled, the fixture gives dead input channels of conv1 non-zero gradients.
          const [o, i, kh, kw] = p.torchShape as [number, number, number, number];
          const column = (data: Float32Array, c: number) =>
            Array.from(
              { length: o * kh * kw },
              (_, k) => data[((Math.floor(k / (kh * kw)) * i + c) * kh + (Math.floor(k / kw) % kh)) * kw + (k % kw)]!,
            );
          const asLabelled = dead.map((c) => Math.max(...column(expected, c).map(Math.abs)));
          expect(Math.max(...asLabelled)).toBeGreaterThan(0);
          expect(Math.max(...dead.map((c) => Math.max(...column(ours, c).map(Math.abs))))).toBe(0);
        }
        expected = asInOutKernel(expected, p.torchShape);
      }
      expect(relativeL2(ours, expected), p.name).toBeLessThan(GRADIENT_RTOL);
    }
  });
});

describe('sobolevVjpLoss', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('has exact parameter gradients (central differences, small smooth conv net)', () => {
    const student = buildModel(
      studentCnn({
        numActions: 3,
        input: [2, 14, 14],
        convs: [{ channels: 3, kernel: 4, stride: 2, padding: 1 }],
        hidden: [5],
        activation: 'tanh',
      }),
      { seed: 3 },
    );
    const x = tf.randomUniform([2, 2, 14, 14], 0, 1, 'float32', 1) as tf.Tensor4D;
    const v = unitDirections(2, [3], mulberry32(5)) as tf.Tensor2D;
    const target = nearbyTarget(student.vjp(x, v).inputGradient, 2);
    expect(centralDifferenceCheck(student, () => sobolevVjpLoss(student, x, v, target))).toBeLessThan(GRADIENT_RTOL);
    tf.dispose([x, v, target]);
    student.dispose();
  });

  it('has exact parameter gradients through a GRU (baby-a3c shape, small, tanh convs)', () => {
    const spec = {
      ...babyA3c({ numActions: 3 }),
      input: [1, 16, 16] as const,
      convs: [{ channels: 2, kernel: 3, stride: 2, padding: 1 }],
      activation: 'tanh' as const,
      gruSize: 4,
    };
    const student = buildModel(spec, { seed: 9 });
    const x = tf.randomUniform([2, 1, 16, 16], 0, 1, 'float32', 3) as tf.Tensor4D;
    const v = unitDirections(2, [3], mulberry32(6)) as tf.Tensor2D;
    const h = tf.randomNormal([2, 4], 0, 0.5, 'float32', 4) as tf.Tensor2D;
    const target = nearbyTarget(student.vjp(x, v, h).inputGradient, 5);
    expect(centralDifferenceCheck(student, () => sobolevVjpLoss(student, x, v, target, h))).toBeLessThan(GRADIENT_RTOL);
    tf.dispose([x, v, h, target]);
    student.dispose();
  });

  it('rejects targets of the wrong shape', () => {
    const student = buildModel(
      studentCnn({ numActions: 2, input: [1, 12, 12], convs: [{ channels: 2, kernel: 4, stride: 4 }], hidden: [] }),
    );
    tf.tidy(() => {
      expect(() =>
        sobolevVjpLoss(student, tf.zeros([1, 1, 12, 12]), tf.zeros([1, 2]), tf.zeros([1, 1, 12, 11])),
      ).toThrow(LossInputError);
    });
    student.dispose();
  });
});
