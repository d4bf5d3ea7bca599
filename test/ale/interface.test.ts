import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BufferSizeError,
  InvalidActionError,
  InvalidDifficultyError,
  InvalidModeError,
  InvalidRomError,
  RamIndexError,
  RomNotLoadedError,
  RomReadError,
  StateFormatError,
} from '../../src/ale/errors.js';
import { UnsupportedRomError } from '../../src/ale/games/errors.js';
import { ALEInterface } from '../../src/ale/interface.js';
import { LcgPolicy } from '../../src/ale/lcg-policy.js';
import { fnv1a64 } from '../../src/ale/trace.js';
import { describeRoms, romPath } from '../helpers/shared.js';

/** The limit on a serialised state. */
const MAX_STATE_BYTES = 8 * 1024;

interface Frame {
  ram: string;
  screen: string;
  reward: number;
  over: boolean;
  frame: number;
}

function snapshot(ale: ALEInterface, reward: number): Frame {
  return {
    ram: Buffer.from(ale.getRAM()).toString('hex'),
    screen: fnv1a64(ale.getScreen()),
    reward,
    over: ale.gameOver(),
    frame: ale.getEpisodeFrameNumber(),
  };
}

function play(ale: ALEInterface, actions: readonly number[]): Frame[] {
  return actions.map((a) => snapshot(ale, ale.act(a)));
}

function policyActions(ale: ALEInterface, seed: number, count: number): number[] {
  const policy = new LcgPolicy(seed, ale.getMinimalActionSet(), 4);
  return Array.from({ length: count }, () => policy.nextAction());
}

function newAle(settings: { seed?: number; sticky?: number; frameSkip?: number } = {}): ALEInterface {
  const ale = new ALEInterface();
  ale.setInt('random_seed', settings.seed ?? 7);
  ale.setFloat('repeat_action_probability', settings.sticky ?? 0);
  ale.setInt('frame_skip', settings.frameSkip ?? 1);
  return ale;
}

