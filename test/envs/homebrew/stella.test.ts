/**
 * Cross-check of Catcher in 6502.ts, the emulation core of Stellerator: an
 * emulator written independently of ours. The game must keep a proper NTSC
 * frame, draw what its RAM says, and follow its rules under scripted
 * joystick input; the game definition's tracker must read the same RAM the
 * same way.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Action } from '../../../src/ale/actions.js';
import { assembleGame } from '../../../src/envs/homebrew/assemble.js';
import {
  CATCHER_ACTIONS,
  CATCHER_STATE_OVER,
  catcher,
  catcherScore,
  CatcherGeometry as G,
  CatcherRam as R,
} from '../../../src/envs/homebrew/catcher.js';
import { catcherExpertAction } from '../../../src/envs/homebrew/expert.js';
import { HOMEBREW_GAMES } from '../../../src/envs/homebrew/rom.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';
import { playEpisode, resetConsole, seededRandom } from './episodes.js';
import { type JoystickInput, NTSC_RGBA, type StellaHarness } from './stella-harness.js';

const game = HOMEBREW_GAMES.find((g) => g.definition === catcher)!;
const assembled = assembleGame(readFileSync(resolve(PROJECT_ROOT, game.source), 'utf8'), game.source);
const rom = assembled.image;
const symbol = (name: string) => {
  const value = assembled.symbols.get(name);
  if (value === undefined) throw new Error(`catcher.asm has no symbol ${name}`);
  return value;
};

/** NTSC: 262 lines of 76 cycles, VSYNC for 3 lines, VBLANK until line 40, picture until line 232. */
const NTSC_FRAME = { cycles: 262 * 76, vsyncOffLine: 3, vblankOffLine: 40, vblankOnLine: 40 + 192 };
const FRAME_SKIP = 4;
const JOYSTICK: Readonly<Record<number, JoystickInput>> = {
  [Action.NOOP]: {},
  [Action.RIGHT]: { right: true },
  [Action.LEFT]: { left: true },
  [Action.RIGHTFIRE]: { right: true, fire: true },
  [Action.LEFTFIRE]: { left: true, fire: true },
};
const at = (ram: Uint8Array, address: number) => ram[address & 0x7f] as number;

interface FrameRecord {
  readonly ram: Uint8Array;
  readonly phase: 'expert' | 'still' | 'over' | 'reset';
}

/** Runs `frames` frames of `phase`, choosing input from the RAM every FRAME_SKIP frames. */
function run(
  vcs: StellaHarness,
  log: FrameRecord[],
  phase: FrameRecord['phase'],
  frames: number,
  choose: (ram: Uint8Array) => JoystickInput,
  until?: (ram: Uint8Array) => boolean,
): void {
  let input: JoystickInput = {};
  for (let f = 0; f < frames; f++) {
    const before = vcs.ram();
    if (f % FRAME_SKIP === 0) input = choose(before);
    vcs.runFrame(input);
    const ram = vcs.ram();
    log.push({ ram, phase });
    if (until?.(ram)) return;
  }
}

