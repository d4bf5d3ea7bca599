/** ALE games SwordQuest: EarthWorld … Human Cannonball. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action } from '../../actions.js';
import { ALL, FOUR_WAY, SIDEWAYS_FIRE } from '../action-sets.js';
import { defineGame } from '../define.js';
import { range, selectByte, selectUntil, uchar } from '../modes.js';
import { bcd, byte, lowNibble } from '../ram.js';
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

const { NOOP, FIRE, UP, RIGHT, LEFT, DOWN, DOWNRIGHT, DOWNLEFT, UPFIRE, RIGHTFIRE, LEFTFIRE } = Action;

/** EarthWorld: $A7 counts the clues found; the tenth ends the game. */
const EARTHWORLD_CLUES = 10;

export const earthworld = defineGame({
  id: 'earthworld',
  name: 'SwordQuest: EarthWorld',
  md5: ['5aea9974b975a6a844e6df10d2b861c4'],
  actions: ALL,
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0xa7),
    terminal: (ram) => bcd(ram, 0xa7) === EARTHWORLD_CLUES,
  }),
});

/** Elevator Action needs FIRE held for a while to start: ALE presses it 16 frames. */
const HOLD_FIRE_TO_START = 16;

export const elevatorAction = defineGame({
  id: 'elevator_action',
  name: 'Elevator Action',
  md5: ['71f8bacfbdca019113f3f0801849057e'],
  actions: ALL,
  startingActions: Array<number>(HOLD_FIRE_TO_START).fill(FIRE),
  tracker: scoreTracker({
    score: bcdScore(0x89, 0x88, 0x87),
    // $81 = 0 on the title screen, where the lives byte is 0 too.
    terminal: (ram) => byte(ram, 0x83) === 0 && byte(ram, 0x81) !== 0,
    lives: livesFrom((ram) => byte(ram, 0x83), 4),
  }),
});

/** Enduro: day 1 asks for 200 cars, every later day for 300. */
const ENDURO_FIRST_DAY_CARS = 200;
const ENDURO_LATER_DAY_CARS = 300;

/** Cars passed in the whole race: $AD is the day (0 before the race), $AB–$AC the BCD cars still to pass today. */
function enduroCarsPassed(ram: Ram): number {
  const day = byte(ram, 0xad);
  if (day === 0) return 0;
  const toPass = bcd(ram, 0xab, 0xac);
  if (day === 1) return ENDURO_FIRST_DAY_CARS - toPass;
  return ENDURO_FIRST_DAY_CARS + (day - 2) * ENDURO_LATER_DAY_CARS + ENDURO_LATER_DAY_CARS - toPass;
}

export const enduro = defineGame({
  id: 'enduro',
  name: 'Enduro',
  md5: ['94b92a882f6dbaa6993a46e2dcc58402'],
  actions: [NOOP, FIRE, RIGHT, LEFT, DOWN, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE],
  startingActions: [FIRE],
  tracker: scoreTracker({
    score: enduroCarsPassed,
    // $AF = $FF when the day ends without enough cars passed.
    terminal: byteIs(0xaf, 0xff),
    lives: NO_LIVES,
  }),
});

export const entombed = defineGame({
  id: 'entombed',
  name: 'Entombed',
  md5: ['6b683be69f92958abe0e2a9945157ad5'],
  actions: ALL,
  // FIRE (not RESET) starts the game; then it needs a few frames to set up.
  startingActions: [FIRE, NOOP, NOOP, NOOP, NOOP, NOOP],
  difficulties: [0, 2],
  tracker: scoreTracker({
    // Binary score at $E3; lives in bits 0–1 of $C7.
    score: (ram) => byte(ram, 0xe3),
    terminal: (ram) => (byte(ram, 0xc7) & 0x03) === 0,
  }),
});

