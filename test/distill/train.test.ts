import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../src/distill/dataset/dataset.js';
import { NonFiniteLossError } from '../../src/distill/errors.js';
import { sha256 } from '../../src/distill/fs.js';
import { betaAt, learningRateAt, valueAt } from '../../src/distill/schedules.js';
import { Adam, clipByGlobalNorm } from '../../src/distill/train/adam.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../../src/distill/train/config.js';
import { EpochSampler } from '../../src/distill/train/sampler.js';
import { InlineTargets, type SobolevKind } from '../../src/distill/train/targets.js';
import { epochData, Trainer } from '../../src/distill/train/trainer.js';
import { TeacherWorker } from '../../src/distill/worker/client.js';
import { getWeights } from '../../src/models/build.js';
import type { Parameter } from '../../src/models/params.js';
import { Teacher } from '../../src/teachers/teacher.js';
import { selectBackend } from '../../src/tf/backend.js';
import { syntheticDataset, teacherData, tinySpec } from './helpers.js';

function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    ...TRAIN_DEFAULTS,
    steps: 24,
    batchSize: 8,
    lr: 3e-3,
    lrSchedule: { kind: 'cosine', warmupSteps: 4, finalFraction: 0.1 },
    sobolev: 'vjp',
    student: tinySpec({ stack: 2, hidden: 12 }),
    targets: 'learner',
    evalEvery: 12,
    ...overrides,
  };
}

const digest = (trainer: Trainer) =>
  sha256(Buffer.concat([...getWeights(trainer.student).values()].map((t) => Buffer.from(t.data.buffer))));

let teacher: Teacher;
let dataset: Dataset;

beforeAll(async () => {
  await selectBackend('wasm');
  teacher = new Teacher(teacherData(tinySpec(), 7));
  dataset = syntheticDataset(teacher, { episodes: 6, length: (e) => 10 + e });
});

async function train(c: TrainConfig, data = dataset, targets = new InlineTargets(teacher)): Promise<Trainer> {
  const trainer = new Trainer({ config: c, data: epochData(data, c.seed, c.batchSize), targets });
  await trainer.run();
  return trainer;
}

describe('training', () => {
  for (const sobolev of ['none', 'vjp', 'jvp', 'full'] as SobolevKind[]) {
    it(`is deterministic for a seed (${sobolev}) and depends on it`, async () => {
      const a = await train(config({ sobolev, k: 2 }));
      const b = await train(config({ sobolev, k: 2 }));
      const c = await train(config({ sobolev, k: 2, seed: 1 }));
      expect(digest(a)).toBe(digest(b));
      expect(a.history).toEqual(b.history.map((r, i) => ({ ...r, wall_s: a.history[i]!.wall_s })));
      expect(digest(c)).not.toBe(digest(a));
      expect(a.history.length).toBe(2);
      for (const t of [a, b, c]) t.dispose();
    });
  }

  it('gives identical weights with the teacher targets in a worker thread or in the learner', async () => {
    const worker = await TeacherWorker.start({ teacher: teacherData(tinySpec(), 7), backend: 'wasm' });
    try {
      const inWorker = await train(config({ targets: 'worker' }), dataset, worker as unknown as InlineTargets);
      const inLearner = await train(config({ targets: 'learner' }));
      expect(digest(inWorker)).toBe(digest(inLearner));
      expect(inWorker.history.at(-1)!.test).toEqual(inLearner.history.at(-1)!.test);
      inWorker.dispose();
      inLearner.dispose();
    } finally {
      await worker.close();
    }
  });

  it('lowers the test KL and, with the Sobolev term, the Sobolev error', async () => {
    const c = config({ steps: 120, evalEvery: 0, lr: 5e-3, sobolevWeight: { kind: 'constant', start: 1, end: 1 } });
    const untrained = new Trainer({ config: c, data: epochData(dataset, 0, 8), targets: new InlineTargets(teacher) });
    const before = await untrained.evaluateTest();
    const kl = await train({ ...c, sobolev: 'none' });
    const sob = await train(c);
    const afterKl = await kl.evaluateTest();
    const afterSob = await sob.evaluateTest();
    expect(afterKl.kl).toBeLessThan(before.kl);
    expect(afterSob.kl).toBeLessThan(before.kl);
    expect(afterSob.sobolev_relative_error!).toBeLessThan(afterKl.sobolev_relative_error!);
    for (const t of [untrained, kl, sob]) t.dispose();
  });

  it('reports the step and the term that went non-finite, before updating', async () => {
    const poisoned = new Dataset(
      dataset.info,
      dataset.segments.map((s) => ({ ...s, logits: s.logits.map(() => Number.NaN) })),
      dataset.testEpisodeIds,
    );
    const trainer = new Trainer({
      config: config(),
      data: epochData(poisoned, 0, 8),
      targets: new InlineTargets(teacher),
    });
    const before = digest(trainer);
    const error = await trainer.run().catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.step).toBe(0);
    expect(error.term).toBe('kl (non-finite teacher logits in the batch)');
    expect(error.message).toMatch(/^step 0: the kl .* term is NaN/);
    expect(digest(trainer)).toBe(before);
    trainer.dispose();

    const data = teacherData(tinySpec(), 7);
    const broken = new Map(data.weights);
    const w = broken.get('conv0.weight')!;
    broken.set('conv0.weight', { shape: w.shape, data: w.data.map(() => Number.POSITIVE_INFINITY) });
    const badTeacher = new Teacher({ ...data, weights: broken });
    const t2 = new Trainer({
      config: config(),
      data: epochData(dataset, 0, 8),
      targets: new InlineTargets(badTeacher),
    });
    const e2 = await t2.run().catch((e) => e);
    expect(e2).toBeInstanceOf(NonFiniteLossError);
    expect(e2.term).toBe('teacher-targets');
    expect(e2.step).toBe(0);
    t2.dispose();
    badTeacher.dispose();
  });
});

