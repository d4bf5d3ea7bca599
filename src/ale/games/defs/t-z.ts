/** ALE games Tennis … Zaxxon. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action } from '../../actions.js';
import { ALL, EIGHT_WAY_OR_FIRE, FOUR_WAY_FIRE, UPDOWN_FIRE } from '../action-sets.js';
import { defineGame } from '../define.js';
import { actUntil, MAX_SELECT_PRESSES, pressSelectUntil, range, selectByte, selectUntil } from '../modes.js';
import { bcd, bcdByte, byte, highNibble, lowNibble, signedByte } from '../ram.js';
import { bcdScore, byteIs, customTracker, livesFrom, livesOrZero, playingLives, scoreTracker } from '../tracker.js';
import type { Ram } from '../types.js';

const { NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT, UPFIRE, RIGHTFIRE, LEFTFIRE } = Action;

/**
 * Tennis: $C5/$C6 the points in the current game, $C7/$C8 the games won
 * (player, computer). ALE pays the change in the game difference when a game
 * ends, otherwise the change in the point difference. A set is won with 6
 * games by 2, or 7.
 */
const TENNIS_SET_GAMES = 6;
const TENNIS_MAX_GAMES = 7;

export const tennis = defineGame({
  id: 'tennis',
  name: 'Tennis',
  md5: ['42cdd6a9e42a3639e190722b8ea3fc51', 'a5c96b046d5f8b7c96daaa12f925bef8'],
  actions: ALL,
  modes: [0, 2],
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0x80, 2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, gameLead: 0, pointLead: 0 },
    step(ram, s) {
      const myGames = byte(ram, 0xc7);
      const theirGames = byte(ram, 0xc8);
      const gameLead = myGames - theirGames;
      const pointLead = byte(ram, 0xc5) - byte(ram, 0xc6);
      if (gameLead !== s.gameLead) s.reward = gameLead - s.gameLead;
      else if (pointLead !== s.pointLead) s.reward = pointLead - s.pointLead;
      else s.reward = 0;
      s.gameLead = gameLead;
      s.pointLead = pointLead;
      s.terminal =
        (myGames >= TENNIS_SET_GAMES && gameLead >= 2) ||
        (theirGames >= TENNIS_SET_GAMES && -gameLead >= 2) ||
        myGames === TENNIS_MAX_GAMES ||
        theirGames === TENNIS_MAX_GAMES;
    },
    // ALE reports no lives for Tennis.
    lives: () => 0,
  }),
});

/**
 * Tetris (Colin Hughes' homebrew): lines cleared in BCD at $F1–$F2, bit 7 of
 * $F3 set when the game is over. ALE pays only increases and keeps no lives
 * counter (it reports 0).
 */
export const tetris = defineGame({
  id: 'tetris',
  name: 'Tetris',
  md5: ['b0e1ee07fbc73493eac5651a52f90f00'],
  actions: [NOOP, FIRE, RIGHT, LEFT, DOWN],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, started: false },
    step(ram, s) {
      const score = bcd(ram, 0xf1, 0xf2);
      s.reward = score > s.score ? score - s.score : 0;
      s.score = score;
      s.started = true;
      s.terminal = (byte(ram, 0xf3) & 0x80) !== 0;
      if (s.terminal) {
        s.score = 0;
        s.started = false;
      }
    },
    lives: () => 0,
  }),
});

/**
 * 3-D Tic-Tac-Toe: when a game is won the return address $F310 is on the
 * stack ($FE low, $FF high) and $E1 names the winner ($08 X, the player; $28
 * O). A board (the 64 cells $9A–$D9) without an empty cell is a draw, where
 * the game just waits.
 */
const TTT_WIN_RETURN_LOW = 0x10;
const TTT_WIN_RETURN_HIGH = 0xf3;
const TTT_PLAYER_MARK = 0x08;
const TTT_FIRST_CELL = 0x9a;
const TTT_LAST_CELL = 0xd9;

