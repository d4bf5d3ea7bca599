/** ALE games Mario Bros. … Private Eye. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action } from '../../actions.js';
import {
  ALL,
  EIGHT_WAY,
  EIGHT_WAY_OR_FIRE,
  FOUR_WAY,
  FOUR_WAY_FIRE,
  SIDEWAYS_FIRE,
  UPDOWN_FIRE,
} from '../action-sets.js';
import { defineGame } from '../define.js';
import { range, selectByte, selectUntil, uchar } from '../modes.js';
import { bcd, byte, highNibble, lowNibble } from '../ram.js';
import { bcdScore, byteIs, customTracker, livesFrom, NO_LIVES, playingLives, scoreTracker } from '../tracker.js';
import type { Ram } from '../types.js';

const { NOOP, FIRE, UP, RIGHT, LEFT, DOWN, RIGHTFIRE, LEFTFIRE, DOWNFIRE } = Action;

/** Mario Bros. debounces FIRE hard: ALE waits 10 frames, then holds FIRE 7 frames to start. */
const MARIO_BROS_WAIT_FRAMES = 10;
const MARIO_BROS_FIRE_FRAMES = 7;

export const marioBros = defineGame({
  id: 'mario_bros',
  name: 'Mario Bros.',
  md5: ['e908611d99890733be31733a979c62d8'],
  actions: ALL,
  startingActions: [
    ...Array<number>(MARIO_BROS_WAIT_FRAMES).fill(NOOP),
    ...Array<number>(MARIO_BROS_FIRE_FRAMES).fill(FIRE),
  ],
  // The one-player games: with or without fireballs, 3 or 5 lives.
  modes: [0, 2, 4, 6],
  setMode: selectByte(0x80, 5),
  tracker: scoreTracker({
    score: bcdScore(0x8a, 0x89, undefined, 100),
    terminal: byteIs(0x87, 0),
    lives: livesFrom((ram) => byte(ram, 0x87), 0),
  }),
});

/**
 * Miniature Golf: $AF is the hole (1–9, 0 after the last), $87/$88 the left
 * and right displays. Between holes the right display shows the par; while
 * putting it is 0 and the left one counts strokes since the game began,
 * wrapping after 99. ALE pays par − strokes when a hole is finished.
 */
export const miniatureGolf = defineGame({
  id: 'miniature_golf',
  name: 'Miniature Golf',
  md5: ['df62a658496ac98a3aa4a6ee5719c251'],
  actions: ALL,
  difficulties: [0, 1],
  tracker: customTracker({
    initial: {
      reward: 0,
      terminal: false,
      hole: 0,
      par: 0,
      wrappedStrokes: 0,
      strokesShown: 0,
      strokesAtHoleStart: 0,
    },
    step(ram, s) {
      s.reward = 0;
      const left = bcd(ram, 0x87);
      const right = bcd(ram, 0x88);
      const hole = bcd(ram, 0xaf);
      if (hole !== s.hole) {
        const holeStrokes = s.strokesShown + s.wrappedStrokes - s.strokesAtHoleStart;
        if (holeStrokes > 0) s.reward = s.par - holeStrokes;
        if (hole === 0) s.terminal = true;
        s.hole = hole;
        s.wrappedStrokes = 0;
        s.strokesAtHoleStart = s.strokesShown;
      }
      if (right !== 0) {
        s.par = right;
      } else {
        if (left < s.strokesShown) s.wrappedStrokes += s.strokesShown;
        s.strokesShown = left;
      }
    },
    lives: playingLives,
  }),
});

/** Montezuma's Revenge: $FE = $60 on the game-over screen. */
const MONTEZUMA_GAME_OVER = 0x60;

export const montezumaRevenge = defineGame({
  id: 'montezuma_revenge',
  name: "Montezuma's Revenge",
  md5: ['3347a6dd59049b15a38394aa2dafa585'],
  actions: ALL,
  tracker: scoreTracker({
    score: bcdScore(0x95, 0x94, 0x93),
    terminal: (ram) => byte(ram, 0xba) === 0 && byte(ram, 0xfe) === MONTEZUMA_GAME_OVER,
    lives: livesFrom((ram) => (byte(ram, 0xba) & 0x07) + 1, 6),
  }),
});

/** Mr. Do!: $DA = $40 once the game is over. */
const MR_DO_GAME_OVER = 0x40;

export const mrDo = defineGame({
  id: 'mr_do',
  name: 'Mr. Do!',
  md5: ['aa7bb54d2c189a31bb1fa20099e42859'],
  actions: FOUR_WAY_FIRE,
  startingActions: [FIRE],
  modes: range(4),
  setMode: selectByte(0x80, 5),
  tracker: scoreTracker({
    score: bcdScore(0x82, 0x83, undefined, 10),
    terminal: byteIs(0xda, MR_DO_GAME_OVER),
    lives: livesFrom((ram) => byte(ram, 0xdb), 4),
  }),
});

