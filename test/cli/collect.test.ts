import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../src/distill/dataset/io.js';
import { selectBackend } from '../../src/tf/backend.js';
import { CATCHER, cli, lastJson, writeTinyTeacher } from './distill-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-cli-collect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let teacher: string;
beforeAll(async () => {
  await selectBackend('wasm');
  teacher = await writeTinyTeacher(join(dir, 'tiny.teacher'));
});

describe('sobolev-distill collect', () => {
  it('writes a dataset with a manifest and a test split, and refuses to overwrite it', async () => {
    const out = join(dir, 'data');
    const args = [
      'collect',
      '--teacher',
      teacher,
      '--env',
      CATCHER,
      '--samples',
      '120',
      '--envs',
      '2',
      '--policy',
      'sample',
      '--test-fraction',
      '0.3',
      '--max-episode-steps',
      '200',
      '--out',
      out,
      '--json',
    ];
    const res = cli(args);
    expect(res.status, res.stderr).toBe(0);
    const summary = lastJson(res.stdout);
    expect(summary.samples).toBe(120);
    expect(summary.episodes as number).toBeGreaterThan(1);
    const { dataset, manifest } = await readDataset(out);
    expect(dataset.samples).toBe(120);
    expect(manifest.split.test.length).toBe(summary.test_episodes);
    expect(dataset.index('test').size).toBeGreaterThan(0);
    expect(manifest.source.env).toBe(CATCHER);

    const again = cli(args);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already holds a dataset.*--overwrite/);
    expect(cli([...args, '--overwrite']).status).toBe(0);
  });

  it('says what is wrong in one line: missing teacher, unknown env, DAgger without a student', () => {
    for (const [args, message] of [
      [['--teacher', join(dir, 'none.teacher')], /No teacher file at/],
      [['--teacher', teacher, '--env', 'Catchr-v5'], /Catchr-v5/],
      [['--teacher', teacher, '--env', CATCHER, '--beta', '0.5'], /needs|no --student/],
    ] as const) {
      const res = cli(['collect', ...args, '--samples', '10', '--out', join(dir, 'x'), '--json']);
      expect(res.status).toBe(1);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toContain('    at ');
    }
    expect(existsSync(join(dir, 'x', 'manifest.json'))).toBe(false);
  });

  it('lists its options with their defaults', () => {
    const res = cli(['collect', '--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('--samples <n>');
    expect(res.stdout).toContain('(default: 20000)');
    expect(res.stdout).toContain('--beta <n>');
  });
});