/** E.T.: $80 is the game state; 8 is the title screen. */
const ET_TITLE_SCREEN = 8;
/** ALE gives up choosing E.T.'s game after 100 presses. */
const ET_MAX_PRESSES = 100;
/** E.T.'s SELECT needs a long press to register. */
const ET_SELECT_HOLD = 25;
/** ALE keeps E.T.'s lives in a C `char`: $E5 + 1, where $FF (no revivals left) wraps to 0. */
const etLives = (ram: Ram) => ((byte(ram, 0xe5) + 1) << 24) >> 24;

export const et = defineGame({
  id: 'et',
  name: 'E.T. the Extra-Terrestrial',
  md5: ['615a3bf251a38eb6638cdc7ffbde5480'],
  actions: ALL,
  modes: [0, 1, 2],
  difficulties: [0, 1, 2, 3],
  setMode: selectUntil((host, mode) => uchar(host.readRam(0xea) - 1) === mode, {
    hold: ET_SELECT_HOLD,
    maxPresses: ET_MAX_PRESSES,
  }),
  tracker: scoreTracker({
    // Paid only on the interstitial screen, when E.T. boards the ship or runs out of energy.
    score: bcdScore(0xe1, 0xe0, 0xdf),
    terminal: (ram) => etLives(ram) === 0 && byte(ram, 0x80) === ET_TITLE_SCREEN,
    lives: livesFrom(etLives, 0),
  }),
});

/** Fishing Derby: the first to 99 lb ($99 BCD) wins. */
const FISHING_DERBY_WIN = 0x99;
const fishingPounds = (ram: Ram, addr: number) => Math.max(bcd(ram, addr), 0);

export const fishingDerby = defineGame({
  id: 'fishing_derby',
  name: 'Fishing Derby',
  md5: ['b8865f05676e64f3bec72b9defdacfa7'],
  actions: ALL,
  difficulties: [0, 1, 2, 3],
  tracker: scoreTracker({
    score: (ram) => fishingPounds(ram, 0xbd) - fishingPounds(ram, 0xbe),
    terminal: (ram) => byte(ram, 0xbd) === FISHING_DERBY_WIN || byte(ram, 0xbe) === FISHING_DERBY_WIN,
    lives: NO_LIVES,
  }),
});

export const flagCapture = defineGame({
  id: 'flag_capture',
  name: 'Flag Capture',
  md5: ['30512e0e83903fc05541d2f6a6a62654'],
  actions: ALL,
  // Games 9–11: the one-player games against a 75-second clock.
  modes: [8, 9, 10],
  setMode: selectByte(0xd6, 2),
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0xea),
    // $EB: BCD seconds left.
    terminal: (ram) => bcd(ram, 0xeb) === 0,
  }),
});

/** Freeway: one point per crossing; ALE pays at most 1 per frame and nothing for a decrease. */
const freewayReward = (delta: number) => Math.min(Math.max(delta, 0), 1);

export const freeway = defineGame({
  id: 'freeway',
  name: 'Freeway',
  md5: ['8e0ab801b1705a740b476b7f588c6d16'],
  actions: [NOOP, UP, DOWN],
  modes: range(8),
  difficulties: [0, 1],
  setMode: selectByte(0x80),
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0xe7),
    reward: freewayReward,
    // $96 = 1 when the 2:16 timer has run out.
    terminal: byteIs(0x96, 1),
    lives: NO_LIVES,
  }),
});

export const frogger = defineGame({
  id: 'frogger',
  name: 'Frogger',
  md5: ['081e2c114c9c20b61acf25fc95c71bf4'],
  actions: FOUR_WAY,
  modes: [0, 1, 2],
  difficulties: [0, 1],
  // $DD holds the game number; the odd ones (1, 3, 5) are the one-player games.
  setMode: selectByte(0xdd, 2, (mode) => 1 + 2 * mode),
  tracker: scoreTracker({
    score: bcdScore(0xce, 0xcc),
    terminal: byteIs(0xd0, 0xff),
    lives: livesFrom((ram) => byte(ram, 0xd0), 4),
  }),
});

