/**
 * The robustness fuzz in small (bench/fuzz.ts runs ≥ 10,000 cases): a seeded corpus of random,
 * truncated, oversized and hostile images through one reused emulator instance. Every case must end
 * in frames or a typed error, the frame loop must end each hostile program's frames the way the
 * frame rules say, states must round-trip, and a ROM must behave the same whatever the instance ran
 * before. A hang fails the suite through vitest's timeout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRomError } from '../../../src/ale/errors.js';
import { describeRoms, ROM_DIR } from '../../helpers/shared.js';
import {
  CaseRandom,
  type FuzzCase,
  type FuzzKind,
  fuzzCase,
  MUST_FAIL_KINDS,
  MUST_RUN_KINDS,
  type RealRom,
} from './fuzz-corpus.js';
import { type CaseResult, FRAMES_PER_CASE, FuzzTarget } from './fuzz-run.js';

const SEED = 20240611;
const CASES = 300;
/** Every this many cases that ran are replayed on a fresh instance. */
const REPLAY_EVERY = 5;
/** Every this many get a damaged state loaded. */
const DAMAGE_EVERY = 3;
const DEFAULT_DISPLAY = { yStart: 34, height: 210, pal: false, hmoveBlanks: true } as const;

function describeCase(r: CaseResult): string {
  return `case ${r.index} (${r.kind}: ${r.note}, ${r.size} bytes) → ${r.outcome} ${r.errorName ?? ''} ${r.message ?? ''}`;
}

