/**
 * `sobolev-distill ale identify <rom> [--json]`: which game a ROM file is,
 * by its MD5, or a clear "unsupported ROM" error naming the MD5 and the
 * nearest known file name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { findGameByMd5, nearestRomFile, UnsupportedRomError } from '../../ale/games/index.js';
import type { GameDefinition } from '../../ale/games/types.js';
import { addConfigOptions, type ConfigSpec, readConfig } from '../config.js';
import { UserError } from '../errors.js';
import { type GameListing, listing } from './ale-list.js';

export const ALE_IDENTIFY_CONFIG = {
  json: { kind: 'bool', default: false, doc: 'print one JSON object instead of a sentence' },
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
}

/** The game a ROM file is, or `UnsupportedRomError` naming its MD5 and the nearest known file name. */
export async function identifyRom(path: string): Promise<{ game: GameDefinition; md5: string }> {
  const md5 = await fileMd5(path);
  const game = findGameByMd5(md5);
  if (!game) throw new UnsupportedRomError(md5, basename(path), nearestRomFile(path));
  return { game, md5 };
}

function describe(file: string, game: GameDefinition, md5: string): string {
  const dump = md5 === game.aleMd5 ? "ALE's dump" : 'another known dump';
  return (
    `${file}: ${game.name} (${game.id}, Gymnasium ${game.envName}), MD5 ${md5} (${dump}), ` +
    `${game.minimalActions.length} minimal actions, ${game.controller}`
  );
}

export function registerIdentifyCommand(ale: Command): Command {
  const command = ale
    .command('identify')
    .description('tell which supported game a ROM file is, by its MD5')
    .argument('<rom>', 'ROM file (cartridge image)');
  addConfigOptions(command, ALE_IDENTIFY_CONFIG);
  command.action(async (romPath: string, options: Record<string, unknown>) => {
    const config = readConfig(ALE_IDENTIFY_CONFIG, options);
    let found: { game: GameDefinition; md5: string };
    try {
      found = await identifyRom(romPath);
    } catch (err) {
      if (err instanceof UnsupportedRomError) throw new UserError(err.message);
      throw err;
    }
    const { game, md5 } = found;
    const result: Identification = { file: romPath, fileMd5: md5, ...listing(game) };
    process.stdout.write(`${config.json ? JSON.stringify(result) : describe(romPath, game, md5)}\n`);
  });
  return command;
}
