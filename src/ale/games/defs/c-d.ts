/** ALE games Carnival … Double Dunk. RAM facts from ALE 0.12's `RomSettings` sources. */
import { Action } from '../../actions.js';
import { ALL, EIGHT_WAY, SIDEWAYS_FIRE, UPDOWN_OR_FIRE } from '../action-sets.js';
import { defineGame } from '../define.js';
import { actUntil, MAX_SELECT_PRESSES, pressSelectUntil, range, selectByte, selectUntil, uchar } from '../modes.js';
import { bcd, blankableDigits, byte, lowNibble, span } from '../ram.js';
import {
  bcdScore,
  byteIs,
  customTracker,
  livesFrom,
  livesFromKept,
  livesOrZero,
  NO_LIVES,
  nonNegative,
  playingLives,
  scoreTracker,
} from '../tracker.js';
import type { GameHost } from '../types.js';

const { NOOP, FIRE, RIGHT, LEFT, DOWN, UPFIRE } = Action;

export const carnival = defineGame({
  id: 'carnival',
  name: 'Carnival',
  md5: ['028024fb8e5e5f18ea586652f9799c96', 'de29e46dbea003c3c09c892d668b9413'],
  actions: SIDEWAYS_FIRE,
  tracker: scoreTracker({
    score: bcdScore(0xae, 0xad, undefined, 10),
    // Out of bullets ($83) ends the game.
    terminal: byteIs(0x83, 0),
    lives: NO_LIVES,
  }),
});

/** Casino game 4 (ALE mode 3) is Poker Solitaire; $9E = $AA once its final score is counted. */
const CASINO_POKER_SOLITAIRE = 3;
const CASINO_SOLITAIRE_SCORED = 0xaa;
/** $D3 bit 7: the player's input is disabled (between hands, and when the game ends). */
const CASINO_INPUT_DISABLED = 0x80;
/** ALE waits a second (60 frames) for the shuffle, then presses FIRE twice to join the game. */
const CASINO_SHUFFLE_FRAMES = 60;

export const casino = defineGame({
  id: 'casino',
  name: 'Casino',
  md5: ['b816296311019ab69a21cb9e9e235d12'],
  actions: UPDOWN_OR_FIRE,
  startingActions: [...Array<number>(CASINO_SHUFFLE_FRAMES).fill(NOOP), FIRE, FIRE],
  // Game 1 Blackjack, game 3 Stud Poker, game 4 Poker Solitaire (game 2 only adds players).
  modes: [0, 2, 3],
  difficulties: [0, 1, 2, 3],
  setMode: selectByte(0xd4, 2),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0 },
    step(ram, s) {
      const chips = bcd(ram, 0x95, 0x8c);
      if (byte(ram, 0xd4) === CASINO_POKER_SOLITAIRE) {
        s.reward = chips - s.score;
        s.terminal = chips > 0 && byte(ram, 0x9e) === CASINO_SOLITAIRE_SCORED;
      } else {
        // The game hands back 1000 chips as it ends; ALE keeps the previous
        // frame's reward while input is disabled so that refill is not paid.
        const inputDisabled = (byte(ram, 0xd3) & CASINO_INPUT_DISABLED) !== 0;
        if (!inputDisabled) s.reward = chips - s.score;
        const bet = bcd(ram, 0x9e);
        s.terminal = chips === 0 || (bet > 0 && inputDisabled);
      }
      s.score = chips;
    },
    lives: playingLives,
  }),
});

export const centipede = defineGame({
  id: 'centipede',
  name: 'Centipede',
  md5: ['91c2098e88a6b13f977af8c003e0bca5', '17d000a2882f9fdaa8b4a391ad367f00'],
  actions: ALL,
  modes: [0x16, 0x56],
  setMode: selectByte(0xa7, 2),
  tracker: scoreTracker({
    score: bcdScore(0xf6, 0xf5, 0xf4),
    // The score is sometimes cleared just before the game ends; ALE pays nothing for that.
    reward: nonNegative,
    terminal: (ram) => (byte(ram, 0xa6) & 0x40) !== 0,
    // Bits 4–6 of $ED: extra lives, at most 7 (8 lives).
    lives: livesFrom((ram) => ((byte(ram, 0xed) >> 4) & 0x07) + 1, 3),
  }),
});