export const frostbite = defineGame({
  id: 'frostbite',
  name: 'Frostbite',
  md5: ['4ca73eb959299471788f0b685c3ba0b5'],
  actions: ALL,
  modes: [0, 2],
  setMode: selectByte(0x80),
  tracker: scoreTracker({
    score: bcdScore(0xca, 0xc9, 0xc8),
    // Spare lives in the low nibble of $CC (at most 9); bit 7 of $F1 once the last one is gone.
    terminal: (ram) => lowNibble(ram, 0xcc) === 0 && (byte(ram, 0xf1) & 0x80) !== 0,
    lives: livesFrom((ram) => lowNibble(ram, 0xcc) + 1, 4),
  }),
});

/** Galaxian's six-digit score wraps at 1,000,000. */
const GALAXIAN_SCORE_WRAP = 1_000_000;

export const galaxian = defineGame({
  id: 'galaxian',
  name: 'Galaxian',
  md5: ['211774f4c5739042618be8ff67351177'],
  actions: SIDEWAYS_FIRE,
  modes: range(1, 10),
  setMode: selectByte(0xb3),
  tracker: scoreTracker({
    score: bcdScore(0xae, 0xad, 0xac),
    reward: wrapAt(GALAXIAN_SCORE_WRAP),
    terminal: (ram) => (byte(ram, 0xbf) & 0x80) !== 0,
    // $B9: spare ships shown below the playfield.
    lives: livesFrom((ram) => byte(ram, 0xb9) + 1, 3),
  }),
});

/** Gopher: one bit per carrot left in $B4 bits 0–2; lives = carrots. */
const GOPHER_CARROT_BITS = 0x07;
const popcount3 = (bits: number) => (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1);

export const gopher = defineGame({
  id: 'gopher',
  name: 'Gopher',
  md5: ['c16c79aad6272baffb8aae9a7fff0864', '8f90590dba143d783df5a6cff2000e4d'],
  actions: [NOOP, FIRE, UP, RIGHT, LEFT, UPFIRE, RIGHTFIRE, LEFTFIRE],
  startingActions: [FIRE],
  modes: [0, 2],
  difficulties: [0, 1],
  setMode: selectUntil((host, mode) => host.readRam(0xd3) === mode, {
    hold: 5,
    before: (host) => host.softReset(),
  }),
  tracker: scoreTracker({
    score: bcdScore(0xb2, 0xb1, 0xb0),
    terminal: (ram) => (byte(ram, 0xb4) & GOPHER_CARROT_BITS) === 0,
    lives: livesFrom((ram) => popcount3(byte(ram, 0xb4) & GOPHER_CARROT_BITS), 3),
  }),
});

/** Gravitar: $81 is the screen, 0 the start screen (ALE counts 6 lives there) and 1 game over. */
const GRAVITAR_START_SCREEN = 0;
const GRAVITAR_GAME_OVER = 1;
const GRAVITAR_START_LIVES = 6;

export const gravitar = defineGame({
  id: 'gravitar',
  name: 'Gravitar',
  md5: ['8ac18076d01a6b63acf6e2cab4968940', '4767356fa0ed3ebe21437b4473d4ee28'],
  actions: ALL,
  startingActions: Array<number>(HOLD_FIRE_TO_START).fill(FIRE),
  modes: range(5),
  // ALE also sets its lives counter per mode here; the soft reset's frames overwrite it.
  setMode: selectByte(0x80, 10),
  tracker: scoreTracker({
    score: bcdScore(0x89, 0x88, 0x87),
    terminal: byteIs(0x81, GRAVITAR_GAME_OVER),
    lives: livesFrom(
      (ram) => (byte(ram, 0x81) === GRAVITAR_START_SCREEN ? GRAVITAR_START_LIVES : byte(ram, 0x84) + 1),
      GRAVITAR_START_LIVES,
    ),
  }),
});

