/**
 * The table of ALE 0.12's 104 games, in ALE's own order (`Roms.cpp`), and the
 * look-ups over it: by MD5, by id or Gymnasium name, by ROM file name.
 */
import * as ab from './defs/a-b.js';
import * as cd from './defs/c-d.js';
import * as eh from './defs/e-h.js';
import * as il from './defs/i-l.js';
import * as mp from './defs/m-p.js';
import * as qs from './defs/q-s.js';
import * as tz from './defs/t-z.js';
import type { GameDefinition } from './types.js';

/** Every game of ALE 0.12's supported list, in ALE's search order. */
export const GAMES: readonly GameDefinition[] = Object.freeze([
  ab.adventure,
  ab.airRaid,
  ab.alien,
  ab.amidar,
  ab.assault,
  ab.asterix,
  ab.asteroids,
  ab.atlantis,
  ab.atlantis2,
  ab.backgammon,
  ab.bankHeist,
  ab.basicMath,
  ab.battleZone,
  ab.beamRider,
  ab.berzerk,
  ab.blackjack,
  ab.bowling,
  ab.boxing,
  ab.breakout,
  cd.carnival,
  cd.casino,
  cd.centipede,
  cd.chopperCommand,
  cd.crazyClimber,
  cd.crossbow,
  cd.darkChambers,
  cd.defender,
  cd.demonAttack,
  cd.donkeyKong,
  cd.doubleDunk,
  eh.earthworld,
  eh.elevatorAction,
  eh.enduro,
  eh.entombed,
  eh.et,
  eh.fishingDerby,
  eh.flagCapture,
  eh.freeway,
  eh.frogger,
  eh.frostbite,
  eh.galaxian,
  eh.gopher,
  eh.gravitar,
  eh.hangman,
  eh.hauntedHouse,
  eh.hero,
  eh.humanCannonball,
  il.iceHockey,
  il.jamesbond,
  il.journeyEscape,
  il.kaboom,
  il.kangaroo,
  il.koolaid,
  il.keystoneKapers,
  il.kingKong,
  il.klax,
  il.krull,
  il.kungFuMaster,
  il.laserGates,
  il.lostLuggage,
  mp.marioBros,
  mp.miniatureGolf,
  mp.montezumaRevenge,
  mp.mrDo,
  mp.msPacman,
  mp.nameThisGame,
  mp.othello,
  mp.pacman,
  mp.phoenix,
  mp.pitfall,
  mp.pitfall2,
  mp.pong,
  mp.pooyan,
  mp.privateEye,
  qs.qbert,
  qs.riverraid,
  qs.roadRunner,
  qs.robotank,
  qs.seaquest,
  qs.sirLancelot,
  qs.skiing,
  qs.solaris,
  qs.spaceInvaders,
  qs.spaceWar,
  qs.starGunner,
  qs.superman,
  qs.surround,
  tz.tennis,
  tz.tetris,
  tz.ticTacToe3d,
  tz.timePilot,
  tz.turmoil,
  tz.trondead,
  tz.tutankham,
  tz.upNDown,
  tz.venture,
  tz.videoCheckers,
  tz.videoChess,
  tz.videoCube,
  tz.videoPinball,
  tz.wizardOfWor,
  tz.wordZapper,
  tz.yarsRevenge,
  tz.zaxxon,
]);

function indexBy(keys: (game: GameDefinition) => readonly string[]): ReadonlyMap<string, GameDefinition> {
  const map = new Map<string, GameDefinition>();
  for (const game of GAMES) {
    for (const key of keys(game)) {
      const other = map.get(key);
      if (other && other !== game) throw new Error(`game table: ${key} names both ${other.id} and ${game.id}`);
      map.set(key, game);
    }
  }
  return map;
}

const BY_MD5 = indexBy((game) => game.md5);
const BY_NAME = indexBy((game) => [game.id, game.envName.toLowerCase()]);

/** The game whose known cartridge images include this MD5 (any letter case). */
export function findGameByMd5(md5: string): GameDefinition | undefined {
  return BY_MD5.get(md5.trim().toLowerCase());
}

/** The game with this ALE id ('space_invaders') or Gymnasium name ('SpaceInvaders'), any letter case. */
export function findGameById(id: string): GameDefinition | undefined {
  const key = id.trim().toLowerCase();
  return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/_/g, ''));
}

/** ALE's file-name key: the file name without folders and extension, lower-cased. */
export function romStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

/**
 * The game native ALE would pick for a ROM: the first in ALE's order whose
 * own MD5 matches or whose id is the file's stem (ALE accepts a dump with
 * another MD5 under the right file name, with a warning). Use
 * `findGameByMd5` to recognise a ROM by content alone.
 */
export function findGameLikeAle(md5: string, fileName: string): GameDefinition | undefined {
  const key = md5.trim().toLowerCase();
  const stem = romStem(fileName);
  return GAMES.find((game) => game.aleMd5 === key || game.id === stem);
}

/** Letters and digits only, lower-cased: how file names are compared for similarity. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Edit distance between `pattern` and the best-matching part of `text`
 * (Levenshtein with free text before and after the match): 0 when `text`
 * contains `pattern`. With `wholeText`, the plain edit distance.
 */
function editDistance(pattern: string, text: string, wholeText = false): number {
  // row[j]: cost of matching the pattern so far against a part of text ending at j.
  let row = Array.from({ length: text.length + 1 }, (_, j) => (wholeText ? j : 0));
  for (let i = 1; i <= pattern.length; i++) {
    const next = [i];
    for (let j = 1; j <= text.length; j++) {
      const substitute = (row[j - 1] as number) + (pattern[i - 1] === text[j - 1] ? 0 : 1);
      next.push(Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, substitute));
    }
    row = next;
  }
  return wholeText ? (row[text.length] as number) : Math.min(...row);
}

/**
 * The known ROM file name most similar to `fileName`: the game whose id best
 * contains the file's stem, or appears whole in it (letters and digits only),
 * ties broken by plain edit distance; e.g. 'SpaceInvaders.a26' →
 * 'space_invaders.bin', 'montezuma.bin' → 'montezuma_revenge.bin'.
 * Undefined for an empty name.
 */
export function nearestRomFile(fileName: string): string | undefined {
  const stem = normalise(romStem(fileName));
  if (stem === '') return undefined;
  let best: GameDefinition | undefined;
  let bestKey: readonly [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (const game of GAMES) {
    const id = normalise(game.id);
    // The stem as an abbreviation of the id ('montezuma'), or the id whole inside the stem ('breakout (1978)').
    const idInStem = editDistance(id, stem) === 0 ? 0 : Number.POSITIVE_INFINITY;
    const key = [Math.min(editDistance(stem, id), idInStem), editDistance(stem, id, true)] as const;
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = game;
      bestKey = key;
    }
  }
  return best?.romFile;
}
