/** ALE games Adventure … Breakout. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action } from '../../actions.js';
import {
  ALL,
  EIGHT_WAY,
  FOUR_WAY_FIRE,
  FOUR_WAY_OR_FIRE,
  SIDEWAYS_FIRE,
  SIDEWAYS_OR_FIRE,
  UPDOWN_FIRE,
  UPDOWN_OR_FIRE,
} from '../action-sets.js';
import { defineGame } from '../define.js';
import { ModeSelectError } from '../errors.js';
import { MAX_SELECT_PRESSES, range, selectByte, selectUntil } from '../modes.js';
import { bcd, bcdByte, byte, highNibble, lowNibble, signedByte } from '../ram.js';
import {
  bcdScore,
  byteIs,
  customTracker,
  livesFrom,
  livesFromKept,
  livesOrZero,
  NO_LIVES,
  playingLives,
  scoreTracker,
  wrapAt,
} from '../tracker.js';
import type { Ram } from '../types.js';

const { NOOP, FIRE, UP, RIGHT, LEFT, UPRIGHT, UPLEFT, RIGHTFIRE, LEFTFIRE } = Action;

/** Adventure: the chalice in the gold castle (room $12) wins; being eaten ($E0 = 2) ends the game. */
const ADVENTURE_CHALICE_HOME = 0x12;
const ADVENTURE_EATEN = 2;
/** ALE holds SELECT for 2 + (random mod 256) frames per press in Adventure. */
const ADVENTURE_MIN_HOLD = 2;
const ADVENTURE_HOLD_SPREAD = 256;

export const adventure = defineGame({
  id: 'adventure',
  name: 'Adventure',
  md5: ['4b27f5397c442d25f0c418ccdacf1926'],
  actions: ALL,
  modes: [0, 1, 2],
  difficulties: [0, 1, 2, 3],
  // The level (game 1–3) is bits 1–2 of $DD. Level 3 seeds its object shuffle
  // from the frame counter, so ALE holds SELECT for a random 2–257 frames, and
  // the game debounces SELECT, so ALE then takes one NOOP step.
  setMode: (mode, host, _state, game) => {
    const level = () => (host.readRam(0xdd) >> 1) & 0x03;
    for (let presses = 0; level() !== mode; presses++) {
      if (presses >= MAX_SELECT_PRESSES) throw new ModeSelectError(game, mode, presses);
      host.pressSelect(ADVENTURE_MIN_HOLD + (host.nextRandom() % ADVENTURE_HOLD_SPREAD));
      host.act(NOOP);
    }
    host.softReset();
  },
  tracker: customTracker({
    initial: { reward: 0, terminal: false },
    step(ram, s) {
      const won = byte(ram, 0xb9) === ADVENTURE_CHALICE_HOME;
      // ALE sets the reward on the winning frame and never clears it.
      if (won) s.reward = 1;
      s.terminal = won || byte(ram, 0xe0) === ADVENTURE_EATEN;
    },
    // ALE's Adventure always reports one life.
    lives: () => 1,
  }),
});

export const airRaid = defineGame({
  id: 'air_raid',
  name: 'Air Raid',
  md5: ['35be55426c1fec32dfb503b4f0651572'],
  actions: SIDEWAYS_FIRE,
  startingActions: [FIRE],
  modes: range(1, 9),
  // The mode shares $AA with the score digits; a long first press opens the menu.
  setMode: selectUntil((host, mode) => host.readRam(0xaa) === mode, {
    hold: 10,
    before: (host) => host.pressSelect(20),
  }),
  tracker: scoreTracker({
    score: bcdScore(0xaa, 0xa9, 0xa8),
    terminal: byteIs(0xa7, 0xff),
  }),
});

/** Alien draws each score digit as a sprite pointer: digit = byte / 8, and $80 is a blank (0). */
function alienDigit(ram: Ram, addr: number): number {
  const value = byte(ram, addr);
  return value === 0x80 ? 0 : value >> 3;
}

