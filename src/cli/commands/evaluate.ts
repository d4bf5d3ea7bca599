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
import { defineCommand } from '../command.js';
import { type ConfigOf, type ConfigSpec, flag, int, path } from '../config.js';
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

export const EVALUATE_CONFIG = {
  ...TEACHER_FIELDS,
  student: path('student checkpoint (ckpt-*.msgpack) or run folder (its latest checkpoint) to evaluate'),
  random: flag(false, 'also evaluate a uniformly random policy'),
  teacherReturns: flag(
    true,
    "measure the teacher's returns (with --student, --no-teacher-returns skips them; the teacher still gives the env and offline metrics)",
  ),
  ...ENV_FIELDS,
  ...actingFields('how policies act'),
  episodes: int(10, 'episodes per policy', { min: 1 }),
  seed: int(0, 'seed of the episodes (env seeds and action sampling)', { min: 0 }),
  envs: int(8, 'envs played side by side (batched forward passes)', { min: 1 }),
  dataset: path("dataset folder: the student's test-split KL, agreement and Sobolev error"),
  json: JSON_FIELD,
} as const satisfies ConfigSpec;

export function registerEvaluateCommand(program: Command): Command {
  return defineCommand(program, {
    name: 'evaluate',
    description: 'returns of teachers, students and a random policy under the env protocol, side by side',
    config: EVALUATE_CONFIG,
    run: runEvaluate,
  });
}

async function runEvaluate(config: ConfigOf<typeof EVALUATE_CONFIG>): Promise<void> {
  const [{ selectBackend }, run, agents, { Progress }, { latestCheckpoint }, { readDataset }, offline] =
    await Promise.all([
      import('../../tf/backend.js'),
      import('../../distill/run.js'),
      import('../../distill/evaluate/agents.js'),
      import('../../distill/progress.js'),
      import('../../distill/checkpoint.js'),
      import('../../distill/dataset/io.js'),
      import('../../distill/evaluate/offline.js'),
    ]);
  await selectBackend(config.backend);
  const { teacher } = await loadConfiguredTeacher(config);
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
    const studentArg = config.student;
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
      const datasetArg = config.dataset;
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
    if (!studentArg || config.teacherReturns) {
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