describe('robustness fuzz (seeded, one reused instance)', () => {
  // Frames draw only when read, and are run again then; the fresh replays draw every frame.
  const target = new FuzzTarget(undefined, 'lazy');
  const results: CaseResult[] = [];
  const cases: FuzzCase[] = [];
  const replays: { index: number; same: boolean }[] = [];
  const damaged: { index: number; outcome: string; detail: string }[] = [];

  beforeAll(() => {
    for (let i = 0; i < CASES; i++) {
      const c = fuzzCase(SEED, i);
      cases.push(c);
      const r = target.run(c);
      results.push(r);
      if (r.outcome !== 'frames') continue;
      if (i % REPLAY_EVERY === 0) replays.push({ index: i, same: new FuzzTarget().run(c).digest === r.digest });
      if (i % DAMAGE_EVERY === 0) {
        const d = target.corruptState(new CaseRandom(i));
        damaged.push({ index: i, outcome: d.outcome, detail: `${d.errorName ?? ''} ${d.message ?? ''}` });
      }
    }
  });

  it('covers every kind of hostile image', () => {
    const kinds = new Set(results.map((r) => r.kind));
    for (const kind of MUST_RUN_KINDS) expect(kinds, `no ${kind} case in the corpus`).toContain(kind);
    expect(kinds).toContain('truncated');
    expect(kinds).toContain('oversized');
  });

  it('ends every case in frames or a typed error, never a crash', () => {
    const crashes = results.filter((r) => r.outcome === 'crash').map(describeCase);
    expect(crashes).toEqual([]);
  });

  it('runs every image built to be runnable, and refuses empty and oversized images with InvalidRomError', () => {
    const wrong = results
      .filter((r) =>
        MUST_RUN_KINDS.has(r.kind)
          ? r.outcome !== 'frames'
          : MUST_FAIL_KINDS.has(r.kind) && r.outcome !== 'typed-error',
      )
      .map(describeCase);
    expect(wrong).toEqual([]);
    for (const r of results.filter((x) => MUST_FAIL_KINDS.has(x.kind))) {
      const c = cases[r.index]!;
      expect(() => new FuzzTarget().machine.insertCartridge(c.bytes, 0, c.display, 1, 'x')).toThrow(InvalidRomError);
    }
  });

  it('ends hostile programs’ frames as the frame rules say', () => {
    const of = (kind: FuzzKind) => results.filter((r) => r.kind === kind && r.outcome === 'frames');
    // A jammed CPU lets no time pass and no VSYNC comes: every call hits the cap unfinished.
    for (const r of of('jam'))
      expect(r.frames, describeCase(r)).toEqual({ vsync: 0, scanlineCap: 0, partial: FRAMES_PER_CASE });
    // A loop that never touches the TIA: 25,000 instructions per call, never an end.
    for (const r of of('infinite-loop')) expect(r.frames.partial, describeCase(r)).toBe(FRAMES_PER_CASE);
    // WSYNC every line and never VSYNC: each frame is cut by the first TIA write past the scanline cap.
    for (const r of of('vsync-never')) expect(r.frames.scanlineCap, describeCase(r)).toBe(FRAMES_PER_CASE);
    // A VSYNC frame loop ends frames by VSYNC (or by the cap when its lines run past it).
    for (const r of of('frame-loop')) expect(r.frames.partial, describeCase(r)).toBe(0);
    expect(of('frame-loop').some((r) => r.frames.vsync > 0)).toBe(true);
  });

  it('replays the frame after a saved state identically', () => {
    const mismatches = results.filter((r) => r.roundTrip === 'mismatch').map(describeCase);
    expect(mismatches).toEqual([]);
    expect(results.filter((r) => r.roundTrip === 'ok').length).toBe(
      results.filter((r) => r.outcome === 'frames').length,
    );
  });

  it('runs a ROM in a reused instance exactly as in a fresh one', () => {
    expect(replays.length).toBeGreaterThan(20);
    expect(replays.filter((r) => !r.same).map((r) => describeCase(results[r.index]!))).toEqual([]);
  });

  it('survives damaged machine states: refused with StateFormatError or accepted, and frames still run', () => {
    expect(damaged.length).toBeGreaterThan(20);
    expect(damaged.filter((d) => d.outcome === 'crash')).toEqual([]);
    expect(damaged.some((d) => d.outcome === 'rejected')).toBe(true);
  });

  it('keeps one instance at its initial memory across all loads (within 2 MB)', () => {
    const sizes = new Set(results.map((r) => r.wasmBytes));
    expect(sizes.size).toBe(1);
    expect(target.wasmBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});

describe('robustness regressions', () => {
  it('restores its own state saved mid-line on the last line of a 300-line window (bench:fuzz seed 1, case 8824)', () => {
    const c = fuzzCase(1, 8824);
    expect(c.display).toMatchObject({ yStart: 0, height: 300 });
    const r = new FuzzTarget().run(c);
    expect(r.outcome, describeCase(r)).toBe('frames');
    expect(r.roundTrip).toBe('ok');
  });

  it('reads the same screens drawing lazily as drawing every frame through runs of short frames (bench:fuzz seed 1, case 2600)', () => {
    // Random code whose frames end after 4–37 lines many times in a row: each one's lower lines show
    // the frame two before, which a lazy instance drew only if its screen was read.
    const c = fuzzCase(1, 2600);
    const lazy = new FuzzTarget(undefined, 'lazy');
    const r = lazy.run(c);
    expect(r.outcome, describeCase(r)).toBe('frames');
    expect(r.digest).toBe(new FuzzTarget().run(c).digest);
    expect(lazy.core.lazyScreenHoleRepairs!()).toBeGreaterThan(0);
    expect(lazy.core.inexactScreens!()).toBe(0);
  });

  // 6507 code for a 3F image of 4196 bytes (two 2K banks + 100 bytes): select bank 2, whose second
  // half lies past the image, and copy 96 of its bytes into RIOT RAM.
  const ODD_3F_SIZE = 4096 + 100;
  const ODD_3F_CODE = [
    0xa9,
    0x02, // LDA #2
    0x85,
    0x3f, // STA $3F     (3F bank select; also half of the 3F signature)
    0xea, //       NOP          (Stella's scan skips a byte after a hit)
    0x85,
    0x3f, // STA $3F
    0xa2,
    0x00, // LDX #0
    0xbd,
    0xc8,
    0xf0, // loop: LDA $F0C8,X (bank 2, offset 200: past the image)
    0x95,
    0x80, // STA $80,X
    0xe8, //       INX
    0xe0,
    0x60, // CPX #$60
    0xd0,
    0xf6, // BNE loop
    0x4c,
    0x13,
    0xf8, // JMP * ($F813)
  ];

  function odd3fImage(): Uint8Array {
    const image = new Uint8Array(ODD_3F_SIZE);
    image.set(ODD_3F_CODE, ODD_3F_SIZE - 2048); // the fixed upper segment starts at $F800
    image[ODD_3F_SIZE - 4] = 0x00; // reset vector $F800
    image[ODD_3F_SIZE - 3] = 0xf8;
    return image;
  }

  function ramAfter(target: FuzzTarget, image: Uint8Array, display = DEFAULT_DISPLAY, frames = 3): number[] {
    target.machine.insertCartridge(image, 0, display, 1, 'regression image');
    for (let f = 0; f < frames; f++) target.machine.runFrame();
    return Array.from(target.machine.ram());
  }

  it('a 3F image shorter than its last bank reads the same past its end whatever was loaded before', () => {
    const fresh = ramAfter(new FuzzTarget(), odd3fImage());
    const reused = new FuzzTarget();
    const big = new Uint8Array(512 * 1024).fill(0xab);
    big.set([0x85, 0x3f, 0xea, 0x85, 0x3f], 100);
    ramAfter(reused, big);
    expect(reused.core.cartType()).toBe(14); // 3F
    expect(ramAfter(reused, odd3fImage())).toEqual(fresh);
    // The bytes past the image read 0, as in a fresh instance.
    expect(fresh.slice(0, 0x60).every((b) => b === 0)).toBe(true);
  });

  /** A 4K image with `code` at $F000 and the reset vector pointing there. */
  function image4k(code: readonly number[]): Uint8Array {
    const image = new Uint8Array(4096);
    image.set(code);
    image[0xffc] = 0x00;
    image[0xffd] = 0xf0;
    return image;
  }

  // JMP * : frames never end, so the instance is left mid-frame when the next ROM loads.
  const JMP_SELF = [0x4c, 0x00, 0xf0];
  // 250 lines of COLUBK = line number, then JMP * : its first frame never ends, and shows what it drew.
  const GRADIENT_THEN_HANG = [
    0xa2,
    0x00, // LDX #0
    0x86,
    0x09, // line: STX COLUBK
    0x85,
    0x02, // STA WSYNC
    0xe8, //       INX
    0xe0,
    0xfa, // CPX #250
    0xd0,
    0xf7, // BNE line
    0x4c,
    0x0b,
    0xf0, // JMP *
  ];
  // A VSYNC frame loop that counts frames in RAM $80 and shows the count as the background colour.
  const FRAME_COUNTER = [
    0xa9,
    0x02,
    0x85,
    0x00, // frame: LDA #2; STA VSYNC
    0x85,
    0x02,
    0x85,
    0x02,
    0x85,
    0x02, // three lines of VSYNC
    0xa9,
    0x00,
    0x85,
    0x00, // LDA #0; STA VSYNC
    0xe6,
    0x80, // INC $80
    0xa5,
    0x80,
    0x85,
    0x09, // LDA $80; STA COLUBK
    0xa2,
    0xc8, // LDX #200
    0x85,
    0x02, // line: STA WSYNC
    0xca, //       DEX
    0xd0,
    0xfb, // BNE line
    0x4c,
    0x00,
    0xf0, // JMP frame
  ];

  function screenAfter(target: FuzzTarget, image: Uint8Array, frames: number): number[] {
    target.machine.insertCartridge(image, 0, DEFAULT_DISPLAY, 1, 'regression image');
    for (let f = 0; f < frames; f++) target.machine.runFrame();
    return Array.from(target.machine.screen());
  }

  it('a ROM loaded after one that left a frame unfinished runs as in a fresh instance', () => {
    const fresh = screenAfter(new FuzzTarget(), image4k(GRADIENT_THEN_HANG), 3);
    const reused = new FuzzTarget();
    screenAfter(reused, image4k(JMP_SELF), 3);
    // Before the fix the new ROM continued the old unfinished frame: no new frame, drawing from line 0.
    expect(screenAfter(reused, image4k(GRADIENT_THEN_HANG), 3)).toEqual(fresh);
    expect(new Set(fresh).size).toBeGreaterThan(100);
  });

  it('a refused machine state leaves the machine exactly as it was', () => {
    const a = new FuzzTarget();
    const b = new FuzzTarget();
    for (const t of [a, b]) screenAfter(t, image4k(FRAME_COUNTER), 5);
    const earlier = a.machine.saveState();
    const countAtSave = a.machine.ram()[0]!;
    for (let f = 0; f < 10; f++) {
      a.machine.runFrame();
      b.machine.runFrame();
    }
    // Cut short: the reader runs out at the end, after every chip had already read its part.
    expect(() => a.machine.loadState(earlier.subarray(0, earlier.length - 100))).toThrow(/rejected/);
    for (let f = 0; f < 5; f++) {
      a.machine.runFrame();
      b.machine.runFrame();
    }
    // Fifteen frames counted since the save: the refused state did not take the machine back.
    expect(a.machine.ram()[0]).toBe((countAtSave + 15) & 0xff);
    expect(Array.from(a.machine.ram())).toEqual(Array.from(b.machine.ram()));
    expect(Array.from(a.machine.screen())).toEqual(Array.from(b.machine.screen()));
  });
});

describeRoms('robustness fuzz with truncations of the real ROMs', () => {
  it('ends every truncated or padded real ROM in frames or a typed error', () => {
    const dir = ROM_DIR!;
    const roms: RealRom[] = readdirSync(dir)
      .filter((f) => f.endsWith('.bin'))
      .sort()
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(resolve(dir, f))) }));
    const target = new FuzzTarget();
    const results: CaseResult[] = [];
    for (let i = 0; results.length < 120; i++) {
      const c = fuzzCase(SEED + 1, i, roms);
      if (c.kind === 'truncated' || c.kind === 'padded') results.push(target.run(c));
    }
    expect(results.filter((r) => r.outcome === 'crash').map(describeCase)).toEqual([]);
    // Half-length cuts of 4K+ ROMs are valid images of a smaller size: some run, most are refused.
    expect(results.some((r) => r.outcome === 'frames')).toBe(true);
    expect(results.some((r) => r.outcome === 'typed-error')).toBe(true);
  });
});