/**
 * Hangman: $EB the guesser's words, $EC the setter's. ALE pays +1 per word
 * guessed, −1 per word missed, and ends the episode at the first change. The
 * game timer $F1 wrapping from $FF to $00 (a minute without guessing) also
 * ends it.
 */
const TIMER_WRAPPED_FROM = 0xff;

export const hangman = defineGame({
  id: 'hangman',
  name: 'Hangman',
  md5: ['f16c709df0a6c52f47ff52b9d95b7d8d'],
  actions: ALL,
  modes: range(4),
  difficulties: [0, 1],
  setMode: selectByte(0xee, 2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, setterScore: 0, guesserScore: 0, timer: -1, previousTimer: -1 },
    step(ram, s) {
      const setter = bcd(ram, 0xec);
      const guesser = bcd(ram, 0xeb);
      s.reward = guesser - s.guesserScore - (setter - s.setterScore);
      s.setterScore = setter;
      s.guesserScore = guesser;
      s.previousTimer = s.timer;
      s.timer = byte(ram, 0xf1);
      s.terminal = s.reward !== 0 || (s.timer === 0 && s.previousTimer === TIMER_WRAPPED_FROM);
    },
    lives: playingLives,
    notSaved: ['timer', 'previousTimer'],
  }),
});

/** Haunted House: escaping with the whole urn ($99 = $44) wins; ALE pays +100 for it and −1 per match lit. */
const HAUNTED_HOUSE_ESCAPED = 0x44;
const HAUNTED_HOUSE_ESCAPE_REWARD = 100;

export const hauntedHouse = defineGame({
  id: 'haunted_house',
  name: 'Haunted House',
  md5: ['f0a6e99f5875891246c3dbecbf2d2cea'],
  actions: ALL,
  modes: range(9),
  difficulties: [0, 1],
  setMode: selectByte(0xcc, 2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, matches: 0, lives: 9 },
    step(ram, s) {
      s.reward = 0;
      // The BCD match counter wraps from 99 to 0; any change is one match.
      const matches = bcd(ram, 0x82);
      if (matches !== s.matches) {
        s.reward -= 1;
        s.matches = matches;
      }
      s.lives = byte(ram, 0x96);
      const escaped = byte(ram, 0x99) === HAUNTED_HOUSE_ESCAPED;
      if (escaped) s.reward += HAUNTED_HOUSE_ESCAPE_REWARD;
      s.terminal = s.lives === 0 || escaped;
    },
    lives: livesOrZero,
  }),
});

export const hero = defineGame({
  id: 'hero',
  name: 'H.E.R.O.',
  md5: ['fca4a5be1251927027f2c24774a02160'],
  actions: ALL,
  modes: range(5),
  setMode: selectByte(0x80),
  tracker: scoreTracker({
    score: bcdScore(0xb9, 0xb8, 0xb7),
    terminal: byteIs(0xb3, 0),
    lives: livesFrom((ram) => byte(ram, 0xb3), 4),
  }),
});

/** Human Cannonball: 7 hits ($B6) or 7 misses ($B7) end the game. */
const HUMAN_CANNONBALL_SHOTS = 7;

export const humanCannonball = defineGame({
  id: 'human_cannonball',
  name: 'Human Cannonball',
  md5: ['7972e5101fa548b952d852db24ad6060'],
  actions: ALL,
  modes: range(8),
  difficulties: [0, 1],
  // Before a game $B6 shows the game number (mode + 1) and $B7 the number of players.
  setMode: selectUntil((host, mode) => uchar(host.readRam(0xb6) - 1) === mode && host.readRam(0xb7) === 1, {
    hold: 2,
  }),
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0xb6),
    terminal: (ram) => bcd(ram, 0xb6) === HUMAN_CANNONBALL_SHOTS || bcd(ram, 0xb7) === HUMAN_CANNONBALL_SHOTS,
  }),
});