export const alien = defineGame({
  id: 'alien',
  name: 'Alien',
  md5: ['f1a0a23e6464d954e3a9579c4ccd01c8'],
  actions: ALL,
  modes: range(4),
  difficulties: [0, 1, 2, 3],
  // ALE also copies the lives byte into its counter here; the soft reset's frames overwrite it.
  setMode: selectByte(0x81),
  tracker: scoreTracker({
    score: (ram) =>
      10 *
      (alienDigit(ram, 0x8b) +
        10 * alienDigit(ram, 0x89) +
        100 * alienDigit(ram, 0x87) +
        1000 * alienDigit(ram, 0x85) +
        10000 * alienDigit(ram, 0x83)),
    terminal: (ram) => lowNibble(ram, 0xc0) === 0,
    lives: livesFromKept((ram) => lowNibble(ram, 0xc0), 3),
  }),
});

export const amidar = defineGame({
  id: 'amidar',
  name: 'Amidar',
  md5: ['acb7750b4d0c4bd34969802a7deb2990', '056f5d886a4e7e6fdd83650554997d0d'],
  actions: FOUR_WAY_FIRE,
  difficulties: [0, 3],
  tracker: scoreTracker({
    score: bcdScore(0xd9, 0xda, 0xdb),
    terminal: byteIs(0xd6, 0x80),
    lives: livesFrom((ram) => lowNibble(ram, 0xd6), 3),
  }),
});

export const assault = defineGame({
  id: 'assault',
  name: 'Assault',
  md5: ['de78b3a064d374390ac0710f95edde92', 'c31a17942d162b80962cb1f7571cd1d5'],
  actions: [NOOP, FIRE, UP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE],
  tracker: scoreTracker({
    score: bcdScore(0x82, 0x81, 0x80),
    terminal: byteIs(0xe5, 0),
    lives: livesFrom((ram) => byte(ram, 0xe5), 4),
  }),
});

export const asterix = defineGame({
  id: 'asterix',
  name: 'Asterix',
  md5: ['89a68746eff7f266bbf08de2483abe55'],
  actions: EIGHT_WAY,
  startingActions: [FIRE],
  tracker: scoreTracker({
    score: bcdScore(0xe0, 0xdf, 0xde),
    // Over on the last frame of the last death animation ($C7 = 1 with one
    // life left): a frame later FIRE would already restart the game.
    terminal: (ram) => byte(ram, 0xc7) === 0x01 && lowNibble(ram, 0xd3) === 1,
    lives: livesFrom((ram) => lowNibble(ram, 0xd3), 3),
  }),
});

/** ALE reads Asteroids' score as 4 BCD digits × 10, so it wraps at 100,000. */
const ASTEROIDS_SCORE_WRAP = 100_000;
/** Asteroids' child mode ("kids"), selected by SELECT after the 32 numbered variations. */
const ASTEROIDS_KIDS_MODE = 0x80;

export const asteroids = defineGame({
  id: 'asteroids',
  name: 'Asteroids',
  md5: ['ccbd36746ed4525821a8083b0d6d2c2c'],
  actions: [
    NOOP,
    FIRE,
    UP,
    RIGHT,
    LEFT,
    Action.DOWN,
    UPRIGHT,
    UPLEFT,
    Action.UPFIRE,
    RIGHTFIRE,
    LEFTFIRE,
    Action.DOWNFIRE,
    Action.UPRIGHTFIRE,
    Action.UPLEFTFIRE,
  ],
  modes: [...range(32), ASTEROIDS_KIDS_MODE],
  difficulties: [0, 3],
  setMode: selectByte(0x80, 2),
  tracker: scoreTracker({
    score: bcdScore(0xbe, 0xbd, undefined, 10),
    reward: wrapAt(ASTEROIDS_SCORE_WRAP),
    terminal: (ram) => highNibble(ram, 0xbc) === 0,
    lives: livesFrom((ram) => highNibble(ram, 0xbc), 4),
  }),
});

/** Atlantis and Atlantis II: $F1 is the number of installations left, $FF once all are gone. */
const ATLANTIS_OVER = 0xff;

