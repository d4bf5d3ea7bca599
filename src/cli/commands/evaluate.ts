/**
 * `sobolev-distill evaluate`: returns of teachers, students and a random policy over N episodes
 * under the env's evaluation protocol, side by side; with --dataset, a student's offline metrics
 * (test KL, action agreement, Sobolev error) on the dataset's held-out episodes.
 *
 * With --json the last line is one JSON object: the first evaluated policy's (student, else
 * teacher, else random) `mean_return`, `std_return`, `episodes`, `mean_episode_steps`, … at the top
 * level, and every policy under `policies`.
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

export const EVALUATE_CONFIG = {
  ...TEACHER_FIELDS,
  student: {
    kind: 'path',
    default: undefined,
    doc: 'student checkpoint (ckpt-*.msgpack) or run folder (its latest checkpoint) to evaluate',
  },
  random: { kind: 'bool', default: false, doc: 'also evaluate a uniformly random policy' },
  noTeacherReturns: {
    kind: 'bool',
    default: false,
    doc: "with --student: skip the teacher's returns (the teacher still gives the env and offline metrics)",
  },
  ...ENV_FIELDS,
  policy: { kind: 'string', default: 'greedy', choices: POLICY_MODES, doc: 'how policies act' },
  temperature: { kind: 'float', default: 1, min: 0, doc: 'softmax temperature of --policy sample' },
  epsilon: {
    kind: 'float',
    default: 0.05,
    min: 0,
    max: 1,
    doc: 'random-action probability of --policy epsilon-greedy',
  },
  episodes: { kind: 'int', default: 10, min: 1, doc: 'episodes per policy' },
  seed: { kind: 'int', default: 0, min: 0, doc: 'seed of the episodes (env seeds and action sampling)' },
  envs: { kind: 'int', default: 8, min: 1, doc: 'envs played side by side (batched forward passes)' },
  dataset: {
    kind: 'path',
    default: undefined,
    doc: "dataset folder: the student's test-split KL, agreement and Sobolev error",
  },
  json: { kind: 'bool', default: false, doc: 'print one final JSON line (no progress bars)' },
} as const satisfies ConfigSpec;

export function registerEvaluateCommand(program: Command): Command {
  const command = program
    .command('evaluate')
    .description('returns of teachers, students and a random policy under the env protocol, side by side');
  addConfigOptions(command, EVALUATE_CONFIG);
  command.action(async (options: Record<string, unknown>) => {
    const config = readConfig(EVALUATE_CONFIG, options);
    if (!config.json) process.stdout.write(`${formatConfig('evaluate', config)}\n`);
    await asUserErrors(() => runEvaluate(config));
  });
  return command;
}

type EvaluateConfig = ReturnType<typeof readConfig<typeof EVALUATE_CONFIG>>;

async function runEvaluate(config: EvaluateConfig): Promise<void> {
  const [
    { loadTeacher },
    { selectBackend },
    run,
    agents,
    { Progress },
    { latestCheckpoint },
    { readDataset },
    offline,
  ] = await Promise.all([
    import('../../teachers/load.js'),
    import('../../tf/backend.js'),
    import('../../distill/run.js'),
    import('../../distill/evaluate/agents.js'),
    import('../../distill/progress.js'),
    import('../../distill/checkpoint.js'),
    import('../../distill/dataset/io.js'),
    import('../../distill/evaluate/offline.js'),
  ]);
  await selectBackend(config.backend as 'wasm');
  const arch = archName(config.arch);
  const teacher = await loadTeacher(teacherPath(config.teacher), {
    ...(arch ? { arch } : {}),
    ...(config.preset && config.preset !== 'none' ? { preset: config.preset } : {}),
  });
  const choice = envChoice(config);
  const preset = (config.preset ?? teacher.preset) as 'sb3-atari';
  const policy = actPolicy(config.policy, config.temperature, config.epsilon);
  const settings = { episodes: config.episodes, policy, seed: config.seed, numEnvs: config.envs };
  const progress = new Progress({ json: config.json });
  const results: Record<string, unknown> = {};
  const play = (name: string, agent: import('../../distill/evaluate/agents.js').Agent) => {
    const bar = progress.bar(name, config.episodes);
    const result = run.evaluateAgent(agent, { ...choice, preset }, settings, (done) => bar.update(done));
    bar.stop();
    return result;
  };
  let student: Awaited<ReturnType<typeof run.loadStudentCheckpoint>> | undefined;
  try {
    const studentArg = config.student as string | undefined;
    if (studentArg) {
      let path = studentArg;
      if (!path.endsWith('.msgpack')) {
        const latest =
          (await latestCheckpoint(`${path}/checkpoints`).catch(() => undefined)) ?? (await latestCheckpoint(path));
        if (!latest)
          throw new UserError(`No checkpoint in ${studentArg}.`, 'Pass a ckpt-*.msgpack file or a run folder.');
        path = latest.path;
      }
      student = await run.loadStudentCheckpoint(path);
      const returns = play('student', new agents.StudentAgent(student.model, policy));
      let test: unknown;
      const datasetArg = config.dataset as string | undefined;
      if (datasetArg) {
        const { dataset } = await readDataset(datasetArg);
        const { InlineTargets } = await import('../../distill/train/targets.js');
        test = await offline.offlineMetrics(student.model, dataset, {
          targets: new InlineTargets(teacher),
          seed: config.seed,
        });
      }
      results.student = { checkpoint: path, step: student.step, ...returns, ...(test ? { test } : {}) };
    }
    if (!studentArg || !config.noTeacherReturns) {
      results.teacher = play('teacher', new agents.TeacherAgent(teacher, policy));
    }
    if (config.random) results.random = play('random', new agents.RandomAgent(teacher.numActions));
  } finally {
    student?.model.dispose();
    teacher.dispose();
  }
  const primary = (results.student ?? results.teacher ?? results.random) as Record<string, unknown>;
  if (!config.json) {
    for (const [name, r] of Object.entries(results) as [string, Record<string, number>][]) {
      const hns =
        r.human_normalized_score !== undefined ? `, human-normalised ${r.human_normalized_score.toFixed(3)}` : '';
      process.stdout.write(
        `${name.padEnd(8)} mean return ${r.mean_return!.toFixed(2)} ± ${r.std_return!.toFixed(2)} over ${r.episodes} episodes (mean ${r.mean_episode_steps!.toFixed(0)} steps${hns})\n`,
      );
    }
  }
  const { returns: _r, episode_steps: _s, ...headline } = primary as Record<string, unknown>;
  process.stdout.write(
    `${JSON.stringify({
      ...headline,
      returns: primary.returns,
      env: config.env,
      policy: config.policy,
      seed: config.seed,
      policies: results,
    })}\n`,
  );
}
