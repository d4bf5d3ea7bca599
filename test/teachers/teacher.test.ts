/** The Teacher API on a small random network: acting, Jacobians, input scaling and recurrent state. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, getWeights } from '../../src/models/build.js';
import { mulberry32 } from '../../src/models/params.js';
import { babyA3c, studentCnn } from '../../src/models/spec.js';
import { chooseActions, resetStates, Teacher } from '../../src/teachers/teacher.js';
import { selectBackend } from '../../src/tf/index.js';

function teacherFor(spec: Parameters<typeof buildModel>[0], inputScale: number): Teacher {
  const source = buildModel(spec, { seed: 3 });
  const weights = getWeights(source);
  source.dispose();
  return new Teacher({
    arch: spec,
    preset: 'test',
    inputScale,
    actions: { count: spec.numActions },
    weights,
    provenance: { source: 'test', licence: 'MIT', trainingEnv: 'none' },
  });
}

describe('Teacher', () => {
  let teacher: Teacher;
  beforeAll(async () => {
    await selectBackend('wasm');
    teacher = teacherFor(
      studentCnn({ numActions: 4, input: [2, 12, 12], convs: [{ channels: 3, kernel: 4, stride: 2 }], hidden: [6] }),
      1 / 255,
    );
  });
  afterAll(() => teacher.dispose());

  it('scales uint8 observations by inputScale; derivatives are with respect to the scaled input', () => {
    tf.tidy(() => {
      const raw = tf.randomUniform([2, 2, 12, 12], 0, 255, 'int32', 1);
      const scaled = tf.div(tf.cast(raw, 'float32'), 255) as tf.Tensor4D;
      const a = teacher.logits(raw).logits.dataSync();
      const b = teacher.model.forward(scaled).logits.dataSync();
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
      const v = tf.randomNormal([2, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
      const g1 = teacher.logitGradients(raw, v).dataSync();
      const g2 = teacher.model.vjp(scaled, v).inputGradient.dataSync();
      for (let i = 0; i < g1.length; i += 37) expect(g1[i]).toBeCloseTo(g2[i]!, 6);
    });
  });

  it('acts greedily by argmax and reproducibly by sampling with a seeded rng', () => {
    const obs = { data: new Uint8Array(3 * 2 * 12 * 12).map((_, i) => (i * 37) % 256), shape: [3, 2, 12, 12] };
    const logits = teacher.logits(obs).logits;
    const rows = logits.arraySync() as number[][];
    logits.dispose();
    const greedy = teacher.act(obs).actions;
    expect(Array.from(greedy)).toEqual(rows.map((r) => r.indexOf(Math.max(...r))));
    const a = teacher.act(obs, { mode: 'sample', rng: mulberry32(9) }).actions;
    const b = teacher.act(obs, { mode: 'sample', rng: mulberry32(9) }).actions;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => teacher.act(obs, { mode: 'sample' })).toThrow(/rng/);
  });

  it('samples in proportion to softmax(logits / temperature)', () => {
    const logits = new Float32Array([Math.log(1), Math.log(2), Math.log(7)]);
    const draws = 20000;
    const counts = [0, 0, 0];
    const rng = mulberry32(1);
    for (let i = 0; i < draws; i++) counts[chooseActions(logits, 1, 3, { mode: 'sample', rng })[0]!]!++;
    // Binomial standard deviations are below 0.003 of the draws: 0.01 is over 3 of them.
    expect(counts.map((c) => c / draws)).toEqual([
      expect.closeTo(0.1, 2),
      expect.closeTo(0.2, 2),
      expect.closeTo(0.7, 2),
    ]);
    const cold = [0, 0, 0];
    for (let i = 0; i < 2000; i++) cold[chooseActions(logits, 1, 3, { mode: 'sample', temperature: 0.05, rng })[0]!]!++;
    expect(cold[2]).toBe(2000);
  });

  it('gives a Jacobian whose rows are the one-hot VJPs and whose contraction with u is the JVP', () => {
    tf.tidy(() => {
      const obs = tf.randomUniform([2, 2, 12, 12], 0, 255, 'float32', 3);
      const jac = teacher.jacobian(obs);
      expect(jac.shape).toEqual([2, 4, 2, 12, 12]);
      const row2 = teacher.logitGradients(obs, tf.oneHot([2, 2], 4).toFloat() as tf.Tensor2D);
      const fromJac = tf.squeeze(tf.slice(jac, [0, 2, 0, 0, 0], [-1, 1, -1, -1, -1]), [1]);
      expect(tf.max(tf.abs(tf.sub(row2, fromJac))).dataSync()[0]).toBeLessThan(1e-6);
      const u = tf.randomNormal([2, 2, 12, 12], 0, 1, 'float32', 4) as tf.Tensor4D;
      const jvp = teacher.directionalDerivatives(obs, u);
      const contracted = tf.sum(tf.mul(jac, tf.expandDims(u, 1)), [2, 3, 4]);
      expect(tf.max(tf.abs(tf.sub(jvp, contracted))).dataSync()[0]).toBeLessThan(1e-4);
    });
  });

  it('carries recurrent state explicitly and resets finished episodes', () => {
    const spec = {
      ...babyA3c({ numActions: 3 }),
      input: [1, 16, 16] as const,
      convs: [{ channels: 2, kernel: 3, stride: 2, padding: 1 }],
      gruSize: 5,
    };
    const recurrent = teacherFor(spec, 1);
    expect(recurrent.recurrent).toBe(true);
    tf.tidy(() => {
      const obs = tf.randomUniform([2, 1, 16, 16], 0, 1, 'float32', 5);
      const s0 = recurrent.initialState(2)!;
      const { state: s1 } = recurrent.act(obs, {}, s0);
      expect(s1!.shape).toEqual([2, 5]);
      const again = recurrent.logits(obs, s1).logits;
      const fresh = recurrent.logits(obs, s0).logits;
      expect(tf.max(tf.abs(tf.sub(again, fresh))).dataSync()[0]).toBeGreaterThan(0);
      const reset = resetStates(s1!, [true, false]).arraySync();
      expect(reset[0]).toEqual([0, 0, 0, 0, 0]);
      expect(reset[1]).toEqual(Array.from(s1!.arraySync()[1]!));
    });
    recurrent.dispose();
  });
});