describe('Catcher in 6502.ts (independent emulator)', () => {
  let vcs: StellaHarness;
  const log: FrameRecord[] = [];
  const expertInput = (ram: Uint8Array) => JOYSTICK[catcherExpertAction(ram, FRAME_SKIP)]!;
  const isOver = (ram: Uint8Array) => at(ram, R.state) === CATCHER_STATE_OVER;

  beforeAll(() => {
    vcs = resetConsole(rom);
    // A scripted player that reads the fruit's position from RAM, then one that never moves.
    run(vcs, log, 'expert', 900, expertInput);
    run(vcs, log, 'still', 3000, () => ({}), isOver);
    run(vcs, log, 'over', 90, () => ({}));
    run(vcs, log, 'reset', 4, () => ({ reset: true }));
    run(vcs, log, 'reset', 30, () => ({}));
  });

  it('boots and keeps a steady NTSC frame: 3 VSYNC, 37 VBLANK, 192 visible, 30 overscan lines', () => {
    // The first frame starts mid-frame at power-on; every one after it must be exact.
    const timings = vcs.timings.slice(1);
    expect(timings.length).toBeGreaterThan(1000);
    const odd = timings.filter(
      (t) =>
        t.cycles !== NTSC_FRAME.cycles ||
        t.vsyncOffLine !== NTSC_FRAME.vsyncOffLine ||
        t.vblankOffLine !== NTSC_FRAME.vblankOffLine ||
        t.vblankOnLine !== NTSC_FRAME.vblankOnLine,
    );
    expect(odd.slice(0, 3)).toEqual([]);
    const slowest = Math.max(...timings.map((t) => t.timerWaitLine));
    expect(slowest).toBeLessThan(NTSC_FRAME.vblankOffLine - 1);
  });

  it('scores one point per catch, when the fruit crosses the rim over the basket', () => {
    const expert = log.filter((r) => r.phase === 'expert');
    let catches = 0;
    for (let i = 1; i < expert.length; i++) {
      const prev = expert[i - 1]!.ram;
      const ram = expert[i]!.ram;
      const gained = catcherScore(ram) - catcherScore(prev);
      expect(gained === 0 || gained === 1).toBe(true);
      if (gained === 0) continue;
      catches++;
      // The fruit was above the rim, overlapping the basket; a new fruit now drops from the top.
      expect(at(prev, R.fruitY)).toBeGreaterThan(G.RIM_Y);
      const overlap = at(prev, R.fruitX) + G.FRUIT_W - 1 - at(ram, R.basketX);
      expect(overlap).toBeGreaterThanOrEqual(0);
      expect(overlap).toBeLessThanOrEqual(G.FRUIT_W + G.BASKET_W - 2);
      expect(at(ram, R.fruitY)).toBe(G.SPAWN_Y);
    }
    expect(catches).toBeGreaterThanOrEqual(6);
    expect(at(expert.at(-1)!.ram, R.lives)).toBe(G.START_LIVES);
  });

  it('speeds up every 5 catches', () => {
    const ram = log.filter((r) => r.phase === 'expert').at(-1)!.ram;
    const score = catcherScore(ram);
    expect(at(ram, R.level)).toBe(Math.floor(score / G.CATCHES_PER_LEVEL));
    const speeds = new Set(log.map((r) => at(r.ram, R.speedHi) * 256 + at(r.ram, R.speedLo)));
    expect(speeds.size).toBeGreaterThan(1);
  });

  it('loses a life for every fruit that lands or bomb that is caught, and ends the game at zero', () => {
    const still = log.filter((r) => r.phase === 'still');
    let lost = 0;
    for (let i = 1; i < still.length; i++) {
      const prev = still[i - 1]!.ram;
      const ram = still[i]!.ram;
      const diff = at(prev, R.lives) - at(ram, R.lives);
      if (diff === 0) continue;
      expect(diff).toBe(1);
      lost++;
      const fruitLanded = at(prev, R.fruitY) < G.SPAWN_Y - 10 && at(ram, R.fruitY) === G.SPAWN_Y;
      const bombCaught = at(prev, R.bombY) > G.RIM_Y && at(ram, R.bombY) === G.BOMB_HIDDEN_Y;
      expect(fruitLanded || bombCaught).toBe(true);
    }
    expect(lost).toBe(G.START_LIVES);
    const last = still.at(-1)!.ram;
    expect(at(last, R.state)).toBe(CATCHER_STATE_OVER);
    expect(at(last, R.lives)).toBe(0);
  });

  it('freezes after game over and starts a fresh game on RESET', () => {
    const over = log.filter((r) => r.phase === 'over');
    const first = over[0]!.ram;
    for (const { ram } of over) {
      expect(at(ram, R.state)).toBe(CATCHER_STATE_OVER);
      expect(catcherScore(ram)).toBe(catcherScore(first));
      expect([at(ram, R.fruitY), at(ram, R.basketX)]).toEqual([at(first, R.fruitY), at(first, R.basketX)]);
    }
    const after = log.at(-1)!.ram;
    expect(at(after, R.state)).toBe(0);
    expect(catcherScore(after)).toBe(0);
    expect(at(after, R.lives)).toBe(G.START_LIVES);
    expect(at(after, R.level)).toBe(0);
  });

  it("the game definition's tracker reads reward, lives and terminal from this RAM", () => {
    const tracker = catcher.createTracker();
    let total = 0;
    let sawTerminal = false;
    for (const { ram, phase } of log) {
      if (phase === 'over' || phase === 'reset') break;
      tracker.step(ram);
      total += tracker.reward;
      expect(tracker.terminal).toBe(at(ram, R.state) === CATCHER_STATE_OVER);
      expect(tracker.lives).toBe(tracker.terminal ? 0 : at(ram, R.lives));
      sawTerminal ||= tracker.terminal;
    }
    expect(sawTerminal).toBe(true);
    expect(total).toBe(catcherScore(log.filter((r) => r.phase === 'still').at(-1)!.ram));
    expect(total).toBeGreaterThan(0);
  });
});

