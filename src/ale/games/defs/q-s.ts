/** ALE games Q*bert … Surround. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action, FIRE_ACTIONS, RESET_ACTION } from '../../actions.js';
import { ALL, FOUR_WAY, FOUR_WAY_OR_FIRE, SIDEWAYS_FIRE } from '../action-sets.js';
import { defineGame } from '../define.js';
import { range, selectByte, selectUntil } from '../modes.js';
import { bcd, bcdByte, blankableDigits, byte, lowNibble, signedByte, span } from '../ram.js';
import {
  bcdScore,
  byteIs,
  customTracker,
  livesFrom,
  livesOrZero,
  NO_LIVES,
  playingLives,
  scoreTracker,
  wrapAt,
} from '../tracker.js';
import type { Ram } from '../types.js';

const { RIGHT, LEFT, DOWN, NOOP } = Action;

/**
 * Q*bert: $88 counts lives from 2 (4 lives) down to $FE (game over). Q*bert
 * can also die and restart within one frame (the counter jumps from −1 back
 * to 2). ALE counts a life lost whenever the counter drops by exactly one.
 */
const QBERT_GAME_OVER = 0xfe;
const QBERT_FIRST_LIVES_BYTE = 2;

export const qbert = defineGame({
  id: 'qbert',
  name: 'Q*bert',
  md5: ['484b0076816a104875e00467d431c2d2'],
  actions: FOUR_WAY_OR_FIRE,
  difficulties: [0, 1],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lastLivesByte: QBERT_FIRST_LIVES_BYTE, lives: 4 },
    step(ram, s) {
      const livesByte = byte(ram, 0x88);
      s.terminal = livesByte === QBERT_GAME_OVER || (livesByte === QBERT_FIRST_LIVES_BYTE && s.lastLivesByte === -1);
      const signed = signedByte(ram, 0x88);
      if (s.lastLivesByte - 1 === signed) s.lives--;
      s.lastLivesByte = signed;
      // No reward on the final frame: pressing FIRE there restarts and clears the score.
      if (s.terminal) {
        s.reward = 0;
        return;
      }
      const score = bcd(ram, 0xdb, 0xda, 0xd9);
      s.reward = score - s.score;
      s.score = score;
    },
    lives: livesOrZero,
  }),
});

/**
 * River Raid draws each score digit from a sprite table: $CD, $CF, …, $D7
 * (highest first) hold 8 × digit; ALE reads any other value as 0.
 */
const RIVER_RAID_DIGITS_LOW_FIRST = [0xd7, 0xd5, 0xd3, 0xd1, 0xcf, 0xcd] as const;
const RIVER_RAID_DIGIT_HEIGHT = 8;
const RIVER_RAID_MAX_DIGIT_OFFSET = 9 * RIVER_RAID_DIGIT_HEIGHT;

function riverRaidDigit(ram: Ram, addr: number): number {
  const offset = byte(ram, addr);
  return offset % RIVER_RAID_DIGIT_HEIGHT === 0 && offset <= RIVER_RAID_MAX_DIGIT_OFFSET
    ? offset / RIVER_RAID_DIGIT_HEIGHT
    : 0;
}

/**
 * River Raid's $C0 is the sprite offset of the reserve-jets digit: 8 × jets
 * left, except $58 before the first jet reaches the edge of the screen and
 * $59 for the last jet.
 */
const RIVER_RAID_START_BYTE = 0x58;
const RIVER_RAID_LAST_JET_BYTE = 0x59;

function riverRaidLives(s: Readonly<{ terminal: boolean; livesByte: number }>): number {
  if (s.terminal) return 0;
  if (s.livesByte === RIVER_RAID_START_BYTE) return 4;
  if (s.livesByte === RIVER_RAID_LAST_JET_BYTE) return 1;
  return Math.floor(s.livesByte / RIVER_RAID_DIGIT_HEIGHT) + 1;
}

export const riverraid = defineGame({
  id: 'riverraid',
  name: 'River Raid',
  md5: ['393948436d1f4cc3192410bb918f9724', 'da5096000db5fdaa8d02db57d9367998'],
  actions: ALL,
  difficulties: [0, 1],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, livesByte: RIVER_RAID_START_BYTE },
    step(ram, s) {
      let score = 0;
      let weight = 1;
      for (const addr of RIVER_RAID_DIGITS_LOW_FIRST) {
        score += weight * riverRaidDigit(ram, addr);
        weight *= 10;
      }
      s.reward = score - s.score;
      s.score = score;
      const livesByte = byte(ram, 0xc0);
      // Over when the last jet's digit changes back to $58.
      s.terminal = livesByte === RIVER_RAID_START_BYTE && s.livesByte === RIVER_RAID_LAST_JET_BYTE;
      s.livesByte = livesByte;
    },
    lives: riverRaidLives,
  }),
});

