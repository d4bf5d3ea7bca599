import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/distill/evaluate/agents.js';
import { RandomAgent, StudentAgent, TeacherAgent } from '../../src/distill/evaluate/agents.js';
import { offlineMetrics } from '../../src/distill/evaluate/offline.js';
import { evaluateReturns, meanStd, protocolFor } from '../../src/distill/evaluate/returns.js';
import { humanNormalizedScore, REFERENCE_SCORES } from '../../src/distill/evaluate/scores.js';
import { envSeed, STREAM } from '../../src/distill/rng.js';
import { InlineTargets } from '../../src/distill/train/targets.js';
import { makeEnv } from '../../src/envs/make-env.js';
import { buildModel } from '../../src/models/build.js';
import { Teacher } from '../../src/teachers/teacher.js';
import { selectBackend } from '../../src/tf/backend.js';
import { syntheticDataset, teacherData, tinySpec } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('offline metrics (hand-computable cases)', () => {
  it('a student identical to the teacher has KL 0, agreement 1 and no Sobolev error', async () => {
    const data = teacherData(tinySpec(), 7);
    const teacher = new Teacher(data);
    const dataset = syntheticDataset(teacher, { episodes: 4, length: () => 12 });
    const student = buildModel(data.arch, { weights: data.weights });
    const m = await offlineMetrics(student, dataset, {
      split: 'train',
      targets: new InlineTargets(teacher),
      batchSize: 7,
    });
    expect(m.samples).toBe(dataset.index('train').size);
    expect(m.kl).toBeLessThan(1e-6);
    expect(m.agreement).toBe(1);
    expect(m.sobolev_relative_error!).toBeLessThan(1e-10);
    student.dispose();
    teacher.dispose();
  });

  it('a uniform student has KL = log A − H(π_T) and agrees where the teacher prefers action 0', async () => {
    const teacher = new Teacher(teacherData(tinySpec({ actions: 3 }), 2));
    const base = syntheticDataset(teacher, { episodes: 3, length: () => 5 });
    // Logits chosen by hand per sample.
    const rows = [
      [2, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
      [-1, 3, 1],
      [5, 5, 0],
    ];
    const segments = base.segments.map((s) => ({ ...s, logits: Float32Array.from(rows.flat()) }));
    const dataset = new (base.constructor as typeof import('../../src/distill/dataset/dataset.js').Dataset)(
      base.info,
      segments,
      [],
    );
    const zero = buildModel(tinySpec({ actions: 3 }), { seed: 0 });
    for (const p of zero.params) p.variable.assign(tf.zerosLike(p.variable));
    const m = await offlineMetrics(zero, dataset, { split: 'train' });
    const kl = (z: number[]) => {
      const e = z.map(Math.exp);
      const sum = e.reduce((a, b) => a + b, 0);
      return e.reduce((acc, v) => acc + (v / sum) * Math.log((v / sum) * 3), 0);
    };
    const expected = rows.reduce((a, z) => a + kl(z), 0) / rows.length;
    expect(m.kl).toBeCloseTo(expected, 5);
    // argmax of the uniform student is action 0; the teacher's argmax is 0 in rows 0, 2 (tie) and 4 (tie).
    expect(m.agreement).toBeCloseTo(3 / 5, 12);
    zero.dispose();
    teacher.dispose();
  });
});

describe('reference scores', () => {
  it('normalises to 0 at random and 1 at human, for the 57 games', () => {
    expect(Object.keys(REFERENCE_SCORES).length).toBe(57);
    expect(humanNormalizedScore('pong', -20.7)).toBeCloseTo(0, 12);
    expect(humanNormalizedScore('pong', 14.6)).toBeCloseTo(1, 12);
    expect(humanNormalizedScore('space_invaders', (148 + 1668.7) / 2)).toBeCloseTo(0.5, 12);
    expect(humanNormalizedScore('catcher', 10)).toBeUndefined();
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });

  it('cuts gym -v4 episodes at 10,000 steps and leaves other ids to their registration', () => {
    expect(protocolFor('Pong-v4').maxEpisodeSteps).toBe(10_000);
    expect(protocolFor('Pong-ram-v4').maxEpisodeSteps).toBe(10_000);
    expect(protocolFor('PongNoFrameskip-v4').maxEpisodeSteps).toBeUndefined();
    expect(protocolFor('PongDeterministic-v4').maxEpisodeSteps).toBeUndefined();
    expect(protocolFor('ALE/Pong-v5').maxEpisodeSteps).toBeUndefined();
  });
});

/** Always NOOP. */
class NoopAgent implements Agent {
  readonly name = 'noop';
  setup(): void {}
  begin(): void {}
  observe(): void {}
  act(slots: readonly number[], _obs: unknown, _rngs: unknown, out: Int32Array): void {
    out.fill(0, 0, slots.length);
  }
}

describe('returns under the env protocol (Catcher)', () => {
  const base = { envId: 'CatcherNoFrameskip-v4', preset: 'atari-preprocessing' as const, maxEpisodeSteps: 2400 };

  it('matches a hand-written loop with the same episode seeds', () => {
    const result = evaluateReturns(new NoopAgent(), { ...base, episodes: 2, seed: 3, numEnvs: 2 });
    for (let e = 0; e < 2; e++) {
      const env = makeEnv(base.envId, { preset: base.preset, max_episode_steps: base.maxEpisodeSteps });
      env.reset({ seed: envSeed(3, STREAM.evaluation, e) });
      let total = 0;
      let steps = 0;
      for (;;) {
        const r = env.step(0);
        total += r.reward;
        steps += 1;
        if (r.terminated || r.truncated) break;
      }
      env.close();
      expect(result.returns[e]).toBe(total);
      expect(result.episode_steps[e]).toBe(steps);
    }
    expect(result.mean_return).toBe(meanStd(result.returns).mean);
  });

  it('does not depend on how many envs play side by side', () => {
    const agent = () => new RandomAgent(5);
    const one = evaluateReturns(agent(), { ...base, episodes: 3, seed: 1, numEnvs: 1 });
    const three = evaluateReturns(agent(), { ...base, episodes: 3, seed: 1, numEnvs: 3 });
    expect(three.returns).toEqual(one.returns);
    expect(three.episode_steps).toEqual(one.episode_steps);
  });

  it('plays whole games across lost lives under sb3-atari (EpisodicLife), the same for teacher and student views of one network', () => {
    const teacher = new Teacher(
      teacherData(
        { ...tinySpec({ actions: 5 }), input: [4, 84, 84], convs: [{ channels: 2, kernel: 8, stride: 4 }] },
        1,
      ),
    );
    const student = buildModel(
      { ...tinySpec({ actions: 5 }), input: [4, 84, 84], convs: [{ channels: 2, kernel: 8, stride: 4 }] },
      { seed: 1 },
    );
    const options = {
      envId: 'CatcherNoFrameskip-v4',
      preset: 'sb3-atari' as const,
      maxEpisodeSteps: 6000,
      episodes: 1,
      seed: 2,
    };
    const t = evaluateReturns(new TeacherAgent(teacher), options);
    const s = evaluateReturns(new StudentAgent(student), options);
    // Same weights seen as teacher and as student (same input), greedy: the same game.
    expect(s.returns).toEqual(t.returns);
    expect(s.episode_steps).toEqual(t.episode_steps);
    // A lost life ends a learner episode after a few hundred frames; a game of 3 lives lasts longer.
    const life = makeEnv('CatcherNoFrameskip-v4', { preset: 'sb3-atari', max_episode_steps: 6000 });
    life.reset({ seed: envSeed(2, STREAM.evaluation, 0) });
    let lifeSteps = 0;
    for (;;) {
      lifeSteps += 1;
      const r = life.step(0);
      if (r.terminated || r.truncated) break;
    }
    life.close();
    expect(t.episode_steps[0]!).toBeGreaterThan(lifeSteps);
    teacher.dispose();
    student.dispose();
  });
});