export const ticTacToe3d = defineGame({
  id: 'tic_tac_toe_3d',
  name: '3-D Tic-Tac-Toe',
  md5: ['0db4f4150fecf77e4ce72ca4d04c052f'],
  actions: EIGHT_WAY_OR_FIRE,
  modes: range(9),
  difficulties: [0, 2],
  setMode: selectByte(0x88, 2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false },
    step(ram, s) {
      s.reward = 0;
      if (byte(ram, 0xff) === TTT_WIN_RETURN_HIGH && byte(ram, 0xfe) === TTT_WIN_RETURN_LOW) {
        s.reward = byte(ram, 0xe1) === TTT_PLAYER_MARK ? 1 : -1;
        s.terminal = true;
      }
      for (let addr = TTT_FIRST_CELL; addr <= TTT_LAST_CELL; addr++) if (byte(ram, addr) === 0) return;
      s.terminal = true;
    },
    lives: playingLives,
  }),
});

/** Time Pilot: low nibble of $80 is the screen, 2 while flying; ALE reads lives only then. */
const TIME_PILOT_FLYING = 2;

export const timePilot = defineGame({
  id: 'time_pilot',
  name: 'Time Pilot',
  md5: ['fc2104dd2dadf9a6176c1c1c8f87ced9'],
  actions: FOUR_WAY_FIRE,
  difficulties: [0, 1, 2],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lives: 5 },
    step(ram, s) {
      const score = 100 * bcd(ram, 0x8d, 0x8f);
      s.reward = score - s.score;
      s.score = score;
      s.terminal = byte(ram, 0xa0) !== 0;
      if (lowNibble(ram, 0x80) === TIME_PILOT_FLYING) s.lives = (byte(ram, 0x8b) & 0x07) + 1;
    },
    lives: livesOrZero,
  }),
});

/** Tron: Deadly Discs: $C8 counts hits taken; the fifth ends the game. */
const TRON_HITS = 5;

export const trondead = defineGame({
  id: 'trondead',
  name: 'Tron: Deadly Discs',
  md5: ['fb27afe896e7c928089307b32e5642ee'],
  actions: ALL,
  difficulties: [0, 1],
  tracker: scoreTracker({
    score: bcdScore(0xbf, 0xbe, 0xbd),
    terminal: byteIs(0xc8, TRON_HITS),
    lives: livesFrom((ram) => TRON_HITS - byte(ram, 0xc8), TRON_HITS),
  }),
});

export const turmoil = defineGame({
  id: 'turmoil',
  name: 'Turmoil',
  md5: ['7a5463545dfb2dcfdafa6074b2f2c15e'],
  actions: [NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE],
  startingActions: [FIRE],
  modes: range(9),
  setMode: selectByte(0xea, 2),
  tracker: scoreTracker({
    // Tens: BCD $89–$8A plus the binary bonus in $D3.
    score: (ram) => 10 * (bcd(ram, 0x89, 0x8a) + byte(ram, 0xd3)),
    terminal: (ram) => byte(ram, 0xb9) === 0 && byte(ram, 0xc5) === 0x01,
    lives: livesFrom((ram) => byte(ram, 0xb9), 4),
  }),
});

/** Tutankham: $81 = $84 right after power-on (before a game), when the lives byte is 0 too. */
const TUTANKHAM_POWER_ON = 0x84;

export const tutankham = defineGame({
  id: 'tutankham',
  name: 'Tutankham',
  md5: ['085322bae40d904f53bdcc56df0593fc', '66c2380c71709efa7b166621e5bb4558'],
  actions: [NOOP, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE],
  modes: [0, 4, 8, 12],
  setMode: selectByte(0xab, 2),
  tracker: scoreTracker({
    score: bcdScore(0x9c, 0x9a),
    terminal: (ram) => byte(ram, 0x9e) === 0 && byte(ram, 0x81) !== TUTANKHAM_POWER_ON,
    lives: livesFrom((ram) => byte(ram, 0x9e) & 0x03, 3),
  }),
});

/** Up 'n Down: $94 is the death timer; past $40 with no lives left the game is over. */
const UP_N_DOWN_DEATH_TIMER = 0x40;

export const upNDown = defineGame({
  id: 'up_n_down',
  name: "Up 'n Down",
  md5: ['a499d720e7ee35c62424de882a3351b6'],
  actions: UPDOWN_FIRE,
  startingActions: [FIRE],
  difficulties: [0, 1, 2, 3],
  tracker: scoreTracker({
    score: bcdScore(0x82, 0x81, 0x80),
    terminal: (ram) => byte(ram, 0x94) > UP_N_DOWN_DEATH_TIMER && lowNibble(ram, 0x86) === 0,
    lives: livesFrom((ram) => lowNibble(ram, 0x86) + 1, 5),
  }),
});