/** Road Runner's four score digits (hundreds), lowest first. */
const ROAD_RUNNER_DIGITS = span(0xc9, 4);

export const roadRunner = defineGame({
  id: 'road_runner',
  name: 'Road Runner',
  md5: ['ce5cc62608be2cd3ed8abd844efb8919', '7d3cdde63b16fa637c4484e716839c94'],
  actions: ALL,
  tracker: scoreTracker({
    score: (ram) => 100 * blankableDigits(ram, ROAD_RUNNER_DIGITS),
    // Over when no spare lives are left and the Road Runner is moving ($B9 y
    // velocity, $BD x velocity while dying).
    terminal: (ram) => (byte(ram, 0xc4) & 0x07) === 0 && (byte(ram, 0xb9) !== 0 || byte(ram, 0xbd) !== 0),
    lives: livesFrom((ram) => (byte(ram, 0xc4) & 0x07) + 1, 3),
  }),
});

/** Robot Tank: the score is enemies destroyed, $B6 squadrons of 12 plus $B5 tanks. */
const ROBOTANK_SQUADRON = 12;

export const robotank = defineGame({
  id: 'robotank',
  name: 'Robot Tank',
  md5: ['4f618c2429138e0280969193ed6c107e'],
  actions: ALL,
  tracker: scoreTracker({
    score: (ram) => ROBOTANK_SQUADRON * byte(ram, 0xb6) + byte(ram, 0xb5),
    terminal: (ram) => byte(ram, 0xa8) === 0 && byte(ram, 0xb4) === 0xff,
    lives: livesFrom((ram) => lowNibble(ram, 0xa8) + 1, 4),
  }),
});

export const seaquest = defineGame({
  id: 'seaquest',
  name: 'Seaquest',
  md5: ['240bfbac5163af4df5ae713985386f92'],
  actions: ALL,
  difficulties: [0, 1],
  tracker: scoreTracker({
    score: bcdScore(0xba, 0xb9, 0xb8),
    terminal: (ram) => byte(ram, 0xa3) !== 0,
    lives: livesFrom((ram) => byte(ram, 0xbb) + 1, 4),
  }),
});

export const sirLancelot = defineGame({
  id: 'sir_lancelot',
  name: 'Sir Lancelot',
  md5: ['dd0cbe5351551a538414fb9e37fc56e8'],
  actions: SIDEWAYS_FIRE,
  startingActions: [RESET_ACTION, LEFT],
  tracker: scoreTracker({
    score: bcdScore(0xa0, 0x9f, 0x9e),
    terminal: (ram) => byte(ram, 0xa9) === 0 && byte(ram, 0xa7) === 0xa0,
    lives: livesFrom((ram) => byte(ram, 0xa9), 3),
  }),
});

/** Skiing's clock: $E8 minutes, $E9–$EA BCD centiseconds. ALE pays −1 per centisecond. */
const CENTISECONDS_PER_MINUTE = 6000;
/** ALE points the skier downhill for 16 frames to start. */
const SKIING_START_FRAMES = 16;

export const skiing = defineGame({
  id: 'skiing',
  name: 'Skiing',
  md5: ['b76fbadc8ffb1f83e2ca08b6fb4d6c9f', '367411b78119299234772c08df10e134'],
  actions: [NOOP, RIGHT, LEFT],
  illegal: FIRE_ACTIONS,
  startingActions: Array<number>(SKIING_START_FRAMES).fill(DOWN),
  tracker: scoreTracker({
    score: (ram) => CENTISECONDS_PER_MINUTE * byte(ram, 0xe8) + bcd(ram, 0xea, 0xe9),
    reward: (delta) => -delta,
    terminal: byteIs(0x91, 0xff),
    lives: NO_LIVES,
  }),
});

export const solaris = defineGame({
  id: 'solaris',
  name: 'Solaris',
  md5: ['e72eb8d4410152bdcb69e7fba327b420'],
  actions: ALL,
  tracker: scoreTracker({
    // Six BCD digits kept, five shown; tens.
    score: bcdScore(0xdc, 0xdd, 0xde, 10),
    terminal: byteIs(0xd9, 0),
    lives: livesFrom((ram) => lowNibble(ram, 0xd9), 3),
  }),
});

/** Space Invaders' four-digit score wraps at 10,000. */
const SPACE_INVADERS_SCORE_WRAP = 10_000;

