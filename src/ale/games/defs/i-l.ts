/** ALE games Ice Hockey … Lost Luggage. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action, FIRE_ACTIONS, RESET_ACTION } from '../../actions.js';
import { ALL, EIGHT_WAY, FOUR_WAY_OR_FIRE, SIDEWAYS_OR_FIRE } from '../action-sets.js';
import { defineGame } from '../define.js';
import { range, selectByte, selectUntil } from '../modes.js';
import { bcd, bcdByte, byte, lowNibble } from '../ram.js';
import { bcdScore, byteIs, customTracker, livesFrom, NO_LIVES, playingLives, scoreTracker } from '../tracker.js';
import type { MappedMemory, Ram } from '../types.js';

const {
  NOOP,
  FIRE,
  UP,
  RIGHT,
  LEFT,
  DOWN,
  UPRIGHT,
  UPLEFT,
  DOWNRIGHT,
  DOWNLEFT,
  UPFIRE,
  RIGHTFIRE,
  LEFTFIRE,
  DOWNFIRE,
  UPRIGHTFIRE,
  UPLEFTFIRE,
  DOWNRIGHTFIRE,
  DOWNLEFTFIRE,
} = Action;

const goals = (ram: Ram, addr: number) => Math.max(bcd(ram, addr), 0);

export const iceHockey = defineGame({
  id: 'ice_hockey',
  name: 'Ice Hockey',
  md5: ['a4c08c4994eb9d24fb78be1793e82e26', '47711c44723da5d67047990157dcb5dd'],
  actions: ALL,
  modes: [0, 2],
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0x80, 2),
  tracker: scoreTracker({
    score: (ram) => goals(ram, 0x8a) - goals(ram, 0x8b),
    // ALE caps the reward at +1 a frame (a goal for us) but not the penalty.
    reward: (delta) => Math.min(delta, 1),
    // Clock: $87 minutes, $86 seconds.
    terminal: (ram) => byte(ram, 0x87) === 0 && byte(ram, 0x86) === 0,
    lives: NO_LIVES,
  }),
});

/** James Bond: on the title screen $8C shows the mode + $48; $68 is the game-over screen. */
const JAMES_BOND_TITLE_OFFSET = 0x48;
const JAMES_BOND_GAME_OVER = 0x68;

export const jamesbond = defineGame({
  id: 'jamesbond',
  name: 'James Bond 007',
  md5: ['e51030251e440cffaab1ac63438b44ae'],
  actions: ALL,
  modes: [0, 1],
  setMode: selectUntil(
    (host, mode) => host.readRam(0x8c) === mode || host.readRam(0x8c) === mode + JAMES_BOND_TITLE_OFFSET,
    { hold: 20 },
  ),
  tracker: scoreTracker({
    score: bcdScore(0xdc, 0xdd, 0xde),
    terminal: (ram) => lowNibble(ram, 0x86) === 0 && byte(ram, 0x8c) === JAMES_BOND_GAME_OVER,
    // ALE starts James Bond's counter at 6.
    lives: livesFrom((ram) => lowNibble(ram, 0x86) + 1, 6),
  }),
});

/** Journey Escape starts the player with $50,000 of cash; ALE pays nothing for receiving it. */
const JOURNEY_STARTING_CASH = 50_000;

export const journeyEscape = defineGame({
  id: 'journey_escape',
  name: 'Journey Escape',
  md5: ['718ae62c70af4e5fd8e932fee216948a'],
  actions: [
    NOOP,
    UP,
    RIGHT,
    LEFT,
    DOWN,
    UPRIGHT,
    UPLEFT,
    DOWNRIGHT,
    DOWNLEFT,
    RIGHTFIRE,
    LEFTFIRE,
    DOWNFIRE,
    UPRIGHTFIRE,
    UPLEFTFIRE,
    DOWNRIGHTFIRE,
    DOWNLEFTFIRE,
  ],
  startingActions: [FIRE],
  difficulties: [0, 1],
  tracker: scoreTracker({
    score: bcdScore(0x92, 0x91, 0x90),
    reward: (delta) => (delta === JOURNEY_STARTING_CASH ? 0 : delta),
    // Clock: $95 minutes, $96 seconds.
    terminal: (ram) => byte(ram, 0x95) === 0 && byte(ram, 0x96) === 0,
    lives: NO_LIVES,
  }),
});

/** Kaboom! stops at 999,999 points. */
const KABOOM_MAX_SCORE = 999_999;
const kaboomScore = bcdScore(0xa5, 0xa4, 0xa3);

