/**
 * `sobolev-distill ale list [--json]`: every supported game with its id,
 * name, MD5 and number of minimal actions.
 */
import type { Command } from 'commander';
import { GAMES } from '../../ale/games/index.js';
import type { GameDefinition } from '../../ale/games/types.js';
import { addConfigOptions, type ConfigSpec, readConfig } from '../config.js';

export const ALE_LIST_CONFIG = {
  json: { kind: 'bool', default: false, doc: 'print one JSON object instead of a table' },
} as const satisfies ConfigSpec;

/** One game as `ale list --json` prints it. */
export interface GameListing {
  readonly id: string;
  readonly name: string;
  readonly envName: string;
  readonly romFile: string;
  /** ALE's MD5 for the game. */
  readonly md5: string;
  /** Other known dumps the game is recognised by. */
  readonly otherMd5: readonly string[];
  readonly minimalActions: number;
  readonly controller: string;
}

export function listing(game: GameDefinition): GameListing {
  return {
    id: game.id,
    name: game.name,
    envName: game.envName,
    romFile: game.romFile,
    md5: game.aleMd5,
    otherMd5: game.md5.filter((md5) => md5 !== game.aleMd5),
    minimalActions: game.minimalActions.length,
    controller: game.controller,
  };
}

const HEADINGS = ['id', 'name', 'md5', 'actions'] as const;

/** The games as an aligned text table, with a count on the last line. */
export function formatGameTable(games: readonly GameDefinition[]): string {
  const rows = games.map((g) => [g.id, g.name, g.aleMd5, String(g.minimalActions.length)]);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(HEADINGS), ...rows.map(line), `${games.length} games`].join('\n');
}

export function registerListCommand(ale: Command): Command {
  const command = ale.command('list').description('list the supported games (id, name, MD5, minimal actions)');
  addConfigOptions(command, ALE_LIST_CONFIG);
  command.action((options: Record<string, unknown>) => {
    const config = readConfig(ALE_LIST_CONFIG, options);
    const text = config.json
      ? JSON.stringify({ count: GAMES.length, games: GAMES.map(listing) })
      : formatGameTable(GAMES);
    process.stdout.write(`${text}\n`);
  });
  return command;
}