export const spaceInvaders = defineGame({
  id: 'space_invaders',
  name: 'Space Invaders',
  md5: ['72ffbef6504b75e69ee1045af9075f66', '61dbe94f110f30ca4ec524ae5ce2d026'],
  actions: SIDEWAYS_FIRE,
  modes: range(16),
  difficulties: [0, 1],
  setMode: selectByte(0xdc, 2),
  tracker: scoreTracker({
    score: bcdScore(0xe8, 0xe6),
    reward: wrapAt(SPACE_INVADERS_SCORE_WRAP),
    // Bit 7 of $98 is set once the game is over.
    terminal: (ram) => (byte(ram, 0x98) & 0x80) !== 0 || byte(ram, 0xc9) === 0,
    lives: livesFrom((ram) => byte(ram, 0xc9), 3),
  }),
});

/**
 * Space War: 10 points win; $80 is a timer counting up every 256 frames from
 * $74, so it wraps to 0 after about 10 minutes.
 */
const SPACE_WAR_WINNING_POINTS = 10;

export const spaceWar = defineGame({
  id: 'space_war',
  name: 'Space War',
  md5: ['b702641d698c60bcdc922dbd8c9dd49c'],
  actions: ALL,
  // Games 1–5 cannot be won without a second player, so ALE offers 6–17.
  modes: range(6, 18),
  setMode: selectUntil((host, mode) => bcdByte(host.readRam(0xa7)) === mode, { hold: 2 }),
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0xa7),
    terminal: (ram) => bcd(ram, 0xa7) === SPACE_WAR_WINNING_POINTS || byte(ram, 0x80) === 0,
  }),
});

/** Star Gunner's four score digits (hundreds), lowest first. */
const STAR_GUNNER_DIGITS = span(0x83, 4);
/** $87 shows 5 once a game has started (it reads 6 on the title screen). */
const STAR_GUNNER_START_LIVES = 5;

export const starGunner = defineGame({
  id: 'star_gunner',
  name: 'Star Gunner',
  md5: ['a3c1c70024d7aabb41381adbfb6d3b25'],
  actions: ALL,
  modes: range(4),
  setMode: selectByte(0xf4, 15),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lives: STAR_GUNNER_START_LIVES, started: false },
    step(ram, s) {
      const score = 100 * blankableDigits(ram, STAR_GUNNER_DIGITS);
      s.reward = score - s.score;
      s.score = score;
      const livesByte = byte(ram, 0x87);
      s.terminal = livesByte === 0;
      if (livesByte === STAR_GUNNER_START_LIVES) s.started = true;
      s.lives = s.started ? livesByte & 0x0f : STAR_GUNNER_START_LIVES;
    },
    lives: livesOrZero,
  }),
});

/**
 * Superman ends when Clark Kent ($9F bit 6) walks into the Daily Planet room
 * (room pointer $80–$81 = $F2AC). ALE then pays the time left of the in-game
 * clock's 99:59 ($E3 minutes, $E2 seconds, BCD).
 */
const SUPERMAN_DAILY_PLANET = 0xf2ac;
const SUPERMAN_CLARK_KENT = 0x40;
const SUPERMAN_MAX_SECONDS = 99 * 60 + 59;

export const superman = defineGame({
  id: 'superman',
  name: 'Superman',
  md5: ['a9531c763077464307086ec9a1fd057d'],
  actions: ALL,
  difficulties: [0, 1, 2, 3],
  tracker: customTracker({
    initial: { reward: 0, terminal: false, seconds: 0 },
    step(ram, s) {
      s.seconds = 60 * bcd(ram, 0xe3) + bcd(ram, 0xe2);
      const room = byte(ram, 0x80) | (byte(ram, 0x81) << 8);
      s.terminal = (byte(ram, 0x9f) & SUPERMAN_CLARK_KENT) !== 0 && room === SUPERMAN_DAILY_PLANET;
      s.reward = s.terminal ? SUPERMAN_MAX_SECONDS - s.seconds : 0;
    },
    lives: playingLives,
  }),
});

/** Surround: the first to 10 points wins. */
const SURROUND_WINNING_POINTS = 10;

export const surround = defineGame({
  id: 'surround',
  name: 'Surround',
  md5: ['4d7517ae69f95cfbc053be01312b7dba'],
  actions: FOUR_WAY,
  // Games 1 and 3: the one-player games, the second one faster.
  modes: [0, 2],
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0xf9, 2, (mode) => mode + 1),
  tracker: scoreTracker({
    // $F7 the player's points, $F6 the computer's.
    score: (ram) => bcd(ram, 0xf7) - bcd(ram, 0xf6),
    terminal: (ram) => bcd(ram, 0xf6) === SURROUND_WINNING_POINTS || bcd(ram, 0xf7) === SURROUND_WINNING_POINTS,
  }),
});
