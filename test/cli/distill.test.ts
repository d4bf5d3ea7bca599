import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/distill/checkpoint.js';
import { returnRatio } from '../../src/distill/evaluate/ratio.js';
import { loadTeacher } from '../../src/teachers/load.js';
import { selectBackend } from '../../src/tf/backend.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { CATCHER, CLI, cli, lastJson, TINY_TEACHER, writeTinyTeacher } from './distill-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-cli-distill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let teacher: string;
let dataset: string;

beforeAll(async () => {
  await selectBackend('wasm');
  teacher = await writeTinyTeacher(join(dir, 'tiny.teacher'));
  dataset = join(dir, 'data');
  const res = cli([
    'collect',
    '--teacher',
    teacher,
    '--env',
    CATCHER,
    '--samples',
    '240',
    '--envs',
    '2',
    '--policy',
    'sample',
    '--test-fraction',
    '0.25',
    '--max-episode-steps',
    '300',
    '--out',
    dataset,
    '--json',
  ]);
  expect(res.status, res.stderr).toBe(0);
});

/** A small offline Sobolev run on the dataset: 40 steps, a checkpoint every 10. */
const runArgs = (out: string) => [
  'distill',
  '--teacher',
  teacher,
  '--env',
  CATCHER,
  '--dataset',
  dataset,
  '--out',
  out,
  '--steps',
  '40',
  '--batch-size',
  '8',
  '--warmup',
  '5',
  '--sobolev',
  'vjp',
  '--sobolev-weight',
  '0.5',
  '--eval-every',
  '20',
  '--eval-samples',
  '64',
  '--checkpoint-every',
  '10',
  '--episodes',
  '2',
  '--eval-envs',
  '2',
  '--max-episode-steps',
  '200',
  '--no-random-returns',
  '--seed',
  '3',
];

const withoutWall = (history: Record<string, unknown>[]) => history.map(({ wall_s: _w, ...rest }) => rest);

/** Starts the CLI with `args` and kills it with SIGKILL once it has written a checkpoint at or past `minStep`. */
async function killAfterCheckpoint(args: readonly string[], minStep: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: PROJECT_ROOT });
  let output = '';
  const killedAt = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const steps = [...output.matchAll(/checkpoint step (\d+)/g)].map((m) => Number(m[1]));
      const newest = Math.max(0, ...steps);
      if (newest >= minStep && !child.killed) {
        child.kill('SIGKILL');
        resolve(newest);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`run ended before it could be killed (code ${code}): ${output}`));
    });
  });
  await new Promise((r) => child.once('close', r));
  return killedAt;
}