/** Ms. Pac-Man: $A7 = $53 at the end of the last death. */
const MS_PACMAN_LAST_DEATH = 0x53;

export const msPacman = defineGame({
  id: 'ms_pacman',
  name: 'Ms. Pac-Man',
  md5: ['87e79cd41ce136fd4f72cc6e2c161bee', '9469d18238345d87768e8965f9f4a6b2'],
  actions: EIGHT_WAY,
  modes: range(4),
  // $99 is the game, $A1 the variation. ALE's mode 0 is the standard game
  // (game 1, variation 1); mode m > 0 is game m, variation 0.
  setMode: selectUntil(
    (host, mode) =>
      mode === 0
        ? host.readRam(0x99) === 1 && host.readRam(0xa1) === 1
        : host.readRam(0x99) === mode && host.readRam(0xa1) === 0,
    { hold: 10 },
  ),
  tracker: scoreTracker({
    score: bcdScore(0xf8, 0xf9, 0xfa),
    terminal: (ram) => lowNibble(ram, 0xfb) === 0 && byte(ram, 0xa7) === MS_PACMAN_LAST_DEATH,
    lives: livesFrom((ram) => (lowNibble(ram, 0xfb) & 0x07) + 1, 3),
  }),
});

export const nameThisGame = defineGame({
  id: 'name_this_game',
  name: 'Name This Game',
  md5: ['36306070f0c90a72461551a7a4f3a209', 'f98d2276d4a25b286135566255aea9d0'],
  actions: SIDEWAYS_FIRE,
  modes: [0x08, 0x18, 0x28],
  difficulties: [0, 1],
  setMode: selectByte(0xde, 2),
  tracker: scoreTracker({
    score: bcdScore(0xc6, 0xc5, 0xc4),
    terminal: (ram) => (byte(ram, 0xc7) & 0x07) === 0,
    lives: livesFrom((ram) => byte(ram, 0xc7) & 0x07, 3),
  }),
});

/**
 * Othello: $C0 is whose turn it is ($FF white, $01 black) and 0 when nobody
 * may move, which also happens briefly mid-game; ALE calls the game over after
 * more than 50 frames of it.
 */
const OTHELLO_NO_TURN_FRAMES = 50;

export const othello = defineGame({
  id: 'othello',
  name: 'Othello',
  md5: ['113cd09c9771ac278544b7e90efe7df2'],
  actions: EIGHT_WAY_OR_FIRE,
  modes: [0, 1, 2],
  difficulties: [0, 2],
  // $DE shows the game number, one more than ALE's mode.
  setMode: selectUntil((host, mode) => uchar(host.readRam(0xde) - 1) === mode, { hold: 2 }),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, framesWithoutTurn: 0 },
    step(ram, s) {
      // Discs: $CE white (the player), $D0 black.
      const score = bcd(ram, 0xce) - bcd(ram, 0xd0);
      s.reward = score - s.score;
      s.score = score;
      s.framesWithoutTurn = byte(ram, 0xc0) === 0 ? s.framesWithoutTurn + 1 : 0;
      s.terminal = s.framesWithoutTurn > OTHELLO_NO_TURN_FRAMES;
    },
    lives: playingLives,
  }),
});

/** Pac-Man: $E4 = $3F at the end of a death animation. */
const PACMAN_DEATH_OVER = 0x3f;

export const pacman = defineGame({
  id: 'pacman',
  name: 'Pac-Man',
  md5: ['fc2233fc116faef0d3c31541717ca2db'],
  actions: FOUR_WAY,
  modes: range(8),
  difficulties: [0, 1],
  // Before a game $CC shows the game number (mode + 1) and $E6 = 0 for one player.
  setMode: selectUntil((host, mode) => uchar(host.readRam(0xcc) - 1) === mode && host.readRam(0xe6) === 0, {
    hold: 2,
  }),
  tracker: scoreTracker({
    score: bcdScore(0xcc, 0xce, 0xd0),
    // $98: spare lives; the game is over when the last life's death animation ends.
    terminal: (ram) => byte(ram, 0x98) === 0 && byte(ram, 0xe4) === PACMAN_DEATH_OVER,
    lives: livesFrom((ram) => byte(ram, 0x98) + 1, 4),
  }),
});

/** Phoenix's score: BCD $C8–$C9 and the high nibble of $C7 give the digits above the fixed last 0. */
const phoenixScore = (ram: Ram) => 10 * (10 * bcd(ram, 0xc8, 0xc9) + highNibble(ram, 0xc7));

