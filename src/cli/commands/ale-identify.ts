/**
 * `sobolev-distill ale identify <rom> [--json]`: which game a ROM file is,
 * by its MD5 (ALE's games, then the project's homebrew ones), or a clear
 * "unsupported ROM" error naming the MD5 and the nearest known file name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { findGameByMd5, findHomebrewGameByMd5, nearestRomFile, UnsupportedRomError } from '../../ale/games/index.js';
import type { GameDefinition } from '../../ale/games/types.js';
import { defineCommand } from '../command.js';
import { type ConfigSpec, flag } from '../config.js';
import { UserError } from '../errors.js';
import { type GameListing, homebrewListing, listing } from './ale-list.js';

export const ALE_IDENTIFY_CONFIG = {
  json: flag(false, 'print one JSON object instead of a sentence'),
} as const satisfies ConfigSpec;

/** MD5 of a file, streamed so a huge file cannot exhaust memory. */
export async function fileMd5(path: string): Promise<string> {
  const hash = createHash('md5');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UserError(`cannot read ROM file ${path} (${reason}).`, 'Check the path; pass the cartridge image file.');
  }
  return hash.digest('hex');
}

export interface Identification extends GameListing {
  readonly file: string;
  /** The file's MD5 (may be one of the game's other dumps). */
  readonly fileMd5: string;
  /** Whether it is one of the project's own games rather than one of ALE's. */
  readonly homebrew: boolean;
}

/**
 * The game a ROM file is (one of ALE's, else a homebrew game), or `UnsupportedRomError` naming its
 * MD5 and the nearest known file name.
 */
export async function identifyRom(path: string): Promise<{ game: GameDefinition; md5: string; homebrew: boolean }> {
  const md5 = await fileMd5(path);
  const game = findGameByMd5(md5);
  if (game) return { game, md5, homebrew: false };
  const own = findHomebrewGameByMd5(md5);
  if (own) return { game: own, md5, homebrew: true };
  throw new UnsupportedRomError(md5, basename(path), nearestRomFile(path));
}

function describe(file: string, found: { game: GameDefinition; md5: string; homebrew: boolean }): string {
  const { game, md5 } = found;
  const dump = found.homebrew
    ? `the project's homebrew game, env ${homebrewListing(game).envId}`
    : md5 === game.aleMd5
      ? "ALE's dump"
      : 'another known dump';
  return (
    `${file}: ${game.name} (${game.id}, Gymnasium ${game.envName}), MD5 ${md5} (${dump}), ` +
    `${game.minimalActions.length} minimal actions, ${game.controller}`
  );
}

export function registerIdentifyCommand(ale: Command): Command {
  return defineCommand(ale, {
    name: 'identify',
    description: 'tell which supported game (ALE or homebrew) a ROM file is, by its MD5',
    arguments: [['<rom>', 'ROM file (cartridge image)']],
    config: ALE_IDENTIFY_CONFIG,
    logConfig: false,
    async run(config, [romPath]) {
      const rom = romPath as string;
      const found = await identifyRom(rom);
      const listed = found.homebrew ? homebrewListing(found.game) : listing(found.game);
      const result: Identification = { file: rom, fileMd5: found.md5, homebrew: found.homebrew, ...listed };
      process.stdout.write(`${config.json ? JSON.stringify(result) : describe(rom, found)}\n`);
    },
  });
}