export const kaboom = defineGame({
  id: 'kaboom',
  name: 'Kaboom!',
  md5: ['5428cdfada281c569c74c7308c7f2c26', 'dbdaf82f4f0c415a94d1030271a9ef44'],
  actions: SIDEWAYS_OR_FIRE,
  startingActions: [FIRE],
  tracker: scoreTracker({
    score: kaboomScore,
    // $A1: buckets left.
    terminal: (ram) => byte(ram, 0xa1) === 0 || kaboomScore(ram) === KABOOM_MAX_SCORE,
  }),
});

/** Kangaroo: on the title screen $BA shows the mode + $80. */
const KANGAROO_TITLE_OFFSET = 0x80;

export const kangaroo = defineGame({
  id: 'kangaroo',
  name: 'Kangaroo',
  md5: ['4326edb70ff20d0ee5ba58fa5cb09d60'],
  actions: ALL,
  modes: [0, 1],
  setMode: selectUntil(
    (host, mode) => host.readRam(0xba) === mode || host.readRam(0xba) === mode + KANGAROO_TITLE_OFFSET,
    { hold: 2 },
  ),
  tracker: scoreTracker({
    score: bcdScore(0xa8, 0xa7, undefined, 100),
    terminal: byteIs(0xad, 0xff),
    lives: livesFrom((ram) => (byte(ram, 0xad) & 0x07) + 1, 3),
  }),
});

export const keystoneKapers = defineGame({
  id: 'keystone_kapers',
  name: 'Keystone Kapers',
  md5: ['6c1f3f2e359dbf55df462ccbcdd2f6bf'],
  actions: [
    NOOP,
    FIRE,
    UP,
    RIGHT,
    LEFT,
    DOWN,
    UPRIGHT,
    UPLEFT,
    DOWNRIGHT,
    DOWNLEFT,
    UPFIRE,
    RIGHTFIRE,
    LEFTFIRE,
    DOWNFIRE,
  ],
  startingActions: [RESET_ACTION],
  tracker: scoreTracker({
    score: bcdScore(0x9c, 0x9b),
    terminal: (ram) => byte(ram, 0x96) === 0 && byte(ram, 0x88) === 0,
    lives: livesFrom((ram) => byte(ram, 0x96), 3),
  }),
});

export const kingKong = defineGame({
  id: 'king_kong',
  name: 'King Kong',
  md5: ['0dd4c69b5f9a7ae96a7a08329496779a'],
  actions: FOUR_WAY_OR_FIRE,
  modes: range(4),
  // $EC holds the game number; the even ones are the one-player games.
  setMode: selectByte(0xec, 2, (mode) => 2 * mode),
  tracker: scoreTracker({
    score: bcdScore(0x83, 0x82),
    terminal: byteIs(0xee, 0),
    lives: livesFrom((ram) => byte(ram, 0xee), 3),
  }),
});

/**
 * Klax keeps its score, misses and level in the cartridge's extra RAM, read at
 * $F080–$F0FF: score BCD at $F0B4–$F0B6 (low first), misses $F0EE, the miss
 * limit $F0E9, level $F09D, selected game $F0EA. The bin at the bottom is 25
 * bytes from $B3; tile types 2, 6, 10 and 14 are the flashing grey filler of
 * the end-of-level bonus and 0 is empty: neither counts as a tile.
 */
const KLAX_BIN_FIRST = 0xb3;
const KLAX_BIN_SIZE = 25;
const KLAX_NO_TILE = new Set([0, 2, 6, 10, 14]);
/** $A8 = 4 while a wave is being played. */
const KLAX_PLAYING = 4;
/** Level 100 shows as BCD 99. */
const KLAX_LAST_LEVEL = 0x99;

function klaxScore(bus: MappedMemory): number {
  return bcdByte(bus.peek(0xf0b4)) + 100 * bcdByte(bus.peek(0xf0b5)) + 10_000 * bcdByte(bus.peek(0xf0b6));
}

function klaxBinFull(ram: Ram): boolean {
  let tiles = 0;
  for (let i = 0; i < KLAX_BIN_SIZE; i++) if (!KLAX_NO_TILE.has(byte(ram, KLAX_BIN_FIRST + i))) tiles++;
  return tiles === KLAX_BIN_SIZE;
}