export const venture = defineGame({
  id: 'venture',
  name: 'Venture',
  md5: ['3e899eba0ca8cd2972da1ae5479b4f0d', 'c63a98ca404aa5ee9fcff1de488c3f43'],
  actions: ALL,
  difficulties: [0, 1, 2, 3],
  tracker: scoreTracker({
    score: bcdScore(0xc8, 0xc7, undefined, 100),
    // No lives left, the death tune ($CD = $FF) and the death flag ($BF bit 7).
    terminal: (ram) => byte(ram, 0xc6) === 0 && byte(ram, 0xcd) === 0xff && (byte(ram, 0xbf) & 0x80) !== 0,
    lives: livesFrom((ram) => (byte(ram, 0xc6) & 0x07) + 1, 4),
  }),
});

/**
 * Video Checkers' board: 32 squares at $80–$87, $89–$90, $92–$99, $9B–$A2.
 * $10/$20 are the player's (black) men/kings, $90/$A0 the computer's. A side
 * without pieces has lost; in reverse checkers (games 11–19) that side wins.
 */
const CHECKERS_ROWS: readonly (readonly [number, number])[] = [
  [0x80, 0x87],
  [0x89, 0x90],
  [0x92, 0x99],
  [0x9b, 0xa2],
];
const CHECKERS_BLACK = new Set([0x10, 0x20]);
const CHECKERS_WHITE = new Set([0x90, 0xa0]);
/** Games 11–19 (reverse checkers) are stored as 17–25 at $F6. */
const CHECKERS_REVERSE_FIRST = 11;
const CHECKERS_REVERSE_OFFSET = 6;

function countCheckers(ram: Ram, side: ReadonlySet<number>): number {
  let count = 0;
  for (const [first, last] of CHECKERS_ROWS) for (let a = first; a <= last; a++) if (side.has(byte(ram, a))) count++;
  return count;
}

export const videoCheckers = defineGame({
  id: 'video_checkers',
  name: 'Video Checkers',
  md5: ['539d26b6e9df0da8e7465f0f5ad863b7'],
  actions: [FIRE, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT],
  modes: [...range(1, 10), ...range(11, 20)],
  setMode: (mode, host, state, game) => {
    state.reverse = mode >= CHECKERS_REVERSE_FIRST;
    const shown = state.reverse ? mode + CHECKERS_REVERSE_OFFSET : mode;
    pressSelectUntil(host, () => host.readRam(0xf6) === shown, 1, MAX_SELECT_PRESSES, game, mode);
    host.softReset();
  },
  tracker: customTracker({
    initial: { reward: 0, terminal: false, reverse: false },
    step(ram, s) {
      // ALE sets the reward only when a side is wiped out and never clears it.
      if (countCheckers(ram, CHECKERS_BLACK) === 0) {
        s.reward = s.reverse ? 1 : -1;
        s.terminal = true;
      } else if (countCheckers(ram, CHECKERS_WHITE) === 0) {
        s.reward = s.reverse ? -1 : 1;
        s.terminal = true;
      }
    },
    lives: playingLives,
    notSaved: ['reverse'],
  }),
});

/**
 * Video Chess: $E1 = $82 when it is white's (the player's) turn; only then is
 * $EE meaningful: 0 black is mated, 1 white is mated (3 while playing). The
 * computer tries moves on the board while thinking, so other frames are ignored.
 */
const CHESS_WHITE_TO_MOVE = 0x82;
const CHESS_BLACK_MATED = 0x00;
const CHESS_WHITE_MATED = 0x01;

export const videoChess = defineGame({
  id: 'video_chess',
  name: 'Video Chess',
  md5: ['f0b7db930ca0e548c41a97160b9f6275'],
  actions: EIGHT_WAY_OR_FIRE,
  // Levels 1–5 (higher levels can move twice per turn).
  modes: range(5),
  setMode: selectByte(0xea),
  tracker: customTracker({
    initial: { reward: 0, terminal: false },
    step(ram, s) {
      s.reward = 0;
      if (byte(ram, 0xe1) !== CHESS_WHITE_TO_MOVE) return;
      const mate = byte(ram, 0xee);
      if (mate === CHESS_BLACK_MATED) {
        s.reward = 1;
        s.terminal = true;
      } else if (mate === CHESS_WHITE_MATED) {
        s.reward = -1;
        s.terminal = true;
      }
    },
    lives: playingLives,
  }),
});

