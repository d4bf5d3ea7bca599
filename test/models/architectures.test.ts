/** Architectures: parameter names and PyTorch shapes, whole-model derivative identities, weights in and out, bad specs. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, getWeights, parameterShapes, setWeights } from '../../src/models/build.js';
import { ArchitectureError, ModelShapeError, WeightsMismatchError } from '../../src/models/errors.js';
import { type ArchitectureSpec, babyA3c, compactCnn, impalaCnn, natureCnn, studentCnn } from '../../src/models/spec.js';
import { selectBackend } from '../../src/tf/index.js';

describe('architectures', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('Nature CNN has the PyTorch parameter shapes of CleanRL/SB3 (4x84x84 -> 512 -> A)', () => {
    expect(Object.fromEntries(parameterShapes(natureCnn({ numActions: 6 })))).toEqual({
      'conv0.weight': [32, 4, 8, 8],
      'conv0.bias': [32],
      'conv1.weight': [64, 32, 4, 4],
      'conv1.bias': [64],
      'conv2.weight': [64, 64, 3, 3],
      'conv2.bias': [64],
      'fc0.weight': [512, 3136],
      'fc0.bias': [512],
      'policy.weight': [6, 512],
      'policy.bias': [6],
      'value.weight': [1, 512],
      'value.bias': [1],
    });
  });

  it('the compact student flattens 32x4x4 into 256 units: 154k parameters on 4x84x84, under a quarter of student-cnn', () => {
    const count = (spec: ArchitectureSpec) =>
      [...parameterShapes(spec).values()].reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
    const shapes = parameterShapes(compactCnn({ numActions: 5 }));
    expect(shapes.get('conv2.weight')).toEqual([32, 32, 3, 3]);
    expect(shapes.get('fc0.weight')).toEqual([256, 32 * 4 * 4]);
    expect(shapes.get('policy.weight')).toEqual([5, 256]);
    expect(shapes.has('value.weight')).toBe(false);
    // 4112 + 8224 + 9248 (convs) + 131328 (dense) + 1285 (policy).
    expect(count(compactCnn({ numActions: 5 }))).toBe(154197);
    // 4112 + 8224 (convs) + 663808 (dense on 32x9x9) + 1285 (policy).
    expect(count(studentCnn({ numActions: 5 }))).toBe(677429);
  });

  it('IMPALA CNN has CleanRL ppo_procgen shapes (3x64x64, stacks 16/32/32, 2048 -> 256)', () => {
    const shapes = parameterShapes(impalaCnn({ numActions: 15 }));
    expect(shapes.get('stack0.conv.weight')).toEqual([16, 3, 3, 3]);
    expect(shapes.get('stack2.res1.conv1.weight')).toEqual([32, 32, 3, 3]);
    expect(shapes.get('fc.weight')).toEqual([256, 32 * 8 * 8]);
    expect(shapes.get('policy.weight')).toEqual([15, 256]);
    expect(shapes.size).toBe(3 * 10 + 6);
  });

  it('baby-a3c has 4 convs to 32x5x5 and GRUCell(800, 256)', () => {
    const shapes = parameterShapes(babyA3c({ numActions: 4 }));
    expect(shapes.get('conv3.weight')).toEqual([32, 32, 3, 3]);
    expect(shapes.get('gru.weight_ih')).toEqual([768, 800]);
    expect(shapes.get('gru.weight_hh')).toEqual([768, 256]);
    expect(shapes.get('policy.weight')).toEqual([4, 256]);
  });

  const SMALL: [string, ArchitectureSpec, boolean][] = [
    [
      'conv actor-critic (relu)',
      studentCnn({
        numActions: 3,
        input: [2, 16, 16],
        convs: [{ channels: 4, kernel: 4, stride: 2 }],
        hidden: [8],
        value: true,
      }),
      false,
    ],
    ['IMPALA', impalaCnn({ numActions: 3, input: [3, 12, 12], channels: [4, 4], hidden: 8 }), false],
    [
      'conv-GRU (elu)',
      {
        ...babyA3c({ numActions: 3 }),
        input: [1, 16, 16],
        convs: [{ channels: 3, kernel: 3, stride: 2, padding: 1 }],
        gruSize: 5,
      },
      true,
    ],
  ];
  for (const [name, spec, recurrent] of SMALL) {
    it(`${name}: model vjp is the adjoint of model jvp, with log π from both equal to forward`, () => {
      const model = buildModel(spec, { seed: 2 });
      tf.tidy(() => {
        const [c, h, w] = spec.input;
        const x = tf.randomUniform([2, c, h, w], 0, 1, 'float32', 1) as tf.Tensor4D;
        const u = tf.randomNormal([2, c, h, w], 0, 1, 'float32', 2) as tf.Tensor4D;
        const v = tf.randomNormal([2, 3], 0, 1, 'float32', 3) as tf.Tensor2D;
        const state = recurrent
          ? (tf.randomNormal([2, model.stateSize], 0, 0.5, 'float32', 4) as tf.Tensor2D)
          : undefined;
        const forward = model.logProbs(x, state);
        const { logProbs: lpJ, tangent } = model.jvp(x, u, state);
        const { logProbs: lpV, inputGradient } = model.vjp(x, v, state);
        expect(inputGradient.shape).toEqual(x.shape);
        expect(tf.max(tf.abs(tf.sub(lpJ, forward))).dataSync()[0]).toBeLessThan(1e-6);
        expect(tf.max(tf.abs(tf.sub(lpV, forward))).dataSync()[0]).toBeLessThan(1e-6);
        const lhs = tf.sum(tf.mul(inputGradient, u)).dataSync()[0]!;
        const rhs = tf.sum(tf.mul(v, tangent)).dataSync()[0]!;
        expect(Math.abs(lhs - rhs) / Math.abs(rhs)).toBeLessThan(1e-4);
        expect(Math.abs(tf.sum(tf.exp(forward), 1).dataSync()[0]! - 1)).toBeLessThan(1e-5);
      });
      model.dispose();
    });
  }

  for (const [name, spec, recurrent] of SMALL) {
    it(`${name}: a KL + Sobolev (VJP and JVP) Adam step runs on wasm and changes every policy parameter`, () => {
      const model = buildModel(spec, { seed: 3 });
      const optimizer = tf.train.adam(1e-2);
      const before = new Map([...getWeights(model)].map(([k, t]) => [k, Array.from(t.data)] as const));
      tf.tidy(() => {
        const [c, h, w] = spec.input;
        const x = tf.randomUniform([2, c, h, w], 0, 1, 'float32', 5) as tf.Tensor4D;
        const u = tf.randomNormal([2, c, h, w], 0, 1, 'float32', 6) as tf.Tensor4D;
        const v = tf.randomNormal([2, 3], 0, 1, 'float32', 7) as tf.Tensor2D;
        const state = recurrent
          ? (tf.randomNormal([2, model.stateSize], 0, 0.5, 'float32', 8) as tf.Tensor2D)
          : undefined;
        const targetLogits = tf.randomNormal([2, 3], 0, 1, 'float32', 9);
        optimizer.minimize(() => {
          const { logProbs, inputGradient } = model.vjp(x, v, state);
          const { tangent } = model.jvp(x, u, state);
          const kl = tf.sum(tf.mul(tf.softmax(targetLogits), tf.sub(tf.logSoftmax(targetLogits), logProbs)));
          return tf.addN([kl, tf.mean(tf.square(inputGradient)), tf.mean(tf.square(tangent))]) as tf.Scalar;
        });
      });
      for (const [k, t] of getWeights(model)) {
        if (k.startsWith('value.')) continue;
        expect(Array.from(t.data), k).not.toEqual(before.get(k));
      }
      optimizer.dispose();
      model.dispose();
    });
  }

  it('moves weights in and out in PyTorch layout, checking names and shapes', () => {
    const spec = studentCnn({
      numActions: 2,
      input: [1, 12, 12],
      convs: [{ channels: 2, kernel: 4, stride: 4 }],
      hidden: [3],
    });
    const a = buildModel(spec, { seed: 1 });
    const b = buildModel(spec, { seed: 2 });
    const weights = getWeights(a);
    setWeights(b, weights);
    for (const [name, t] of getWeights(b)) expect(Array.from(t.data)).toEqual(Array.from(weights.get(name)!.data));
    const missing = new Map(weights);
    missing.delete('fc0.bias');
    expect(() => setWeights(b, missing)).toThrow(WeightsMismatchError);
    const wrong = new Map(weights);
    wrong.set('fc0.bias', { shape: [4], data: new Float32Array(4) });
    expect(() => setWeights(b, wrong)).toThrow(ModelShapeError);
    a.dispose();
    b.dispose();
  });

  it('is deterministic for a seed, and PyTorch-style bounded (±1/sqrt(fan_in))', () => {
    const spec = studentCnn({
      numActions: 2,
      input: [1, 12, 12],
      convs: [{ channels: 2, kernel: 4, stride: 4 }],
      hidden: [3],
    });
    const [ma, mb] = [buildModel(spec, { seed: 5 }), buildModel(spec, { seed: 5 })];
    const a = getWeights(ma);
    const b = getWeights(mb);
    ma.dispose();
    mb.dispose();
    expect(Array.from(a.get('conv0.weight')!.data)).toEqual(Array.from(b.get('conv0.weight')!.data));
    expect(Math.max(...Array.from(a.get('fc0.weight')!.data, Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(2 * 3 * 3));
  });

  it('rejects bad specs and bad inputs with clear errors', () => {
    expect(() => buildModel({ ...natureCnn({ numActions: 6 }), input: [4, 20, 20] })).toThrow(ArchitectureError);
    expect(() => buildModel({ ...natureCnn({ numActions: 0 }) })).toThrow(/numActions/);
    expect(() => buildModel({ kind: 'transformer' } as unknown as ArchitectureSpec)).toThrow(ArchitectureError);
    const model = buildModel(
      studentCnn({ numActions: 2, input: [1, 12, 12], convs: [{ channels: 2, kernel: 4, stride: 4 }], hidden: [] }),
    );
    tf.tidy(() => {
      expect(() => model.forward(tf.zeros([1, 12, 12, 1]) as tf.Tensor4D)).toThrow(/\[B, 1, 12, 12\]/);
      expect(() => model.vjp(tf.zeros([1, 1, 12, 12]) as tf.Tensor4D, tf.zeros([1, 3]) as tf.Tensor2D)).toThrow(
        ModelShapeError,
      );
    });
    model.dispose();
  });
});