export const phoenix = defineGame({
  id: 'phoenix',
  name: 'Phoenix',
  md5: ['7e52a95074a66640fcfde124fffd491a'],
  actions: [NOOP, FIRE, RIGHT, LEFT, DOWN, RIGHTFIRE, LEFTFIRE, DOWNFIRE],
  tracker: scoreTracker({
    score: phoenixScore,
    terminal: byteIs(0xcc, 0x80),
    lives: livesFrom((ram) => byte(ram, 0xcb) & 0x07, 5),
  }),
});

/** Pitfall!: the high nibble of $80 is a bit per spare life ($A: 2 spares, $8: 1). */
function pitfallLives(ram: Ram): number {
  const spares = highNibble(ram, 0x80);
  if (spares === 0x0a) return 3;
  if (spares === 0x08) return 2;
  return 1;
}
/** Pitfall! starts with 2000 points, Pitfall II with 4000. */
const PITFALL_START_SCORE = 2000;
const PITFALL2_START_SCORE = 4000;
/** Pitfall II's score is capped at 199,000, which ALE takes as the end. */
const PITFALL2_MAX_SCORE = 199_000;

export const pitfall = defineGame({
  id: 'pitfall',
  name: 'Pitfall!',
  md5: ['3e90cf23106f2e08b2781e41299de556', 'f73d2d0eff548e8fc66996f27acf2b4b'],
  actions: ALL,
  startingActions: [UP],
  tracker: scoreTracker({
    score: bcdScore(0xd7, 0xd6, 0xd5),
    startScore: PITFALL_START_SCORE,
    // $9E (the logo timer) is non-zero while the player has no control.
    terminal: (ram) => highNibble(ram, 0x80) === 0 && byte(ram, 0x9e) !== 0,
    lives: livesFrom(pitfallLives, 3),
  }),
});

const pitfall2Score = bcdScore(0xc9, 0xc8, 0xc7);

export const pitfall2 = defineGame({
  id: 'pitfall2',
  name: 'Pitfall II: Lost Caverns',
  md5: ['6d842c96d5a01967be9680080dd5be54'],
  actions: ALL,
  startingActions: [UP],
  tracker: scoreTracker({
    score: pitfall2Score,
    startScore: PITFALL2_START_SCORE,
    // No lives: falling returns Harry to the last checkpoint (no negative reward at score 0).
    terminal: (ram) => pitfall2Score(ram) === PITFALL2_MAX_SCORE,
  }),
});

/** Pong (Video Olympics): the first to 21 points wins. */
const PONG_WINNING_POINTS = 21;

export const pong = defineGame({
  id: 'pong',
  name: 'Pong',
  md5: ['60e0ea3cbe0913d39803477945e9e5ec'],
  actions: SIDEWAYS_FIRE,
  modes: [0, 1],
  // The left switch sets the width of the computer's bat, the right one the player's.
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0x96, 2),
  tracker: scoreTracker({
    // Binary points: $8D the computer's, $8E the player's.
    score: (ram) => byte(ram, 0x8e) - byte(ram, 0x8d),
    terminal: (ram) => byte(ram, 0x8d) === PONG_WINNING_POINTS || byte(ram, 0x8e) === PONG_WINNING_POINTS,
    lives: NO_LIVES,
  }),
});

/** Pooyan: $98 = 5 on the game-over screen. */
const POOYAN_GAME_OVER = 0x05;

export const pooyan = defineGame({
  id: 'pooyan',
  name: 'Pooyan',
  md5: ['4799a40b6e889370b7ee55c17ba65141', '668dc528b7ea9345140f4fcfbecf7066'],
  actions: UPDOWN_FIRE,
  modes: [0x0a, 0x1e, 0x32, 0x46],
  setMode: selectUntil((host, mode) => host.readRam(0xbd) === mode, {
    hold: 2,
    before: (host) => host.pressSelect(2),
  }),
  tracker: scoreTracker({
    score: bcdScore(0x8a, 0x89, 0x88),
    terminal: (ram) => byte(ram, 0x96) === 0 && byte(ram, 0x98) === POOYAN_GAME_OVER,
    lives: livesFrom((ram) => (byte(ram, 0x96) & 0x07) + 1, 3),
  }),
});

/** Private Eye starts with 1000 points; $C2 (the copyright timer) is 0 or 1 while playing. */
const PRIVATE_EYE_START_SCORE = 1000;

export const privateEye = defineGame({
  id: 'private_eye',
  name: 'Private Eye',
  md5: ['ef3a4f64b6494ba770862768caf04b86'],
  actions: ALL,
  startingActions: [UP],
  modes: range(5),
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0x80, 2),
  tracker: scoreTracker({
    score: bcdScore(0xca, 0xc9, 0xc8),
    startScore: PRIVATE_EYE_START_SCORE,
    terminal: (ram) => byte(ram, 0xc2) > 0x01,
    lives: NO_LIVES,
  }),
});
