/**
 * The expert's decisions on game RAM: a snapshot from the real game in
 * 6502.ts after ALE's reset sequence, with the objects placed by hand.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Action } from '../../../src/ale/actions.js';
import { assembleGame } from '../../../src/envs/homebrew/assemble.js';
import { CATCHER_STATE_OVER, CatcherGeometry as G, CatcherRam as R } from '../../../src/envs/homebrew/catcher.js';
import { catcherExpertAction, catcherTarget } from '../../../src/envs/homebrew/expert.js';
import { HOMEBREW_GAMES } from '../../../src/envs/homebrew/rom.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';
import { resetConsole } from './episodes.js';

let start: Uint8Array;
beforeAll(() => {
  const game = HOMEBREW_GAMES[0]!;
  const rom = assembleGame(readFileSync(resolve(PROJECT_ROOT, game.source), 'utf8'), game.source).image;
  start = resetConsole(rom).ram();
});

/** The start-of-game RAM with some fields changed. */
function ramWith(fields: Partial<Record<keyof typeof R, number>>): Uint8Array {
  const ram = Uint8Array.from(start);
  for (const [name, value] of Object.entries(fields)) ram[R[name as keyof typeof R] & 0x7f] = value;
  return ram;
}

const NO_BOMB = { bombY: G.BOMB_HIDDEN_Y, bombTimer: 50 };

describe('catcherExpertAction', () => {
  it('starts from a fresh game: basket centred, fruit up high, no bomb yet', () => {
    expect(start[R.basketX & 0x7f]).toBe(G.BASKET_START_X);
    expect(start[R.fruitY & 0x7f]).toBe(G.SPAWN_Y);
    expect(start[R.bombY & 0x7f]).toBe(G.BOMB_HIDDEN_Y);
  });

  it('rushes (FIRE) toward a far fruit and walks toward a near one', () => {
    const far = ramWith({ ...NO_BOMB, basketX: 72, fruitX: 140, fruitY: 100 });
    expect(catcherExpertAction(far)).toBe(Action.RIGHTFIRE);
    expect(catcherExpertAction(ramWith({ ...NO_BOMB, basketX: 72, fruitX: 4, fruitY: 100 }))).toBe(Action.LEFTFIRE);
    // Fruit centre 8 px right of the basket centre: one 4-frame step at 2 px per frame.
    expect(catcherExpertAction(ramWith({ ...NO_BOMB, basketX: 72, fruitX: 84, fruitY: 100 }))).toBe(Action.RIGHT);
    expect(catcherExpertAction(ramWith({ ...NO_BOMB, basketX: 72, fruitX: 76, fruitY: 100 }))).toBe(Action.NOOP);
  });

  it('sizes its steps to the frame skip', () => {
    const ram = ramWith({ ...NO_BOMB, basketX: 72, fruitX: 82, fruitY: 100 }); // 6 px to go
    expect(catcherExpertAction(ram, 1)).toBe(Action.RIGHTFIRE); // 4 px: nearest to 6 (2 px misses by 4)
    expect(catcherExpertAction(ram, 4)).toBe(Action.RIGHT); // 8 px misses by 2, 16 by 10, staying by 6
  });

  it('keeps the basket out of the path of a bomb that lands first', () => {
    // Fruit right above the basket but high; bomb right above it and about to land.
    const ram = ramWith({ basketX: 72, fruitX: 76, fruitY: 140, bombX: 78, bombY: G.RIM_Y + 6, bombTimer: 0 });
    const target = catcherTarget(ram);
    const bombSpan = { lo: 78 - (G.BASKET_W - 1), hi: 78 + G.BOMB_W - 1 };
    expect(target < bombSpan.lo || target > bombSpan.hi).toBe(true);
    expect(catcherExpertAction(ram)).not.toBe(Action.NOOP);
  });

  it('catches a fruit under the bomb when the fruit lands first', () => {
    // The bomb lands within BOMB_FOLLOW_FRAMES of the fruit, right over it: no safe catching spot exists.
    const ram = ramWith({ basketX: 72, fruitX: 76, fruitY: G.RIM_Y + 4, bombX: 78, bombY: G.RIM_Y + 10, bombTimer: 0 });
    expect(catcherExpertAction(ram)).toBe(Action.NOOP);
  });

  it('waits near the middle once the fruit is past the rim, and does nothing after game over', () => {
    expect(catcherTarget(ramWith({ ...NO_BOMB, basketX: 10, fruitX: 10, fruitY: G.RIM_Y - 2 }))).toBe(G.BASKET_START_X);
    expect(catcherExpertAction(ramWith({ state: CATCHER_STATE_OVER, basketX: 0, fruitX: 140 }))).toBe(Action.NOOP);
  });

  it('rejects a bad frame skip or a short RAM', () => {
    expect(() => catcherExpertAction(start, 0)).toThrow(RangeError);
    expect(() => catcherExpertAction(new Uint8Array(64))).toThrow(RangeError);
  });
});
