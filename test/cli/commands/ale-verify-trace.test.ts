import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRoms, describeShared, PROJECT_ROOT, ROM_DIR, sharedPath } from '../../helpers/shared.js';

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'src/cli/index.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

const SUMMARY_KEYS = [
  'game',
  'steps',
  'matched_steps',
  'first_mismatch',
  'ram_mismatches',
  'screen_mismatches',
  'reward_mismatches',
  'lives_mismatches',
  'over_mismatches',
];

function writeTrace(dir: string, md5: string): string {
  const header = {
    kind: 'header',
    rom: 'pong.bin',
    md5,
    seed: 7,
    frame_skip: 1,
    hold: 4,
    repeat_action_probability: 0,
    minimal_actions: [0, 1],
    lives: 0,
  };
  const step = { t: 0, a: -1, r: 0, lives: 0, over: false, frame: 0, ram: '00'.repeat(128), screen: '0'.repeat(16) };
  const path = join(dir, 'pong.jsonl');
  writeFileSync(path, `${JSON.stringify(header)}\n${JSON.stringify(step)}\n`);
  return path;
}

describe('sobolev-distill ale verify-trace', () => {
  it('lists itself and its --rom-dir option', () => {
    const res = cli(['ale', 'verify-trace', '--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('--rom-dir');
  });

  it('asks for a ROM folder when neither --rom-dir nor ALE_ROM_DIR is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    const res = cli(['ale', 'verify-trace', writeTrace(dir, 'a'.repeat(32))], { ALE_ROM_DIR: '' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('ALE_ROM_DIR');
  });

  it('reports a ROM whose MD5 differs from the trace as a load mismatch, in the summary line, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    writeFileSync(join(dir, 'pong.bin'), new Uint8Array(2048));
    const res = cli(['ale', 'verify-trace', writeTrace(dir, 'a'.repeat(32)), '--rom-dir', dir]);
    expect(res.status).toBe(1);
    const lines = res.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary).toMatchObject({
      game: 'pong',
      steps: 1,
      matched_steps: 0,
      first_mismatch: { t: 0, field: 'load' },
    });
    expect(res.stdout).toContain('has MD5');
  });

  it('rejects a file that is not a trace with one error line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, 'not json\n');
    const res = cli(['ale', 'verify-trace', path, '--rom-dir', dir]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^error: .*line 1 is not JSON/m);
    expect(res.stderr).not.toContain('    at ');
  });
});

describeShared('sobolev-distill ale verify-trace on a native trace', () => {
  describeRoms('with ROMs', () => {
    it('replays sticky/breakout, prints the summary last and exits 0', () => {
      const res = cli([
        'ale',
        'verify-trace',
        sharedPath('ale-traces', 'sticky', 'breakout.jsonl.gz'),
        '--rom-dir',
        ROM_DIR!,
      ]);
      const lines = res.stdout.trim().split('\n');
      const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
      expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
      expect(summary).toMatchObject({
        game: 'breakout',
        first_mismatch: null,
        ram_mismatches: 0,
        screen_mismatches: 0,
      });
      expect(summary.matched_steps).toBe(summary.steps);
      expect(res.status).toBe(0);
    });
  });
});

describe('sobolev-distill ale bench', () => {
  it('needs --rom', () => {
    const res = cli(['ale', 'bench']);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('--rom');
  });

  it('refuses a non-positive step count', () => {
    const res = cli(['ale', 'bench', '--rom', 'x.bin', '--steps', '0']);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('--steps must be at least 1');
  });
});

describeRoms('sobolev-distill ale bench on a ROM', () => {
  it('prints its result as the last line', () => {
    const res = cli(['ale', 'bench', '--rom', join(ROM_DIR!, 'pong.bin'), '--steps', '200']);
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['game', 'steps', 'seconds', 'steps_per_second']);
    expect(result).toMatchObject({ game: 'pong', steps: 200 });
  });

  it('--read-screens times an agent that reads every screen', () => {
    const res = cli(['ale', 'bench', '--rom', join(ROM_DIR!, 'pong.bin'), '--steps', '200', '--read-screens']);
    expect(res.status).toBe(0);
    expect(res.stdout + res.stderr).toContain('"readScreens":true');
    const lines = res.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ game: 'pong', steps: 200 });
  });
});