export const klax = defineGame({
  id: 'klax',
  name: 'Klax',
  md5: ['eed9eaf1a0b6a2b9bc4c8032cb43e3fb'],
  actions: ALL,
  startingActions: [FIRE, NOOP],
  modes: [0, 1, 2],
  setMode: selectUntil((host, mode) => host.peek(0xf0ea) === mode, { hold: 2 }),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0 },
    readsCartridgeRam: true,
    step(ram, s, bus) {
      // RecordTracker refuses to step Klax without a bus.
      const memory = bus as MappedMemory;
      const score = klaxScore(memory);
      s.reward = score - s.score;
      s.score = score;
      const misses = memory.peek(0xf0ee);
      const maxMisses = memory.peek(0xf0e9);
      s.terminal =
        (maxMisses > 0 && misses === maxMisses) ||
        (byte(ram, 0xa8) === KLAX_PLAYING && klaxBinFull(ram)) ||
        memory.peek(0xf09d) === KLAX_LAST_LEVEL;
    },
    lives: playingLives,
  }),
});

export const koolaid = defineGame({
  id: 'koolaid',
  name: 'Kool-Aid Man',
  md5: ['534e23210dd1993c828d944c6ac4d9fb'],
  actions: EIGHT_WAY,
  tracker: scoreTracker({
    score: bcdScore(0x81, 0x80, undefined, 100),
    terminal: byteIs(0xd1, 0x80),
    lives: NO_LIVES,
  }),
});

export const krull = defineGame({
  id: 'krull',
  name: 'Krull',
  md5: ['4baada22435320d185c95b7dd2bcdb24', 'cc724ebe74a109e39c0b2784ddc980ca'],
  actions: ALL,
  tracker: scoreTracker({
    score: bcdScore(0x9e, 0x9d, 0x9c),
    terminal: (ram) => byte(ram, 0x9f) === 0 && byte(ram, 0xa2) === 0x03 && byte(ram, 0x80) === 0x80,
    lives: livesFrom((ram) => (byte(ram, 0x9f) & 0x07) + 1, 3),
  }),
});

export const kungFuMaster = defineGame({
  id: 'kung_fu_master',
  name: 'Kung-Fu Master',
  md5: ['5b92a93b23523ff16e2789b820e2a4c5', '0b4e793c9425175498f5a65a3e960086'],
  actions: [
    NOOP,
    UP,
    RIGHT,
    LEFT,
    DOWN,
    DOWNRIGHT,
    DOWNLEFT,
    RIGHTFIRE,
    LEFTFIRE,
    DOWNFIRE,
    UPRIGHTFIRE,
    UPLEFTFIRE,
    DOWNRIGHTFIRE,
    DOWNLEFTFIRE,
  ],
  tracker: scoreTracker({
    score: bcdScore(0x9a, 0x99, 0x98),
    terminal: byteIs(0x9d, 0xff),
    lives: livesFrom((ram) => (byte(ram, 0x9d) & 0x07) + 1, 4),
  }),
});

export const laserGates = defineGame({
  id: 'laser_gates',
  name: 'Laser Gates',
  md5: ['8e4cd60d93fcde8065c1a2b972a26377'],
  actions: ALL,
  startingActions: [RESET_ACTION],
  tracker: scoreTracker({
    score: bcdScore(0x82, 0x81, 0x80),
    // $83: the ship's energy.
    terminal: byteIs(0x83, 0),
    lives: NO_LIVES,
  }),
});

/** Lost Luggage: $C8 = $0A, $A5 = $A9 = 0 once the last suitcase has burst. */
const LOST_LUGGAGE_OVER_SCREEN = 0x0a;

export const lostLuggage = defineGame({
  id: 'lost_luggage',
  name: 'Lost Luggage',
  md5: ['2d76c5d1aad506442b9e9fb67765e051'],
  actions: EIGHT_WAY,
  illegal: FIRE_ACTIONS,
  startingActions: [FIRE],
  modes: [0, 1],
  difficulties: [0, 1],
  // $94 holds the game number; games 1 and 4 are the one-player games.
  setMode: selectByte(0x94, 2, (mode) => 1 + 3 * mode),
  tracker: scoreTracker({
    score: bcdScore(0x96, 0x95, 0x94),
    terminal: (ram) =>
      byte(ram, 0xca) === 0 &&
      byte(ram, 0xc8) === LOST_LUGGAGE_OVER_SCREEN &&
      byte(ram, 0xa5) === 0 &&
      byte(ram, 0xa9) === 0,
    lives: livesFrom((ram) => byte(ram, 0xca), 3),
  }),
});