describe('Catcher frame budget in 6502.ts', () => {
  /** The VBLANK timer runs out during line 39 (TIM64T written early in line 3, 44 ticks); the wait must start before. */
  const LAST_SAFE_WAIT_LINE = 38;

  it('fits the busiest frames (catch, level-up, new bomb; or two lives lost) inside VBLANK', () => {
    const vcs = resetConsole(rom);
    const before = vcs.timings.length;
    const frames = 40;
    for (let i = 0; i < frames; i++) {
      const basket = at(vcs.ram(), R.basketX);
      vcs.pokeRam(R.lives, 9);
      if (i % 2 === 0) {
        // The fruit crosses the rim over the basket on the 5th catch of a level while a bomb is due.
        vcs.pokeRam(R.fruitX, basket + G.BASKET_W / 2);
        vcs.pokeRam(R.fruitY, G.RIM_Y + 1);
        vcs.pokeRam(R.catches, G.CATCHES_PER_LEVEL - 1);
        vcs.pokeRam(R.bombTimer, 1);
      } else {
        // The bomb drops into the basket while the fruit lands elsewhere.
        vcs.pokeRam(R.bombTimer, 0);
        // The basket moves (up to BASKET_BOOST) before the bomb falls: aim at its middle.
        vcs.pokeRam(R.bombX, basket + G.BASKET_W / 2);
        vcs.pokeRam(R.bombY, G.RIM_Y + 1);
        vcs.pokeRam(R.fruitX, (basket + 80) % symbol('FRUIT_MAX_X'));
        vcs.pokeRam(R.fruitY, G.FLOOR_Y);
      }
      const scoreBefore = catcherScore(vcs.ram());
      vcs.runFrame({ right: true, fire: true });
      const ram = vcs.ram();
      // The frame really took the busy path.
      if (i % 2 === 0) expect(catcherScore(ram)).toBe(scoreBefore + 1);
      else expect(at(ram, R.lives)).toBe(7);
    }
    const timings = vcs.timings.slice(before);
    expect(timings).toHaveLength(frames);
    for (const t of timings) {
      expect({ ...t, timerWaitLine: 0 }).toEqual({ ...NTSC_FRAME, timerWaitLine: 0 });
      expect(t.timerWaitLine).toBeLessThanOrEqual(LAST_SAFE_WAIT_LINE);
    }
  });
});

