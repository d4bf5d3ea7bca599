/**
 * trainTeacher on a tiny budget: the same seed gives the same weights (DAgger and PPO are seeded end
 * to end on one backend), a different seed different ones, and --init continues from a teacher file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RlConfigError } from '../../src/rl/errors.js';
import { compactTeacherSpec, trainTeacher } from '../../src/rl/train-teacher.js';
import { readTeacherFile } from '../../src/teachers/teacher-file.js';

const dir = mkdtempSync(join(tmpdir(), 'train-teacher-rl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = {
  numEnvs: 2,
  daggerIterations: 2,
  daggerStepsPerIteration: 32,
  daggerGradientSteps: 3,
  daggerBatchSize: 8,
  evalEpisodes: 1,
  evalMaxSteps: 10,
} as const;

const weightsOf = async (path: string) => {
  const data = await readTeacherFile(path);
  return [...data.weights].map(([name, w]) => [name, Array.from(w.data)] as const);
};

describe('trainTeacher', () => {
  it('is reproducible from its seed', async () => {
    const [a, b, c] = [join(dir, 'a.teacher'), join(dir, 'b.teacher'), join(dir, 'c.teacher')];
    await trainTeacher({ ...TINY, out: a, seed: 5 });
    await trainTeacher({ ...TINY, out: b, seed: 5 });
    await trainTeacher({ ...TINY, out: c, seed: 6 });
    expect(await weightsOf(b)).toEqual(await weightsOf(a));
    expect(await weightsOf(c)).not.toEqual(await weightsOf(a));
    const data = await readTeacherFile(a);
    expect(data.arch).toEqual(compactTeacherSpec(5));
    expect(data.provenance.source).toMatch(/DAgger from the catcher RAM expert/);
  });

  it('continues from an init teacher, and evaluates it alone when told to train nothing more', async () => {
    const first = join(dir, 'first.teacher');
    await trainTeacher({ ...TINY, out: first, seed: 7 });
    const same = join(dir, 'same.teacher');
    const lines: string[] = [];
    const result = await trainTeacher({ ...TINY, daggerIterations: 0, init: first, out: same }, (l) => lines.push(l));
    expect(await weightsOf(same)).toEqual(await weightsOf(first));
    expect(result.dagger).toHaveLength(0);
    expect(lines.join('\n')).toMatch(/starting from .*first\.teacher/);
    await expect(trainTeacher({ ...TINY, daggerIterations: 0, out: join(dir, 'n.teacher') })).rejects.toThrow(
      RlConfigError,
    );
  });
});
