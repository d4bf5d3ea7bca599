/**
 * Seeded corpus of hostile cartridge images for the robustness fuzz (bench/fuzz.ts and the smaller
 * suite in this folder). Case `i` of seed `s` is always the same image, so any failure reproduces
 * from its (seed, index) pair. Images are built in memory only; truncations of real ROMs never leave
 * the process.
 *
 * Most kinds use the sizes Stella's autodetection accepts (2K–32K and the scheme sizes), so the
 * image passes detection and its code actually runs; the program kinds place a small 6507 routine at
 * the same window offset of every 4 KiB bank (every scheme's start bank then executes it) with the
 * reset vector pointing at it.
 */
import { Mt19937 } from '../../../src/ale/rng.js';

/** Stella's autodetection sizes that pick an emulated scheme for any content. */
export const RUNNABLE_SIZES = [2048, 4096, 8192, 16384, 32768] as const;
const LARGEST_RUNNABLE_SIZE = 32768;
/** DPC (8K + 2K display data), FA (12K), 64K (MB, or 3E/3F by signature). */
export const SCHEME_SIZES = [10240, 10495, 10496, 12288, 65536] as const;
/** 128K: MegaCart, detected but not emulated (unless a 3E/3F signature is present). */
export const MC_SIZE = 131072;
/** Supercharger loads are 8448 bytes: detected, not emulated. */
export const AR_LOAD_BYTES = 8448;
/** The core's ROM store (src/ale/core/constants.ts MAX_ROM_BYTES): larger images are refused. */
export const MAX_ROM_BYTES = 512 * 1024;
/** How far past the limit the oversized kind goes. */
const OVERSIZE_SPAN = 128 * 1024;
/** The core's cartridge type ids run 0–23 (src/ale/cart-types.ts); forced types also try a few outside. */
const CART_TYPE_IDS = 24;
const FORCED_TYPE_OUTLIERS = [-1, -7, 24, 99, 0x7fffffff] as const;

/** The 6507 cartridge window is 4 KiB; bank images are laid out in 4 KiB blocks. */
const BANK_BYTES = 4096;
const SMALL_BANK_BYTES = 2048;
/** Code sits at window offset $C00 ($FC00): inside every scheme's fixed segment (E0's 1K, E7/3F's 2K). */
const CODE_WINDOW_OFFSET = 0x0c00;
const CODE_ADDRESS = 0xf000 | CODE_WINDOW_OFFSET;
/** 6502: the reset vector is the last-but-two word of the address space ($FFFC). */
const RESET_VECTOR_FROM_END = 4;
/** Code must stay clear of the hotspot page ($1FC0–$1FFF) and of the vectors. */
const MAX_CODE_BYTES = 0x3c0;

// 6502 opcodes the routines use (documented set).
const OP = {
  LDA_IMM: 0xa9,
  LDX_IMM: 0xa2,
  LDY_IMM: 0xa0,
  LDA_ABS: 0xad,
  LDA_ABS_X: 0xbd,
  STA_ZP: 0x85,
  STA_ZP_X: 0x95,
  STA_ABS: 0x8d,
  STA_ABS_Y: 0x99,
  INC_ABS: 0xee,
  DEX: 0xca,
  BNE: 0xd0,
  BVC: 0x50,
  CLV: 0xb8,
  JMP_ABS: 0x4c,
  JMP_IND: 0x6c,
  JSR: 0x20,
  RTS: 0x60,
  SED: 0xf8,
  TXS: 0x9a,
  NOP: 0xea,
} as const;

/** The 12 opcodes that halt an NMOS 6502 ("KIL"/"JAM"). */
export const JAM_OPCODES = [0x02, 0x12, 0x22, 0x32, 0x42, 0x52, 0x62, 0x72, 0x92, 0xb2, 0xd2, 0xf2] as const;
const JAM_SET = new Set<number>(JAM_OPCODES);

