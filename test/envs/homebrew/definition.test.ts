/** Catcher's game definition: ALE's shape, so every command treats it as an ALE game. */
import { describe, expect, it } from 'vitest';
import { Action } from '../../../src/ale/actions.js';
import { CATCHER_MD5, catcher, CatcherRam as R } from '../../../src/envs/homebrew/catcher.js';

describe('catcher game definition', () => {
  it('names the game, its ROM and its Gymnasium id like ALE games', () => {
    expect(catcher.id).toBe('catcher');
    expect(catcher.envName).toBe('Catcher'); // Catcher-v5
    expect(catcher.romFile).toBe('catcher.bin');
    expect(catcher.md5).toEqual([CATCHER_MD5]);
    expect(catcher.controller).toBe('joystick');
    expect(catcher.modes).toEqual([0]);
    expect(catcher.difficulties).toEqual([0]);
    expect(catcher.startingActions).toEqual([]);
  });

  it('has the five actions that matter: stay, and move slowly or fast either way', () => {
    const { NOOP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE } = Action;
    expect(catcher.minimalActions).toEqual([NOOP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE]);
    expect(catcher.legalActions).toHaveLength(18);
  });

  it('rewards score changes, reports lives, ends at game over, and saves its state', () => {
    const ram = new Uint8Array(128);
    const set = (addr: number, v: number) => {
      ram[addr & 0x7f] = v;
    };
    const tracker = catcher.createTracker();
    set(R.lives, 3);
    tracker.step(ram);
    expect([tracker.reward, tracker.lives, tracker.terminal]).toEqual([0, 3, false]);
    set(R.scoreHi, 0x01);
    set(R.scoreLo, 0x09); // 109 in BCD
    tracker.step(ram);
    expect(tracker.reward).toBe(109);
    const saved = tracker.save();
    set(R.scoreLo, 0x10); // 110
    set(R.lives, 0);
    set(R.state, 1);
    tracker.step(ram);
    expect([tracker.reward, tracker.lives, tracker.terminal]).toEqual([1, 0, true]);
    tracker.load(saved);
    expect([tracker.reward, tracker.lives, tracker.terminal]).toEqual([109, 3, false]);
  });
});