export const atlantis = defineGame({
  id: 'atlantis',
  name: 'Atlantis',
  md5: ['9ad36e699ef6f45d9eb6c4cf90475c9f', '0b33252b680b65001e91a411e56e72e9'],
  actions: [NOOP, FIRE, RIGHTFIRE, LEFTFIRE],
  modes: range(4),
  setMode: selectByte(0x8d, 2),
  tracker: scoreTracker({
    // Hundreds; when the score rolls over the game bumps the lowest digit.
    score: bcdScore(0xa2, 0xa3, 0xa1, 100),
    terminal: byteIs(0xf1, ATLANTIS_OVER),
    lives: livesFrom((ram) => byte(ram, 0xf1), 6),
    ignoreScoreWhenOver: true,
  }),
});

export const atlantis2 = defineGame({
  id: 'atlantis2',
  name: 'Atlantis II',
  md5: ['826481f6fc53ea47c9f272f7050eedf7'],
  actions: [NOOP, FIRE, RIGHTFIRE, LEFTFIRE],
  tracker: scoreTracker({
    score: bcdScore(0xa1, 0xa2, 0xa3),
    terminal: byteIs(0xf1, ATLANTIS_OVER),
    // ALE's reset and saveState leave this counter alone; every frame overwrites it.
    lives: livesFrom((ram) => byte(ram, 0xf1), 0),
    livesNotSaved: true,
    ignoreScoreWhenOver: true,
  }),
});

/**
 * Backgammon's board: $80 player's borne-off men, $81–$86, $88–$8D, $8F–$94,
 * $96–$9B the points, $87/$95 the bars, $8E the computer's borne-off men.
 * Player men are negative bytes, computer men positive. While the computer
 * thinks it scribbles over these bytes, so a position counts only when both
 * sides total 15 men.
 */
const BACKGAMMON_MEN = 15;
/** The points and bars between the two borne-off counters. */
const BACKGAMMON_POINTS = [
  [0x81, 0x8d],
  [0x8f, 0x9b],
] as const;
const toInt8 = (v: number) => (v << 24) >> 24;

function backgammonStep(ram: Ram, s: { reward: number; terminal: boolean }): void {
  // ALE sums in int8_t, so the counters wrap like a signed char.
  const playerOut = toInt8(-signedByte(ram, 0x80));
  const computerOut = signedByte(ram, 0x8e);
  let playerIn = 0;
  let computerIn = 0;
  for (const [first, last] of BACKGAMMON_POINTS) {
    for (let addr = first; addr <= last; addr++) {
      const men = signedByte(ram, addr);
      if (men > 0) computerIn = toInt8(computerIn + men);
      else if (men < 0) playerIn = toInt8(playerIn - men);
    }
  }
  if (computerIn + computerOut !== BACKGAMMON_MEN || playerIn + playerOut !== BACKGAMMON_MEN) return;
  if (playerOut === BACKGAMMON_MEN) {
    s.terminal = true;
    s.reward = 1;
  } else if (computerOut === BACKGAMMON_MEN) {
    s.terminal = true;
    s.reward = -1;
  }
}

/** Backgammon variation 3 (one player, no Acey-Deucey, no doubling cube), shown at $DC. */
const BACKGAMMON_VARIATION = 3;
/** ALE widens the paddle range so the cursor reaches every point of the board. */
const BACKGAMMON_PADDLE_MAX = 1_000_000;

export const backgammon = defineGame({
  id: 'backgammon',
  name: 'Backgammon',
  md5: ['8556b42aa05f94bc29ff39c39b11bff4'],
  actions: [FIRE, RIGHT, LEFT],
  // Difficulty 3 leaves set-up mode and plays (ALE lists only it).
  difficulties: [3],
  paddleMax: BACKGAMMON_PADDLE_MAX,
  setMode: selectUntil((host) => host.readRam(0xdc) === BACKGAMMON_VARIATION),
  tracker: customTracker({
    initial: { reward: 0, terminal: false },
    step: backgammonStep,
    lives: playingLives,
  }),
});

