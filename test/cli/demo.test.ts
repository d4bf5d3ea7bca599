import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import omggif from 'omggif';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, lastJson } from './distill-helpers.js';

/**
 * `demo --quick` end to end, as a new user runs it (about 2 minutes on 2 idle cores; CI runs it
 * again from the built package). Generous limit: the test machine's 2 cores are often shared.
 */
const DEMO_TIMEOUT_MS = 600_000;

describe('sobolev-distill demo --quick', () => {
  const dir = mkdtemp(join(tmpdir(), 'sd-demo-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it(
    'distills the embedded teacher twice and writes report.json, the learning curves and four GIFs',
    async () => {
      const out = join(await dir, 'demo');
      const r = cli(['demo', '--quick', '--out', out, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const line = lastJson(r.stdout);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
      // The final line and the report agree, and every headline number is there.
      expect(line.teacher).toEqual({ mean_return: report.teacher.mean_return, std_return: report.teacher.std_return });
      for (const who of ['kl', 'sobolev']) {
        const s = report.students[who];
        expect(Number.isFinite(s.mean_return)).toBe(true);
        expect(s.test_kl).toBeGreaterThan(0);
        expect(s.action_agreement).toBeGreaterThanOrEqual(0);
        expect(s.action_agreement).toBeLessThanOrEqual(1);
      }
      expect(report.students.kl.loss).toBe('KL');
      expect(report.students.sobolev.loss).toMatch(/Sobolev \(vjp, k=1\)/);
      // The shipped teacher catches fruit; a random policy almost never does.
      expect(report.teacher.mean_return).toBeGreaterThan(report.random.mean_return + 5);
      const page = await readFile(report.learning_curves, 'utf8');
      expect(page).toContain('<svg');
      expect(page).toContain('student KL+Sobolev: test KL');
      for (const gif of [report.teacher.gif, report.students.kl.gif, report.students.sobolev.gif, report.random.gif]) {
        const reader = new omggif.GifReader(await readFile(gif));
        expect([reader.width, reader.height]).toEqual([320, 210]);
        expect(reader.numFrames()).toBeGreaterThan(1);
      }
    },
    DEMO_TIMEOUT_MS,
  );
});
