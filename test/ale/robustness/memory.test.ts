/**
 * Issue 3's memory targets: one emulator instance ≤ 2 MB (its wasm linear memory), `cloneState`
 * ≤ 8 KB, and many instances side by side in one process with no shared state.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instantiateCore } from '../../../src/ale/core-binding.js';
import { ALEInterface } from '../../../src/ale/index.js';
import { LcgPolicy } from '../../../src/ale/lcg-policy.js';
import { describeRoms, ROM_DIR, romPath } from '../../helpers/shared.js';
import { fuzzCase } from './fuzz-corpus.js';
import { FRAMES_PER_CASE, FuzzTarget, isTypedError } from './fuzz-run.js';

/** Issue 3: one instance ≤ 2 MB; cloneState ≤ 8 KB. */
const MAX_INSTANCE_BYTES = 2 * 1024 * 1024;
const MAX_STATE_BYTES = 8 * 1024;
const WASM_PAGE_BYTES = 64 * 1024;
/** Stella's property defaults (Display.YStart 34, Display.Height 210). */
const DEFAULT_DISPLAY = { yStart: 34, height: 210, pal: false, hmoveBlanks: true } as const;
const LOAD_PASSES = 3;
const FUZZ_LOADS = 200;

function realRomFiles(): string[] {
  return readdirSync(ROM_DIR!)
    .filter((f) => f.endsWith('.bin'))
    .sort();
}

describe('memory of one instance', () => {
  it('is capped at 2 MB by the module itself: growing past it fails', () => {
    const core = instantiateCore();
    const pages = core.memory.buffer.byteLength / WASM_PAGE_BYTES;
    const capPages = MAX_INSTANCE_BYTES / WASM_PAGE_BYTES;
    expect(pages).toBeLessThanOrEqual(capPages);
    core.memory.grow(capPages - pages);
    expect(core.memory.buffer.byteLength).toBe(MAX_INSTANCE_BYTES);
    expect(() => core.memory.grow(1)).toThrow(RangeError);
  });

  it('does not grow while hostile images are loaded into it one after another', () => {
    const target = new FuzzTarget();
    const initial = target.wasmBytes;
    for (let i = 0; i < FUZZ_LOADS; i++) target.run(fuzzCase(7, i), 10);
    expect(target.wasmBytes).toBe(initial);
    expect(initial).toBeLessThanOrEqual(MAX_INSTANCE_BYTES);
  });
});

describeRoms('memory with the real ROMs', () => {
  it('one instance stays within 2 MB, without growing, after loading and running every real ROM three times', () => {
    const target = new FuzzTarget();
    const initial = target.wasmBytes;
    const sizes = new Set<number>();
    for (let pass = 0; pass < LOAD_PASSES; pass++) {
      for (const file of realRomFiles()) {
        target.machine.insertCartridge(new Uint8Array(readFileSync(romPath(file))), 0, DEFAULT_DISPLAY, pass + 1, file);
        for (let f = 0; f < FRAMES_PER_CASE; f++) target.machine.runFrame();
        target.machine.saveState();
        sizes.add(target.wasmBytes);
      }
    }
    expect([...sizes]).toEqual([initial]);
    expect(initial).toBeLessThanOrEqual(MAX_INSTANCE_BYTES);
  });

  it('cloneState is at most 8 KB for every real ROM (with and without the generator)', () => {
    const sizes: Record<string, number> = {};
    const refused: string[] = [];
    for (const file of realRomFiles()) {
      const ale = new ALEInterface();
      try {
        ale.loadROM(romPath(file));
      } catch (err) {
        // A game may refuse to start with its own typed error (a defect elsewhere, not a memory one).
        if (!isTypedError(err)) throw err;
        refused.push(`${file}: ${(err as Error).name}`);
        continue;
      }
      for (let t = 0; t < 30; t++) ale.act(ale.getMinimalActionSet()[t % ale.getMinimalActionSet().length]!);
      sizes[file] = Math.max(ale.cloneState().length, ale.cloneState({ includeRng: true }).length);
    }
    const tooLarge = Object.entries(sizes).filter(([, n]) => n > MAX_STATE_BYTES);
    expect(tooLarge).toEqual([]);
    // Every ROM but the few whose game refuses to start was measured.
    expect(Object.keys(sizes).length).toBeGreaterThan(realRomFiles().length - 3);
    expect(refused.length).toBeLessThan(3);
  });

  it('many instances side by side run exactly as each one alone', () => {
    const games = ['pong.bin', 'breakout.bin', 'ms_pacman.bin', 'seaquest.bin', 'space_invaders.bin', 'pong.bin'];
    const steps = 300;
    const play = (ales: ALEInterface[], order: 'interleaved' | 'one-by-one') => {
      const policies = ales.map((ale, i) => new LcgPolicy(i + 1, ale.getMinimalActionSet(), 4));
      const rewards = ales.map(() => 0);
      const step = (i: number) => {
        const ale = ales[i]!;
        if (ale.gameOver()) ale.resetGame();
        rewards[i]! += ale.act(policies[i]!.nextAction());
      };
      if (order === 'interleaved') {
        for (let t = 0; t < steps; t++) for (let i = 0; i < ales.length; i++) step(i);
      } else {
        for (let i = 0; i < ales.length; i++) for (let t = 0; t < steps; t++) step(i);
      }
      return ales.map((ale, i) => ({ reward: rewards[i], ram: Array.from(ale.getRAM()), screen: ale.getScreen() }));
    };
    const build = () =>
      games.map((file, i) => {
        const ale = new ALEInterface();
        ale.setInt('random_seed', 100 + i); // the two Pong instances draw different sticky actions
        ale.loadROM(romPath(file));
        return ale;
      });
    const together = play(build(), 'interleaved');
    const alone = play(build(), 'one-by-one');
    for (let i = 0; i < games.length; i++) {
      expect(together[i]!.reward, games[i]).toBe(alone[i]!.reward);
      expect(together[i]!.ram, games[i]).toEqual(alone[i]!.ram);
      expect(Buffer.compare(together[i]!.screen, alone[i]!.screen), games[i]).toBe(0);
    }
    // The two Pong instances really are separate games (different seeds diverge).
    expect(together[0]!.ram).not.toEqual(together[5]!.ram);
  });
});