export const bankHeist = defineGame({
  id: 'bank_heist',
  name: 'Bank Heist',
  md5: ['00ce0bdd43aed84a983bef38fe7f5ee3', '83b8c01c72306d60dd9b753332ebd276'],
  actions: ALL,
  modes: range(0, 32, 4),
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0x80),
  tracker: scoreTracker({
    score: bcdScore(0xda, 0xd9, 0xd8),
    // Over when the death timer ($CE) runs out with no cars left.
    terminal: (ram) => byte(ram, 0xce) === 0x01 && byte(ram, 0xd5) === 0,
    lives: livesFrom((ram) => byte(ram, 0xd5), 5),
  }),
});

export const basicMath = defineGame({
  id: 'basic_math',
  name: 'Basic Math',
  md5: ['819aeeb9a2e11deb54e6de334f843894'],
  // FIRE is SELECT in this game, so no moving and firing at once.
  actions: FOUR_WAY_OR_FIRE,
  modes: [5, 6, 7, 8],
  difficulties: [0, 2, 3],
  setMode: selectByte(0xc5, 2),
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0x84),
    // $86 turns non-zero on the final score screen after 10 problems.
    terminal: (ram) => bcd(ram, 0x86) !== 0,
  }),
});

/** Battlezone digits: $A in a nibble is a blank leading digit. */
const BLANK_DIGIT = 10;
const unblank = (digit: number) => (digit === BLANK_DIGIT ? 0 : digit);

export const battleZone = defineGame({
  id: 'battle_zone',
  name: 'Battlezone',
  md5: ['41f252a66c6301f1e8ab3612c19bc5d4', 'e434c0e161dd3c3fb435eb6bad2e182c'],
  actions: ALL,
  modes: [1, 2, 3],
  setMode: selectByte(0xa1, 2),
  tracker: scoreTracker({
    // Thousands: high nibble of $9D, then both nibbles of $9E.
    score: (ram) =>
      1000 *
      (unblank(highNibble(ram, 0x9d)) + 10 * unblank(lowNibble(ram, 0x9e)) + 100 * unblank(highNibble(ram, 0x9e))),
    terminal: (ram) => lowNibble(ram, 0xba) === 0,
    lives: livesFrom((ram) => lowNibble(ram, 0xba), 5),
  }),
});

/** Beamrider: $85 is lives − 1 ($FF when over); $8C = 1 marks the end of the death animation. */
export const beamRider = defineGame({
  id: 'beam_rider',
  name: 'Beamrider',
  md5: ['79ab4123a83dc11d468fb2108ea09e2e'],
  actions: [NOOP, FIRE, UP, RIGHT, LEFT, UPRIGHT, UPLEFT, RIGHTFIRE, LEFTFIRE],
  startingActions: [RIGHT],
  difficulties: [0, 1],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lives: 3 },
    step(ram, s) {
      const score = bcd(ram, 0x89, 0x8a, 0x8b);
      s.reward = score - s.score;
      s.score = score;
      // The lives display blinks while dying: count the lost life only once
      // the death animation is over.
      const shown = byte(ram, 0x85) + 1;
      if (shown !== s.lives - 1 || byte(ram, 0x8c) === 0x01) s.lives = shown;
      s.terminal = byte(ram, 0x85) === 0xff;
    },
    lives: livesOrZero,
  }),
});

/** Berzerk variations 1–12 are stored in BCD: 1..9, $10, $11, $12. */
const BERZERK_MODES = [...range(1, 10), 0x10, 0x11, 0x12];
/** NOOP steps ALE waits before Berzerk accepts SELECT. */
const BERZERK_SELECT_DELAY = 20;

export const berzerk = defineGame({
  id: 'berzerk',
  name: 'Berzerk',
  md5: ['136f75c4dd02c29283752b7e5799f978', 'fac28963307b6e85082ccd77c88325e7'],
  actions: ALL,
  modes: BERZERK_MODES,
  setMode: selectUntil((host, mode) => host.readRam(0x80) === mode, {
    hold: 2,
    before: (host) => {
      for (let i = 0; i < BERZERK_SELECT_DELAY; i++) host.act(NOOP);
    },
  }),
  tracker: scoreTracker({
    score: bcdScore(0xdf, 0xde, 0xdd),
    terminal: byteIs(0xda, 0xff),
    lives: livesFrom((ram) => byte(ram, 0xda) + 1, 3),
  }),
});

