/**
 * `sobolev-distill collect`: records a distillation dataset on the vector envs: the teacher (or,
 * with --beta < 1 and a --student checkpoint, a DAgger mixture) acts, the teacher labels every step.
 * Writes msgpack shards and manifest.json (split into train and test by episode) to --out.
 */
import type { Command } from 'commander';
import { addConfigOptions, type ConfigSpec, formatConfig, readConfig } from '../config.js';
import { UserError } from '../errors.js';
import {
  actPolicy,
  archName,
  asUserErrors,
  ENV_FIELDS,
  envChoice,
  POLICY_MODES,
  TEACHER_FIELDS,
  teacherPath,
} from './distill-shared.js';

export const COLLECT_CONFIG = {
  ...TEACHER_FIELDS,
  ...ENV_FIELDS,
  out: { kind: 'path', default: 'checkpoints/dataset', doc: 'dataset folder to write' },
  overwrite: { kind: 'bool', default: false, doc: 'replace a dataset already in --out' },
  samples: { kind: 'int', default: 20000, min: 1, doc: 'env steps to record, over all envs' },
  envs: { kind: 'int', default: 2, min: 1, doc: 'envs stepped side by side (worker threads)' },
  seed: { kind: 'int', default: 0, min: 0, doc: 'seed of env resets, action sampling and the split' },
  policy: { kind: 'string', default: 'greedy', choices: POLICY_MODES, doc: 'how the teacher acts' },
  temperature: { kind: 'float', default: 1, min: 0, doc: 'softmax temperature of --policy sample' },
  epsilon: {
    kind: 'float',
    default: 0.05,
    min: 0,
    max: 1,
    doc: 'random-action probability of --policy epsilon-greedy',
  },
  beta: {
    kind: 'float',
    default: 1,
    min: 0,
    max: 1,
    doc: 'probability that the teacher acts (DAgger; < 1 needs --student)',
  },
  student: {
    kind: 'path',
    default: undefined,
    doc: 'student checkpoint (ckpt-*.msgpack) that acts when the teacher does not',
  },
  studentPolicy: { kind: 'string', default: 'greedy', choices: ['greedy', 'sample'], doc: 'how the student acts' },
  testFraction: { kind: 'float', default: 0.1, min: 0, max: 0.9, doc: 'fraction of episodes held out for testing' },
  history: {
    kind: 'int',
    default: 3,
    min: 0,
    doc: 'frames of episode history kept per segment (student stacks up to history + 1)',
  },
  json: { kind: 'bool', default: false, doc: 'print one final JSON line (no progress bars)' },
} as const satisfies ConfigSpec;

export function registerCollectCommand(program: Command): Command {
  const command = program
    .command('collect')
    .description('record a distillation dataset: observations, teacher logits, actions, rewards, episodes');
  addConfigOptions(command, COLLECT_CONFIG);
  command.action(async (options: Record<string, unknown>) => {
    const config = readConfig(COLLECT_CONFIG, options);
    if (!config.json) process.stdout.write(`${formatConfig('collect', config)}\n`);
    await asUserErrors(() => runCollect(config));
  });
  return command;
}

async function runCollect(config: ReturnType<typeof readConfig<typeof COLLECT_CONFIG>>): Promise<void> {
  const [{ loadTeacher }, { selectBackend }, run, { Progress }] = await Promise.all([
    import('../../teachers/load.js'),
    import('../../tf/backend.js'),
    import('../../distill/run.js'),
    import('../../distill/progress.js'),
  ]);
  await selectBackend(config.backend as 'wasm');
  const studentArg = config.student as string | undefined;
  if (config.beta < 1 && !studentArg) {
    throw new UserError(
      '--beta below 1 lets a student act, and no --student was given.',
      'Pass --student <ckpt-*.msgpack>.',
    );
  }
  const arch = archName(config.arch);
  const path = teacherPath(config.teacher);
  const teacher = await loadTeacher(path, {
    ...(arch ? { arch } : {}),
    ...(config.preset && config.preset !== 'none' ? { preset: config.preset } : {}),
  });
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
      out: config.out as string,
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