export const chopperCommand = defineGame({
  id: 'chopper_command',
  name: 'Chopper Command',
  md5: ['c1cb228470a87beb5f36e90ac745da26'],
  actions: ALL,
  modes: [0, 2],
  difficulties: [0, 1],
  setMode: selectByte(0xe0, 2),
  // ALE also notes whether the chopper ever faced right ($C2 bit 0, "game
  // started"), but nothing reads that note, so it is left out.
  tracker: scoreTracker({
    score: bcdScore(0xee, 0xec, undefined, 100),
    terminal: (ram) => lowNibble(ram, 0xe4) === 0,
    lives: livesFromKept((ram) => lowNibble(ram, 0xe4), 3),
  }),
});

export const crazyClimber = defineGame({
  id: 'crazy_climber',
  name: 'Crazy Climber',
  md5: ['55ef7b65066428367844342ed59f956c'],
  actions: EIGHT_WAY,
  modes: range(4),
  difficulties: [0, 1],
  setMode: selectByte(0x80, 2),
  tracker: scoreTracker({
    // One decimal digit per byte, $82 lowest, in hundreds.
    score: (ram) => 100 * (byte(ram, 0x82) + 10 * byte(ram, 0x83) + 100 * byte(ram, 0x84) + 1000 * byte(ram, 0x85)),
    reward: nonNegative,
    terminal: byteIs(0xaa, 0),
    lives: livesFrom((ram) => byte(ram, 0xaa), 5),
  }),
});

/** Crossbow: $E7 is the screen (front end $80, level select $81, playing $00, game over $82). */
const CROSSBOW_GAME_OVER = 0x82;

export const crossbow = defineGame({
  id: 'crossbow',
  name: 'Crossbow',
  md5: ['8cd26dcf249456fe4aeb8db42d49df74'],
  actions: ALL,
  modes: [0, 2, 4, 6],
  difficulties: [0, 1],
  // $8D shows the game number, one more than ALE's mode.
  setMode: selectUntil((host, mode) => uchar(host.readRam(0x8d) - 1) === mode, { hold: 2 }),
  tracker: scoreTracker({
    score: bcdScore(0x8d, 0x8c, 0x8b),
    terminal: byteIs(0xe7, CROSSBOW_GAME_OVER),
  }),
});

/** Dark Chambers plays an 8-second intro before it accepts input: ALE waits 486 frames. */
const DARK_CHAMBERS_INTRO_FRAMES = 486;

export const darkChambers = defineGame({
  id: 'darkchambers',
  name: 'Dark Chambers',
  md5: ['106855474c69d08c8ffa308d47337269'],
  actions: ALL,
  startingActions: Array<number>(DARK_CHAMBERS_INTRO_FRAMES).fill(NOOP),
  tracker: customTracker({
    initial: { reward: 0, terminal: false, level: 0, score: 0, health: 0 },
    step(ram, s) {
      s.reward = 0;
      const level = byte(ram, 0xd5);
      // Levels only go up while playing: a lower one means the game restarted.
      if (level < s.level) {
        s.terminal = true;
        return;
      }
      s.level = level;
      const score = 10 * bcd(ram, 0xcc, 0xcf);
      // A lower score means the counter overflowed: ALE ends the game there.
      if (score < s.score) {
        s.terminal = true;
      } else {
        s.reward = score - s.score;
        s.score = score;
      }
      // Bits 5–7 of $CA are items; the low five bits are health.
      s.health = byte(ram, 0xca) & 0x1f;
      if (s.health === 0) s.terminal = true;
    },
    lives: playingLives,
  }),
});

/** Defender's six score digits, lowest first. */
const DEFENDER_DIGITS = span(0x9c, 6);

export const defender = defineGame({
  id: 'defender',
  name: 'Defender',
  md5: ['0f643c34e40e3f1daafd9c524d3ffe64', 'e1029676edb3d35b76ca943da7434da8'],
  actions: ALL,
  // Games 1–9, and 16 ("easy").
  modes: [...range(1, 10), 16],
  difficulties: [0, 1],
  setMode: selectByte(0x9b, 2),
  tracker: scoreTracker({
    score: (ram) => blankableDigits(ram, DEFENDER_DIGITS),
    terminal: byteIs(0xc2, 0),
    lives: livesFrom((ram) => byte(ram, 0xc2), 3),
  }),
});

/** Demon Attack's score bytes read $AB $CD $EA (uninitialised) before the first game. */
const DEMON_ATTACK_UNSET = [0xab, 0xcd, 0xea] as const;
/** $F1 = $BD while the lives row is drawn, which is when 0 lives means game over. */
const DEMON_ATTACK_LIVES_SHOWN = 0xbd;