/**
 * Video Cube: the six faces are 9 bytes each from $A0 (one colour index per
 * square). ALE pays the change in the number of single-coloured faces, and
 * −1 and game over when the timer $DB wraps from $FF to 0 (the computer
 * takes over). ALE's mode is cube × 100 + variation, variations 0–2 being
 * the game's 1, 3 and 9; the cube (1–50) is chosen with RIGHT after a reset.
 */
const CUBE_FACES = 6;
const CUBE_SQUARES = 9;
const CUBE_FIRST_SQUARE = 0xa0;
const CUBE_COUNT = 50;
const CUBE_MODE_STRIDE = 100;
const CUBE_VARIATIONS = [1, 3, 9] as const;
/** $FB: the game number − 1 in bits 0–4 (the top bits are used for something else). */
const CUBE_GAME_BITS = 0x1f;
const TIMER_WRAPPED_FROM = 0xff;
/** ALE waits about a second, then presses FIRE to start and waits two frames. */
const CUBE_START_WAIT = 61;

function solvedFaces(ram: Ram): number {
  let solved = 0;
  for (let face = 0; face < CUBE_FACES; face++) {
    const first = CUBE_FIRST_SQUARE + face * CUBE_SQUARES;
    const colour = byte(ram, first);
    let same = true;
    for (let i = 1; i < CUBE_SQUARES && same; i++) same = byte(ram, first + i) === colour;
    if (same) solved++;
  }
  return solved;
}

export const videoCube = defineGame({
  id: 'video_cube',
  name: 'Video Cube',
  md5: ['3f540a30fdee0b20aed7288e4a5ea528'],
  actions: ALL,
  startingActions: [...Array<number>(CUBE_START_WAIT).fill(NOOP), FIRE, NOOP, NOOP],
  modes: range(CUBE_COUNT + 1).flatMap((cube) => range(CUBE_VARIATIONS.length).map((v) => cube * CUBE_MODE_STRIDE + v)),
  difficulties: [0, 1],
  setMode: (mode, host, state, game) => {
    // Modes below 100 keep the cube reset() chose (1).
    if (mode >= CUBE_MODE_STRIDE) state.cube = Math.floor(mode / CUBE_MODE_STRIDE);
    const game0 = (CUBE_VARIATIONS[mode % CUBE_MODE_STRIDE] as number) - 1;
    pressSelectUntil(host, () => (host.readRam(0xfb) & CUBE_GAME_BITS) === game0, 2, MAX_SELECT_PRESSES, game, mode);
    host.softReset();
    actUntil(host, () => bcdByte(host.readRam(0x9f)) === state.cube, [RIGHT], game, mode);
  },
  tracker: customTracker({
    // ALE's reset leaves the timer history alone and its saveState skips it;
    // the reset sequence's frames overwrite it before it matters.
    initial: { reward: 0, terminal: false, cube: 1, solved: 0, timer: 0, previousTimer: 0 },
    step(ram, s) {
      const solved = solvedFaces(ram);
      s.previousTimer = s.timer;
      s.timer = byte(ram, 0xdb);
      const timedOut = s.timer === 0 && s.previousTimer === TIMER_WRAPPED_FROM;
      s.reward = timedOut ? -1 : solved - s.solved;
      s.solved = solved;
      s.terminal = timedOut || solved === CUBE_FACES;
    },
    lives: playingLives,
    notSaved: ['timer', 'previousTimer'],
  }),
});

export const videoPinball = defineGame({
  id: 'video_pinball',
  name: 'Video Pinball',
  md5: ['107cc025334211e6d29da0b6be46aec7', 'a2424c1a0c783d7585d701b1c71b5fdc'],
  actions: [NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE],
  modes: [0, 2],
  difficulties: [0, 1],
  setMode: selectByte(0xc1, 2),
  tracker: scoreTracker({
    score: bcdScore(0xb0, 0xb2, 0xb4),
    terminal: (ram) => (byte(ram, 0xaf) & 0x01) !== 0,
    // $99 is the ball in play (1 = three balls left); $A8 bit 0 an extra ball.
    lives: livesFrom((ram) => 4 + (byte(ram, 0xa8) & 0x01) - (byte(ram, 0x99) & 0x07), 3),
  }),
});

