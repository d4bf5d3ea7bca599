/**
 * `sobolev-distill ale list [--only all|ale|homebrew] [--json]`: every supported game with its
 * id, name, MD5 and number of minimal actions: ALE 0.12's games, then, in a section of their own,
 * the project's homebrew games (which need no ROM file: the package builds them).
 */
import type { Command } from 'commander';
import { GAMES, HOMEBREW_DEFINITIONS } from '../../ale/games/index.js';
import type { GameDefinition } from '../../ale/games/types.js';
import { HOMEBREW_GAMES } from '../../envs/homebrew/rom.js';
import { defineCommand } from '../command.js';
import { type ConfigSpec, choice, flag } from '../config.js';
import { alignedTable } from '../table.js';

export const ALE_LIST_CONFIG = {
  only: choice('all', ['all', 'ale', 'homebrew'], "which games: ALE's, the project's homebrew ones, or both"),
  json: flag(false, 'print one JSON object instead of a table'),
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

/** A homebrew game's listing adds where its image comes from. */
export interface HomebrewListing extends GameListing {
  /** 6502 source, relative to the package root. */
  readonly source: string;
  /** Where `npm run build` writes the image, relative to the package root. */
  readonly image: string;
  /** Env id of the game under the v5 protocol. */
  readonly envId: string;
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

export function homebrewListing(game: GameDefinition): HomebrewListing {
  const build = HOMEBREW_GAMES.find((h) => h.definition === game);
  return {
    ...listing(game),
    envId: `ALE/${game.envName}-v5`,
    source: build?.source ?? '',
    image: build?.rom ?? '',
  };
}

const HEADINGS = ['id', 'name', 'md5', 'actions'] as const;

/** The games as an aligned text table (no count line), with an optional last column. */
function table(games: readonly GameDefinition[], extra: (game: GameDefinition) => string = () => ''): string[] {
  const rows = games.map((g) => [g.id, g.name, g.aleMd5, String(g.minimalActions.length), extra(g)]);
  return alignedTable([...HEADINGS, ''], rows);
}

/** The games as an aligned text table, with a count on the last line. */
export function formatGameTable(games: readonly GameDefinition[]): string {
  return [...table(games), `${games.length} games`].join('\n');
}

/** The homebrew section: its heading, a table with the env id and source of each game, a count. */
export function formatHomebrewTable(games: readonly GameDefinition[]): string {
  const plural = games.length === 1 ? 'game' : 'games';
  return [
    "homebrew games (the project's own, built from envs/<id>/<id>.asm; no ROM file needed):",
    ...table(games, (g) => {
      const h = homebrewListing(g);
      return `${h.envId}  ${h.source}`;
    }),
    `${games.length} homebrew ${plural}`,
  ].join('\n');
}

export function registerListCommand(ale: Command): Command {
  return defineCommand(ale, {
    name: 'list',
    description: "list the supported games (id, name, MD5, minimal actions): ALE's, then the homebrew ones",
    config: ALE_LIST_CONFIG,
    logConfig: false,
    run(config) {
      const ale = config.only === 'homebrew' ? [] : GAMES;
      const homebrew = config.only === 'ale' ? [] : HOMEBREW_DEFINITIONS;
      let text: string;
      if (config.json) {
        text = JSON.stringify({
          count: ale.length,
          games: ale.map(listing),
          homebrew: { count: homebrew.length, games: homebrew.map(homebrewListing) },
        });
      } else {
        const sections = [];
        if (ale.length) sections.push(formatGameTable(ale));
        if (homebrew.length) sections.push(formatHomebrewTable(homebrew));
        text = sections.join('\n\n');
      }
      process.stdout.write(`${text}\n`);
    },
  });
}