/** 3F/3E's switchable lower segment is at $F000–$F7FF; RIOT RAM starts at $80. */
const LOWER_SEGMENT_ADDRESS = 0xf000;
const RIOT_RAM_START = 0x80;
const RAM_COPY_BYTES = 0x40;

// TIA write registers.
const VSYNC = 0x00;
const WSYNC = 0x02;
const HMOVE = 0x2a;
const TIA_WRITE_REGISTERS = 0x40;
/** VSYNC D1 starts vertical sync. */
const VSYNC_ON = 0x02;
/** Stella ends a frame when VSYNC is cleared at least a line after it was set: three WSYNCs make sure. */
const VSYNC_LINES = 3;

/**
 * Addresses bankswitching schemes decode: Atari F4–F8 and FA/FE/E0/E7 hotspots, their $Fxxx/$5xxx
 * mirrors (FE decodes A13), Superchip/CBS/E7 RAM ports, DPC registers, UA ($0220/$0240), 0840
 * ($0800/$0840), 3F/3E ($3F/$3E), the FE stack page and the RIOT timer.
 */
const HOTSPOTS = [
  0x1fe0, 0x1fe3, 0x1fe7, 0x1fe8, 0x1feb, 0x1ff0, 0x1ff3, 0x1ff4, 0x1ff5, 0x1ff6, 0x1ff7, 0x1ff8, 0x1ff9, 0x1ffa,
  0x1ffb, 0xfff8, 0xfff9, 0x5fe0, 0xbff3, 0xffe9, 0x1000, 0x1040, 0x107f, 0x1080, 0x10ff, 0x1100, 0x11ff, 0x1400,
  0x1800, 0x1900, 0x0220, 0x0240, 0x0800, 0x0840, 0x0880, 0x003e, 0x003f, 0x01fe, 0x01ff, 0x0294, 0x0296, 0x0284,
] as const;

export const FUZZ_KINDS = [
  /** Random bytes of a runnable size. */
  'random',
  /** Random bytes of the DPC, FA, 64K, 128K and Supercharger sizes. */
  'scheme-size',
  /** Random bytes whose reset vector points into the cartridge window. */
  'random-vector',
  /** Random bytes, reset vector anywhere (TIA, RIOT, RAM, mirrors). */
  'wild-vector',
  /** A JAM opcode at the entry point. */
  'jam',
  /** `JMP *`, `CLV / BVC *` or `JMP ($xxxx)` to itself: no TIA access ever. */
  'infinite-loop',
  /** WSYNC every line, never VSYNC: frames end at the scanline cap. */
  'vsync-never',
  /** Unrolled WSYNC writes, read-modify-writes of WSYNC, WSYNC through the stack page. */
  'wsync-storm',
  /** A proper VSYNC frame loop with random line counts and random TIA writes. */
  'frame-loop',
  /** Reads, writes and read-modify-writes of bankswitch hotspots, replicated in every bank. */
  'hotspot-hammer',
  /** Random opcodes (no JAM) with a valid reset vector, sometimes in decimal mode. */
  'random-code',
  /** A real (or synthetic) ROM cut short. */
  'truncated',
  /** A real (or synthetic) ROM padded, repeated or zero-extended. */
  'padded',
  /** Random bytes of any size from 1 byte to past the limit. */
  'odd-size',
  /** More bytes than any cartridge. */
  'oversized',
  /** Exactly the largest accepted image. */
  'max-size',
  /** 3F/3E images of sizes that are not a multiple of 2 KiB: the last bank runs past the image. */
  'odd-3f',
  /** No bytes at all. */
  'empty',
  /** A cartridge type forced by id (valid, unsupported or out of range) on a random image. */
  'forced-type',
] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

/** Kinds whose images are runnable by construction: they must end in frames, never in an error. */
export const MUST_RUN_KINDS: ReadonlySet<FuzzKind> = new Set<FuzzKind>([
  'random',
  'random-vector',
  'wild-vector',
  'jam',
  'infinite-loop',
  'vsync-never',
  'wsync-storm',
  'frame-loop',
  'hotspot-hammer',
  'random-code',
  'max-size',
  'odd-3f',
]);
/** Kinds that no emulator may accept. */
export const MUST_FAIL_KINDS: ReadonlySet<FuzzKind> = new Set<FuzzKind>(['oversized', 'empty']);