/**
 * Wizard of Wor: the score (hundreds) is BCD at $86, $88 with $8000 added
 * past 800,000 points; ALE subtracts it. The lives digit ($8D) drops as a
 * warrior enters the dungeon, so ALE reads it only while waiting ($D7 bit 0
 * clear). $F4 = $F8 on the game-over screen.
 */
const WIZARD_SCORE_FLAG = 8000;
const WIZARD_GAME_OVER = 0xf8;

export const wizardOfWor = defineGame({
  id: 'wizard_of_wor',
  name: 'Wizard of Wor',
  md5: ['7e8aa18bc9502eb57daaf5e7c1e94da7', '663ef22eb399504d5204c543b8a86bcd'],
  actions: FOUR_WAY_FIRE,
  difficulties: [0, 1],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lives: 3 },
    step(ram, s) {
      let hundreds = bcd(ram, 0x86, 0x88);
      if (hundreds >= WIZARD_SCORE_FLAG) hundreds -= WIZARD_SCORE_FLAG;
      const score = 100 * hundreds;
      s.reward = score - s.score;
      s.score = score;
      const lives = lowNibble(ram, 0x8d);
      s.terminal = lives === 0 && byte(ram, 0xf4) === WIZARD_GAME_OVER;
      if ((byte(ram, 0xd7) & 0x01) === 0) s.lives = lives;
    },
    lives: livesOrZero,
  }),
});

/**
 * Word Zapper: while the clock $CF runs, $DC counts rounds left (3 → $FF),
 * and ALE's score is rounds played; $DE is time left (BCD). Three rounds, the
 * time running out or the Doomsday asteroid (which zeroes the time) end it.
 * While the clock is stopped ALE changes nothing, not even the reward.
 */
const WORD_ZAPPER_ROUNDS = 3;
/** Word Zapper plays an 8-second intro: ALE waits 486 frames, then FIRE and two NOOPs. */
const WORD_ZAPPER_INTRO_FRAMES = 486;

export const wordZapper = defineGame({
  id: 'word_zapper',
  name: 'Word Zapper',
  md5: ['ec3beb6d8b5689e867bafb5d5f507491'],
  actions: ALL,
  startingActions: [...Array<number>(WORD_ZAPPER_INTRO_FRAMES).fill(NOOP), FIRE, NOOP, NOOP],
  modes: range(24),
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0xdb, 2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0 },
    step(ram, s) {
      if (bcd(ram, 0xcf) <= 0) return;
      const score = WORD_ZAPPER_ROUNDS - 1 - signedByte(ram, 0xdc);
      s.reward = score - s.score;
      s.score = score;
      s.terminal = score === WORD_ZAPPER_ROUNDS || bcd(ram, 0xde) === 0;
    },
    lives: playingLives,
  }),
});

export const yarsRevenge = defineGame({
  id: 'yars_revenge',
  name: "Yars' Revenge",
  md5: ['c5930d0e8cdae3e037349bfa08e871be', 'ee8027d554d14c8d0b86f94737d2fdcc'],
  actions: ALL,
  startingActions: [FIRE],
  modes: [0x00, 0x20, 0x40, 0x60],
  difficulties: [0, 1],
  // A first press opens the game-select screen.
  setMode: selectUntil((host, mode) => host.readRam(0xe3) === mode, { before: (host) => host.pressSelect(2) }),
  tracker: scoreTracker({
    score: bcdScore(0xe2, 0xe1, 0xe0),
    terminal: (ram) => highNibble(ram, 0x9e) === 0,
    lives: livesFrom((ram) => highNibble(ram, 0x9e), 4),
  }),
});

export const zaxxon = defineGame({
  id: 'zaxxon',
  name: 'Zaxxon',
  md5: ['eea0da9b987d661264cce69a7c13c3bd'],
  actions: ALL,
  modes: [0, 8, 16, 24],
  setMode: selectByte(0x82, 10),
  tracker: scoreTracker({
    score: bcdScore(0xe9, 0xe8, undefined, 100),
    // Lives are 0 before RESET is pressed: this needs ALE's reset sequence to have run.
    terminal: (ram) => (byte(ram, 0xea) & 0x07) === 0,
    lives: livesFrom((ram) => byte(ram, 0xea) & 0x07, 5),
  }),
});