describe('Catcher picture in 6502.ts', () => {
  const colour = (name: string) => NTSC_RGBA[symbol(name) >> 1]!;
  /** Rows and columns of `screen` holding `rgba`. */
  function extent(vcs: StellaHarness, rgba: number) {
    const screen = vcs.screen!;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let y = 0; y < vcs.screenHeight; y++) {
      for (let x = 0; x < vcs.screenWidth; x++) {
        if (screen[y * vcs.screenWidth + x] !== rgba) continue;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    return { minX, maxX, minY, maxY };
  }

  it('draws the basket, fruit and bomb where the RAM says, at every horizontal position', () => {
    const vcs = resetConsole(rom, true);
    const ground = () => extent(vcs, colour('COL_GROUND')).minY;
    // Hold the objects in place through RAM and sweep x across the screen.
    const positions = [0, 1, 2, 3, 7, 14, 15, 16, 30, 59, 60, 75, 89, 90, 119, 120, 133, 134, 144, 152, 156];
    for (const x of positions) {
      vcs.pokeRam(R.basketX, Math.min(x, G.BASKET_MAX_X));
      vcs.pokeRam(R.fruitX, Math.min(x, symbol('FRUIT_MAX_X')));
      vcs.pokeRam(R.fruitY, 100);
      vcs.pokeRam(R.bombX, Math.min(x, symbol('BOMB_MAX_X')));
      vcs.pokeRam(R.bombY, 50);
      vcs.pokeRam(R.bombTimer, 0);
      vcs.runFrame({});
      const ram = vcs.ram();
      const groundTop = ground();
      const shapes: [string, number, number, number, number][] = [
        ['COL_BASKET', R.basketX, G.BASKET_W, symbol('BASKET_Y'), symbol('BASKET_H')],
        ['COL_FRUIT', R.fruitX, G.FRUIT_W, at(ram, R.fruitY), symbol('FRUIT_H')],
        ['COL_BOMB', R.bombX, G.BOMB_W, at(ram, R.bombY), symbol('BOMB_H')],
      ];
      for (const [name, xAddress, width, y, height] of shapes) {
        const box = extent(vcs, colour(name));
        const left = at(ram, xAddress);
        // Shapes may leave their outer columns or rows empty, never stray outside their box.
        expect(box.minX, `${name} at x=${left}`).toBeGreaterThanOrEqual(left);
        expect(box.maxX, `${name} at x=${left}`).toBeLessThanOrEqual(left + width - 1);
        expect(box.maxX - box.minX, name).toBeGreaterThanOrEqual(width / 2);
        // Play line y is drawn y rows above the ground's first row.
        expect(box.maxY, name).toBe(groundTop - y);
        expect(box.minY, name).toBe(groundTop - (y + height - 1));
      }
    }
  });

  it('shows the score and the lives with the digit glyphs of the ROM', () => {
    const vcs = resetConsole(rom, true);
    /** Digit glyphs from the image: DIGIT_ROWS bytes per digit, pixels in bits 7..5. */
    // The PF1-left layout; the tens and ones digits and the lives are drawn from the ROM's other two
    // layouts, so comparing the screen with this one checks those tables too.
    const digits = symbol('DigitsHigh') - 0xf000;
    const rows = symbol('DIGIT_ROWS');
    const glyph = (d: number) =>
      Array.from({ length: rows }, (_, r) => (rom[digits + d * rows + r]! >> 5).toString(2).padStart(3, '0')).join('/');
    // Playfield pixels are 4 screen pixels wide; score digits start at pixel 16, 32, 48, lives at 128.
    const read = (left: number, rgba: number) => {
      const screen = vcs.screen!;
      const band = extent(vcs, colour('COL_SCORE'));
      const rowHeight = symbol('ROW_LINES');
      return Array.from({ length: rows }, (_, r) =>
        Array.from({ length: 3 }, (_, c) =>
          screen[(band.minY + r * rowHeight) * vcs.screenWidth + left + c * 4] === rgba ? '1' : '0',
        ).join(''),
      ).join('/');
    };
    for (const [score, lives] of [
      [0, 3],
      [105, 2],
      [987, 1],
      [642, 9],
    ] as const) {
      vcs.pokeRam(R.scoreHi, Math.floor(score / 100));
      vcs.pokeRam(R.scoreLo, (Math.floor(score / 10) % 10) * 16 + (score % 10));
      vcs.pokeRam(R.lives, lives);
      vcs.runFrame({});
      const shown = [16, 32, 48].map((x) => read(x, colour('COL_SCORE')));
      expect(shown).toEqual([Math.floor(score / 100), Math.floor(score / 10) % 10, score % 10].map(glyph));
      expect(read(128, colour('COL_LIVES'))).toBe(glyph(lives));
    }
  });
});

describe('Catcher randomness in 6502.ts', () => {
  /** x of every fruit that drops in the first `frames` frames. */
  function drops(noopSteps: number, frames: number): number[] {
    const xs: number[] = [];
    let lastY = -1;
    playEpisode(
      rom,
      (ram) => {
        if (at(ram, R.fruitY) > lastY) xs.push(at(ram, R.fruitX));
        lastY = at(ram, R.fruitY);
        return catcherExpertAction(ram, FRAME_SKIP);
      },
      { noopSteps, maxFrames: frames },
    );
    return xs;
  }

  it('replays identically from identical input, and drops elsewhere when the player starts later', () => {
    const a = drops(0, 700);
    expect(drops(0, 700)).toEqual(a);
    const b = drops(5, 700);
    expect(a.length).toBeGreaterThanOrEqual(4);
    expect(b.slice(1, 4)).not.toEqual(a.slice(1, 4));
  });
});

describe('Catcher expert vs random in 6502.ts', () => {
  it('the RAM-reading expert scores far above a uniformly random player', () => {
    const random = seededRandom(2024);
    const randomPolicy = () => CATCHER_ACTIONS[Math.floor(random() * CATCHER_ACTIONS.length)]!;
    const randomScores = [0, 1].map(
      () => playEpisode(rom, randomPolicy, { stickyProbability: 0.25, random, maxFrames: 3000 }).score,
    );
    const expert = playEpisode(rom, (ram) => catcherExpertAction(ram, FRAME_SKIP), {
      stickyProbability: 0.25,
      random,
      maxFrames: 1500,
    });
    // Even cut short at 1500 frames, the expert must beat every full random episode by far.
    expect(expert.score).toBeGreaterThanOrEqual(10);
    expect(expert.score).toBeGreaterThan(5 * Math.max(1, ...randomScores));
  });
});
