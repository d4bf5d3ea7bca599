import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/shared.js';

/** The README's library example: a small distillation (1,000 samples, 30 updates) and one game. */
const EXAMPLE_TIMEOUT_MS = 300_000;
/** The promise: the example is at most 20 lines. */
const MAX_EXAMPLE_LINES = 20;

/** The first ```ts block after the "## The library" heading. */
function libraryExample(readme: string): string {
  const section = readme.slice(readme.indexOf('## The library'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no ```ts block under "## The library"');
  return match[1]!;
}

describe('README', () => {
  const dir = mkdtemp(join(tmpdir(), 'sd-readme-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it(
    'library example runs as written (from a folder laid out like the repository root)',
    async () => {
      const code = libraryExample(await readFile(resolve(PROJECT_ROOT, 'README.md'), 'utf8'));
      expect(code.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_EXAMPLE_LINES);
      expect(code).toContain("from 'sobolev-distill'");
      // The package name resolves to the package root's source; relative paths to a scratch copy of the root.
      const cwd = await dir;
      await symlink(resolve(PROJECT_ROOT, 'teachers'), join(cwd, 'teachers'));
      await symlink(resolve(PROJECT_ROOT, 'node_modules'), join(cwd, 'node_modules'));
      const file = join(cwd, 'example.mts');
      await writeFile(file, code.replaceAll("'sobolev-distill'", `'${resolve(PROJECT_ROOT, 'src/index.js')}'`));
      const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/test_kl: \d/);
      expect(r.stdout).toMatch(/action_agreement: [01]\./);
      // The last line is the teacher's return over one game: a number.
      expect(Number.isFinite(Number(r.stdout.trim().split('\n').at(-1)))).toBe(true);
    },
    EXAMPLE_TIMEOUT_MS,
  );
});
