/**
 * The committed teacher, teachers/catcher.teacher: it loads through the public loader, acts through
 * the preset it names, has exact input-gradients, and plays Catcher far better than a random policy.
 * The evaluation is short (three games capped at 400 steps each, seeded) so it stays well under a
 * minute on a loaded machine; teachers/README.md has the full evaluation.
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnv } from '../../src/envs/make-env.js';
import { isPresetName } from '../../src/envs/presets.js';
import { type BatchPolicy, evaluateGames, randomPolicy } from '../../src/rl/evaluate.js';
import { presetEnvOptions } from '../../src/rl/train-teacher.js';
import { loadTeacher } from '../../src/teachers/load.js';
import type { Teacher } from '../../src/teachers/teacher.js';
import { PROJECT_ROOT } from '../helpers/shared.js';

const TEACHER_PATH = resolve(PROJECT_ROOT, 'teachers/catcher.teacher');
const ENV_ID = 'ALE/Catcher-v5';
const GAMES = 3;
const MAX_STEPS = 400;
const SEED = 2024;
/** File size bounds: a compact CNN in float32 (hundreds of KB, not megabytes). */
const MAX_BYTES = 1_000_000;

describe('teachers/catcher.teacher', () => {
  let teacher: Teacher;

  beforeAll(async () => {
    teacher = await loadTeacher(TEACHER_PATH);
  });
  afterAll(() => teacher?.dispose());

  it('records a preset, input scale and action set that fit Catcher', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(TEACHER_PATH).size).toBeLessThan(MAX_BYTES);
    expect(isPresetName(teacher.preset)).toBe(true);
    expect(teacher.inputScale).toBeCloseTo(1 / 255, 10);
    const env = makeEnv(ENV_ID, presetEnvOptions(teacher.preset as 'sb3-atari'));
    expect(teacher.actions.meanings).toEqual(env.actionSpace.meanings);
    expect(teacher.model.inputShape).toEqual(env.observationSpace.shape);
    expect(teacher.provenance.source).toMatch(/train-teacher/);
    env.close();
  });

  it('gives finite, non-zero input-gradients of its log-policy', () => {
    const env = makeEnv(ENV_ID, presetEnvOptions(teacher.preset as 'sb3-atari'));
    let obs = env.reset({ seed: SEED }).obs as Uint8Array;
    for (let t = 0; t < 20; t++) obs = env.step(t % env.actionSpace.n).obs as Uint8Array;
    const shape = [1, ...env.observationSpace.shape];
    tf.tidy(() => {
      const v = tf.oneHot(tf.tensor1d([0], 'int32'), teacher.numActions).toFloat() as tf.Tensor2D;
      const g = teacher.logitGradients({ data: obs, shape }, v).dataSync();
      expect(g.length).toBe(obs.length);
      expect(g.every(Number.isFinite)).toBe(true);
      expect(g.some((x) => x !== 0)).toBe(true);
    });
    env.close();
  });

  it('beats a random policy by a clear margin on seeded, capped games', () => {
    const shape = teacher.model.inputShape;
    const greedy: BatchPolicy = (obs, batch) => teacher.act({ data: obs, shape: [batch, ...shape] }).actions;
    const play = (policy: BatchPolicy) => {
      const envs = Array.from({ length: GAMES }, () =>
        makeEnv(ENV_ID, presetEnvOptions(teacher.preset as 'sb3-atari')),
      );
      const result = evaluateGames(envs, policy, { episodes: GAMES, seed: SEED, maxSteps: MAX_STEPS });
      for (const env of envs) env.close();
      return result;
    };
    const learned = play(greedy);
    const random = play(randomPolicy(teacher.numActions, SEED));
    // 400 steps hold about 14 falling fruits. Random play catches almost none of them (about 0.1 per
    // full game, teachers/README.md); the teacher misses few.
    expect(random.mean).toBeLessThan(3);
    expect(learned.mean).toBeGreaterThan(random.mean + 5);
    expect(Math.min(...learned.returns)).toBeGreaterThan(Math.max(...random.returns));
  });
});
