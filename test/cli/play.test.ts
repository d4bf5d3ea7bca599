import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import omggif from 'omggif';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, lastJson } from './distill-helpers.js';

/** `play` spawns the CLI (tsx) and loads tfjs: allow for a loaded 2-core machine. */
const CLI_TIMEOUT_MS = 120_000;

describe('sobolev-distill play', () => {
  const dir = mkdtemp(join(tmpdir(), 'sd-play-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it(
    'plays the embedded teacher into a 320×210 GIF, one frame per step',
    async () => {
      const out = join(await dir, 'teacher.gif');
      const r = cli(['play', '--out', out, '--max-steps', '40', '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const result = lastJson(r.stdout);
      expect(result).toMatchObject({ out, format: 'gif', steps: 40, game_over: false, images: 41 });
      const gif = new omggif.GifReader(await readFile(out));
      expect([gif.width, gif.height, gif.numFrames()]).toEqual([320, 210, 41]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'record (alias) writes PNG frames of a random policy; the whole game when no --max-steps',
    async () => {
      const out = join(await dir, 'frames');
      const r = cli(['record', '--random', '--png', '--out', out, '--seed', '4', '--json']);
      expect(r.status).toBe(0);
      const result = lastJson(r.stdout);
      expect(result.game_over).toBe(true);
      const files = await readdir(out);
      expect(files).toHaveLength((result.steps as number) + 1);
      expect(files).toContain('frame-000000.png');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'says in one line what is wrong with conflicting or missing inputs',
    async () => {
      const both = cli(['play', '--random', '--student', join(await dir, 'none'), '--json']);
      expect(both.status).toBe(1);
      expect(both.stderr.trim().split('\n')).toHaveLength(1);
      expect(both.stderr).toMatch(/--random and --student/);
      const missing = cli(['play', '--student', join(await dir, 'no-such-run'), '--json']);
      expect(missing.status).toBe(1);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toMatch(/no-such-run/);
    },
    CLI_TIMEOUT_MS,
  );
});
