/**
 * The project's own Atari 2600 games, defined like ALE's. They are not in ALE's list (`GAMES`,
 * what native ALE would accept), so they are kept apart: `ale list` shows them in their own
 * section and `ale identify` recognises them after ALE's games.
 */
import type { GameDefinition } from '../types.js';
import { catcher } from './catcher.js';

export {
  CATCHER_ACTIONS,
  CATCHER_MD5,
  CATCHER_STATE_OVER,
  CatcherGeometry,
  CatcherRam,
  type CatcherRamField,
  catcher,
  catcherScore,
} from './catcher.js';

/** Every homebrew game's definition. */
export const HOMEBREW_DEFINITIONS: readonly GameDefinition[] = Object.freeze([catcher]);

const BY_MD5: ReadonlyMap<string, GameDefinition> = new Map(
  HOMEBREW_DEFINITIONS.flatMap((game) => game.md5.map((md5) => [md5, game] as const)),
);

/** The homebrew game whose image has this MD5 (any letter case). */
export function findHomebrewGameByMd5(md5: string): GameDefinition | undefined {
  return BY_MD5.get(md5.trim().toLowerCase());
}