describe('schedules, sampler, Adam and clipping', () => {
  it('warms up linearly, then decays to the final fraction (hand values)', () => {
    const s = { kind: 'cosine' as const, warmupSteps: 4, finalFraction: 0.1 };
    expect([0, 1, 2, 3].map((t) => learningRateAt(s, 1, t, 14))).toEqual([0.25, 0.5, 0.75, 1]);
    // After warmup: progress (t − 4) / (14 − 4 − 1); cosine halfway gives 1 − 0.9 · 0.5.
    expect(learningRateAt(s, 1, 4, 14)).toBe(1);
    expect(learningRateAt(s, 2, 13, 14)).toBeCloseTo(0.2, 12);
    expect(learningRateAt({ ...s, warmupSteps: 0 }, 1, 4.5 + 0, 10)).toBeCloseTo(0.55, 12);
    expect(learningRateAt({ kind: 'linear', warmupSteps: 0, finalFraction: 0 }, 1, 3, 7)).toBeCloseTo(0.5, 12);
    expect(learningRateAt({ kind: 'constant', warmupSteps: 0, finalFraction: 0 }, 3, 6, 7)).toBe(3);
    expect(valueAt({ kind: 'linear', start: 1, end: 0 }, 1, 5)).toBe(0.75);
    expect(betaAt({ kind: 'exponential', start: 1, end: 0, decay: 0.5 }, 3, 10)).toBe(0.125);
    expect(betaAt({ kind: 'linear', start: 1, end: 0, decay: 1 }, 2, 3)).toBe(0);
  });

  it('visits every training sample once per epoch, as a function of the step', () => {
    const s = new EpochSampler(3, 10, 4);
    const firstTwoEpochs = [0, 1, 2, 3, 4].flatMap((t) => [...s.batch(t)]);
    expect([...firstTwoEpochs.slice(0, 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...firstTwoEpochs.slice(10, 20)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...new EpochSampler(3, 10, 4).batch(3)]).toEqual(firstTwoEpochs.slice(12, 16));
    expect(s.cursor(3)).toEqual({ epoch: 1, offset: 2 });
  });

  it('takes the Adam step of the paper (hand-computed) and restores its state', () => {
    const p: Parameter = { name: 'w', torchShape: [2], layout: 'vector', variable: tf.variable(tf.tensor1d([1, -2])) };
    const adam = new Adam([p], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    adam.apply([tf.tensor1d([0.5, -4])], 0.1);
    // First step: m̂ = g, v̂ = g², update = lr · g / (|g| + ε) = ±0.1.
    const w1 = Array.from(p.variable.dataSync());
    expect(w1[0]).toBeCloseTo(0.9, 6);
    expect(w1[1]).toBeCloseTo(-1.9, 6);
    adam.apply([tf.tensor1d([0.5, 0])], 0.1);
    // Second step, element 1: m = 0.9 · 0.1 · (−4) = −0.36, v = 0.999 · 0.001 · 16; bias-corrected.
    const m = -0.36 / (1 - 0.81);
    const v = (0.999 * 0.016) / (1 - 0.999 ** 2);
    expect(p.variable.dataSync()[1]).toBeCloseTo(-1.9 - (0.1 * m) / (Math.sqrt(v) + 1e-8), 5);
    const state = adam.state();
    const copy = new Adam([p]);
    copy.load(state);
    expect(copy.state()).toEqual(state);
    expect(copy.steps).toBe(2);
  });

  it('clips to the global norm like clip_grad_norm_', () => {
    const { grads, norm } = clipByGlobalNorm([tf.tensor1d([3, 0]), tf.tensor1d([4])], 1);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
    expect(Array.from(grads[0]!.dataSync())[0]).toBeCloseTo(3 / (5 + 1e-6), 6);
    expect(Array.from(grads[1]!.dataSync())[0]).toBeCloseTo(4 / (5 + 1e-6), 6);
    const none = clipByGlobalNorm([tf.tensor1d([3, 0])], 10);
    expect(Array.from(none.grads[0]!.dataSync())).toEqual([3, 0]);
  });
});
