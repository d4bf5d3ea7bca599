/**
 * `sobolev-distill collect`: records a distillation dataset on the vector envs: the teacher (or,
 * with --beta < 1 and a --student checkpoint, a DAgger mixture) acts, the teacher labels every step.
 * Writes msgpack shards and manifest.json (split into train and test by episode) to --out.
 */
import type { Command } from 'commander';
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, choice, flag, float, int, path } from '../config.js';
import { UserError } from '../errors.js';
import {
  actingFields,
  actPolicy,
  ENV_FIELDS,
  envChoice,
  JSON_FIELD,
  loadConfiguredTeacher,
  TEACHER_FIELDS,
} from './distill-shared.js';

export const COLLECT_CONFIG = {
  ...TEACHER_FIELDS,
  ...ENV_FIELDS,
  out: path('dataset folder to write', 'checkpoints/dataset'),
  overwrite: flag(false, 'replace a dataset already in --out'),
  samples: int(20000, 'env steps to record, over all envs', { min: 1 }),
  envs: int(2, 'envs stepped side by side (worker threads)', { min: 1 }),
  seed: int(0, 'seed of env resets, action sampling and the split', { min: 0 }),
  ...actingFields('how the teacher acts'),
  beta: float(1, 'probability that the teacher acts (DAgger; < 1 needs --student)', { min: 0, max: 1 }),
  student: path('student checkpoint (ckpt-*.msgpack) that acts when the teacher does not'),
  studentPolicy: choice('greedy', ['greedy', 'sample'], 'how the student acts'),
  testFraction: float(0.1, 'fraction of episodes held out for testing', { min: 0, max: 0.9 }),
  history: int(3, 'frames of episode history kept per segment (student stacks up to history + 1)', { min: 0 }),
  json: JSON_FIELD,
} as const satisfies ConfigSpec;

export function registerCollectCommand(program: Command): Command {
  return defineCommand(program, {
    name: 'collect',
    description: 'record a distillation dataset: observations, teacher logits, actions, rewards, episodes',
    config: COLLECT_CONFIG,
    run: runCollect,
  });
}

async function runCollect(config: ConfigOf<typeof COLLECT_CONFIG>): Promise<void> {
  const [{ selectBackend }, run, { Progress }] = await Promise.all([
    import('../../tf/backend.js'),
    import('../../distill/run.js'),
    import('../../distill/progress.js'),
  ]);
  await selectBackend(config.backend);
  const studentArg = config.student;
  if (config.beta < 1 && !studentArg) {
    throw new UserError(
      '--beta below 1 lets a student act, and no --student was given.',
      'Pass --student <ckpt-*.msgpack>.',
    );
  }
  const { path, teacher } = await loadConfiguredTeacher(config);
  const student = studentArg ? await run.loadStudentCheckpoint(studentArg) : undefined;
  const bar = new Progress({ json: config.json }).bar('collect', config.samples);
  try {
    const summary = await run.collectDataset({
      ...envChoice(config),
      teacher,
      samples: config.samples,
      numEnvs: config.envs,
      seed: config.seed,
      teacherPolicy: actPolicy(config.policy, config.temperature, config.epsilon),
      beta: config.beta,
      ...(student ? { student: student.model, studentPolicy: actPolicy(config.studentPolicy, 1, 0) } : {}),
      maxHistory: Math.max(config.history, (student?.model.inputShape[0] ?? 1) - 1),
      testFraction: config.testFraction,
      out: config.out,
      overwrite: config.overwrite,
      source: { teacherFile: path, ...(studentArg ? { studentCheckpoint: studentArg } : {}) },
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const m = summary.manifest;
    const result = {
      out: config.out,
      samples: m.counts.samples,
      episodes: m.counts.episodes,
      test_episodes: m.split.test.length,
      shards: m.shards.length,
      episodes_finished: summary.episodesFinished,
      mean_episode_return: summary.meanEpisodeReturn ?? null,
      seconds: summary.seconds,
      samples_per_second: m.counts.samples / summary.seconds,
    };
    if (!config.json) {
      process.stdout.write(
        `wrote ${result.samples} samples (${result.episodes} episodes, ${result.test_episodes} held out) to ${config.out} in ${result.seconds.toFixed(1)} s\n`,
      );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    bar.stop();
    student?.model.dispose();
    teacher.dispose();
  }
}