describe('sobolev-distill distill', () => {
  it('a run killed with SIGKILL during training resumes from its last checkpoint to the same final metrics', async () => {
    const full = join(dir, 'full');
    const a = cli([...runArgs(full), '--json']);
    expect(a.status, a.stderr).toBe(0);
    const reportA = JSON.parse(readFileSync(join(full, 'report.json'), 'utf8'));
    // The return ratio and its interval come from the games the report lists.
    const studentReturns: number[] = reportA.student.returns.returns;
    const teacherReturns: number[] = reportA.teacher.returns.returns;
    const ratio = returnRatio(studentReturns, teacherReturns);
    if (ratio) {
      expect(reportA.final.return_ratio).toBeCloseTo(ratio.ratio, 12);
      expect([reportA.final.return_ratio_ci95_low, reportA.final.return_ratio_ci95_high]).toEqual(ratio.ci95);
    } else {
      expect(reportA.final.return_ratio_ci95_low).toBeUndefined();
    }

    const killed = join(dir, 'killed');
    const killedAt = await killAfterCheckpoint(runArgs(killed), 20);
    expect(killedAt).toBeLessThan(40);
    expect(existsSync(join(killed, 'report.json'))).toBe(false);
    // Every checkpoint left behind is whole (a write cut short leaves only a temp file).
    const files = readdirSync(join(killed, 'checkpoints')).filter((f) => f.endsWith('.msgpack'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) await readCheckpoint(join(killed, 'checkpoints', f));

    const again = cli(runArgs(killed));
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds checkpoints.*--resume/);

    const b = cli([...runArgs(killed), '--resume']);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/resumed from .*ckpt-000000\d\d\.msgpack at step \d+/);
    const reportB = JSON.parse(readFileSync(join(killed, 'report.json'), 'utf8'));
    expect(reportB.final).toEqual(reportA.final);
    expect(withoutWall(reportB.history)).toEqual(withoutWall(reportA.history));
    const last = (d: string) => readCheckpoint(join(d, 'checkpoints', 'ckpt-00000040.msgpack'));
    const [ca, cb] = await Promise.all([last(full), last(killed)]);
    expect(cb.weights).toEqual(ca.weights);
    expect(cb.optimizer).toEqual(ca.optimizer);

    // What the run wrote for people: the report, the metrics table and the plot.
    expect(reportA.final.test_kl).toBeGreaterThanOrEqual(0);
    expect(reportA.teacher.returns.episodes).toBe(2);
    expect(reportA.student.returns.episodes).toBe(2);
    const csv = readFileSync(join(full, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^step,lr,sobolev_weight,loss,kl,sobolev,/);
    expect(csv).toHaveLength(1 + 2);
    const html = readFileSync(join(full, 'learning-curve.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    // The student reads the env's observations as they are, so it is also written as a teacher file.
    const asTeacher = await loadTeacher(join(full, 'student.teacher'));
    expect(asTeacher.model.inputShape).toEqual([4, 84, 84]);
    asTeacher.dispose();
  });

  it('collects while training (online DAgger), with the learner idle fraction in the report', () => {
    const out = join(dir, 'online');
    const res = cli([
      'distill',
      '--teacher',
      teacher,
      '--env',
      CATCHER,
      '--mode',
      'online',
      '--out',
      out,
      '--student-arch',
      'teacher',
      '--steps',
      '24',
      '--batch-size',
      '8',
      '--round-steps',
      '8',
      '--updates-per-round',
      '8',
      '--envs',
      '2',
      '--beta',
      '1',
      '--beta-schedule',
      'linear',
      '--beta-final',
      '0',
      '--sobolev',
      'vjp',
      '--episodes',
      '1',
      '--eval-envs',
      '1',
      '--max-episode-steps',
      '300',
      '--no-random-returns',
      '--no-teacher-returns',
      '--checkpoint-every',
      '0',
      '--json',
    ]);
    expect(res.status, res.stderr).toBe(0);
    const final = lastJson(res.stdout);
    expect(final.learner_idle_fraction as number).toBeGreaterThanOrEqual(0);
    expect(final.learner_idle_fraction as number).toBeLessThan(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.mode).toBe('online');
    // --student-arch teacher: the teacher's layers, no value head.
    expect(report.config.student).toEqual({ ...TINY_TEACHER, value: false });
    expect(report.rounds.map((r: { beta: number }) => r.beta)).toEqual([1, 0.5, 0]);
    expect(report.rounds[2].student_steps).toBe(16);
    expect(report.rounds[0].teacher_steps).toBe(16);
    expect(report.dataset.samples).toBe(48);
    expect(existsSync(join(out, 'dataset', 'manifest.json'))).toBe(true);
  });

  it('an online (DAgger) run killed with SIGKILL resumes to the same final metrics: rounds kept, envs replayed', async () => {
    // Rounds of 8 vector steps and 6 updates: the checkpoints (every 10) fall inside rounds, so the
    // resumed run must restart a round that was collected with older weights than the checkpoint's.
    const args = (out: string) => [
      'distill',
      '--teacher',
      teacher,
      '--env',
      CATCHER,
      '--mode',
      'online',
      '--out',
      out,
      '--steps',
      '40',
      '--batch-size',
      '8',
      '--round-steps',
      '8',
      '--updates-per-round',
      '6',
      '--envs',
      '2',
      '--beta-schedule',
      'linear',
      '--beta-final',
      '0',
      '--collect-policy',
      'sample',
      '--sobolev',
      'vjp',
      '--sobolev-weight',
      '0.5',
      '--eval-every',
      '20',
      '--eval-samples',
      '32',
      '--checkpoint-every',
      '10',
      '--episodes',
      '1',
      '--eval-envs',
      '1',
      '--max-episode-steps',
      '30',
      '--no-random-returns',
      '--no-teacher-returns',
      '--seed',
      '4',
    ];
    const full = join(dir, 'online-full');
    const a = cli([...args(full), '--json']);
    expect(a.status, a.stderr).toBe(0);
    const reportA = JSON.parse(readFileSync(join(full, 'report.json'), 'utf8'));
    // Episodes of 30 steps end inside rounds: the replay has to reset envs mid-round as the run did.
    expect(reportA.rounds.some((r: { episodes: number }) => r.episodes > 0)).toBe(true);
    expect(existsSync(join(full, 'online-rounds'))).toBe(false);

    const killed = join(dir, 'online-killed');
    const killedAt = await killAfterCheckpoint(args(killed), 20);
    expect(killedAt).toBeLessThan(40);
    expect(readdirSync(join(killed, 'online-rounds')).length).toBeGreaterThanOrEqual(3);

    const b = cli([...args(killed), '--resume']);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/replayed \d+ collection rounds/);
    const reportB = JSON.parse(readFileSync(join(killed, 'report.json'), 'utf8'));
    expect(reportB.final).toEqual(reportA.final);
    expect(withoutWall(reportB.history)).toEqual(withoutWall(reportA.history));
    const dropSeconds = (rounds: Record<string, unknown>[]) => rounds.map(({ seconds: _s, ...rest }) => rest);
    expect(dropSeconds(reportB.rounds)).toEqual(dropSeconds(reportA.rounds));
    const last = (d: string) => readCheckpoint(join(d, 'checkpoints', 'ckpt-00000040.msgpack'));
    const [ca, cb] = await Promise.all([last(full), last(killed)]);
    expect(cb.weights).toEqual(ca.weights);

    // A run whose kept rounds are incomplete refuses to resume, naming the missing round.
    const again = join(dir, 'online-tampered');
    await killAfterCheckpoint(args(again), 20);
    const roundsDir = join(again, 'online-rounds');
    const first = join(roundsDir, readdirSync(roundsDir).sort()[1]!);
    rmSync(first);
    const c = cli([...args(again), '--resume', '--json']);
    expect(c.status).not.toBe(0);
    expect(c.stderr).toMatch(/round-00001\.msgpack is missing/);
  }, 300_000);

  it('gives one-line errors for a missing teacher, a missing dataset and a bad option value', async () => {
    const gruTeacher = await writeTinyTeacher(join(dir, 'gru.teacher'), 5, {
      kind: 'conv-gru-actor-critic',
      input: [4, 84, 84],
      convs: TINY_TEACHER.convs,
      activation: 'elu',
      gruSize: 8,
      numActions: 5,
      value: true,
    });
    for (const [args, message] of [
      [['--teacher', join(dir, 'none.teacher')], /No teacher file at/],
      [['--teacher', teacher, '--env', CATCHER, '--dataset', join(dir, 'nothing')], /no dataset there/],
      [['--teacher', teacher, '--sobolev', 'hessian'], /argument 'hessian' is invalid/],
      [['--teacher', teacher, '--steps', '-3'], /--steps must be at least 1/],
      [['--teacher', gruTeacher, '--student-arch', 'teacher'], /needs a feed-forward convolutional teacher/],
    ] as const) {
      const res = cli(['distill', ...args, '--out', join(dir, 'bad'), '--json']);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toContain('    at ');
    }
  });
});
