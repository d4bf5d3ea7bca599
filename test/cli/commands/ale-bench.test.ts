/** `sobolev-distill ale bench` on the homebrew Catcher: a ROM outside ALE's list that it must still run. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { HOMEBREW_GAMES, loadHomebrewRom } from '../../../src/envs/homebrew/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ale-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('sobolev-distill ale bench', () => {
  it("times the project's Catcher image like an ALE game", async () => {
    const rom = join(dir, 'catcher.bin');
    writeFileSync(rom, loadHomebrewRom(HOMEBREW_GAMES[0]!));
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    await buildProgram().exitOverride().parseAsync(['ale', 'bench', '--rom', rom, '--steps', '300'], { from: 'user' });
    vi.restoreAllMocks();
    const result = JSON.parse(out) as { game: string; steps: number; steps_per_second: number };
    expect(result.game).toBe('catcher');
    expect(result.steps).toBe(300);
    expect(result.steps_per_second).toBeGreaterThan(0);
    expect(err).toMatch(/^ale bench config \{"rom":/);
  });
});
