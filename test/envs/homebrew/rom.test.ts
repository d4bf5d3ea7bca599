/**
 * The homebrew cartridge image: assembled from source by dasm, 4K, the same
 * bytes every time, and exactly the image the repository records.
 *
 * Why recorded hashes: the ROM is built, not committed, so these hashes are
 * what pins it. envs/catcher/catcher.bin.sha256 and CATCHER_MD5 in
 * src/ale/games/homebrew/catcher.ts change only on purpose: after editing
 * catcher.asm, run `npm run build:game`, check the game, then record the new
 * SHA-256 and MD5 it prints (envs/catcher/README.md, "Changing the game").
 * A failure here means the source, the assembler or the recorded values
 * moved without the others.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleGame, CARTRIDGE_BYTES } from '../../../src/envs/homebrew/assemble.js';
import {
  CATCHER_MD5,
  CATCHER_STATE_OVER,
  CatcherGeometry,
  CatcherRam,
  catcher,
} from '../../../src/envs/homebrew/catcher.js';
import { GameAssemblyError, GameRomMismatchError } from '../../../src/envs/homebrew/errors.js';
import { HOMEBREW_GAMES, loadHomebrewRom, readRecordedSha256 } from '../../../src/envs/homebrew/rom.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';

const game = HOMEBREW_GAMES.find((g) => g.definition === catcher)!;
const source = readFileSync(resolve(PROJECT_ROOT, game.source), 'utf8');
const assembled = assembleGame(source, game.source);
/** 6502 vectors at the top of the 4K image: NMI, RESET, IRQ/BRK. */
const RESET_VECTOR_OFFSET = 0xffc;
const CART_BASE = 0xf000;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'catcher-rom-'));
  temps.push(dir);
  return dir;
}

describe('catcher cartridge image', () => {
  it('assembles to a 4K image whose reset vector points into the cartridge', () => {
    expect(assembled.image.length).toBe(CARTRIDGE_BYTES);
    const reset = assembled.image[RESET_VECTOR_OFFSET]! | (assembled.image[RESET_VECTOR_OFFSET + 1]! << 8);
    expect(reset).toBe(assembled.symbols.get('Start'));
    expect(reset).toBeGreaterThanOrEqual(CART_BASE);
  });

  it('is reproducible byte for byte', () => {
    const again = assembleGame(source, game.source);
    expect(Buffer.from(again.image).equals(Buffer.from(assembled.image))).toBe(true);
  });

  it('matches the SHA-256 recorded next to the source and the MD5 of the game definition', () => {
    const recorded = readRecordedSha256(resolve(PROJECT_ROOT, game.sha256File));
    const hint = `catcher.asm now assembles to SHA-256 ${assembled.sha256}, MD5 ${assembled.md5}; record them if intended`;
    expect(assembled.sha256, hint).toBe(recorded);
    expect(assembled.md5, hint).toBe(CATCHER_MD5);
    expect(catcher.aleMd5).toBe(CATCHER_MD5);
    expect(readFileSync(resolve(PROJECT_ROOT, game.sha256File), 'utf8')).toMatch(/^[0-9a-f]{64} {2}catcher\.bin\n$/);
  });

  it('documents the RAM map and geometry the source really uses', () => {
    const symbols = assembled.symbols;
    for (const [name, address] of Object.entries(CatcherRam)) expect(symbols.get(name), `RAM ${name}`).toBe(address);
    for (const [name, value] of Object.entries(CatcherGeometry)) expect(symbols.get(name), name).toBe(value);
    expect(symbols.get('STATE_OVER')).toBe(CATCHER_STATE_OVER);
    // The README's RAM table lists the same addresses.
    const readme = readFileSync(resolve(PROJECT_ROOT, 'envs/catcher/README.md'), 'utf8');
    for (const [name, address] of Object.entries(CatcherRam)) {
      const row = new RegExp(`\\| \`\\$${address.toString(16).toUpperCase()}\` +\\| \`${name}\` +\\|`);
      expect(readme, `README row for ${name}`).toMatch(row);
    }
    expect(readme).toContain(CATCHER_MD5);
  });

  it('reports assembler errors with the line that failed', () => {
    expect(() => assembleGame(`${source}\n        lda #$100, bogus\n`, 'broken.asm')).toThrow(GameAssemblyError);
  });
});

describe('loadHomebrewRom', () => {
  it('reads the built image, or assembles the source where the build has not run', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'envs/catcher'), { recursive: true });
    copyFileSync(resolve(PROJECT_ROOT, game.source), join(root, game.source));
    expect(Buffer.from(loadHomebrewRom(game, root)).equals(Buffer.from(assembled.image))).toBe(true);
    mkdirSync(join(root, 'build/envs'), { recursive: true });
    writeFileSync(join(root, game.rom), assembled.image);
    expect(Buffer.from(loadHomebrewRom(game, root)).equals(Buffer.from(assembled.image))).toBe(true);
  });

  it('refuses a built image that is not the defined one', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'build/envs'), { recursive: true });
    const corrupt = Uint8Array.from(assembled.image);
    corrupt[0] = (corrupt[0]! + 1) & 0xff;
    writeFileSync(join(root, game.rom), corrupt);
    expect(() => loadHomebrewRom(game, root)).toThrow(GameRomMismatchError);
  });
});
