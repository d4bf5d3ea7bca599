/**
 * Render skip and snapshots on real games: frames drawn without pixels must leave RAM (which holds
 * what games read from the collision latches) exactly as drawn frames do, and a snapshot taken
 * mid-game must replay the same frames.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { type CoreExports, instantiateCore } from '../../../src/ale/core-binding.js';
import { describeRoms, romPath } from '../../helpers/shared.js';

const FRAMES = 1500;
const GROUP = 4; // like ALE frame_skip = 4: only the last frame of each group is looked at
const RAM_BYTES = 128;
const WIDTH = 160;

function boot(rom: string): CoreExports {
  const core = instantiateCore();
  const bytes = readFileSync(romPath(rom));
  new Uint8Array(core.memory.buffer, core.romStagingPointer(), bytes.length).set(bytes);
  expect(core.loadRom(bytes.length, 0)).toBeGreaterThan(0);
  return core;
}

/** Inputs that change over time (fire, joystick, paddles), the same for every instance at frame `f`. */
function applyInputs(core: CoreExports, f: number): void {
  const phase = Math.floor(f / 40);
  core.setFireButton!(0, phase % 3 === 0 ? 1 : 0);
  core.setPortAPins!(phase % 2 === 0 ? 0xbf : 0x7f); // left jack: left or right held
  core.setPaddleResistance!(0, 100_000 + ((f * 7919) % 600_000));
}

/** Byte-equal (vitest's deep equality is far too slow for thousands of screens). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

const ram = (core: CoreExports) => new Uint8Array(core.memory.buffer, core.ramPointer(), RAM_BYTES).slice();
const screen = (core: CoreExports) =>
  new Uint8Array(core.memory.buffer, core.screenPointer(), core.screenHeight!() * WIDTH).slice();

describeRoms('TIA render skip and snapshots on real games', () => {
  for (const rom of ['pong.bin', 'space_invaders.bin', 'seaquest.bin', 'breakout.bin']) {
    it(`${rom}: skipping pixels changes neither RAM nor the screens that are drawn`, () => {
      const drawn = boot(rom);
      const skipping = boot(rom);
      drawn.setRendering!(1);
      for (let f = 0; f < FRAMES; f++) {
        const look = f % GROUP === GROUP - 1;
        skipping.setRendering!(look ? 1 : 0);
        applyInputs(drawn, f);
        applyInputs(skipping, f);
        expect(skipping.runFrame!()).toBe(drawn.runFrame!());
        if (!same(ram(skipping), ram(drawn))) expect.fail(`RAM differs after frame ${f}`);
        if (look && !same(screen(skipping), screen(drawn))) expect.fail(`screen differs after frame ${f}`);
      }
      expect(skipping.inexactScreens!()).toBe(0);
    });

    it(`${rom}: a snapshot replays the same frames`, () => {
      const core = boot(rom);
      core.setRendering!(1);
      for (let f = 0; f < 200; f++) {
        applyInputs(core, f);
        core.runFrame!();
      }
      const length = core.saveState!();
      expect(length).toBeGreaterThan(0);
      expect(length).toBeLessThanOrEqual(8 * 1024);
      const state = new Uint8Array(core.memory.buffer, core.stateBufferPointer!(), length).slice();
      const run = () => {
        const out: Uint8Array[] = [];
        for (let f = 200; f < 260; f++) {
          applyInputs(core, f);
          core.runFrame!();
          out.push(ram(core), screen(core));
        }
        return out;
      };
      const first = run();
      new Uint8Array(core.memory.buffer, core.stateBufferPointer!(), length).set(state);
      expect(core.loadState!(length)).toBe(0);
      const again = run();
      const differing = again.findIndex((bytes, i) => !same(bytes, first[i]!));
      expect(differing).toBe(-1);
    });

    it(`${rom}: a corrupted snapshot is refused or runs, but never traps`, () => {
      const core = boot(rom);
      for (let f = 0; f < 100; f++) core.runFrame!();
      const length = core.saveState!();
      const state = new Uint8Array(core.memory.buffer, core.stateBufferPointer!(), length).slice();
      let seed = 12345;
      const next = () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed;
      };
      for (let trial = 0; trial < 200; trial++) {
        const bad = state.slice();
        for (let k = 0; k < 4; k++) bad[next() % length] = next() & 0xff;
        new Uint8Array(core.memory.buffer, core.stateBufferPointer!(), length).set(bad);
        const result = core.loadState!(length);
        expect([0, -1]).toContain(result);
        if (result === 0) for (let f = 0; f < 3; f++) core.runFrame!();
      }
    });
  }
});