/** Blackjack: when the chips run out the game shows "0bbb" ($86 = $0B, $89 = $BB). */
function blackjackBust(ram: Ram): boolean {
  return byte(ram, 0x86) === 0x0b && byte(ram, 0x89) === 0xbb;
}
function blackjackChips(ram: Ram): number {
  return blackjackBust(ram) ? 0 : bcd(ram, 0x89, 0x86);
}
/** Breaking the bank: 1000 chips. */
const BLACKJACK_BANK = 1000;
/** ALE's paddle range for Blackjack, so every bet and every action can be chosen. */
const BLACKJACK_PADDLE_MAX = 795_000;

export const blackjack = defineGame({
  id: 'blackjack',
  name: 'Blackjack',
  md5: ['0a981c03204ac2b278ba392674682560'],
  actions: UPDOWN_OR_FIRE,
  difficulties: [0, 1, 2, 3],
  paddleMax: BLACKJACK_PADDLE_MAX,
  tracker: scoreTracker({
    score: blackjackChips,
    terminal: (ram) => blackjackBust(ram) || blackjackChips(ram) >= BLACKJACK_BANK,
  }),
});

/** Bowling: $A4 is the frame number; past frame 10 the game is over. */
const BOWLING_LAST_FRAME = 0x10;

export const bowling = defineGame({
  id: 'bowling',
  name: 'Bowling',
  md5: ['c9b7afad3bfd922e006a6bfc1d4f3fe7'],
  actions: UPDOWN_FIRE,
  modes: [0, 2, 4],
  difficulties: [0, 1],
  setMode: selectByte(0x82, 2),
  tracker: scoreTracker({
    score: bcdScore(0xa1, 0xa6),
    terminal: (ram) => byte(ram, 0xa4) > BOWLING_LAST_FRAME,
    lives: NO_LIVES,
  }),
});

/** Boxing: a score byte of $C0 shows "KO", worth 100 punches. */
const BOXING_KO = 0xc0;
const BOXING_KO_POINTS = 100;
const boxingPoints = (ram: Ram, addr: number) => (byte(ram, addr) === BOXING_KO ? BOXING_KO_POINTS : bcd(ram, addr));

export const boxing = defineGame({
  id: 'boxing',
  name: 'Boxing',
  md5: ['c3ef5c4653212088eda54dc91d787870'],
  actions: ALL,
  difficulties: [0, 1, 2, 3],
  tracker: scoreTracker({
    score: (ram) => boxingPoints(ram, 0x92) - boxingPoints(ram, 0x93),
    // A knockout ends the bout; otherwise the clock ($90 minutes, $91 BCD seconds) reaching 0:00.
    terminal: (ram) =>
      boxingPoints(ram, 0x92) === BOXING_KO_POINTS ||
      boxingPoints(ram, 0x93) === BOXING_KO_POINTS ||
      (highNibble(ram, 0x90) === 0 && bcdByte(byte(ram, 0x91)) === 0),
    lives: NO_LIVES,
  }),
});

/** Breakout: $B9 is the balls left; the game counts as started once it shows 5. */
const BREAKOUT_BALLS = 5;

export const breakout = defineGame({
  id: 'breakout',
  name: 'Breakout',
  md5: ['f34f08e5eb96e500e851a80be3277a56'],
  actions: SIDEWAYS_OR_FIRE,
  modes: range(0, 48, 4),
  difficulties: [0, 1],
  setMode: selectByte(0xb2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lives: BREAKOUT_BALLS, started: false },
    step(ram, s) {
      // Three BCD digits: $CD holds the low two, the low nibble of $CC the hundreds.
      const score = bcdByte(byte(ram, 0xcd)) + 100 * lowNibble(ram, 0xcc);
      s.reward = score - s.score;
      s.score = score;
      const balls = byte(ram, 0xb9);
      if (balls === BREAKOUT_BALLS) s.started = true;
      s.terminal = s.started && balls === 0;
      s.lives = balls;
    },
    lives: livesOrZero,
  }),
});