/** Relative frequency of each kind in the corpus. */
const KIND_WEIGHTS: Readonly<Record<FuzzKind, number>> = {
  random: 10,
  'scheme-size': 4,
  'random-vector': 8,
  'wild-vector': 4,
  jam: 4,
  'infinite-loop': 4,
  'vsync-never': 4,
  'wsync-storm': 4,
  'frame-loop': 6,
  'hotspot-hammer': 10,
  'random-code': 8,
  truncated: 8,
  padded: 4,
  'odd-size': 6,
  oversized: 2,
  'max-size': 1,
  'odd-3f': 3,
  empty: 1,
  'forced-type': 6,
};

/** Display settings the ALE layer passes from the cartridge properties (Display.*, Emulation.HmoveBlanks). */
export interface FuzzDisplay {
  readonly yStart: number;
  readonly height: number;
  readonly pal: boolean;
  readonly hmoveBlanks: boolean;
}

export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  readonly kind: FuzzKind;
  readonly bytes: Uint8Array;
  /** 0: autodetect; otherwise a forced id (maybe invalid). */
  readonly cartType: number;
  readonly display: FuzzDisplay;
  readonly systemSeed: number;
  /** Seed for the inputs the runner sends during the frames. */
  readonly inputSeed: number;
  /** Human-readable description, e.g. "pong.bin cut to 1000 bytes". */
  readonly note: string;
}

/** A named real ROM image (kept in memory only). */
export interface RealRom {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Stella's property defaults: Display.YStart 34, Display.Height 210. */
const DEFAULT_DISPLAY: FuzzDisplay = { yStart: 34, height: 210, pal: false, hmoveBlanks: true };
/** The TIA's frame buffer holds at most 300 lines (src/ale/core/tia). */
const MAX_DISPLAY_LINES = 300;
/** Share of cases that get unusual (but valid) display windows. */
const ODD_DISPLAY_SHARE = 0.2;

/** Seeded random numbers for one case (ALE's own mt19937, so no second generator is needed). */
export class CaseRandom {
  private readonly mt: Mt19937;

  constructor(seed: number) {
    this.mt = new Mt19937(seed >>> 0);
  }

  u32(): number {
    return this.mt.next() >>> 0;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.mt.nextDouble() * n);
  }

  /** Integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.mt.nextDouble() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    const words = n >>> 2;
    const view = new Uint32Array(out.buffer, 0, words);
    for (let i = 0; i < words; i++) view[i] = this.mt.next();
    for (let i = words * 4; i < n; i++) out[i] = this.mt.next() & 0xff;
    return out;
  }
}

/** Mixes the corpus seed and the case index into one generator seed. */
function caseSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

function pickKind(rng: CaseRandom): FuzzKind {
  const total = FUZZ_KINDS.reduce((sum, k) => sum + KIND_WEIGHTS[k], 0);
  let roll = rng.below(total);
  for (const kind of FUZZ_KINDS) {
    roll -= KIND_WEIGHTS[kind];
    if (roll < 0) return kind;
  }
  return 'random';
}

function pickDisplay(rng: CaseRandom): FuzzDisplay {
  if (!rng.chance(ODD_DISPLAY_SHARE)) return DEFAULT_DISPLAY;
  // The core refuses windows past its 300-line buffer (YStart + Height ≤ 300): the ALE layer only
  // passes Stella's properties, which fit.
  const height = rng.between(1, MAX_DISPLAY_LINES);
  return {
    yStart: rng.between(0, MAX_DISPLAY_LINES - height),
    height,
    pal: rng.chance(0.5),
    hmoveBlanks: rng.chance(0.5),
  };
}

/** Writes `code` at the code offset and the reset vector into every 4 KiB block (2 KiB images: the one block). */
function installEverywhere(image: Uint8Array, code: Uint8Array, vector = CODE_ADDRESS): void {
  if (code.length > MAX_CODE_BYTES) throw new Error(`fuzz routine of ${code.length} bytes is too long`);
  // 4 KiB blocks; images under 4 KiB are 2K carts, mirrored twice in the window.
  const block = image.length >= BANK_BYTES ? BANK_BYTES : SMALL_BANK_BYTES;
  const codeOffset = CODE_WINDOW_OFFSET & (block - 1);
  for (let base = 0; base + block <= image.length; base += block) {
    image.set(code, base + codeOffset);
    image[base + block - RESET_VECTOR_FROM_END] = vector & 0xff;
    image[base + block - RESET_VECTOR_FROM_END + 1] = vector >>> 8;
  }
}

/** 3F/3E: the window's upper 2 KiB always show the image's last 2 KiB; code and vector go there. */
function installInLastSegment(image: Uint8Array, code: Uint8Array): void {
  const segment = image.length - SMALL_BANK_BYTES;
  image.set(code, segment + (CODE_WINDOW_OFFSET & (SMALL_BANK_BYTES - 1)));
  image[image.length - RESET_VECTOR_FROM_END] = CODE_ADDRESS & 0xff;
  image[image.length - RESET_VECTOR_FROM_END + 1] = CODE_ADDRESS >>> 8;
}

/** A little assembler: bytes plus the address of the next one. */
class Routine {
  private readonly out: number[] = [];

