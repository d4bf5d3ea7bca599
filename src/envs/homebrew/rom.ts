/**
 * The homebrew games' cartridge images: where the build puts them, and how
 * a program gets one. `npm run build:game` assembles each source into
 * build/envs/<id>.bin; `loadHomebrewRom` reads that file, or assembles the
 * source itself where the build has not run (a fresh clone), and checks the
 * MD5 either way, so a program never runs an image its definition does not
 * describe.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GameDefinition } from '../../ale/games/types.js';
import { assembleGame, md5Hex } from './assemble.js';
import { catcher } from './catcher.js';
import { GameRomMismatchError, GameRomMissingError, HashFileError } from './errors.js';

/** The repository (or installed package) root: this file is src/envs/homebrew or dist/envs/homebrew. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface HomebrewGame {
  readonly definition: GameDefinition;
  /** 6502 source, relative to the package root. */
  readonly source: string;
  /** Expected SHA-256 file (`sha256sum -c` format), relative to the package root. */
  readonly sha256File: string;
  /** Where the build writes the image, relative to the package root. */
  readonly rom: string;
}

function homebrew(definition: GameDefinition): HomebrewGame {
  const { id } = definition;
  return Object.freeze({
    definition,
    source: `envs/${id}/${id}.asm`,
    sha256File: `envs/${id}/${id}.bin.sha256`,
    rom: `build/envs/${definition.romFile}`,
  });
}

/** Every homebrew game, for the build and for game lists. */
export const HOMEBREW_GAMES: readonly HomebrewGame[] = Object.freeze([homebrew(catcher)]);

/** The SHA-256 recorded in a `sha256sum`-format file: the first field of its first line. */
export function readRecordedSha256(path: string): string {
  const [field] = readFileSync(path, 'utf8').trim().split(/\s+/);
  if (!field || !/^[0-9a-f]{64}$/.test(field)) {
    throw new HashFileError(`${path} should hold one line \`<64 hex digits>  <file>\` (sha256sum format).`);
  }
  return field;
}

/** The game's cartridge image, checked against its definition's MD5. */
export function loadHomebrewRom(game: HomebrewGame, root: string = PACKAGE_ROOT): Uint8Array {
  const expected = game.definition.aleMd5;
  const romPath = resolve(root, game.rom);
  if (existsSync(romPath)) {
    const image = new Uint8Array(readFileSync(romPath));
    const md5 = md5Hex(image);
    if (md5 !== expected)
      throw new GameRomMismatchError(romPath, md5, expected, 'rebuild it with `npm run build:game`.');
    return image;
  }
  const sourcePath = resolve(root, game.source);
  if (!existsSync(sourcePath)) {
    throw new GameRomMissingError(
      `${game.definition.name}: neither ${romPath} nor its source ${sourcePath} exists; ` +
        'reinstall the package or run `npm run build:game` in a clone.',
    );
  }
  let assembled: ReturnType<typeof assembleGame>;
  try {
    assembled = assembleGame(readFileSync(sourcePath, 'utf8'), game.source);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new GameRomMissingError(
      `${game.definition.name}: ${romPath} is missing and the assembler (dev dependency \`dasm\`) is not ` +
        'installed; run `npm ci && npm run build:game`.',
    );
  }
  if (assembled.md5 !== expected) {
    throw new GameRomMismatchError(
      sourcePath,
      assembled.md5,
      expected,
      'the source changed; record the new hashes deliberately (envs/README.md says how).',
    );
  }
  return assembled.image;
}