export const demonAttack = defineGame({
  id: 'demon_attack',
  name: 'Demon Attack',
  md5: ['f0e0addc07971561ab80d9abe1b8d333', 'b24f6a5820a4b7763a3d547e3e07441d'],
  actions: SIDEWAYS_FIRE,
  modes: [1, 3, 5, 7],
  difficulties: [0, 1],
  setMode: (mode, host, state, game) => {
    pressSelectUntil(host, () => host.readRam(0xea) === mode, 1, MAX_SELECT_PRESSES, game, mode);
    // Changing the game looks like a level change for one frame: don't call it game over.
    state.levelChange = true;
    host.softReset();
  },
  tracker: customTracker({
    initial: { reward: 0, terminal: false, score: 0, lives: 4, levelChange: false },
    step(ram, s) {
      const unset =
        byte(ram, 0x81) === DEMON_ATTACK_UNSET[0] &&
        byte(ram, 0x83) === DEMON_ATTACK_UNSET[1] &&
        byte(ram, 0x85) === DEMON_ATTACK_UNSET[2];
      const score = unset ? 0 : bcd(ram, 0x85, 0x83, 0x81);
      s.reward = score - s.score;
      s.score = score;
      const livesShown = byte(ram, 0xf2);
      s.terminal = livesShown === 0 && byte(ram, 0xf1) === DEMON_ATTACK_LIVES_SHOWN && !s.levelChange;
      s.lives = livesShown + 1;
      s.levelChange = false;
    },
    lives: livesOrZero,
    notSaved: ['levelChange'],
  }),
});

export const donkeyKong = defineGame({
  id: 'donkey_kong',
  name: 'Donkey Kong',
  md5: ['36b20c427975760cb9cf4a47e41369e4'],
  actions: ALL,
  tracker: scoreTracker({
    score: bcdScore(0x88, 0x87, undefined, 100),
    terminal: (ram) => byte(ram, 0xa3) === 0 && byte(ram, 0x8f) === 0x03 && byte(ram, 0x8b) === 0x1f,
    lives: livesFrom((ram) => byte(ram, 0xa3), 2),
  }),
});

/** Double Dunk: a game goes to 24 points; $FE = $E7 once the final whistle has blown. */
const DOUBLE_DUNK_WINNING_POINTS = 24;
const DOUBLE_DUNK_OVER = 0xe7;

/**
 * Double Dunk's options menu: $B0 is the highlighted line, $80 the option
 * bits. ALE's mode bits 0–3 are the 3-point, 10-second, 3-second and foul
 * options, on menu lines 3–6.
 */
const DOUBLE_DUNK_OPTION_BITS = [0x08, 0x10, 0x04, 0x20] as const;
/** Menu lines above the first option ALE sets. */
const DOUBLE_DUNK_SKIPPED_LINES = 2;

function doubleDunkSetMode(mode: number, host: GameHost, _state: unknown, game: string): void {
  const nextLine = () => {
    const line = host.readRam(0xb0);
    actUntil(host, () => host.readRam(0xb0) !== line, [DOWN, NOOP], game, mode);
  };
  host.pressSelect();
  for (let i = 0; i < DOUBLE_DUNK_SKIPPED_LINES; i++) nextLine();
  DOUBLE_DUNK_OPTION_BITS.forEach((bit, i) => {
    if (i > 0) nextLine();
    const on = () => (host.readRam(0x80) & bit) === bit;
    if (mode & (1 << i)) actUntil(host, on, [RIGHT, NOOP], game, mode);
    else actUntil(host, () => !on(), [LEFT, NOOP], game, mode);
  });
  host.softReset();
  // ALE repeats the starting action here.
  host.act(UPFIRE);
  host.act(NOOP);
}

export const doubleDunk = defineGame({
  id: 'double_dunk',
  name: 'Double Dunk',
  md5: ['368d88a6c071caba60b4f778615aae94', 'cfc226d04d7490b69e155abd7741e98c'],
  actions: ALL,
  startingActions: [UPFIRE],
  modes: range(16),
  setMode: doubleDunkSetMode,
  tracker: scoreTracker({
    score: (ram) => bcd(ram, 0xf6) - bcd(ram, 0xf7),
    terminal: (ram) =>
      (bcd(ram, 0xf6) >= DOUBLE_DUNK_WINNING_POINTS || bcd(ram, 0xf7) >= DOUBLE_DUNK_WINNING_POINTS) &&
      byte(ram, 0xfe) === DOUBLE_DUNK_OVER,
    lives: NO_LIVES,
  }),
});
