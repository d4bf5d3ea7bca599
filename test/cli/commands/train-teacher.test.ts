/**
 * `sobolev-distill train-teacher` end to end on a tiny budget: DAgger on Catcher, a few PPO updates
 * on worker vector envs, a capped evaluation, and a teacher file that loads. Numbers here are too
 * small to say anything about quality; test/rl/catcher-teacher.test.ts checks the committed teacher.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { loadTeacher } from '../../../src/teachers/load.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'train-teacher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await buildProgram().exitOverride().parseAsync(args, { from: 'user' });
  return out;
}

const TINY = [
  '--num-envs',
  '2',
  '--dagger-iterations',
  '2',
  '--dagger-steps',
  '64',
  '--dagger-gradient-steps',
  '4',
  '--batch-size',
  '8',
  '--ppo-steps',
  '64',
  '--ppo-rollout',
  '16',
  '--ppo-value-warmup',
  '1',
  '--eval-episodes',
  '2',
  '--eval-max-steps',
  '30',
];

describe('sobolev-distill train-teacher', () => {
  it('runs DAgger, PPO and the evaluation on a tiny budget and writes a teacher that loads', async () => {
    const out = join(dir, 'nested', 'tiny.teacher');
    const printed = await run(['train-teacher', ...TINY, '--out', out, '--json', '--seed', '3']);
    const lines = printed.trim().split('\n');
    // --json: the one line is the summary.
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(summary.out).toBe(out);
    expect(summary.dagger_agreement).toHaveLength(2);
    expect(summary.ppo_updates).toBe(2);
    expect(summary.teacher.returns).toHaveLength(2);
    expect(summary.random.returns).toHaveLength(2);
    expect(summary.wall_seconds).toBeGreaterThan(0);
    const teacher = await loadTeacher(out);
    expect(teacher.preset).toBe('sb3-atari');
    expect(teacher.actions.meanings).toEqual(['NOOP', 'RIGHT', 'LEFT', 'RIGHTFIRE', 'LEFTFIRE']);
    expect(teacher.provenance.notes).toMatch(/seed 3/);
    expect(teacher.provenance.notes).toMatch(/--dagger-iterations 2/);
    teacher.dispose();
  });

  it('prints progress lines without --json', async () => {
    const out = join(dir, 'progress.teacher');
    const printed = await run(['train-teacher', ...TINY, '--ppo-steps', '0', '--out', out]);
    expect(printed).toMatch(/dagger 1\/2: β 1\.000, agreement with expert/);
    expect(printed).toMatch(/evaluation over 2 games: teacher/);
    expect(printed).toMatch(/wrote .*progress\.teacher/);
  });

  it('turns bad settings into user errors', async () => {
    await expect(run(['train-teacher', '--env', 'ALE/Pong-v5', '--out', join(dir, 'x.teacher')])).rejects.toThrow(
      /ROM|expert/,
    );
    await expect(run(['train-teacher', ...TINY, '--ppo-steps', '10', '--out', join(dir, 'y.teacher')])).rejects.toThrow(
      /less than one PPO rollout/,
    );
    await expect(
      run(['train-teacher', ...TINY, '--init', join(dir, 'missing.teacher'), '--out', join(dir, 'z.teacher')]),
    ).rejects.toThrow(/no such file/);
  });

  it('exits non-zero with the message on one line, not a stack trace, from the real CLI', () => {
    for (const args of [
      ['--num-envs', '0'],
      [...TINY, '--ppo-steps', '10'],
    ]) {
      const res = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          resolve(PROJECT_ROOT, 'src/cli/index.ts'),
          'train-teacher',
          ...args,
          '--out',
          join(dir, 'w.teacher'),
        ],
        { cwd: PROJECT_ROOT, encoding: 'utf8' },
      );
      expect(res.status).not.toBe(0);
      // The message on one line (after the config line of a run that started), no stack trace.
      const errors = res.stderr.split('\n').filter((line) => line.startsWith('error:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^error: .*(at least 1|less than one PPO rollout)/);
      expect(res.stderr.trimEnd().split('\n').at(-1)).toBe(errors[0]);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
