/**
 * Catcher, the project's own Atari 2600 game (source: envs/catcher/catcher.asm,
 * rules and RAM map: envs/catcher/README.md). It is the embedded default for
 * users without ROMs, defined like any ALE game so every command runs on it.
 * Pure data over src/ale, so the emulator's game lists and `ale identify` know
 * it; src/envs/homebrew adds how its image is built and loaded.
 *
 * The RAM addresses and geometry below are the source's own symbols; a test
 * assembles the source and checks every one of them.
 */
import { Action } from '../../actions.js';
import { defineGame } from '../define.js';
import { byte } from '../ram.js';
import { bcdScore, byteIs, livesFrom, scoreTracker } from '../tracker.js';
import type { GameDefinition } from '../types.js';

/**
 * MD5 of the assembled 4K image: ALE-style identification, and the value the
 * build and tests hold the assembler output to. Changing catcher.asm changes
 * it: update it here (src/ale/games/homebrew/catcher.ts), in envs/catcher/catcher.bin.sha256 and in the README.
 */
export const CATCHER_MD5 = '39603cf7225516013a635960f5211bac';

/** RAM map ($80..$FF), the source's labels of the same names. */
export const CatcherRam = {
  /** Frame counter, +1 every frame. */
  frame: 0x80,
  /** 16-bit LFSR state that picks where objects drop. */
  rngLo: 0x81,
  rngHi: 0x82,
  /** 0 while playing, 1 once the game is over. */
  state: 0x83,
  /** Score hundreds digit, BCD $00..$09. */
  scoreHi: 0x84,
  /** Score tens and ones, packed BCD. */
  scoreLo: 0x85,
  lives: 0x86,
  /** Speed level, 0..11. */
  level: 0x87,
  /** Catches since the last level-up. */
  catches: 0x88,
  /** Left edge (screen pixel) of the basket, fruit and bomb. */
  basketX: 0x89,
  fruitX: 0x8a,
  bombX: 0x8b,
  /** Lowest play line of the fruit and bomb (1 = just above the ground). */
  fruitY: 0x8c,
  bombY: 0x8d,
  fruitFrac: 0x8e,
  bombFrac: 0x8f,
  /** Frames until the next bomb drops; 0 while one falls. */
  bombTimer: 0x90,
  /** Fall speed in 1/256 line per frame (low byte) and whole lines (high byte). */
  speedLo: 0x91,
  speedHi: 0x92,
  /** Frames until FIRE may start a new game after game over. */
  overTimer: 0x93,
  lastFire: 0x94,
  soundTimer: 0x95,
} as const;

export type CatcherRamField = keyof typeof CatcherRam;

/** Value of `state` once the game is over (the source's STATE_OVER). */
export const CATCHER_STATE_OVER = 1;

/** Sizes and speeds, in screen pixels and play lines: the source's constants of the same names. */
export const CatcherGeometry = {
  START_LIVES: 3,
  BASKET_W: 16,
  FRUIT_W: 8,
  BOMB_W: 4,
  BASKET_MAX_X: 144,
  BASKET_START_X: 72,
  /** Basket speed in pixels per frame, and with FIRE held. */
  BASKET_SPEED: 2,
  BASKET_BOOST: 4,
  /** An object whose lowest line crosses this line over the basket is caught. */
  RIM_Y: 11,
  /** An object whose lowest line drops below this has landed. */
  FLOOR_Y: 3,
  SPAWN_Y: 147,
  /** `bombY` while no bomb falls. */
  BOMB_HIDDEN_Y: 0xe0,
  CATCHES_PER_LEVEL: 5,
  MAX_LEVEL: 11,
} as const;

const { NOOP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE } = Action;

/** Catcher's minimal action set, in ALE id order: stay, move, or move at double speed (FIRE held). */
export const CATCHER_ACTIONS: readonly number[] = Object.freeze([NOOP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE]);

/** Score as displayed: hundreds digit at `scoreHi`, tens and ones at `scoreLo`. */
export const catcherScore = bcdScore(CatcherRam.scoreLo, CatcherRam.scoreHi);

/**
 * The game as an ALE game: reward = change of the score (+1 per fruit caught),
 * lives from RAM (0 once over), terminal when `state` says game over. No
 * starting actions: the game plays as soon as RESET is released.
 */
export const catcher: GameDefinition = defineGame({
  id: 'catcher',
  name: 'Catcher',
  md5: [CATCHER_MD5],
  actions: CATCHER_ACTIONS,
  tracker: scoreTracker({
    score: catcherScore,
    terminal: byteIs(CatcherRam.state, CATCHER_STATE_OVER),
    lives: livesFrom((ram) => byte(ram, CatcherRam.lives), CatcherGeometry.START_LIVES),
  }),
});
