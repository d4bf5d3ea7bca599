import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/tf/backend.js';
import { describeRoms, describeShared, ROM_DIR, sharedPath } from '../helpers/shared.js';
import { CATCHER, cli, lastJson, writeTinyTeacher } from './distill-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-cli-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let teacher: string;
beforeAll(async () => {
  await selectBackend('wasm');
  teacher = await writeTinyTeacher(join(dir, 'tiny.teacher'));
});

describe('sobolev-distill evaluate', () => {
  it('prints one final JSON line with the returns of the teacher and a random policy', () => {
    const res = cli([
      'evaluate',
      '--teacher',
      teacher,
      '--env',
      CATCHER,
      '--random',
      '--episodes',
      '2',
      '--envs',
      '2',
      '--max-episode-steps',
      '300',
      '--seed',
      '1',
      '--json',
    ]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    const out = lastJson(res.stdout);
    for (const key of ['mean_return', 'std_return', 'episodes', 'mean_episode_steps']) expect(out).toHaveProperty(key);
    expect(out.episodes).toBe(2);
    const policies = out.policies as Record<string, { episodes: number; returns: number[] }>;
    expect(Object.keys(policies).sort()).toEqual(['random', 'teacher']);
    expect(policies.random!.returns).toHaveLength(2);
    // Same seed, same numbers.
    const again = lastJson(
      cli([
        'evaluate',
        '--teacher',
        teacher,
        '--env',
        CATCHER,
        '--random',
        '--episodes',
        '2',
        '--envs',
        '1',
        '--max-episode-steps',
        '300',
        '--seed',
        '1',
        '--json',
      ]).stdout,
    );
    expect(again.policies).toEqual(out.policies);
  });

  it('gives one-line errors', () => {
    for (const [args, message] of [
      [['--teacher', join(dir, 'missing.teacher')], /No teacher file at/],
      [['--teacher', teacher, '--env', 'Pong-v4', '--rom-dir', join(dir, 'no-roms')], /ROM folder .* does not exist/],
      [['--teacher', teacher, '--arch', 'transformer'], /Unknown architecture 'transformer'/],
      [['--teacher', teacher, '--env', CATCHER, '--student', dir], /No checkpoint in/],
    ] as const) {
      const res = cli(['evaluate', ...args, '--episodes', '1', '--json']);
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(message);
    }
  });
});

describeShared('evaluate on a real teacher (issue 9 command)', () => {
  describeRoms('baby-a3c Pong, greedy, under Pong-v4', () => {
    it('runs the command other tools call and ends with the JSON they read', () => {
      const res = cli(
        [
          'evaluate',
          '--teacher',
          sharedPath('teachers/babya3c_pong_v4.safetensors'),
          '--arch',
          'baby-a3c',
          '--env',
          'Pong-v4',
          '--preset',
          'baby-a3c',
          '--policy',
          'greedy',
          '--episodes',
          '2',
          '--seed',
          '1',
          '--json',
        ],
        { ALE_ROM_DIR: ROM_DIR },
      );
      expect(res.status, res.stderr).toBe(0);
      const out = lastJson(res.stdout);
      expect(out.episodes).toBe(2);
      expect(out.std_return).toBeGreaterThanOrEqual(0);
      // Native ALE, greedy: 19.8 ± 1.2 over 10 episodes (../shared/teachers/README.md).
      expect(out.mean_return as number).toBeGreaterThan(15);
      expect(out.mean_episode_steps as number).toBeGreaterThan(1000);
      expect((out.protocol as { max_episode_steps: number }).max_episode_steps).toBe(10_000);
    });
  });
});
