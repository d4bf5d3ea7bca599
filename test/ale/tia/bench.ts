/**
 * Drives the core's TIA directly: register writes and reads at chosen CPU cycles of a frame (through
 * the bus test hooks, so the data bus and the "last access was a read" flag behave as for the CPU),
 * with frames started and finished by the TIA test hooks. The cartridge is an idle loop that never runs.
 *
 * Geometry (Stella, ALE's TIA): a frame starts at cycle 0 of line 0; a line is 76 CPU cycles = 228
 * colour clocks, of which the first 68 are horizontal blank; visible pixel x is colour clock 68 + x.
 * Screen row y is frame line Display.YStart + y (34 unless set).
 */
import type { CoreExports } from '../../../src/ale/core-binding.js';
import { AsmMachine } from '../../helpers/asm.js';

export const CYCLES_PER_LINE = 76;
export const CLOCKS_PER_CYCLE = 3;
export const HBLANK_CLOCKS = 68;
export const WIDTH = 160;
export const DEFAULT_Y_START = 34;

/** TIA write registers. */
export const W = {
  VSYNC: 0x00,
  VBLANK: 0x01,
  WSYNC: 0x02,
  NUSIZ0: 0x04,
  NUSIZ1: 0x05,
  COLUP0: 0x06,
  COLUP1: 0x07,
  COLUPF: 0x08,
  COLUBK: 0x09,
  CTRLPF: 0x0a,
  REFP0: 0x0b,
  PF0: 0x0d,
  PF1: 0x0e,
  PF2: 0x0f,
  RESP0: 0x10,
  RESP1: 0x11,
  RESM0: 0x12,
  RESM1: 0x13,
  RESBL: 0x14,
  GRP0: 0x1b,
  GRP1: 0x1c,
  ENAM0: 0x1d,
  ENAM1: 0x1e,
  ENABL: 0x1f,
  HMP0: 0x20,
  HMP1: 0x21,
  HMM0: 0x22,
  HMBL: 0x24,
  VDELP0: 0x25,
  RESMP0: 0x28,
  HMOVE: 0x2a,
  HMCLR: 0x2b,
  CXCLR: 0x2c,
  /** Not a register: writing it only puts a value on the data bus. */
  UNUSED: 0x2d,
} as const;

/** TIA read registers. */
export const R = {
  CXM0P: 0x00,
  CXM1P: 0x01,
  CXP0FB: 0x02,
  CXP1FB: 0x03,
  CXM0FB: 0x04,
  CXM1FB: 0x05,
  CXBLPF: 0x06,
  CXPPMM: 0x07,
  INPT0: 0x08,
  INPT4: 0x0c,
  INPT5: 0x0d,
} as const;

/** Objects of `position`. */
export const OBJECT = { P0: 0, P1: 1, M0: 2, M1: 3, BL: 4 } as const;

/** The CPU cycle of a frame at which colour clock `clock` of line `line` is reached. */
export function cycleAt(line: number, clock = 0): number {
  return line * CYCLES_PER_LINE + Math.floor(clock / CLOCKS_PER_CYCLE);
}

/** The first CPU cycle whose colour clock is at or after visible pixel `x` of line `line`. */
export function cycleAtPixel(line: number, x: number): number {
  return line * CYCLES_PER_LINE + Math.ceil((HBLANK_CLOCKS + x) / CLOCKS_PER_CYCLE);
}

export interface DisplayOptions {
  yStart?: number;
  height?: number;
  pal?: boolean;
  hmoveBlanks?: boolean;
}

export class TiaBench {
  readonly core: CoreExports;
  private frameBase = 0;

  constructor(display: DisplayOptions = {}) {
    this.core = new AsmMachine('idle:\n jmp idle').core;
    const { yStart = DEFAULT_Y_START, height = 210, pal = false, hmoveBlanks = true } = display;
    this.core.setDisplay!(yStart, height, pal ? 1 : 0, hmoveBlanks ? 1 : 0);
    this.core.reset();
    this.core.setRendering!(1);
  }

  /** Starts a frame at the current cycle (the first frame after reset starts at a line start). */
  beginFrame(): void {
    this.frameBase = this.core.cycles();
    this.core.testTiaBeginFrame!();
  }

  /** Finishes the frame's update: 0 ended by VSYNC, 1 by the scanline cap, 2 unfinished. */
  endFrame(): number {
    return this.core.testTiaEndFrame!();
  }

  /** CPU cycles since the frame began. */
  get cycle(): number {
    return this.core.cycles() - this.frameBase;
  }

  private advanceTo(cycle: number): void {
    const delta = cycle - 1 - this.cycle;
    if (delta < 0) throw new Error(`cycle ${cycle} is in the past (now ${this.cycle})`);
    this.core.testAdvanceCycles(delta);
  }

  /** A CPU write landing on frame cycle `cycle` (the bus charges that cycle). */
  write(cycle: number, register: number, value: number): void {
    this.advanceTo(cycle);
    this.core.testBusWrite(register, value);
  }

  /** A CPU read on frame cycle `cycle`. */
  read(cycle: number, register: number): number {
    this.advanceTo(cycle);
    return this.core.testBusRead(register);
  }

  /** WSYNC the way the CPU writes it: after a read (the 6507 halts only then). Returns the cycle it resumes at. */
  wsync(cycle: number): number {
    this.read(cycle - 1, W.UNUSED);
    this.write(cycle, W.WSYNC, 0);
    return this.cycle;
  }

  /** Ends the frame the way games do: VSYNC on for three lines from `line`, then off. */
  vsyncAt(line: number): number {
    this.write(cycleAt(line), W.VSYNC, 2);
    this.write(cycleAt(line + 3), W.VSYNC, 0);
    return this.endFrame();
  }

  position(object: number): number {
    return this.core.testTiaPosition!(object);
  }

  collisions(): number {
    return this.core.testTiaCollisions!();
  }

  screen(): Uint8Array {
    const height = this.core.screenHeight!();
    return new Uint8Array(this.core.memory.buffer, this.core.screenPointer(), height * WIDTH).slice();
  }

  row(y: number): Uint8Array {
    return this.screen().subarray(y * WIDTH, (y + 1) * WIDTH);
  }
}

/** The x positions in `row` that hold `colour`. */
export function pixelsOf(row: Uint8Array, colour: number): number[] {
  const xs: number[] = [];
  row.forEach((c, x) => {
    if (c === colour) xs.push(x);
  });
  return xs;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
