/**
 * Lazy screens on the core (src/ale/core/lazy-screen.ts): frames whose screen the read pattern says
 * nobody will read run without pixels and are run again if it is read. Against an eager instance fed
 * the same inputs: RAM after every frame and every screen read are byte-equal; the rerun counter shows
 * which frames ran without pixels; a restore keeps the screen of the frame before it, as ALE does.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { type CoreExports, instantiateCore } from '../../src/ale/core-binding.js';
import { describeRoms, romPath } from '../helpers/shared.js';

const RAM_BYTES = 128;
const WIDTH = 160;
const EAGER = 0;
const ADAPTIVE = 1;
const LAZY = 2;

function boot(rom: string, policy: number): CoreExports {
  const core = instantiateCore();
  const bytes = readFileSync(romPath(rom));
  new Uint8Array(core.memory.buffer, core.romStagingPointer(), bytes.length).set(bytes);
  expect(core.loadRom(bytes.length, 0)).toBeGreaterThan(0);
  core.setScreenPolicy!(policy);
  return core;
}

/** Joystick and fire inputs that change over time, the same for every instance at frame `f`. */
function applyInputs(core: CoreExports, f: number): void {
  const phase = Math.floor(f / 30);
  core.setFireButton!(0, phase % 3 === 0 ? 1 : 0);
  core.setPortAPins!(phase % 2 === 0 ? 0xbf : 0x7f);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
const ram = (core: CoreExports) => new Uint8Array(core.memory.buffer, core.ramPointer(), RAM_BYTES).slice();
function screen(core: CoreExports): Uint8Array {
  core.settleScreen!();
  return new Uint8Array(core.memory.buffer, core.screenPointer(), core.screenHeight!() * WIDTH).slice();
}

/** Runs `frames` frames on both cores, reading the screens `reads(f)` selects; returns the lazy core's reruns. */
function runBoth(
  eager: CoreExports,
  lazy: CoreExports,
  from: number,
  frames: number,
  reads: (f: number) => boolean,
): number {
  const before = lazy.lazyScreenReruns!();
  for (let f = from; f < from + frames; f++) {
    applyInputs(eager, f);
    applyInputs(lazy, f);
    expect(lazy.runFrame!()).toBe(eager.runFrame!());
    if (!same(ram(lazy), ram(eager))) expect.fail(`RAM differs after frame ${f}`);
    if (reads(f) && !same(screen(lazy), screen(eager))) expect.fail(`screen differs after frame ${f}`);
  }
  return lazy.lazyScreenReruns!() - before;
}

describeRoms('lazy screens on real games', () => {
  for (const rom of ['pong.bin', 'seaquest.bin', 'ms_pacman.bin', 'qbert.bin']) {
    it(`${rom}: unread frames run without pixels, read ones are exact, and the read pattern is learnt`, () => {
      const eager = boot(rom, EAGER);
      const lazy = boot(rom, ADAPTIVE);
      // Nothing read: no frame is ever run twice.
      expect(runBoth(eager, lazy, 0, 300, () => false)).toBe(0);
      // One read after that: the frame had run without pixels.
      expect(runBoth(eager, lazy, 300, 1, () => true)).toBe(1);
      // Every frame read: after a few wrong guesses, frames draw as they run.
      expect(runBoth(eager, lazy, 301, 300, () => true)).toBeLessThanOrEqual(4);
      // SB3's MaxAndSkip reads the last two frames of every four: period 4 is learnt.
      expect(runBoth(eager, lazy, 601, 400, (f) => f % 4 >= 2)).toBeLessThanOrEqual(8);
      // Irregular reads: exact whatever the guesses.
      runBoth(eager, lazy, 1001, 400, (f) => (Math.imul(f, 2654435761) >>> 0) / 2 ** 32 < 0.4);
      expect(lazy.inexactScreens!()).toBe(0);
    });
  }

  it('frames declared unread skip pixels without disturbing the pattern (random frame-skip groups, as -v4 ids)', () => {
    const eager = boot('breakout.bin', EAGER);
    const lazy = boot('breakout.bin', ADAPTIVE);
    let f = 0;
    let seed = 7;
    const before = lazy.lazyScreenReruns!();
    for (let group = 0; group < 300; group++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const frames = 2 + ((seed >>> 16) % 3);
      for (let i = 0; i < frames; i++, f++) {
        if (i < frames - 1) lazy.hintNextFrameUnread!();
        applyInputs(eager, f);
        applyInputs(lazy, f);
        expect(lazy.runFrame!()).toBe(eager.runFrame!());
        if (!same(ram(lazy), ram(eager))) expect.fail(`RAM differs after frame ${f}`);
      }
      if (!same(screen(lazy), screen(eager))) expect.fail(`screen differs after frame ${f - 1}`);
    }
    // Only the last frame of each group is read, and each is drawn as it runs.
    expect(lazy.lazyScreenReruns!() - before).toBeLessThanOrEqual(2);
    // A declared-unread frame read anyway is run again and exact.
    lazy.hintNextFrameUnread!();
    runBoth(eager, lazy, f, 1, () => true);
    expect(lazy.lazyScreenReruns!() - before).toBeGreaterThanOrEqual(1);
    expect(lazy.inexactScreens!()).toBe(0);
  });

  it('restoring a state keeps the screen of the frame before the restore, as ALE does', () => {
    const eager = boot('seaquest.bin', EAGER);
    const lazy = boot('seaquest.bin', LAZY);
    runBoth(eager, lazy, 0, 200, () => false);
    const length = lazy.saveState!();
    const state = new Uint8Array(lazy.memory.buffer, lazy.stateBufferPointer!(), length).slice();
    runBoth(eager, lazy, 200, 50, () => false);
    new Uint8Array(lazy.memory.buffer, lazy.stateBufferPointer!(), length).set(state);
    expect(lazy.loadState!(length)).toBe(0);
    expect(same(screen(lazy), screen(eager))).toBe(true);
    // And the restored machine runs on exactly: frames 200… again, against a fresh eager run.
    const replay = boot('seaquest.bin', EAGER);
    runBoth(replay, boot('seaquest.bin', EAGER), 0, 200, () => false);
    for (let f = 200; f < 260; f++) {
      applyInputs(replay, f);
      applyInputs(lazy, f);
      replay.runFrame!();
      lazy.runFrame!();
      if (!same(screen(lazy), screen(replay))) expect.fail(`screen differs after restored frame ${f}`);
    }
  });
});