describe('ALEInterface without a ROM', () => {
  it('says a ROM must be loaded first', () => {
    const ale = new ALEInterface();
    expect(() => ale.act(0)).toThrow(RomNotLoadedError);
    expect(() => ale.getScreen()).toThrow(/loadROM/);
    expect(() => ale.cloneState()).toThrow(RomNotLoadedError);
  });

  it('refuses unreadable, empty, corrupt and unknown ROMs with typed errors, never exiting', () => {
    const ale = new ALEInterface();
    expect(() => ale.loadROM('/no/such/dir/pong.bin')).toThrow(RomReadError);
    expect(() => ale.loadROM(new Uint8Array(0))).toThrow(InvalidRomError);
    expect(() => ale.loadROM(new Uint8Array([0x1f, 0x8b, 0, 0]))).toThrow(InvalidRomError);
    const random = new Uint8Array(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    expect(() => ale.loadROM(random, { name: 'mystery.bin' })).toThrow(UnsupportedRomError);
    expect(() => ale.loadROM(random, { name: 'mystery.bin' })).toThrow(/MD5 [0-9a-f]{32}/);
  });
});

describeRoms('ALEInterface on real ROMs', () => {
  const pong = () => new Uint8Array(readFileSync(romPath('pong.bin')));

  it('reports the loaded game, its actions, modes and screen size', () => {
    const ale = newAle();
    ale.loadROM(romPath('pong.bin'));
    expect(ale.game.id).toBe('pong');
    expect(ale.getMinimalActionSet()).toEqual([0, 1, 3, 4, 11, 12]);
    expect(ale.getLegalActionSet()).toHaveLength(18);
    expect(ale.getScreenWidth()).toBe(160);
    expect(ale.getScreen()).toHaveLength(ale.getScreenHeight() * 160);
    expect(ale.getScreenRGB()).toHaveLength(ale.getScreenHeight() * 160 * 3);
    expect(ale.getScreenGrayscale()).toHaveLength(ale.getScreenHeight() * 160);
    expect(ale.getRAM()).toHaveLength(128);
    expect(ale.getAvailableModes().length).toBeGreaterThan(0);
  });

  it('refuses bad actions, RAM writes, modes, difficulties and buffers', () => {
    const ale = newAle();
    ale.loadROM(pong());
    expect(() => ale.act(18)).toThrow(InvalidActionError);
    expect(() => ale.act(-1)).toThrow(InvalidActionError);
    expect(() => ale.act(1.5)).toThrow(InvalidActionError);
    expect(() => ale.setRAM(128, 0)).toThrow(RamIndexError);
    expect(() => ale.setRAM(0, 256)).toThrow(RamIndexError);
    expect(() => ale.setMode(12345)).toThrow(InvalidModeError);
    expect(() => ale.setDifficulty(12345)).toThrow(InvalidDifficultyError);
    expect(() => ale.getScreen(new Uint8Array(5))).toThrow(BufferSizeError);
    expect(() => ale.getRAM(new Uint8Array(5))).toThrow(BufferSizeError);
  });

  it('writes RAM with setRAM', () => {
    const ale = newAle();
    ale.loadROM(pong());
    ale.setRAM(5, 0xab);
    expect(ale.getRAM()[5]).toBe(0xab);
  });

  it('runs two instances side by side with no shared state', () => {
    const solo = newAle();
    solo.loadROM(pong());
    const actions = policyActions(solo, 3, 300);
    const expected = play(solo, actions);

    const a = newAle();
    const b = newAle({ seed: 99, sticky: 0.25 });
    a.loadROM(pong());
    b.loadROM(romPath('breakout.bin'));
    const otherActions = policyActions(b, 11, actions.length);
    const got: Frame[] = [];
    for (let i = 0; i < actions.length; i++) {
      got.push(snapshot(a, a.act(actions[i]!)));
      b.act(otherActions[i]!);
      if (b.gameOver()) b.resetGame();
    }
    expect(got).toEqual(expected);
  });

  it('replays identically from a cloned state, in the same or another instance', () => {
    const ale = newAle({ seed: 123, sticky: 0.25, frameSkip: 4 });
    ale.loadROM(pong());
    const actions = policyActions(ale, 5, 160);
    play(ale, actions.slice(0, 80));
    const state = ale.cloneState({ includeRng: true });
    expect(state.length).toBeLessThanOrEqual(MAX_STATE_BYTES);
    const frameAtClone = ale.getFrameNumber();
    const first = play(ale, actions.slice(80));

    ale.restoreState(state);
    expect(ale.getFrameNumber()).toBe(frameAtClone);
    const again = play(ale, actions.slice(80));
    expect(again).toEqual(first);

    const other = newAle({ seed: 1, sticky: 0.25, frameSkip: 4 });
    other.loadROM(pong());
    other.restoreState(state);
    expect(play(other, actions.slice(80))).toEqual(first);
  });

  it('without the generator, a cloned state replays the emulator exactly when no action sticks', () => {
    const ale = newAle();
    ale.loadROM(pong());
    const actions = policyActions(ale, 8, 120);
    play(ale, actions.slice(0, 60));
    const state = ale.cloneState();
    const first = play(ale, actions.slice(60));
    ale.restoreState(state);
    expect(play(ale, actions.slice(60))).toEqual(first);
  });

  it('refuses states that are corrupt or of another ROM', () => {
    const ale = newAle();
    ale.loadROM(pong());
    const state = ale.cloneState();
    expect(() => ale.restoreState(new Uint8Array(10))).toThrow(StateFormatError);
    expect(() => ale.restoreState(state.subarray(0, state.length - 1))).toThrow(StateFormatError);
    const other = newAle();
    other.loadROM(romPath('breakout.bin'));
    expect(() => other.restoreState(state)).toThrow(StateFormatError);
  });

  it('sums rewards over frame_skip frames: one act with frame_skip 4 equals four with frame_skip 1', () => {
    const one = newAle();
    const four = newAle({ frameSkip: 4 });
    one.loadROM(pong());
    four.loadROM(pong());
    const actions = policyActions(one, 21, 600);
    let rewardOne = 0;
    let rewardFour = 0;
    for (const a of actions) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += one.act(a);
      rewardOne += Math.abs(sum);
      const r = four.act(a);
      rewardFour += Math.abs(r);
      expect(r).toBe(sum);
      expect(Buffer.from(four.getRAM()).equals(Buffer.from(one.getRAM()))).toBe(true);
      expect(four.getEpisodeFrameNumber()).toBe(one.getEpisodeFrameNumber());
      if (one.gameOver()) break;
    }
    // Pong scores within 600 agent steps, so the comparison covered non-zero rewards.
    expect(rewardOne).toBeGreaterThan(0);
    expect(rewardFour).toBe(rewardOne);
    // The skipped frames were not drawn, yet the screen after the group is the same.
    expect(fnv1a64(four.getScreen())).toBe(fnv1a64(one.getScreen()));
  });

  it('truncates at max_num_frames_per_episode and stops emulating', () => {
    const ale = newAle({ frameSkip: 3 });
    ale.setInt('max_num_frames_per_episode', 100);
    ale.loadROM(pong());
    let steps = 0;
    while (!ale.gameOver() && steps < 1000) {
      ale.act(0);
      steps++;
    }
    expect(ale.gameTruncated()).toBe(true);
    expect(ale.gameOver()).toBe(true);
    expect(ale.gameOver(false)).toBe(false);
    expect(ale.getEpisodeFrameNumber()).toBe(100);
    const ram = ale.getRAM();
    expect(ale.act(1)).toBe(0);
    expect(ale.getEpisodeFrameNumber()).toBe(100);
    expect(ale.getRAM()).toEqual(ram);
    ale.resetGame();
    expect(ale.gameOver()).toBe(false);
    expect(ale.getFrameNumber()).toBe(100);
  });

  it('loads a gzip-compressed ROM file like Stella does', async () => {
    const { gzipSync } = await import('fflate');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ale-rom-'));
    const path = join(dir, 'pong.bin.gz');
    writeFileSync(path, gzipSync(pong()));
    const ale = newAle();
    ale.loadROM(path);
    expect(ale.game.id).toBe('pong');
  });
});