  get here(): number {
    return CODE_ADDRESS + this.out.length;
  }

  emit(...bytes: number[]): this {
    for (const b of bytes) this.out.push(b & 0xff);
    return this;
  }

  abs(opcode: number, address: number): this {
    return this.emit(opcode, address & 0xff, address >>> 8);
  }

  /** A relative branch back to `target`. */
  branchTo(opcode: number, target: number): this {
    const offset = target - (this.here + 2);
    if (offset < -128) throw new Error('fuzz routine branch out of range');
    return this.emit(opcode, offset & 0xff);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

function infiniteLoop(rng: CaseRandom): { code: Uint8Array; note: string } {
  const r = new Routine();
  const style = rng.below(3);
  if (style === 0) {
    r.abs(OP.JMP_ABS, CODE_ADDRESS);
    return { code: r.bytes(), note: 'JMP *' };
  }
  if (style === 1) {
    r.emit(OP.CLV);
    r.branchTo(OP.BVC, r.here);
    return { code: r.bytes(), note: 'CLV; BVC *' };
  }
  // JMP ($FC03), and $FC03/$FC04 hold $FC00.
  r.abs(OP.JMP_IND, r.here + 3).emit(CODE_ADDRESS & 0xff, CODE_ADDRESS >>> 8);
  return { code: r.bytes(), note: 'JMP (ind) to itself' };
}

function vsyncNever(rng: CaseRandom): Uint8Array {
  const r = new Routine();
  const loop = r.here;
  r.emit(OP.STA_ZP, WSYNC);
  const extra = rng.below(4);
  for (let i = 0; i < extra; i++) r.emit(OP.LDA_IMM, rng.u32(), OP.STA_ZP, rng.between(0x04, TIA_WRITE_REGISTERS - 1));
  r.abs(OP.JMP_ABS, loop);
  return r.bytes();
}

function wsyncStorm(rng: CaseRandom): Uint8Array {
  const r = new Routine();
  const loop = r.here;
  const count = rng.between(8, 120);
  for (let i = 0; i < count && r.here < CODE_ADDRESS + MAX_CODE_BYTES - 8; i++) {
    switch (rng.below(4)) {
      case 0:
        r.emit(OP.STA_ZP, WSYNC);
        break;
      case 1:
        r.abs(OP.STA_ABS, WSYNC | (rng.below(4) << 8)); // TIA mirrors $0002/$0102/...
        break;
      case 2:
        r.abs(OP.INC_ABS, WSYNC); // read-modify-write: the dummy write and the write both hit WSYNC
        break;
      default:
        r.emit(OP.LDX_IMM, rng.u32(), OP.TXS, OP.JSR, CODE_ADDRESS & 0xff, CODE_ADDRESS >>> 8); // stack pushes into $01xx
        break;
    }
  }
  r.abs(OP.JMP_ABS, loop);
  return r.bytes();
}

function frameLoop(rng: CaseRandom): Uint8Array {
  const r = new Routine();
  const start = r.here;
  r.emit(OP.LDA_IMM, VSYNC_ON, OP.STA_ZP, VSYNC);
  for (let i = 0; i < VSYNC_LINES; i++) r.emit(OP.STA_ZP, WSYNC);
  r.emit(OP.LDA_IMM, 0, OP.STA_ZP, VSYNC);
  // Two loops of up to 256 lines each: some frames run past the 290-line cap.
  r.emit(OP.LDX_IMM, rng.u32());
  const first = r.here;
  r.emit(OP.STA_ZP, WSYNC, OP.DEX);
  r.branchTo(OP.BNE, first);
  r.emit(OP.LDX_IMM, rng.chance(0.5) ? rng.u32() : 1);
  const second = r.here;
  r.emit(OP.STA_ZP, WSYNC, OP.STA_ZP, HMOVE);
  const writes = rng.below(12);
  for (let i = 0; i < writes; i++) {
    r.emit(OP.LDA_IMM, rng.u32(), OP.STA_ZP, rng.between(0x01, TIA_WRITE_REGISTERS - 1));
  }
  r.emit(OP.DEX);
  r.branchTo(OP.BNE, second);
  r.abs(OP.JMP_ABS, start);
  return r.bytes();
}

function hotspotHammer(rng: CaseRandom): Uint8Array {
  const r = new Routine();
  const loop = r.here;
  const count = rng.between(4, 60);
  for (let i = 0; i < count && r.here < CODE_ADDRESS + MAX_CODE_BYTES - 12; i++) {
    const hotspot = rng.chance(0.9) ? rng.pick(HOTSPOTS) : rng.u32() & 0xffff;
    switch (rng.below(6)) {
      case 0:
        r.abs(OP.LDA_ABS, hotspot);
        break;
      case 1:
        r.emit(OP.LDA_IMM, rng.u32()).abs(OP.STA_ABS, hotspot);
        break;
      case 2:
        r.abs(OP.INC_ABS, hotspot);
        break;
      case 3:
        r.emit(OP.LDX_IMM, rng.u32()).abs(OP.LDA_ABS_X, hotspot);
        break;
      case 4:
        r.emit(OP.LDA_IMM, rng.u32(), OP.STA_ZP, rng.chance(0.5) ? 0x3f : 0x3e);
        break;
      default:
        r.emit(OP.LDY_IMM, rng.u32(), OP.LDA_IMM, rng.u32()).abs(OP.STA_ABS_Y, hotspot);
        break;
    }
    if (rng.chance(0.1)) r.emit(OP.STA_ZP, WSYNC);
  }
  r.abs(OP.JMP_ABS, loop);
  return r.bytes();
}

/** Selects random 3F/3E banks and copies bytes of the lower segment into RIOT RAM, where they show. */
function bankCopier(rng: CaseRandom): Uint8Array {
  const r = new Routine();
  const loop = r.here;
  const rounds = rng.between(1, 6);
  for (let i = 0; i < rounds; i++) {
    r.emit(OP.LDA_IMM, rng.u32(), OP.STA_ZP, rng.chance(0.8) ? 0x3f : 0x3e);
    r.emit(OP.LDX_IMM, rng.below(RAM_COPY_BYTES));
    r.abs(OP.LDA_ABS_X, LOWER_SEGMENT_ADDRESS + rng.below(SMALL_BANK_BYTES - RAM_COPY_BYTES));
    r.emit(OP.STA_ZP_X, RIOT_RAM_START + rng.below(RAM_COPY_BYTES));
  }
  r.emit(OP.STA_ZP, WSYNC);
  r.abs(OP.JMP_ABS, loop);
  return r.bytes();
}

function randomCode(rng: CaseRandom, size: number): Uint8Array {
  const image = rng.bytes(size);
  for (let i = 0; i < image.length; i++) {
    while (JAM_SET.has(image[i]!)) image[i] = rng.u32() & 0xff;
  }
  const prologue = rng.chance(0.3) ? Uint8Array.of(OP.SED) : Uint8Array.of(OP.NOP);
  installEverywhere(image, prologue);
  return image;
}

/** A synthetic stand-in for a real ROM (runnable 4K program) when no ROM folder is present. */
function syntheticRom(rng: CaseRandom): RealRom {
  const image = rng.bytes(rng.pick(RUNNABLE_SIZES));
  installEverywhere(image, frameLoop(rng));
  return { name: 'synthetic', bytes: image };
}

function truncate(rng: CaseRandom, rom: RealRom): { bytes: Uint8Array; note: string } {
  const n = rom.bytes.length;
  const style = rng.below(4);
  const length =
    style === 0 ? n >>> 1 : style === 1 ? n - 1 : style === 2 ? rng.between(1, 64) : rng.between(1, Math.max(1, n - 1));
  return { bytes: rom.bytes.slice(0, Math.max(1, length)), note: `${rom.name} cut to ${length} bytes` };
}

function pad(rng: CaseRandom, rom: RealRom): { bytes: Uint8Array; note: string } {
  const n = rom.bytes.length;
  switch (rng.below(4)) {
    case 0: {
      const out = new Uint8Array(n * 2);
      out.set(rom.bytes);
      out.set(rom.bytes, n);
      return { bytes: out, note: `${rom.name} twice` };
    }
    case 1: {
      const out = new Uint8Array(LARGEST_RUNNABLE_SIZE);
      out.set(rom.bytes.subarray(0, out.length));
      return { bytes: out, note: `${rom.name} zero-extended to 32K` };
    }
    case 2: {
      const extra = rng.between(1, 4096);
      const out = new Uint8Array(n + extra);
      out.set(rom.bytes);
      out.set(rng.bytes(extra), n);
      return { bytes: out, note: `${rom.name} + ${extra} random bytes` };
    }
    default: {
      const out = new Uint8Array(MAX_ROM_BYTES + rng.between(1, OVERSIZE_SPAN));
      for (let at = 0; at < out.length; at += n) out.set(rom.bytes.subarray(0, out.length - at), at);
      return { bytes: out, note: `${rom.name} repeated past the size limit` };
    }
  }
}

/**
 * Case `index` of the corpus `seed`. `realRoms` (may be empty) feed the truncated and padded kinds;
 * without them those kinds use synthetic images.
 */
export function fuzzCase(seed: number, index: number, realRoms: readonly RealRom[] = []): FuzzCase {
  const rng = new CaseRandom(caseSeed(seed, index));
  const kind = pickKind(rng);
  const display = pickDisplay(rng);
  const systemSeed = rng.u32();
  const inputSeed = rng.u32();
  let cartType = 0;
  let bytes: Uint8Array;
  let note: string = kind;
  const runnable = () => rng.pick(RUNNABLE_SIZES);
  switch (kind) {
    case 'random':
      bytes = rng.bytes(runnable());
      break;
    case 'scheme-size': {
      const size = rng.chance(0.2)
        ? rng.chance(0.5)
          ? MC_SIZE
          : AR_LOAD_BYTES * rng.between(1, 4)
        : rng.pick(SCHEME_SIZES);
      bytes = rng.bytes(size);
      installEverywhere(bytes, hotspotHammer(rng));
      break;
    }
    case 'random-vector': {
      bytes = rng.bytes(runnable());
      const vector = 0xf000 | rng.below(BANK_BYTES);
      installEverywhere(bytes, new Uint8Array(0), vector);
      note = `reset vector $${vector.toString(16)}`;
      break;
    }
    case 'wild-vector': {
      bytes = rng.bytes(runnable());
      const vector = rng.chance(0.5) ? rng.below(0x1000) : rng.u32() & 0xffff;
      installEverywhere(bytes, new Uint8Array(0), vector);
      note = `reset vector $${vector.toString(16)}`;
      break;
    }
    case 'jam': {
      bytes = rng.bytes(runnable());
      const jam = rng.pick(JAM_OPCODES);
      const lead = rng.below(4); // a few NOPs first, so the JAM is not always the first fetch
      installEverywhere(bytes, Uint8Array.from([...new Array<number>(lead).fill(OP.NOP), jam]));
      note = `JAM $${jam.toString(16)} after ${lead} NOPs`;
      break;
    }
    case 'infinite-loop': {
      bytes = rng.bytes(runnable());
      const loop = infiniteLoop(rng);
      installEverywhere(bytes, loop.code);
      note = loop.note;
      break;
    }
    case 'vsync-never':
      bytes = rng.bytes(runnable());
      installEverywhere(bytes, vsyncNever(rng));
      break;
    case 'wsync-storm':
      bytes = rng.bytes(runnable());
      installEverywhere(bytes, wsyncStorm(rng));
      break;
    case 'frame-loop':
      bytes = rng.bytes(runnable());
      installEverywhere(bytes, frameLoop(rng));
      break;
    case 'hotspot-hammer':
      bytes = rng.bytes(runnable());
      installEverywhere(bytes, hotspotHammer(rng));
      break;
    case 'random-code':
      bytes = randomCode(rng, runnable());
      break;
    case 'truncated': {
      const cut = truncate(rng, realRoms.length > 0 ? rng.pick(realRoms) : syntheticRom(rng));
      bytes = cut.bytes;
      note = cut.note;
      break;
    }
    case 'padded': {
      const padded = pad(rng, realRoms.length > 0 ? rng.pick(realRoms) : syntheticRom(rng));
      bytes = padded.bytes;
      note = padded.note;
      break;
    }
    case 'odd-size': {
      const size = rng.chance(0.7) ? rng.between(1, 40000) : rng.between(1, MAX_ROM_BYTES + OVERSIZE_SPAN);
      bytes = rng.bytes(size);
      note = `${size} bytes`;
      break;
    }
    case 'oversized': {
      const size = MAX_ROM_BYTES + rng.between(1, OVERSIZE_SPAN);
      bytes = rng.bytes(size);
      note = `${size} bytes`;
      break;
    }
    case 'max-size':
      bytes = rng.bytes(MAX_ROM_BYTES);
      // Two 3F bank writes (STA $3F) make Stella's autodetection pick 3F for any size.
      bytes.set([OP.STA_ZP, 0x3f, OP.NOP, OP.STA_ZP, 0x3f], rng.below(MAX_ROM_BYTES - 8));
      break;
    case 'odd-3f': {
      const size = rng.between(SMALL_BANK_BYTES + 1, 70000);
      bytes = rng.bytes(size);
      // Two 3F bank writes apart (Stella's signature scan skips a byte after each hit).
      bytes.set([OP.STA_ZP, 0x3f, OP.NOP, OP.STA_ZP, 0x3f], rng.below(size - SMALL_BANK_BYTES));
      installInLastSegment(bytes, bankCopier(rng));
      note = `3F image of ${size} bytes`;
      break;
    }
    case 'empty':
      bytes = new Uint8Array(0);
      break;
    case 'forced-type': {
      cartType = rng.chance(0.15) ? rng.pick(FORCED_TYPE_OUTLIERS) : rng.below(CART_TYPE_IDS);
      const size = rng.chance(0.7) ? rng.pick([...RUNNABLE_SIZES, ...SCHEME_SIZES]) : rng.between(1, 70000);
      bytes = rng.bytes(size);
      if (size >= SMALL_BANK_BYTES) installEverywhere(bytes, hotspotHammer(rng));
      note = `type ${cartType}, ${size} bytes`;
      break;
    }
  }
  return { seed, index, kind, bytes, cartType, display, systemSeed, inputSeed, note };
}
