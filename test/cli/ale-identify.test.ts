import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { CATCHER_MD5, HOMEBREW_GAMES, loadHomebrewRom } from '../../src/envs/homebrew/index.js';
import { describeRoms, PROJECT_ROOT, romPath } from '../helpers/shared.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await buildProgram().exitOverride().parseAsync(args, { from: 'user' });
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const dir = mkdtempSync(join(tmpdir(), 'ale-identify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file that is no cartridge: 4 KiB of a counter pattern (MD5 fixed by its contents). */
function junkRom(name: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Uint8Array.from({ length: 4096 }, (_, i) => i & 0xff),
  );
  return path;
}

describe('sobolev-distill ale identify', () => {
  it('rejects an unknown ROM naming its MD5, the nearest known file name and what to do', async () => {
    const path = junkRom('SpaceInvaders.a26');
    const attempt = run(['ale', 'identify', path]);
    await expect(attempt).rejects.toThrow(/unsupported ROM: SpaceInvaders\.a26 \(MD5 [0-9a-f]{32}\)/);
    await expect(run(['ale', 'identify', path])).rejects.toThrow(/nearest known file name is space_invaders\.bin/);
    await expect(run(['ale', 'identify', path])).rejects.toThrow(/sobolev-distill ale list/);
  });

  it('says when a file has an ALE file name but is another dump', async () => {
    await expect(run(['ale', 'identify', junkRom('pong.bin')])).rejects.toThrow(
      /named like ALE's pong\.bin but is a different dump/,
    );
  });

  it("recognises the project's homebrew Catcher (the image the build makes), as homebrew", async () => {
    const path = join(dir, 'catcher-build.bin');
    writeFileSync(path, loadHomebrewRom(HOMEBREW_GAMES[0]!));
    expect(await run(['ale', 'identify', path])).toMatch(
      new RegExp(
        `Catcher \\(catcher, Gymnasium Catcher\\), MD5 ${CATCHER_MD5} \\(the project's homebrew game, env ALE/Catcher-v5\\)`,
      ),
    );
    const result = JSON.parse(await run(['ale', 'identify', '--json', path])) as Record<string, unknown>;
    expect(result).toMatchObject({ id: 'catcher', homebrew: true, fileMd5: CATCHER_MD5, minimalActions: 5 });
  });

  it('reports a missing file as a user error, not a crash', async () => {
    await expect(run(['ale', 'identify', join(dir, 'missing.bin')])).rejects.toThrow(/cannot read ROM file .*ENOENT/);
  });

  it('exits non-zero with a one-line message from the real CLI', () => {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', resolve(PROJECT_ROOT, 'src/cli/index.ts'), 'ale', 'identify', junkRom('mystery.bin')],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(res.status).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^error: unsupported ROM: mystery\.bin \(MD5 [0-9a-f]{32}\)/);
  });
});

describeRoms('sobolev-distill ale identify on real ROMs', () => {
  it("recognises ALE's own dump", async () => {
    const out = await run(['ale', 'identify', romPath('pong.bin')]);
    expect(out).toMatch(/Pong \(pong, Gymnasium Pong\), MD5 60e0ea3cbe0913d39803477945e9e5ec \(ALE's dump\)/);
  });

  it('recognises another known dump, with --json', async () => {
    const result = JSON.parse(await run(['ale', 'identify', '--json', romPath('space_invaders.bin')])) as Record<
      string,
      unknown
    >;
    expect(result).toMatchObject({
      id: 'space_invaders',
      fileMd5: '61dbe94f110f30ca4ec524ae5ce2d026',
      md5: '72ffbef6504b75e69ee1045af9075f66',
      minimalActions: 6,
    });
  });
});
