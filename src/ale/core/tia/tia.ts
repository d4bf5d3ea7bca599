// TIA: video, collisions, input ports and audio registers, modelled as the Stella inside ALE 0.12
// models them (TIA.cxx, 2007), because ALE's screens and RAM are the reference:
// - the frame is drawn lazily: every TIA access first draws from the last drawn colour clock up to
//   the access (plus Stella's per-register write delay), then applies it;
// - only the display window (Display.YStart .. + Display.Height lines after the frame start) is drawn,
//   and collisions latch only there, only outside VBLANK;
// - a frame starts where the previous one ended (VSYNC switched off after at least one line of VSYNC,
//   or a TIA write past the scanline cap); lines the frame does not reach keep what the same buffer
//   held two frames earlier (Stella double-buffers and swaps at each frame start);
// - objects are Stella's: positions 0–159, mask-based copies, its HMOVE table and RESPx rules.
// Pixels are computed per span with 160-bit coverage masks (three u64 words, bit i = pixel i), so the
// cost follows the number of register changes, not the number of pixels.
import { Clock } from '../clock';
import { Cpu } from '../cpu/cpu';
import { StateReader, StateWriter } from '../state';
import {
  AUDC0,
  AUDC1,
  AUDF0,
  AUDF1,
  AUDV0,
  AUDV1,
  BL_BIT,
  COLUBK,
  COLUP0,
  COLUP1,
  COLUPF,
  COLLISION_READ_D6,
  COLLISION_READ_D7,
  COLLISIONS_BY_OBJECTS,
  COPY_OFFSETS,
  COPY_SPACING,
  COSMIC_ARK_MOTION,
  CX_BL_PF,
  CX_M0_BL,
  CX_M0_M1,
  CX_M0_P0,
  CX_M0_P1,
  CX_M0_PF,
  CX_M1_BL,
  CX_M1_P0,
  CX_M1_P1,
  CX_M1_PF,
  CX_P0_BL,
  CX_P0_P1,
  CX_P0_PF,
  CX_P1_BL,
  CX_P1_PF,
  CTRLPF,
  DRAWING_WRITES,
  ENABL,
  ENAM0,
  ENAM1,
  GRP0,
  GRP1,
  hmoveMotion,
  hmoveStartsBlank,
  INPT0,
  INPT4,
  INPT5,
  LAST_COLLISION_READ,
  M0_BIT,
  M1_BIT,
  missileResetOffset,
  NUSIZ_DOUBLE,
  NUSIZ_QUAD,
  OBJECT_BITS,
  P0_BIT,
  P1_BIT,
  PF0,
  PF1,
  PF2,
  PF_BIT,
  PLAYFIELD_DELAY,
  PLAYFIELD_DELAY_BY_CYCLE,
  PRIORITY_BIT,
  READ_ADDRESS_MASK,
  REFP0,
  REFP1,
  REVERSE_BYTE,
  SCORE_BIT,
  VBLANK,
  VDELBL,
  VDELP0,
  VDELP1,
  WIDEN_2,
  WIDEN_4,
  WRITE_ADDRESS_MASK,
  WRITE_DELAY,
} from './tables';

/** Colour clocks per scanline, of which the first 68 are horizontal blank. */
export const CLOCKS_PER_LINE: i32 = 228;
export const HBLANK_CLOCKS: i32 = 68;
export const CYCLES_PER_LINE: i32 = 76;
export const CLOCKS_PER_CYCLE: i32 = 3;
export const VISIBLE_PIXELS: i32 = 160;
/** The HMOVE blank covers the first 8 visible pixels of a line. */
export const HMOVE_BLANK_PIXELS: i32 = 8;
/** Stella's frame buffers hold up to 300 lines of 160 pixels. */
export const MAX_FRAME_LINES: i32 = 300;
export const FRAME_BUFFER_BYTES: i32 = VISIBLE_PIXELS * MAX_FRAME_LINES;
/** Stella reports at least 200 lines of screen (its GUI needs them), whatever Display.Height says. */
export const MIN_SCREEN_LINES: i32 = 200;

/** Display.YStart and Display.Height defaults (Stella's property defaults). */
export const DEFAULT_Y_START: i32 = 34;
export const DEFAULT_HEIGHT: i32 = 210;
/** A frame is cut at the first TIA write after this many scanlines without VSYNC (NTSC / PAL). */
export const MAX_SCANLINES_NTSC: i32 = 290;
export const MAX_SCANLINES_PAL: i32 = 342;

/** VSYNC D1 starts vertical sync; VBLANK D1 blanks the beam, D7 grounds the paddle capacitors. */
const VSYNC_ON: u8 = 0x02;
const VBLANK_BLANK: u8 = 0x02;
const VBLANK_DUMP_PADDLES: u8 = 0x80;
/** Stella ends the frame when VSYNC is cleared at least one scanline after it was set. */
const VSYNC_MIN_CLOCKS: i32 = CLOCKS_PER_LINE;
/** `owedClock` when no drawing is owed (clocks restart with each frame). */
const NOTHING_OWED: i32 = i32.MIN_VALUE;
/** "No VSYNC pending" (Stella keeps the finish clock at INT32_MAX). */
const NO_VSYNC_FINISH: i32 = 0x7fffffff;

/** Colour registers are 7 bits (D1–D7); palette indices are even. PAL colour loss sets D0 on odd frames. */
const COLOUR_MASK: u8 = 0xfe;
const COLOUR_LOSS_BIT: u8 = 0x01;
/** Read ports: D7 (and D6 for collisions) are driven; D0–D5 float and keep the last data-bus value. */
const READ_D7: u8 = 0x80;
const READ_D6: u8 = 0x40;
export const UNDRIVEN_BITS: u8 = 0x3f;

/** Missile D1 enables (ENAMx, ENABL); RESMPx D1 locks the missile to its player; REFPx D3 reflects. */
const ENABLE_BIT: u8 = 0x02;
const REFLECT_BIT: u8 = 0x08;
const VDEL_BIT: u8 = 0x01;
/** CTRLPF: D0 reflects the playfield, D1 score mode, D2 playfield priority, D4–D5 ball size. */
const CTRLPF_REFLECT: u8 = 0x01;
const CTRLPF_SCORE_PRIORITY: u8 = 0x06;
const SCORE_PRIORITY_SHIFT: i32 = 5;
/** Stella updates the playfield reflection for the current line only before this colour clock. */
const REFLECT_WRITE_LIMIT: i32 = HBLANK_CLOCKS + 79;

/** A player reset lands 5 pixels right of the beam (3 in HBLANK); missiles and ball 4 (2 in HBLANK). */
const PLAYER_RESET_DELAY: i32 = 5;
const PLAYER_RESET_IN_HBLANK: i32 = 3;
const MISSILE_RESET_DELAY: i32 = 4;
const MISSILE_RESET_IN_HBLANK: i32 = 2;
/** A player reset while one of its copies is being drawn first draws 11 more clocks at the old place. */
const RESET_DURING_DRAW_CLOCKS: i32 = 11;
/** Stella: a copy's first 4 clocks are "delay"; its pixels follow (8, 16 or 32 of them). */
const COPY_DELAY_CLOCKS: i32 = 4;
/** Double- and quad-size players start one pixel late. */
const WIDE_PLAYER_DELAY: i32 = 1;

/** Stella's "Cosmic Ark" trick starts when HMM0 goes from 7 to 6 exactly 21 cycles after an HMOVE. */
const COSMIC_ARK_HMOVE_DISTANCE: i32 = 21 * CLOCKS_PER_CYCLE;
const COSMIC_ARK_OLD_HMM0: i32 = 7;
const COSMIC_ARK_NEW_HMM0: i32 = 6;
/** Missile 0 mask variants while the trick runs. */
const M0_NORMAL: i32 = 0;
const M0_STRETCHED: i32 = 1;
const M0_HIDDEN: i32 = 2;

/** Paddle capacitor charge: Stella charges to the threshold after 1.6 * R * 0.01 µF seconds at 1.19 MHz. */
const PADDLE_TIME_FACTOR: f64 = 1.6;
const PADDLE_CAPACITANCE: f64 = 0.01e-6;
const CPU_HZ: f64 = 1.19e6;
/** Stella's resistance extremes: 0 reads charged at once; INT32_MAX never charges (joysticks). */
export const MIN_RESISTANCE: i32 = 0;
export const MAX_RESISTANCE: i32 = 0x7fffffff;
const PADDLE_INPUTS: i32 = 4;

/** How `emulateFrame` ended: VSYNC (or the scanline cap, which Stella treats alike) or the instruction cap. */
export const FRAME_COMPLETE: i32 = 0;
export const FRAME_SCANLINE_CAP: i32 = 1;
export const FRAME_PARTIAL: i32 = 2;

/** Write registers the CPU side treats specially (A0–A5). */
export const VSYNC: u32 = 0x00;
export const WSYNC: u32 = 0x02;
/** Queued accesses before the fast CPU drains them (a frame makes 1–3 thousand). */
export const WRITE_QUEUE_CAPACITY: i32 = 4096;
/** Writes the test write log keeps (`startWriteLog`); a frame makes 1–3 thousand. */
const WRITE_LOG_CAPACITY: i32 = 16384;
/** Queue entry: register in bits 0–7, value in bits 8–15. */
const QUEUED_VALUE_SHIFT: u32 = 8;
const QUEUED_REGISTER_MASK: u32 = 0xff;
/** Queue entry of an input-register read (`readInputQueued`); no write entry has bit 16 set. */
const QUEUED_READ: u32 = 0x10000;
/**
 * Shadow slots (`shadows`, for `drainQueue`): one per write register (A0–A5), then one that is
 * written but never compared (SHADOW_NONE). Raw values follow at SHADOW_RAW. A slot holds
 * SHADOW_INVALID or, for the registers in SHADOW_ROUTES, a value whose write would change nothing
 * now; VSYNC's slot (never queued) holds the value part of a queued read, QUEUED_READ_VALUE.
 */
const SHADOW_NONE: u32 = 64;
const SHADOW_RAW: u32 = 65;
const SHADOW_ENTRIES: i32 = 130;
const SHADOW_INVALID: u16 = 0xffff;
const QUEUED_READ_VALUE: u16 = <u16>(QUEUED_READ >> QUEUED_VALUE_SHIFT);
/**
 * Per write register: its own shadow slot (bits 0–7) and the slot a change of its value invalidates
 * (bits 8–15). Only registers whose state nothing but their own writes changes have a slot of their
 * own (the colours, PF0–PF2, REFPx, ENAMx, VDELxx, the audio registers, and the graphics and ball
 * enable, whose vertical-delay copies are the partner's concern): GRP0 copies GRP1 into its delayed
 * register, GRP1 copies GRP0 and ENABL, so a change of GRP1 can make a GRP0 rewrite change something
 * (and GRP0 or ENABL a GRP1 rewrite).
 */
const SHADOW_ROUTES: StaticArray<u16> = buildShadowRoutes();

function buildShadowRoutes(): StaticArray<u16> {
  const table = new StaticArray<u16>(64);
  for (let r = 0; r < 64; r++) unchecked((table[r] = <u16>(SHADOW_NONE | (SHADOW_NONE << 8))));
  const own: StaticArray<i32> = [
    COLUP0, COLUP1, COLUPF, COLUBK, REFP0, REFP1, PF0, PF1, PF2, ENAM0, ENAM1, ENABL, GRP0, GRP1,
    VDELP0, VDELP1, VDELBL, AUDC0, AUDC1, AUDF0, AUDF1, AUDV0, AUDV1,
  ];
  for (let i = 0; i < own.length; i++) {
    const r = unchecked(own[i]);
    unchecked((table[r] = <u16>(r | (SHADOW_NONE << 8))));
  }
  unchecked((table[GRP0] = <u16>(GRP0 | (GRP1 << 8))));
  unchecked((table[GRP1] = <u16>(GRP1 | (GRP0 << 8))));
  unchecked((table[ENABL] = <u16>(ENABL | (GRP1 << 8))));
  return table;
}

/** Objects `position` reports: P0, P1, M0, M1, BL. */
export const OBJECT_POSITIONS: i32 = 5;

/** Coverage array layout: three u64 words per object, objects in this order. */
const WORDS: i32 = 3;
const COVER_P0: i32 = 0;
const COVER_M0: i32 = 3;
const COVER_P1: i32 = 6;
const COVER_M1: i32 = 9;
const COVER_BL: i32 = 12;
const COVER_PF: i32 = 15;
const COVER_ENTRIES: i32 = 18;
/** Pixels 0–79 are the left half (score mode colours and Stella's priority encoder). */
const LEFT_HALF_WORD1: u64 = 0xffff;
const LOW_32: u64 = 0xffffffff;
const ALL_ONES: u64 = 0xffffffffffffffff;

// Stella's hard-wired positional fixes ("what really happens is unknown"): a reset exactly N cycles
// after an HMOVE at a given beam position lands at a fixed pixel. Each names the game that needs it.
const DOLPHIN_M0_DISTANCE: i32 = 20 * CLOCKS_PER_CYCLE;
const DOLPHIN_M0_HPOS: i32 = 69;
const DOLPHIN_M0_POSITION: i32 = 8;
const PITFALL2_M1_DISTANCE: i32 = 3 * CLOCKS_PER_CYCLE;
const PITFALL2_M1_HPOS: i32 = 18;
const PITFALL2_M1_POSITION: i32 = 3;
const MINDMASTER_BL_DISTANCE: i32 = 18 * CLOCKS_PER_CYCLE;
const MINDMASTER_BL_HPOS_A: i32 = 60;
const MINDMASTER_BL_HPOS_B: i32 = 69;
const MINDMASTER_BL_POSITION: i32 = 10;
const DECATHLON_BL_DISTANCE: i32 = 3 * CLOCKS_PER_CYCLE;
const DECATHLON_BL_HPOS: i32 = 18;
const DECATHLON_BL_POSITION: i32 = 3;
const ROBOTANK_BL_DISTANCE: i32 = 7 * CLOCKS_PER_CYCLE;
const ROBOTANK_BL_HPOS: i32 = 30;
const ROBOTANK_BL_POSITION: i32 = 6;
const HOLEHUNTER_BL_DISTANCE: i32 = 6 * CLOCKS_PER_CYCLE;
const HOLEHUNTER_BL_HPOS: i32 = 27;
const HOLEHUNTER_BL_POSITION: i32 = 5;

/** Bits of the 160-pixel line between pixels `h0` and `h1` (exclusive) that fall in word `word`. */
@inline
function spanMask(word: i32, h0: i32, h1: i32): u64 {
  const base = word << 6;
  const a = h0 > base ? h0 - base : 0;
  const b = h1 < base + 64 ? h1 - base : 64;
  if (b <= a) return 0;
  const width = b - a;
  const ones: u64 = width >= 64 ? ALL_ONES : ((<u64>1) << <u64>width) - 1;
  return ones << <u64>a;
}

/** Eight copies of a byte, for filling pixels eight at a time. */
const BYTE_LANES: u64 = 0x0101010101010101;
/** Pixels two 64-bit stores fill. */
const PAIR_PIXELS: i32 = 16;

/**
 * Sets `count` pixels at `at` to `colour`. Stored in place: memory.fill is a call out of the
 * WebAssembly code in V8, dearer than the 20 stores of a whole line.
 */
function fillPixels(at: usize, colour: u8, count: i32): void {
  const lanes = <u64>colour * BYTE_LANES;
  while (count >= PAIR_PIXELS) {
    store<u64>(at, lanes);
    store<u64>(at, lanes, 8);
    at += PAIR_PIXELS;
    count -= PAIR_PIXELS;
  }
  while (count >= 8) {
    store<u64>(at, lanes);
    at += 8;
    count -= 8;
  }
  if (count >= 4) {
    store<u32>(at, <u32>lanes);
    at += 4;
    count -= 4;
  }
  while (count > 0) {
    store<u8>(at, colour);
    at++;
    count--;
  }
}

/** Pixels per group `paint` stores at once (one u64), and the bits of one group. */
const GROUP_PIXELS: i32 = 8;
const GROUP_BITS: u64 = 0xff;
/** Byte masks: entry b has byte lane i all ones where bit i of b is set. */
const LANE_MASKS: StaticArray<u64> = buildLaneMasks();

function buildLaneMasks(): StaticArray<u64> {
  const table = new StaticArray<u64>(256);
  for (let b = 0; b < 256; b++) {
    let mask: u64 = 0;
    for (let i = 0; i < GROUP_PIXELS; i++) if (b & (1 << i)) mask |= GROUP_BITS << <u64>(i * GROUP_PIXELS);
    unchecked((table[b] = mask));
  }
  return table;
}

/**
 * Writes `colour` to the pixels of `base` (pixel 0 of a 64-pixel word) whose bits are set in `bits`,
 * eight pixels at a time: a full group is stored, a partial one merged with what is there.
 */
@inline
function paint(bits: u64, base: usize, colour: u8): void {
  const lanes = <u64>colour * BYTE_LANES;
  while (bits != 0) {
    const shift = ctz<u64>(bits) & ~(<u64>(GROUP_PIXELS - 1));
    const group = (bits >> shift) & GROUP_BITS;
    const at = base + <usize>shift;
    if (group == GROUP_BITS) {
      store<u64>(at, lanes);
    } else {
      const mask = unchecked(LANE_MASKS[<i32>group]);
      store<u64>(at, (load<u64>(at) & ~mask) | (lanes & mask));
    }
    bits &= ~(GROUP_BITS << shift);
  }
}

/** Stella's rule for a RESPx: where the new position falls relative to the old copies. */
function playerResetWhen(mode: i32, oldX: i32, newX: i32): i32 {
  let d = newX - oldX;
  if (d < 0) d += VISIBLE_PIXELS;
  const width = mode == NUSIZ_QUAD ? 32 : mode == NUSIZ_DOUBLE ? 16 : 8;
  let copies = <i32>unchecked(COPY_OFFSETS[mode]);
  let offset = 0;
  while (copies != 0) {
    if (copies & 1) {
      if (d >= offset && d < offset + COPY_DELAY_CLOCKS) return -1;
      if (d >= offset + COPY_DELAY_CLOCKS && d < offset + COPY_DELAY_CLOCKS + width) return 1;
    }
    copies >>= 1;
    offset += COPY_SPACING;
  }
  return 0;
}

/** The "wide" copy of NUSIZ numbers 4 and 6 starts 64 pixels right, beyond one u64 of pattern. */
const WIDE_COPY_OFFSET: i32 = 64;
/** Bits at each copy's offset below 64 (bit 16k), per NUSIZ number; the copy at 64 is WIDE_COPY. */
const COPIES: StaticArray<u64> = buildCopies(false);
const COPIES_AFTER_FIRST: StaticArray<u64> = buildCopies(true);
const WIDE_COPY: StaticArray<bool> = buildWideCopy();
/** A solid run of 1, 2, 4 or 8 pixels (missile and ball sizes). */
const SOLID_PATTERN: StaticArray<u64> = [0x1, 0x3, 0xf, 0xff];

function buildCopies(skipFirst: bool): StaticArray<u64> {
  const table = new StaticArray<u64>(8);
  for (let mode = 0; mode < 8; mode++) {
    let copies = <i32>unchecked(COPY_OFFSETS[mode]);
    if (skipFirst) copies &= ~1;
    let bits: u64 = 0;
    for (let k = 0; k * COPY_SPACING < WIDE_COPY_OFFSET; k++) {
      if (copies & (1 << k)) bits |= (<u64>1) << <u64>(k * COPY_SPACING);
    }
    unchecked((table[mode] = bits));
  }
  return table;
}

function buildWideCopy(): StaticArray<bool> {
  const table = new StaticArray<bool>(8);
  for (let mode = 0; mode < 8; mode++) {
    unchecked((table[mode] = (<i32>unchecked(COPY_OFFSETS[mode]) & (1 << (WIDE_COPY_OFFSET / COPY_SPACING))) != 0));
  }
  return table;
}

export class Tia {
  /** Two frame buffers of MAX_FRAME_LINES × 160 palette indices; `current` is the one being drawn. */
  readonly frameBuffers: StaticArray<u8> = new StaticArray<u8>(2 * FRAME_BUFFER_BYTES);
  private current: i32 = 0;
  /** Index of the next pixel to draw in the current buffer. */
  private framePointer: i32 = 0;

  // Display properties (per-MD5), applied by reset().
  private propYStart: i32 = DEFAULT_Y_START;
  private propHeight: i32 = DEFAULT_HEIGHT;
  private propPal: bool = false;
  private propHmoveBlanks: bool = true;
  yStart: i32 = DEFAULT_Y_START;
  height: i32 = DEFAULT_HEIGHT;
  screenHeight: i32 = DEFAULT_HEIGHT;
  private allowHmoveBlanks: bool = true;
  private colourLoss: bool = false;
  private maxScanlines: i32 = MAX_SCANLINES_NTSC;

  // Frame timing. Like Stella, clocks are 32-bit and relative to `cycleBase`, the CPU cycle at which
  // the last frame started (Stella resets its cycle counter there), so wrap-around matches.
  private cycleBase: i64 = 0;
  private startDisplayOffset: i32 = 0;
  private stopDisplayOffset: i32 = 0;
  private clockWhenFrameStarted: i32 = 0;
  private clockStartDisplay: i32 = 0;
  private clockStopDisplay: i32 = 0;
  private clockAtLastUpdate: i32 = 0;
  private clocksToEndOfLine: i32 = CLOCKS_PER_LINE;
  scanlinesLastFrame: i32 = 0;
  private currentScanline: i32 = 0;
  private vsyncFinishClock: i32 = NO_VSYNC_FINISH;
  private lastHmoveClock: i32 = 0;

  /** Clock of the last access whose drawing was deferred (see DRAWING_WRITES). */
  private pendingClock: i32 = 0;
  /**
   * Drawing owed by writes that changed nothing (`changesNothing`): Stella drew up to them, and every
   * update draws at least this far, with the same state, before anything changes.
   */
  private owedClock: i32 = NOTHING_OWED;

  /** True while a frame is in progress across `emulateFrame` calls (the instruction cap hit). */
  partialFrame: bool = false;
  private frameGreyed: bool = false;
  /** Set by a write that ends the frame; the CPU loop stops after the current instruction. */
  stopRequested: bool = false;
  /** The CPU a frame end stops (Stella: M6502::stop); wired by the console. */
  cpu: Cpu | null = null;
  /** Why the last frame ended (FRAME_*). */
  private endReason: i32 = FRAME_COMPLETE;
  frameCounter: i32 = 0;

  // Registers.
  private vsync: u8 = 0;
  private vblank: u8 = 0;
  private nusiz0: u8 = 0;
  private nusiz1: u8 = 0;
  private colup0: u8 = 0;
  private colup1: u8 = 0;
  private colupf: u8 = 0;
  private colubk: u8 = 0;
  private ctrlpf: u8 = 0;
  private scorePriority: i32 = 0;
  private refp0: bool = false;
  private refp1: bool = false;
  private pf: u32 = 0;
  private grp0: u8 = 0;
  private grp1: u8 = 0;
  private dgrp0: u8 = 0;
  private dgrp1: u8 = 0;
  private enam0: bool = false;
  private enam1: bool = false;
  private enabl: bool = false;
  private denabl: bool = false;
  private hmp0: i32 = 0;
  private hmp1: i32 = 0;
  private hmm0: i32 = 0;
  private hmm1: i32 = 0;
  private hmbl: i32 = 0;
  private vdelp0: bool = false;
  private vdelp1: bool = false;
  private vdelbl: bool = false;
  private resmp0: bool = false;
  private resmp1: bool = false;
  collision: i32 = 0;
  posP0: i32 = 0;
  posP1: i32 = 0;
  posM0: i32 = 0;
  posM1: i32 = 0;
  posBL: i32 = 0;
  private currentGRP0: u8 = 0;
  private currentGRP1: u8 = 0;
  /** Objects with something to draw (Stella's myEnabledObjects, OBJECT_BITS). */
  private enabledObjects: i32 = 0;
  private audc0: u8 = 0;
  private audc1: u8 = 0;
  private audf0: u8 = 0;
  private audf1: u8 = 0;
  private audv0: u8 = 0;
  private audv1: u8 = 0;

  // Stella's per-object mask state beyond the registers.
  private p0SkipFirst: bool = false;
  private p1SkipFirst: bool = false;
  private m0Variant: i32 = M0_NORMAL;
  private pfReflect: bool = false;
  private hmoveBlankEnabled: bool = false;
  private cosmicArk: bool = false;
  private cosmicArkCounter: i32 = 0;

  // Paddles and fire buttons (inputs, set by the driver; not part of a snapshot).
  private dumpEnabled: bool = false;
  private dumpDisabledCycle: i32 = 0;
  private readonly resistance: StaticArray<i32> = new StaticArray<i32>(PADDLE_INPUTS);
  private readonly chargeCycles: StaticArray<u32> = new StaticArray<u32>(PADDLE_INPUTS);
  private inpt4High: bool = true;
  private inpt5High: bool = true;

  // Writes queued by the fast CPU (register | value << 8, and the CPU cycle count).
  private readonly queueWrites: StaticArray<u32> = new StaticArray<u32>(WRITE_QUEUE_CAPACITY);
  private readonly queueCycles: StaticArray<i64> = new StaticArray<i64>(WRITE_QUEUE_CAPACITY);
  queueLength: i32 = 0;
  /** Shadow values of the registers for `drainQueue` (see SHADOW_ROUTES), then their raw values. */
  private readonly shadows: StaticArray<u16> = new StaticArray<u16>(SHADOW_ENTRIES);

  // Drawing caches: per-object 160-bit coverage and whether it must be recomputed.
  private readonly cover: StaticArray<u64> = new StaticArray<u64>(COVER_ENTRIES);
  private dirty: i32 = OBJECT_BITS;
  private acc0: u64 = 0;
  private acc1: u64 = 0;
  private acc2: u64 = 0;

  // Render skip: draw pixels only when someone will read the screen; collisions stay exact.
  renderEnabled: bool = true;
  private frameRendered: bool = true;
  private readonly bufferStale: StaticArray<bool> = new StaticArray<bool>(2);
  /** Rendered frames that ended above the display window's end on a buffer a skipped frame last held. */
  inexactScreens: i32 = 0;
  /** Whether the current frame's buffer held undrawn pixels when the frame started (lazy screens). */
  bufferStaleAtFrameStart: bool = false;

  constructor(readonly clock: Clock) {
    for (let i = 0; i < PADDLE_INPUTS; i++) this.setResistance(i, MAX_RESISTANCE);
    this.forgetShadows();
  }

  // ---------------------------------------------------------------- configuration and inputs

  /** Display.YStart / Display.Height (per-MD5 properties), applied by the next reset. */
  setDisplayWindow(yStart: i32, height: i32): bool {
    // The first frame after a reset draws from line 0 (Stella), so YStart + Height lines must fit.
    if (yStart < 0 || height <= 0 || yStart + height > MAX_FRAME_LINES) return false;
    this.propYStart = yStart;
    this.propHeight = height;
    return true;
  }

  /** PAL (342-line cap, colour loss) or NTSC; Emulation.HmoveBlanks. Applied by the next reset. */
  setFormat(pal: bool, hmoveBlanks: bool): void {
    this.propPal = pal;
    this.propHmoveBlanks = hmoveBlanks;
  }

  /** Fire button input of a port (INPT4 left, INPT5 right): true reads D7 = 0. */
  setFireButton(port: i32, pressed: bool): void {
    if (port == 0) this.inpt4High = !pressed;
    else this.inpt5High = !pressed;
  }

  /** Resistance on paddle input `index` (INPT0–INPT3): MIN_RESISTANCE, MAX_RESISTANCE or ohms. */
  setResistance(index: i32, ohms: i32): void {
    if (index < 0 || index >= PADDLE_INPUTS) return;
    unchecked((this.resistance[index] = ohms));
    // Stella: charge time t = 1.6 * R * 0.01e-6 s, in cycles (uint32)(t * 1.19e6).
    const seconds = PADDLE_TIME_FACTOR * <f64>ohms * PADDLE_CAPACITANCE;
    const cycles = seconds * CPU_HZ;
    unchecked((this.chargeCycles[index] = cycles > 0 && cycles < 4294967295.0 ? <u32>cycles : 0));
  }

  /** Position (0–159) of P0, P1, M0, M1 or BL (`object` 0–4). */
  position(object: i32): i32 {
    if (object == 0) return this.posP0;
    if (object == 1) return this.posP1;
    if (object == 2) return this.posM0;
    if (object == 3) return this.posM1;
    return this.posBL;
  }

  /** Stella's TIA::scanlines(): scanlines since the frame started, from the cycle count now. */
  scanlinesNow(): i32 {
    return <i32>(
      <u32>(this.systemCycles() * CLOCKS_PER_CYCLE - this.clockWhenFrameStarted) / <u32>CLOCKS_PER_LINE
    );
  }

  /** The screen ALE reads: the buffer of the frame just finished (its first line is Display.YStart). */
  screenPointer(): usize {
    return changetype<usize>(this.frameBuffers) + <usize>(this.current * FRAME_BUFFER_BYTES);
  }

  // ---------------------------------------------------------------- reset and frames

  /** Power-on / console reset (Stella's TIA::reset and frameReset). */
  reset(): void {
    this.enabledObjects = 0;
    this.vsync = 0;
    this.vblank = 0;
    this.nusiz0 = 0;
    this.nusiz1 = 0;
    this.colup0 = 0;
    this.colup1 = 0;
    this.colupf = 0;
    this.colubk = 0;
    this.scorePriority = 0;
    this.ctrlpf = 0;
    this.refp0 = false;
    this.refp1 = false;
    this.pf = 0;
    this.grp0 = 0;
    this.grp1 = 0;
    this.dgrp0 = 0;
    this.dgrp1 = 0;
    this.enam0 = false;
    this.enam1 = false;
    this.enabl = false;
    this.denabl = false;
    this.hmp0 = 0;
    this.hmp1 = 0;
    this.hmm0 = 0;
    this.hmm1 = 0;
    this.hmbl = 0;
    this.vdelp0 = false;
    this.vdelp1 = false;
    this.vdelbl = false;
    this.resmp0 = false;
    this.resmp1 = false;
    this.collision = 0;
    this.posP0 = 0;
    this.posP1 = 0;
    this.posM0 = 0;
    this.posM1 = 0;
    this.posBL = 0;
    this.currentGRP0 = 0;
    this.currentGRP1 = 0;
    this.p0SkipFirst = false;
    this.p1SkipFirst = false;
    this.m0Variant = M0_NORMAL;
    this.pfReflect = false;
    this.lastHmoveClock = 0;
    this.hmoveBlankEnabled = false;
    this.cosmicArk = false;
    this.cosmicArkCounter = 0;
    this.dumpEnabled = false;
    this.dumpDisabledCycle = 0;
    this.dirty = OBJECT_BITS;
    this.allowHmoveBlanks = this.propHmoveBlanks;
    this.colourLoss = this.propPal;
    this.maxScanlines = this.propPal ? MAX_SCANLINES_PAL : MAX_SCANLINES_NTSC;
    // The console reset restarts the cycle count (Stella's System::reset).
    this.cycleBase = this.clock.cycles;
    this.frameReset();
  }

  private frameReset(): void {
    memory.fill(changetype<usize>(this.frameBuffers), 0, <usize>(2 * FRAME_BUFFER_BYTES));
    unchecked((this.bufferStale[0] = false));
    unchecked((this.bufferStale[1] = false));
    this.framePointer = 0;
    this.yStart = this.propYStart;
    this.height = this.propHeight;
    this.screenHeight = this.height < MIN_SCREEN_LINES ? MIN_SCREEN_LINES : this.height;
    this.startDisplayOffset = CLOCKS_PER_LINE * this.yStart;
    this.stopDisplayOffset = this.startDisplayOffset + CLOCKS_PER_LINE * this.height;
    this.clockWhenFrameStarted = this.systemCycles() * CLOCKS_PER_CYCLE;
    this.clockStartDisplay = this.clockWhenFrameStarted + this.startDisplayOffset;
    this.clockStopDisplay = this.clockWhenFrameStarted + this.stopDisplayOffset;
    this.clockAtLastUpdate = this.clockWhenFrameStarted;
    this.clocksToEndOfLine = CLOCKS_PER_LINE;
    this.pendingClock = this.clockWhenFrameStarted;
    this.owedClock = NOTHING_OWED;
    this.vsyncFinishClock = NO_VSYNC_FINISH;
    this.scanlinesLastFrame = 0;
    this.currentScanline = 0;
    this.updateQueueBounds();
    this.forgetShadows();
  }

  /** CPU cycles since the current frame started, as Stella's 32-bit counter. */
  @inline private systemCycles(): i32 {
    return <i32>(this.clock.cycles - this.cycleBase);
  }

  /** Starts a frame unless the previous one is still in progress (Stella's TIA::update, first half). */
  beginFrame(): void {
    if (!this.partialFrame) this.startFrame();
    this.partialFrame = true;
    this.stopRequested = false;
    this.endReason = FRAME_COMPLETE;
  }

  /** Finishes the update after the CPU ran (Stella's TIA::update, second half). Returns FRAME_*. */
  endFrame(): i32 {
    this.flushDrawing();
    this.currentScanline = this.scanlinesNow();
    if (this.partialFrame) {
      if (!this.frameGreyed) this.greyOutFrame();
      this.frameGreyed = true;
      return FRAME_PARTIAL;
    }
    this.scanlinesLastFrame = this.currentScanline;
    this.frameCounter++;
    this.frameGreyed = false;
    this.noteBufferContent();
    return this.endReason;
  }

  private startFrame(): void {
    this.current ^= 1;
    const cycles = this.systemCycles();
    const clocks = cycles * CLOCKS_PER_CYCLE;
    const phase = <i32>(<u32>(clocks - this.clockWhenFrameStarted) % <u32>CLOCKS_PER_LINE);
    // Stella resets its cycle counter here; every remembered clock moves with it.
    this.cycleBase = this.clock.cycles;
    this.vsyncFinishClock -= clocks;
    this.lastHmoveClock -= clocks;
    this.dumpDisabledCycle -= cycles;
    this.clockWhenFrameStarted = -phase;
    this.clockStartDisplay = this.clockWhenFrameStarted + this.startDisplayOffset;
    this.clockStopDisplay = this.clockWhenFrameStarted + this.stopDisplayOffset;
    this.clockAtLastUpdate = this.clockStartDisplay;
    this.clocksToEndOfLine = CLOCKS_PER_LINE;
    this.pendingClock = this.clockWhenFrameStarted;
    this.owedClock = NOTHING_OWED;
    this.framePointer = 0;
    if (this.colourLoss) {
      const odd = (this.scanlinesLastFrame & 1) != 0;
      this.colup0 = odd ? this.colup0 | COLOUR_LOSS_BIT : this.colup0 & COLOUR_MASK;
      this.colup1 = odd ? this.colup1 | COLOUR_LOSS_BIT : this.colup1 & COLOUR_MASK;
      this.colupf = odd ? this.colupf | COLOUR_LOSS_BIT : this.colupf & COLOUR_MASK;
      this.colubk = odd ? this.colubk | COLOUR_LOSS_BIT : this.colubk & COLOUR_MASK;
    }
    this.frameGreyed = false;
    this.frameRendered = this.renderEnabled;
    this.bufferStaleAtFrameStart = unchecked(this.bufferStale[this.current]);
    this.updateQueueBounds();
    // PAL colour loss may have changed the colour registers.
    this.forgetShadows();
  }

  /** Index (0 or 1) of the buffer the current or last frame draws into. */
  get frameBufferIndex(): i32 {
    return this.current;
  }

  /** Whether the buffer the next frame will draw into holds pixels nobody drew (frames swap buffers). */
  get nextBufferStale(): bool {
    return unchecked(this.bufferStale[this.current ^ 1]);
  }

  /** Lazy screens put back a buffer's flag after a frame that skipped drawing is run again with pixels. */
  setBufferStale(index: i32, stale: bool): void {
    unchecked((this.bufferStale[index & 1] = stale));
  }

  /** Whether the last finished frame drew to the end of the display window (else lines keep older pixels). */
  get lastFrameReachedWindowEnd(): bool {
    return this.clockAtLastUpdate >= this.clockStopDisplay;
  }

  /** Render-skip bookkeeping: which buffer holds pixels nobody drew. */
  private noteBufferContent(): void {
    const fullWindow = this.clockAtLastUpdate >= this.clockStopDisplay;
    if (!this.frameRendered) {
      unchecked((this.bufferStale[this.current] = true));
    } else if (fullWindow) {
      unchecked((this.bufferStale[this.current] = false));
    } else if (unchecked(this.bufferStale[this.current])) {
      this.inexactScreens++;
    }
  }

  /** Stella dims the undrawn rest of a frame cut by the instruction cap (once per frame). */
  private greyOutFrame(): void {
    if (!this.frameRendered) return;
    let line = this.scanlinesNow();
    if (line < this.yStart) line = this.yStart;
    const base = this.screenPointer();
    for (let s = line; s < this.height + this.yStart; s++) {
      const row = base + <usize>((s - this.yStart) * VISIBLE_PIXELS);
      for (let i = 0; i < VISIBLE_PIXELS; i++) {
        const at = row + <usize>i;
        store<u8>(at, (load<u8>(at) & 0x0f) >> 1);
      }
    }
  }

  // ---------------------------------------------------------------- bus access

  /** A CPU read. `dataBus` is the last byte on the data bus (it fills the undriven bits D0–D5). */
  read(address: u16, dataBus: u8): u8 {
    const reg = <i32>(address & READ_ADDRESS_MASK);
    const clock = this.systemCycles() * CLOCKS_PER_CYCLE;
    if (reg <= LAST_COLLISION_READ) this.updateFrame(clock);
    else this.pendingClock = clock;
    return this.readRegister(reg, dataBus & UNDRIVEN_BITS);
  }

  /** Draws up to the last access whose drawing was deferred (before the frame is read or saved). */
  private flushDrawing(): void {
    this.updateFrame(this.pendingClock);
  }

  /** The byte a read would return; drawing up to now is invisible, so it may happen early. */
  peek(address: u16, dataBus: u8 = 0): u8 {
    return this.read(address, dataBus);
  }

  private readRegister(reg: i32, noise: u8): u8 {
    if (reg < INPT0) {
      const collision = this.collision;
      let value = noise;
      if (collision & unchecked(COLLISION_READ_D7[reg])) value |= READ_D7;
      if (collision & unchecked(COLLISION_READ_D6[reg])) value |= READ_D6;
      return value;
    }
    return <u8>this.inputValue(reg, <u32>noise, this.systemCycles());
  }

  /**
   * A read of register `reg` from INPT0 up (INPT0–INPT5, then two undriven ones), `systemCycles` CPU
   * cycles into the frame: D7 from the input, D0–D6 `noise`. It depends on no drawing.
   */
  @inline private inputValue(reg: i32, noise: u32, systemCycles: i32): u32 {
    let high = false;
    if (reg < INPT4) high = this.paddleCharged(reg - INPT0, systemCycles);
    else if (reg == INPT4) high = this.inpt4High;
    else if (reg == INPT5) high = this.inpt5High;
    return high ? <u32>READ_D7 | noise : noise;
  }

  @inline private paddleCharged(index: i32, systemCycles: i32): bool {
    const r = unchecked(this.resistance[index]);
    if (r == MIN_RESISTANCE) return true;
    if (r == MAX_RESISTANCE || this.dumpEnabled) return false;
    // Stella compares unsigned 32-bit cycle counts (a release before this frame can wrap).
    const ready = <u32>this.dumpDisabledCycle + unchecked(this.chargeCycles[index]);
    return <u32>systemCycles > ready;
  }

  /**
   * A read of an input register (`reg` INPT0 or above, see `inputValue`) by the fast CPU at CPU
   * cycle count `cycles`, while writes may be queued. The value needs no drawing, and no queued write
   * changes it (VBLANK, which grounds the paddles, is never queued); the read itself is queued, so
   * that draining the queue leaves `pendingClock` where `read` would have left it.
   */
  @inline readInputQueued(reg: i32, noise: u32, cycles: i64): u32 {
    const i = this.queueLength;
    unchecked((this.queueWrites[i] = QUEUED_READ));
    unchecked((this.queueCycles[i] = cycles));
    this.queueLength = i + 1;
    return this.inputValue(reg, noise, <i32>(cycles - this.cycleBase));
  }

  /** A CPU write. `afterRead`: the previous bus access was a read (WSYNC halts only then, as in Stella). */
  write(address: u16, value: u8, afterRead: bool): void {
    const addr = <i32>(address & WRITE_ADDRESS_MASK);
    this.writeAt(addr, value, <i32>(this.clock.cycles - this.cycleBase));
    if (<u32>addr == WSYNC && afterRead) this.clock.cycles = this.cyclesAfterWsync(this.clock.cycles);
  }

  // ---- Write log (test instrumentation: compares the fast CPU's TIA writes with the generic one's)

  /** Pairs of (register | value << 8, low 32 bits of the CPU cycle count), or null while not logging. */
  private writeLog: StaticArray<u32> | null = null;
  /** Writes since the log was cleared; only the first WRITE_LOG_CAPACITY are kept. */
  writeLogLength: i32 = 0;

  /** Starts (or clears) the write log; allocated once per instance. */
  startWriteLog(): void {
    if (this.writeLog === null) this.writeLog = new StaticArray<u32>(2 * WRITE_LOG_CAPACITY);
    this.writeLogLength = 0;
  }

  /** The log's entries in linear memory (0 before `startWriteLog`). */
  get writeLogPointer(): usize {
    return changetype<usize>(this.writeLog);
  }

  private logWrite(addr: i32, value: u8, systemCycles: i32): void {
    const i = this.writeLogLength;
    if (i < WRITE_LOG_CAPACITY) {
      const log = this.writeLog!;
      unchecked((log[2 * i] = <u32>addr | (<u32>value << QUEUED_VALUE_SHIFT)));
      unchecked((log[2 * i + 1] = <u32>(this.cycleBase + <i64>systemCycles)));
    }
    this.writeLogLength = i + 1;
  }

  // ---- Queued writes (the fast CPU, cpu/ale-execute.ts)
  //
  // A write to a TIA register changes only the TIA, and the TIA draws lazily, so it may be applied
  // later with its own cycle, provided every queued write is applied, in order, before anything looks
  // at the TIA (a TIA read, the end of the CPU run, a snapshot). The exceptions are the writes that
  // act on the CPU, which are never queued: VSYNC and any write past the scanline cap (they end the
  // frame). WSYNC is queued, and the CPU applies its wait itself (`cyclesAfterWsync`). VBLANK is
  // not queued either, so that the fast CPU can read the paddle inputs in place (`readInputQueued`).

  /**
   * The first CPU cycle count at which a TIA write ends the frame by the scanline cap (the test
   * `writeAt` makes), fixed for the frame. Below it the frame's 32-bit colour clock (3 per cycle) is
   * far from wrapping around, so the test reduces to one 64-bit comparison.
   */
  queueLimit: i64 = 0;
  /** The CPU cycle count at which the current frame's scanlines start, as WSYNC counts them. */
  lineBase: i64 = 0;

  /** Sets `queueLimit` and `lineBase` after the frame's timing changed. */
  private updateQueueBounds(): void {
    // writeAt ends the frame when 3 * cycles - clockWhenFrameStarted >= (maxScanlines + 1) * 228.
    const threshold = (this.maxScanlines + 1) * CLOCKS_PER_LINE + this.clockWhenFrameStarted;
    this.queueLimit = this.cycleBase + <i64>((threshold + CLOCKS_PER_CYCLE - 1) / CLOCKS_PER_CYCLE);
    this.lineBase = this.cycleBase + <i64>(this.clockWhenFrameStarted / CLOCKS_PER_CYCLE);
  }

  /** Queues a write of `register` (the address's A0–A5) at CPU cycle count `cycles`. */
  @inline queueWrite(register: u32, value: u32, cycles: i64): void {
    const i = this.queueLength;
    unchecked((this.queueWrites[i] = register | (value << QUEUED_VALUE_SHIFT)));
    unchecked((this.queueCycles[i] = cycles));
    this.queueLength = i + 1;
  }

  /** Shadow bookkeeping for a write of `value` to `register` about to be applied. */
  @inline private noteShadow(register: u32, value: u32): void {
    const shadows = changetype<usize>(this.shadows);
    const routes = <u32>unchecked(SHADOW_ROUTES[<i32>register]);
    const raw = shadows + ((<usize>register + SHADOW_RAW) << 1);
    if (<u32>load<u16>(raw) != value) store<u16>(shadows + (<usize>(routes >> 8) << 1), SHADOW_INVALID);
    store<u16>(raw, <u16>value);
    store<u16>(shadows + (<usize>(routes & 0xff) << 1), <u16>value);
  }

  /** Forgets every shadow (after a reset, a loaded state, a frame start). */
  private forgetShadows(): void {
    const shadows = changetype<usize>(this.shadows);
    for (let i = 0; i < SHADOW_ENTRIES; i++) store<u16>(shadows + (<usize>i << 1), SHADOW_INVALID);
    store<u16>(shadows + (<usize>VSYNC << 1), QUEUED_READ_VALUE);
  }

  /**
   * Applies the queued accesses, oldest first (each at its own cycle). Before the last, it passes
   * over the accesses that change nothing but the clock the TIA must draw up to before the next
   * change (`pendingClock`, `owedClock`): input reads, WSYNC, and rewrites their shadows show to
   * change nothing. The CPU's next TIA access comes at least 3 cycles (9 colour clocks) later, past
   * every drawing delay (at most 8), and draws up to its own clock or leaves that clock to be drawn
   * up to; only the write log (tests) needs to see every write.
   */
  drainQueue(): void {
    const n = this.queueLength;
    const passBelow = this.writeLog === null ? n - 1 : 0;
    const shadows = changetype<usize>(this.shadows);
    for (let i = 0; i < n; i++) {
      const entry = unchecked(this.queueWrites[i]);
      if (i < passBelow) {
        const register = entry & QUEUED_REGISTER_MASK;
        if (register == WSYNC || <u32>load<u16>(shadows + (<usize>register << 1)) == entry >> QUEUED_VALUE_SHIFT) continue;
      }
      const systemCycles = <i32>(unchecked(this.queueCycles[i]) - this.cycleBase);
      if (entry == QUEUED_READ) {
        // What `read` does for an input register besides returning its value.
        this.pendingClock = systemCycles * CLOCKS_PER_CYCLE;
      } else {
        const addr = <i32>(entry & QUEUED_REGISTER_MASK);
        const value = <u8>(entry >> QUEUED_VALUE_SHIFT);
        if (!this.writeRepeated(addr, value, systemCycles)) this.writeChanging(addr, value, systemCycles);
      }
    }
    this.queueLength = 0;
  }

  /** Stella's drawing delay of a write to drawing register `addr` at colour clock `clock`. */
  @inline private writeDelay(addr: i32, clock: i32): i32 {
    let delay = <i32>unchecked(WRITE_DELAY[addr]);
    if (delay == PLAYFIELD_DELAY) {
      const cycleInLine = ((clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE) / CLOCKS_PER_CYCLE;
      delay = unchecked(PLAYFIELD_DELAY_BY_CYCLE[cycleInLine & 3]);
    }
    return delay;
  }

  /** A write that changed nothing: the same pixels if drawn later, so the next update draws at least this far. */
  @inline private oweDrawing(clock: i32): void {
    if (clock > this.owedClock) this.owedClock = clock;
  }

  /**
   * WSYNC: the CPU waits for the end of the line (Stella counts lines from the frame start). Returns
   * the CPU cycle count after the wait, given the count when WSYNC was written.
   */
  @inline cyclesAfterWsync(cycles: i64): i64 {
    const lineStartCycle = this.clockWhenFrameStarted / CLOCKS_PER_CYCLE;
    const intoLine = (<u32>(cycles - this.cycleBase) - <u32>lineStartCycle) % <u32>CYCLES_PER_LINE;
    const toEnd = <u32>CYCLES_PER_LINE - intoLine;
    return toEnd < <u32>CYCLES_PER_LINE ? cycles + <i64>toEnd : cycles;
  }

  /**
   * A write of register `addr` (A0–A5) at `systemCycles` CPU cycles into the frame (Stella's 32-bit
   * count), with every effect on the TIA; WSYNC's wait on the CPU is the caller's.
   */
  private writeAt(addr: i32, value: u8, systemCycles: i32): void {
    if (!this.writeRepeated(addr, value, systemCycles)) this.writeChanging(addr, value, systemCycles);
  }

  /**
   * `writeAt` for the writes kernels repeat on every line, which only remember their clock: WSYNC
   * (its wait is the caller's) and a drawing write that changes nothing (applying it would change
   * nothing either). False, with nothing done, for any other write. Inlined where the fast CPU's
   * queue drains, so that these writes cost no call.
   */
  @inline private writeRepeated(addr: i32, value: u8, systemCycles: i32): bool {
    const clock = systemCycles * CLOCKS_PER_CYCLE;
    if (<u32>addr == WSYNC) {
      this.pendingClock = clock;
    } else if ((DRAWING_WRITES >> <u64>addr) & 1 && this.changesNothing(addr, value)) {
      this.oweDrawing(clock + this.writeDelay(addr, clock));
    } else {
      return false;
    }
    if (this.writeLog !== null) this.logWrite(addr, value, systemCycles);
    this.checkScanlineCap(clock);
    return true;
  }

  /** `writeAt` for a write `writeRepeated` declined. */
  private writeChanging(addr: i32, value: u8, systemCycles: i32): void {
    if (this.writeLog !== null) this.logWrite(addr, value, systemCycles);
    this.noteShadow(<u32>addr, <u32>value);
    const clock = systemCycles * CLOCKS_PER_CYCLE;
    if ((DRAWING_WRITES >> <u64>addr) & 1) {
      this.updateFrame(clock + this.writeDelay(addr, clock));
    } else {
      this.pendingClock = clock;
    }
    this.checkScanlineCap(clock);

    switch (addr) {
      case 0x00: // VSYNC
        this.vsync = value;
        if (value & VSYNC_ON) {
          this.vsyncFinishClock = clock + VSYNC_MIN_CLOCKS;
        } else if (clock >= this.vsyncFinishClock) {
          this.vsyncFinishClock = NO_VSYNC_FINISH;
          this.requestStop();
          this.partialFrame = false;
          this.endReason = FRAME_COMPLETE;
        }
        break;
      case 0x01: // VBLANK
        if (!(this.vblank & VBLANK_DUMP_PADDLES) && value & VBLANK_DUMP_PADDLES) this.dumpEnabled = true;
        if (this.vblank & VBLANK_DUMP_PADDLES && !(value & VBLANK_DUMP_PADDLES)) {
          this.dumpEnabled = false;
          this.dumpDisabledCycle = systemCycles;
        }
        this.vblank = value;
        break;
      case 0x02: // WSYNC: the CPU's wait is the caller's (see `write`)
        break;
      case 0x03: // RSYNC: Stella ignores it
        break;
      case 0x04: // NUSIZ0
        this.nusiz0 = value;
        this.p0SkipFirst = false;
        this.m0Variant = M0_NORMAL;
        this.dirty |= P0_BIT | M0_BIT;
        break;
      case 0x05: // NUSIZ1
        this.nusiz1 = value;
        this.p1SkipFirst = false;
        this.dirty |= P1_BIT | M1_BIT;
        break;
      case 0x06:
        this.colup0 = this.colour(value);
        break;
      case 0x07:
        this.colup1 = this.colour(value);
        break;
      case 0x08:
        this.colupf = this.colour(value);
        break;
      case 0x09:
        this.colubk = this.colour(value);
        break;
      case 0x0a: // CTRLPF
        this.ctrlpf = value;
        this.scorePriority = (<i32>(value & CTRLPF_SCORE_PRIORITY)) << SCORE_PRIORITY_SHIFT;
        if ((clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE < REFLECT_WRITE_LIMIT) {
          this.setReflect((value & CTRLPF_REFLECT) != 0);
        }
        this.dirty |= BL_BIT;
        break;
      case 0x0b: // REFP0
        if (((value & REFLECT_BIT) != 0) != this.refp0) {
          this.refp0 = (value & REFLECT_BIT) != 0;
          this.currentGRP0 = unchecked(REVERSE_BYTE[this.currentGRP0]);
          this.dirty |= P0_BIT;
        }
        break;
      case 0x0c: // REFP1
        if (((value & REFLECT_BIT) != 0) != this.refp1) {
          this.refp1 = (value & REFLECT_BIT) != 0;
          this.currentGRP1 = unchecked(REVERSE_BYTE[this.currentGRP1]);
          this.dirty |= P1_BIT;
        }
        break;
      case 0x0d: // PF0: D4–D7 are PF bits 0–3
        this.setPlayfield((this.pf & 0x000ffff0) | ((<u32>value >> 4) & 0x0f));
        break;
      case 0x0e: // PF1: bits 4–11
        this.setPlayfield((this.pf & 0x000ff00f) | (<u32>value << 4));
        break;
      case 0x0f: // PF2: bits 12–19
        this.setPlayfield((this.pf & 0x00000fff) | (<u32>value << 12));
        break;
      case 0x10:
        this.resetPlayer0(clock);
        break;
      case 0x11:
        this.resetPlayer1(clock);
        break;
      case 0x12: {
        // RESM0
        const hpos = (clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE;
        let x = this.missileResetPosition(hpos);
        if (clock - this.lastHmoveClock == DOLPHIN_M0_DISTANCE && hpos == DOLPHIN_M0_HPOS) x = DOLPHIN_M0_POSITION;
        this.posM0 = x;
        this.m0Variant = M0_NORMAL;
        this.dirty |= M0_BIT;
        break;
      }
      case 0x13: {
        // RESM1
        const hpos = (clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE;
        let x = this.missileResetPosition(hpos);
        if (clock - this.lastHmoveClock == PITFALL2_M1_DISTANCE && hpos == PITFALL2_M1_HPOS) x = PITFALL2_M1_POSITION;
        this.posM1 = x;
        this.dirty |= M1_BIT;
        break;
      }
      case 0x14: {
        // RESBL
        const hpos = (clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE;
        const sinceHmove = clock - this.lastHmoveClock;
        let x = this.missileResetPosition(hpos);
        if (sinceHmove == MINDMASTER_BL_DISTANCE && (hpos == MINDMASTER_BL_HPOS_A || hpos == MINDMASTER_BL_HPOS_B)) {
          x = MINDMASTER_BL_POSITION;
        } else if (sinceHmove == DECATHLON_BL_DISTANCE && hpos == DECATHLON_BL_HPOS) {
          x = DECATHLON_BL_POSITION;
        } else if (sinceHmove == ROBOTANK_BL_DISTANCE && hpos == ROBOTANK_BL_HPOS) {
          x = ROBOTANK_BL_POSITION;
        } else if (sinceHmove == HOLEHUNTER_BL_DISTANCE && hpos == HOLEHUNTER_BL_HPOS) {
          x = HOLEHUNTER_BL_POSITION;
        }
        this.posBL = x;
        this.dirty |= BL_BIT;
        break;
      }
      case 0x15:
        this.audc0 = value & 0x0f;
        break;
      case 0x16:
        this.audc1 = value & 0x0f;
        break;
      case 0x17:
        this.audf0 = value & 0x1f;
        break;
      case 0x18:
        this.audf1 = value & 0x1f;
        break;
      case 0x19:
        this.audv0 = value & 0x0f;
        break;
      case 0x1a:
        this.audv1 = value & 0x0f;
        break;
      case 0x1b: // GRP0 (also moves GRP1 into its delay register)
        this.grp0 = value;
        this.dgrp1 = this.grp1;
        this.refreshPlayerGraphics();
        break;
      case 0x1c: // GRP1 (also delays GRP0 and ENABL)
        this.grp1 = value;
        this.dgrp0 = this.grp0;
        this.denabl = this.enabl;
        this.refreshPlayerGraphics();
        this.refreshBallEnable();
        break;
      case 0x1d:
        this.enam0 = (value & ENABLE_BIT) != 0;
        this.refreshMissileEnables();
        break;
      case 0x1e:
        this.enam1 = (value & ENABLE_BIT) != 0;
        this.refreshMissileEnables();
        break;
      case 0x1f:
        this.enabl = (value & ENABLE_BIT) != 0;
        this.refreshBallEnable();
        break;
      case 0x20:
        this.hmp0 = <i32>(value >> 4);
        break;
      case 0x21:
        this.hmp1 = <i32>(value >> 4);
        break;
      case 0x22: {
        const hm = <i32>(value >> 4);
        if (
          clock == this.lastHmoveClock + COSMIC_ARK_HMOVE_DISTANCE &&
          this.hmm0 == COSMIC_ARK_OLD_HMM0 &&
          hm == COSMIC_ARK_NEW_HMM0
        ) {
          this.cosmicArk = true;
          this.cosmicArkCounter = 0;
        }
        this.hmm0 = hm;
        break;
      }
      case 0x23:
        this.hmm1 = <i32>(value >> 4);
        break;
      case 0x24:
        this.hmbl = <i32>(value >> 4);
        break;
      case 0x25:
        this.vdelp0 = (value & VDEL_BIT) != 0;
        this.refreshPlayerGraphics();
        break;
      case 0x26:
        this.vdelp1 = (value & VDEL_BIT) != 0;
        this.refreshPlayerGraphics();
        break;
      case 0x27:
        this.vdelbl = (value & VDEL_BIT) != 0;
        this.refreshBallEnable();
        break;
      case 0x28: // RESMP0: releasing the lock centres the missile on its player
        if (this.resmp0 && !(value & ENABLE_BIT)) {
          this.posM0 = (this.posP0 + missileResetOffset(<i32>(this.nusiz0 & 7))) % VISIBLE_PIXELS;
          this.m0Variant = M0_NORMAL;
          this.dirty |= M0_BIT;
        }
        this.resmp0 = (value & ENABLE_BIT) != 0;
        this.refreshMissileEnables();
        break;
      case 0x29:
        if (this.resmp1 && !(value & ENABLE_BIT)) {
          this.posM1 = (this.posP1 + missileResetOffset(<i32>(this.nusiz1 & 7))) % VISIBLE_PIXELS;
          this.dirty |= M1_BIT;
        }
        this.resmp1 = (value & ENABLE_BIT) != 0;
        this.refreshMissileEnables();
        break;
      case 0x2a:
        this.applyHmove(clock);
        break;
      case 0x2b: // HMCLR
        this.hmp0 = 0;
        this.hmp1 = 0;
        this.hmm0 = 0;
        this.hmm1 = 0;
        this.hmbl = 0;
        break;
      case 0x2c: // CXCLR
        this.collision = 0;
        break;
      default:
        break;
    }
  }

  /**
   * Whether writing `value` to drawing register `addr` leaves every drawing state as it is (kernels
   * rewrite the same graphics, enables and colours on most lines). Only registers that drawing itself
   * never changes are considered, so the answer holds however far drawing lags behind the write.
   */
  @inline private changesNothing(addr: i32, value: u8): bool {
    switch (addr) {
      case VBLANK:
        return value == this.vblank;
      case COLUP0:
        return this.colour(value) == this.colup0;
      case COLUP1:
        return this.colour(value) == this.colup1;
      case COLUPF:
        return this.colour(value) == this.colupf;
      case COLUBK:
        return this.colour(value) == this.colubk;
      case CTRLPF: // also the reflection it may set for this line
        return value == this.ctrlpf && this.pfReflect == ((value & CTRLPF_REFLECT) != 0);
      case REFP0:
        return this.refp0 == ((value & REFLECT_BIT) != 0);
      case REFP1:
        return this.refp1 == ((value & REFLECT_BIT) != 0);
      case PF0: // D4–D7 are PF bits 0–3
        return (this.pf & 0x0f) == ((<u32>value >> 4) & 0x0f);
      case PF1: // bits 4–11
        return ((this.pf >> 4) & 0xff) == <u32>value;
      case PF2: // bits 12–19
        return ((this.pf >> 12) & 0xff) == <u32>value;
      case GRP0: // also copies GRP1 into its delay register
        return value == this.grp0 && this.dgrp1 == this.grp1;
      case GRP1: // also copies GRP0 and ENABL
        return value == this.grp1 && this.dgrp0 == this.grp0 && this.denabl == this.enabl;
      case ENAM0:
        return this.enam0 == ((value & ENABLE_BIT) != 0);
      case ENAM1:
        return this.enam1 == ((value & ENABLE_BIT) != 0);
      case ENABL:
        return this.enabl == ((value & ENABLE_BIT) != 0);
      case VDELP0:
        return this.vdelp0 == ((value & VDEL_BIT) != 0);
      case VDELP1:
        return this.vdelp1 == ((value & VDEL_BIT) != 0);
      case VDELBL:
        return this.vdelbl == ((value & VDEL_BIT) != 0);
      default:
        return false;
    }
  }

  /** No VSYNC for too long: a write here ends the frame (Stella treats it as a finished frame). */
  @inline private checkScanlineCap(clock: i32): void {
    // (clock - start) / 228 > maxScanlines, without the division (Stella divides; same for any sign).
    if (clock - this.clockWhenFrameStarted >= (this.maxScanlines + 1) * CLOCKS_PER_LINE) {
      this.requestStop();
      this.partialFrame = false;
      this.endReason = FRAME_SCANLINE_CAP;
    }
  }

  private requestStop(): void {
    this.stopRequested = true;
    const cpu = this.cpu;
    if (cpu != null) cpu.stop();
  }

  @inline private colour(value: u8): u8 {
    let c = value & COLOUR_MASK;
    if (this.colourLoss && (this.scanlinesLastFrame & 1) != 0) c |= COLOUR_LOSS_BIT;
    return c;
  }

  private setPlayfield(pf: u32): void {
    this.pf = pf;
    if (pf == 0) this.enabledObjects &= ~PF_BIT;
    else this.enabledObjects |= PF_BIT;
    this.dirty |= PF_BIT;
  }

  @inline private setReflect(reflect: bool): void {
    if (reflect != this.pfReflect) {
      this.pfReflect = reflect;
      this.dirty |= PF_BIT;
    }
  }

  private refreshPlayerGraphics(): void {
    const g0 = this.vdelp0 ? this.dgrp0 : this.grp0;
    const g1 = this.vdelp1 ? this.dgrp1 : this.grp1;
    const current0 = this.refp0 ? unchecked(REVERSE_BYTE[g0]) : g0;
    const current1 = this.refp1 ? unchecked(REVERSE_BYTE[g1]) : g1;
    if (current0 != this.currentGRP0) this.dirty |= P0_BIT;
    if (current1 != this.currentGRP1) this.dirty |= P1_BIT;
    this.currentGRP0 = current0;
    this.currentGRP1 = current1;
    let objects = this.enabledObjects & ~(P0_BIT | P1_BIT);
    if (current0 != 0) objects |= P0_BIT;
    if (current1 != 0) objects |= P1_BIT;
    this.enabledObjects = objects;
  }

  private refreshBallEnable(): void {
    if (this.vdelbl ? this.denabl : this.enabl) this.enabledObjects |= BL_BIT;
    else this.enabledObjects &= ~BL_BIT;
  }

  private refreshMissileEnables(): void {
    let objects = this.enabledObjects & ~(M0_BIT | M1_BIT);
    if (this.enam0 && !this.resmp0) objects |= M0_BIT;
    if (this.enam1 && !this.resmp1) objects |= M1_BIT;
    this.enabledObjects = objects;
  }

  @inline private missileResetPosition(hpos: i32): i32 {
    return hpos < HBLANK_CLOCKS ? MISSILE_RESET_IN_HBLANK : (hpos - HBLANK_CLOCKS + MISSILE_RESET_DELAY) % VISIBLE_PIXELS;
  }

  @inline private playerResetPosition(hpos: i32): i32 {
    return hpos < HBLANK_CLOCKS ? PLAYER_RESET_IN_HBLANK : (hpos - HBLANK_CLOCKS + PLAYER_RESET_DELAY) % VISIBLE_PIXELS;
  }

  private resetPlayer0(clock: i32): void {
    const newX = this.playerResetPosition((clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE);
    const when = playerResetWhen(<i32>(this.nusiz0 & 7), this.posP0, newX);
    // During a copy's pixels Stella first draws a little more at the old place.
    if (when == 1) this.updateFrame(clock + RESET_DURING_DRAW_CLOCKS);
    this.posP0 = newX;
    // Reset outside a copy's delay: the first copy is not drawn on this line.
    this.p0SkipFirst = when != -1;
    this.dirty |= P0_BIT;
  }

  private resetPlayer1(clock: i32): void {
    const newX = this.playerResetPosition((clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE);
    const when = playerResetWhen(<i32>(this.nusiz1 & 7), this.posP1, newX);
    if (when == 1) this.updateFrame(clock + RESET_DURING_DRAW_CLOCKS);
    this.posP1 = newX;
    this.p1SkipFirst = when != -1;
    this.dirty |= P1_BIT;
  }

  private applyHmove(clock: i32): void {
    const cycle = ((clock - this.clockWhenFrameStarted) % CLOCKS_PER_LINE) / CLOCKS_PER_CYCLE;
    if (this.allowHmoveBlanks && hmoveStartsBlank(cycle)) this.hmoveBlankEnabled = true;
    const p0 = wrapPosition(this.posP0 + hmoveMotion(cycle, this.hmp0));
    const p1 = wrapPosition(this.posP1 + hmoveMotion(cycle, this.hmp1));
    const m0 = wrapPosition(this.posM0 + hmoveMotion(cycle, this.hmm0));
    const m1 = wrapPosition(this.posM1 + hmoveMotion(cycle, this.hmm1));
    const bl = wrapPosition(this.posBL + hmoveMotion(cycle, this.hmbl));
    // Only the coverage of what moved or changed shape is recomputed (kernels HMOVE on every line).
    let changed = 0;
    if (p0 != this.posP0 || this.p0SkipFirst) changed |= P0_BIT;
    if (p1 != this.posP1 || this.p1SkipFirst) changed |= P1_BIT;
    if (m0 != this.posM0 || this.m0Variant != M0_NORMAL) changed |= M0_BIT;
    if (m1 != this.posM1) changed |= M1_BIT;
    if (bl != this.posBL) changed |= BL_BIT;
    this.posP0 = p0;
    this.posP1 = p1;
    this.posM0 = m0;
    this.posM1 = m1;
    this.posBL = bl;
    this.p0SkipFirst = false;
    this.p1SkipFirst = false;
    this.m0Variant = M0_NORMAL;
    this.dirty |= changed;
    this.lastHmoveClock = clock;
    this.cosmicArk = false;
  }

  // ---------------------------------------------------------------- drawing

  /** Draws the display window up to colour clock `clock` (Stella's TIA::updateFrame, line by line). */
  private updateFrame(clock: i32): void {
    if (clock < this.owedClock) clock = this.owedClock;
    if (
      clock < this.clockStartDisplay ||
      this.clockAtLastUpdate >= this.clockStopDisplay ||
      this.clockAtLastUpdate >= clock
    ) {
      return;
    }
    if (clock > this.clockStopDisplay) clock = this.clockStopDisplay;
    do {
      let count: i32;
      let fromLineStart = CLOCKS_PER_LINE - this.clocksToEndOfLine;
      if (clock > this.clockAtLastUpdate + this.clocksToEndOfLine) {
        count = this.clocksToEndOfLine;
        this.clocksToEndOfLine = CLOCKS_PER_LINE;
        this.clockAtLastUpdate += count;
      } else {
        count = clock - this.clockAtLastUpdate;
        this.clocksToEndOfLine -= count;
        this.clockAtLastUpdate = clock;
      }
      if (fromLineStart < HBLANK_CLOCKS) {
        const skip = HBLANK_CLOCKS - fromLineStart < count ? HBLANK_CLOCKS - fromLineStart : count;
        fromLineStart += skip;
        count -= skip;
      }
      const spanStart = this.framePointer;
      if (count != 0) this.drawSpan(count, fromLineStart - HBLANK_CLOCKS);

      // HMOVE blank: black over the line's first 8 pixels (Stella blanks from where this span began).
      if (this.hmoveBlankEnabled && fromLineStart < HBLANK_CLOCKS + HMOVE_BLANK_PIXELS) {
        if (this.frameRendered) {
          fillPixels(this.screenPointer() + <usize>spanStart, 0, HBLANK_CLOCKS + HMOVE_BLANK_PIXELS - fromLineStart);
        }
        if (count + fromLineStart >= HBLANK_CLOCKS + HMOVE_BLANK_PIXELS) this.hmoveBlankEnabled = false;
      }

      if (this.clocksToEndOfLine == CLOCKS_PER_LINE) this.endOfLine();
    } while (this.clockAtLastUpdate < clock);
  }

  /** Stella's end-of-line updates: playfield reflection, player copies, the Cosmic Ark missile. */
  private endOfLine(): void {
    this.setReflect((this.ctrlpf & CTRLPF_REFLECT) != 0);
    if (this.p0SkipFirst) {
      this.p0SkipFirst = false;
      this.dirty |= P0_BIT;
    }
    if (this.p1SkipFirst) {
      this.p1SkipFirst = false;
      this.dirty |= P1_BIT;
    }
    if (this.cosmicArk) {
      this.cosmicArkCounter = (this.cosmicArkCounter + 1) & 3;
      this.posM0 = wrapPosition(this.posM0 - unchecked(COSMIC_ARK_MOTION[this.cosmicArkCounter]));
      this.m0Variant = this.cosmicArkCounter == 1 ? M0_STRETCHED : this.cosmicArkCounter == 2 ? M0_HIDDEN : M0_NORMAL;
      this.dirty |= M0_BIT;
    }
  }

  /** Draws `count` pixels of the current line from pixel `hpos`, latching collisions. */
  private drawSpan(count: i32, hpos: i32): void {
    const end = hpos + count;
    if (this.vblank & VBLANK_BLANK) {
      if (this.frameRendered) fillPixels(this.screenPointer() + <usize>this.framePointer, 0, count);
      this.framePointer += count;
      return;
    }
    const objects = this.enabledObjects;
    if (<i32>unchecked(COLLISIONS_BY_OBJECTS[objects]) & ~this.collision) {
      this.latchCollisions(objects, hpos, end);
    }
    if (this.frameRendered) {
      this.paintSpan(objects, this.screenPointer() + <usize>(this.framePointer - hpos), hpos, end);
    }
    this.framePointer += count;
  }

  @inline private coverWord(object: i32, objects: i32, bit: i32, word: i32): u64 {
    return objects & bit ? unchecked(this.cover[object + word]) : 0;
  }

  private latchCollisions(objects: i32, h0: i32, h1: i32): void {
    this.refreshCoverage(objects);
    let latched = this.collision;
    const last = (h1 - 1) >> 6;
    for (let w = h0 >> 6; w <= last; w++) {
      const m = spanMask(w, h0, h1);
      const p0 = this.coverWord(COVER_P0, objects, P0_BIT, w) & m;
      const m0 = this.coverWord(COVER_M0, objects, M0_BIT, w) & m;
      const p1 = this.coverWord(COVER_P1, objects, P1_BIT, w) & m;
      const m1 = this.coverWord(COVER_M1, objects, M1_BIT, w) & m;
      const bl = this.coverWord(COVER_BL, objects, BL_BIT, w) & m;
      const pf = this.coverWord(COVER_PF, objects, PF_BIT, w) & m;
      // Any pixel with two objects? (Usually not: then no pair needs testing.)
      let seen = p0;
      let overlap = seen & m0;
      seen |= m0;
      overlap |= seen & p1;
      seen |= p1;
      overlap |= seen & m1;
      seen |= m1;
      overlap |= seen & bl;
      seen |= bl;
      overlap |= seen & pf;
      if (overlap == 0) continue;
      latched |=
        select(CX_M0_P1, 0, (m0 & p1) != 0) |
        select(CX_M0_P0, 0, (m0 & p0) != 0) |
        select(CX_M1_P0, 0, (m1 & p0) != 0) |
        select(CX_M1_P1, 0, (m1 & p1) != 0) |
        select(CX_P0_PF, 0, (p0 & pf) != 0) |
        select(CX_P0_BL, 0, (p0 & bl) != 0) |
        select(CX_P1_PF, 0, (p1 & pf) != 0) |
        select(CX_P1_BL, 0, (p1 & bl) != 0) |
        select(CX_M0_PF, 0, (m0 & pf) != 0) |
        select(CX_M0_BL, 0, (m0 & bl) != 0) |
        select(CX_M1_PF, 0, (m1 & pf) != 0) |
        select(CX_M1_BL, 0, (m1 & bl) != 0) |
        select(CX_BL_PF, 0, (bl & pf) != 0) |
        select(CX_P0_P1, 0, (p0 & p1) != 0) |
        select(CX_M0_M1, 0, (m0 & m1) != 0);
    }
    this.collision = latched;
  }

  /**
   * Colours pixels h0..h1 of the line at `line` with Stella's priorities: by default P0/M0 over
   * P1/M1 over PF/BL; with priority PF/BL first; in score mode the playfield takes the left/right
   * player colour and, in the left half, also covers P1/M1. Stella's one quirk: with only the
   * playfield enabled, score mode colours it even when priority is set.
   */
  private paintSpan(objects: i32, line: usize, h0: i32, h1: i32): void {
    fillPixels(line + <usize>h0, this.colubk, h1 - h0);
    if (objects == 0) return;
    this.refreshCoverage(objects);
    const key = objects | this.scorePriority;
    const c0 = this.colup0;
    const c1 = this.colup1;
    const cpf = this.colupf;
    const last = (h1 - 1) >> 6;
    for (let w = h0 >> 6; w <= last; w++) {
      const m = spanMask(w, h0, h1);
      const base = line + <usize>(w << 6);
      const left: u64 = w == 0 ? ALL_ONES : w == 1 ? LEFT_HALF_WORD1 : 0;
      const p0 = (this.coverWord(COVER_P0, objects, P0_BIT, w) | this.coverWord(COVER_M0, objects, M0_BIT, w)) & m;
      const p1 = (this.coverWord(COVER_P1, objects, P1_BIT, w) | this.coverWord(COVER_M1, objects, M1_BIT, w)) & m;
      const bl = this.coverWord(COVER_BL, objects, BL_BIT, w) & m;
      const pf = this.coverWord(COVER_PF, objects, PF_BIT, w) & m;
      if ((p0 | p1 | bl | pf) == 0) continue;
      if (key == (PF_BIT | SCORE_BIT | PRIORITY_BIT)) {
        paint(pf & left, base, c0);
        paint(pf & ~left, base, c1);
      } else if (key & PRIORITY_BIT) {
        paint(p1, base, c1);
        paint(p0, base, c0);
        paint(pf | bl, base, cpf);
      } else if (key & SCORE_BIT) {
        paint(bl, base, cpf);
        paint(pf & left, base, c0);
        paint(pf & ~left, base, c1);
        paint(p1 & ~(pf & left), base, c1);
        paint(p0, base, c0);
      } else {
        paint(pf | bl, base, cpf);
        paint(p1, base, c1);
        paint(p0, base, c0);
      }
    }
  }

  /** Recomputes the coverage of the enabled objects whose registers changed. */
  private refreshCoverage(objects: i32): void {
    const stale = this.dirty & objects;
    if (stale == 0) return;
    if (stale & P0_BIT) {
      this.playerCoverage(this.posP0, <i32>(this.nusiz0 & 7), this.p0SkipFirst, this.currentGRP0);
      this.storeCoverage(COVER_P0);
    }
    if (stale & P1_BIT) {
      this.playerCoverage(this.posP1, <i32>(this.nusiz1 & 7), this.p1SkipFirst, this.currentGRP1);
      this.storeCoverage(COVER_P1);
    }
    if (stale & M0_BIT) {
      const size = <i32>((this.nusiz0 >> 4) & 3);
      if (this.m0Variant == M0_HIDDEN) this.rotateInto(0, 0, 0);
      else this.missileCoverage(this.posM0, <i32>(this.nusiz0 & 7), this.m0Variant == M0_STRETCHED ? size | 1 : size);
      this.storeCoverage(COVER_M0);
    }
    if (stale & M1_BIT) {
      this.missileCoverage(this.posM1, <i32>(this.nusiz1 & 7), <i32>((this.nusiz1 >> 4) & 3));
      this.storeCoverage(COVER_M1);
    }
    if (stale & BL_BIT) {
      this.rotateInto(unchecked(SOLID_PATTERN[(this.ctrlpf >> 4) & 3]), 0, this.posBL);
      this.storeCoverage(COVER_BL);
    }
    if (stale & PF_BIT) this.playfieldCoverage();
    this.dirty &= ~stale;
  }

  /**
   * Sets the accumulator to a pattern given relative to an object's position (bits 0–63 in `low`,
   * 64–127 in `high`; at most 72 bits are used), placed at pixel `pos` and wrapped at pixel 160.
   */
  @inline private rotateInto(low: u64, high: u64, pos: i32): void {
    const shift = <u64>(pos & 63);
    let a0 = low;
    let a1 = high;
    let a2: u64 = 0;
    if (shift != 0) {
      a0 = low << shift;
      a1 = (low >> (64 - shift)) | (high << shift);
      a2 = high >> (64 - shift);
    }
    // Unwrapped words: pixels 0–63, 64–127, 128–191, 192–255.
    const word = pos >> 6;
    let u0: u64 = 0;
    let u1: u64 = 0;
    let u2: u64 = 0;
    let u3: u64 = 0;
    if (word == 0) {
      u0 = a0;
      u1 = a1;
      u2 = a2;
    } else if (word == 1) {
      u1 = a0;
      u2 = a1;
      u3 = a2;
    } else {
      u2 = a0;
      u3 = a1;
    }
    // Pixels 160–255 wrap around to 0–95.
    this.acc0 = u0 | (u2 >> 32) | (u3 << 32);
    this.acc1 = u1 | (u3 >> 32);
    this.acc2 = u2 & LOW_32;
  }

  @inline private storeCoverage(object: i32): void {
    unchecked((this.cover[object] = this.acc0));
    unchecked((this.cover[object + 1] = this.acc1));
    unchecked((this.cover[object + 2] = this.acc2));
  }

  private playerCoverage(pos: i32, mode: i32, skipFirst: bool, graphics: u8): void {
    const pixels = <u64>unchecked(REVERSE_BYTE[graphics]);
    if (mode == NUSIZ_DOUBLE || mode == NUSIZ_QUAD) {
      const wide = skipFirst
        ? 0
        : mode == NUSIZ_DOUBLE
          ? <u64>unchecked(WIDEN_2[<i32>pixels])
          : <u64>unchecked(WIDEN_4[<i32>pixels]);
      this.rotateInto(wide << WIDE_PLAYER_DELAY, 0, pos);
    } else {
      const copies = skipFirst ? unchecked(COPIES_AFTER_FIRST[mode]) : unchecked(COPIES[mode]);
      // Copies are 16 or more pixels apart, so multiplying spreads the 8-pixel pattern without carries.
      this.rotateInto(pixels * copies, unchecked(WIDE_COPY[mode]) ? pixels : 0, pos);
    }
  }

  private missileCoverage(pos: i32, mode: i32, size: i32): void {
    const pattern = unchecked(SOLID_PATTERN[size]);
    this.rotateInto(pattern * unchecked(COPIES[mode]), unchecked(WIDE_COPY[mode]) ? pattern : 0, pos);
  }

  /**
   * Playfield: 20 bits shown as 4-pixel blocks, PF0 D4–D7, then PF1 D7–D0, then PF2 D0–D7 on the left;
   * the right half repeats them, or mirrors them when reflected.
   */
  private playfieldCoverage(): void {
    const pf = this.pf;
    const left: u32 =
      (pf & 0x0f) | (<u32>unchecked(REVERSE_BYTE[(pf >> 4) & 0xff]) << 4) | (((pf >> 12) & 0xff) << 12);
    let right = left;
    if (this.pfReflect) {
      right =
        (<u32>unchecked(REVERSE_BYTE[left & 0xff]) << 12) |
        (<u32>unchecked(REVERSE_BYTE[(left >> 8) & 0xff]) << 4) |
        (<u32>unchecked(REVERSE_BYTE[(left >> 16) & 0x0f]) >> 4);
    }
    const w0 = <u64>unchecked(WIDEN_4[left & 0xff]) | (<u64>unchecked(WIDEN_4[(left >> 8) & 0xff]) << 32);
    const w1 =
      <u64>unchecked(WIDEN_4[(left >> 16) & 0x0f]) |
      (<u64>unchecked(WIDEN_4[right & 0xff]) << 16) |
      (<u64>unchecked(WIDEN_4[(right >> 8) & 0x0f]) << 48);
    const w2 = <u64>unchecked(WIDEN_4[(right >> 12) & 0xff]);
    unchecked((this.cover[COVER_PF] = w0));
    unchecked((this.cover[COVER_PF + 1] = w1));
    unchecked((this.cover[COVER_PF + 2] = w2));
  }

  // ---------------------------------------------------------------- snapshots

  save(w: StateWriter): void {
    this.flushDrawing();
    w.u8(<u8>this.current);
    w.i32(this.framePointer);
    w.i32(this.yStart);
    w.i32(this.height);
    w.bool(this.allowHmoveBlanks);
    w.bool(this.colourLoss);
    w.i32(this.maxScanlines);
    w.i64(this.cycleBase);
    w.i32(this.clockWhenFrameStarted);
    w.i32(this.clockStartDisplay);
    w.i32(this.clockStopDisplay);
    w.i32(this.clockAtLastUpdate);
    w.i32(this.clocksToEndOfLine);
    w.i32(this.scanlinesLastFrame);
    w.i32(this.currentScanline);
    w.i32(this.vsyncFinishClock);
    w.i32(this.lastHmoveClock);
    w.bool(this.partialFrame);
    w.bool(this.frameGreyed);
    w.i32(this.frameCounter);
    w.u8(this.vsync);
    w.u8(this.vblank);
    w.u8(this.nusiz0);
    w.u8(this.nusiz1);
    w.u8(this.colup0);
    w.u8(this.colup1);
    w.u8(this.colupf);
    w.u8(this.colubk);
    w.u8(this.ctrlpf);
    w.bool(this.refp0);
    w.bool(this.refp1);
    w.u32(this.pf);
    w.u8(this.grp0);
    w.u8(this.grp1);
    w.u8(this.dgrp0);
    w.u8(this.dgrp1);
    w.bool(this.enam0);
    w.bool(this.enam1);
    w.bool(this.enabl);
    w.bool(this.denabl);
    w.u8(<u8>this.hmp0);
    w.u8(<u8>this.hmp1);
    w.u8(<u8>this.hmm0);
    w.u8(<u8>this.hmm1);
    w.u8(<u8>this.hmbl);
    w.bool(this.vdelp0);
    w.bool(this.vdelp1);
    w.bool(this.vdelbl);
    w.bool(this.resmp0);
    w.bool(this.resmp1);
    w.u16(<u16>this.collision);
    w.u8(<u8>this.posP0);
    w.u8(<u8>this.posP1);
    w.u8(<u8>this.posM0);
    w.u8(<u8>this.posM1);
    w.u8(<u8>this.posBL);
    w.u8(this.audc0);
    w.u8(this.audc1);
    w.u8(this.audf0);
    w.u8(this.audf1);
    w.u8(this.audv0);
    w.u8(this.audv1);
    w.bool(this.p0SkipFirst);
    w.bool(this.p1SkipFirst);
    w.u8(<u8>this.m0Variant);
    w.bool(this.pfReflect);
    w.bool(this.hmoveBlankEnabled);
    w.bool(this.cosmicArk);
    w.u8(<u8>this.cosmicArkCounter);
    w.bool(this.dumpEnabled);
    w.i32(this.dumpDisabledCycle);
  }

  /** The input levels the caller drives (fire buttons, paddle resistances); frame checkpoints only. */
  saveInputs(w: StateWriter): void {
    w.bool(this.inpt4High);
    w.bool(this.inpt5High);
    for (let i = 0; i < PADDLE_INPUTS; i++) w.i32(unchecked(this.resistance[i]));
  }

  loadInputs(r: StateReader): void {
    this.inpt4High = r.bool();
    this.inpt5High = r.bool();
    for (let i = 0; i < PADDLE_INPUTS; i++) this.setResistance(i, r.i32());
  }

  load(r: StateReader): void {
    this.current = r.u8() & 1;
    this.framePointer = r.i32();
    this.yStart = r.i32();
    this.height = r.i32();
    this.allowHmoveBlanks = r.bool();
    this.colourLoss = r.bool();
    this.maxScanlines = r.i32();
    this.cycleBase = r.i64();
    this.clockWhenFrameStarted = r.i32();
    this.clockStartDisplay = r.i32();
    this.clockStopDisplay = r.i32();
    this.clockAtLastUpdate = r.i32();
    this.clocksToEndOfLine = r.i32();
    this.scanlinesLastFrame = r.i32();
    this.currentScanline = r.i32();
    this.vsyncFinishClock = r.i32();
    this.lastHmoveClock = r.i32();
    this.partialFrame = r.bool();
    this.frameGreyed = r.bool();
    this.frameCounter = r.i32();
    this.vsync = r.u8();
    this.vblank = r.u8();
    this.nusiz0 = r.u8();
    this.nusiz1 = r.u8();
    this.colup0 = r.u8();
    this.colup1 = r.u8();
    this.colupf = r.u8();
    this.colubk = r.u8();
    this.ctrlpf = r.u8();
    this.scorePriority = (<i32>(this.ctrlpf & CTRLPF_SCORE_PRIORITY)) << SCORE_PRIORITY_SHIFT;
    this.refp0 = r.bool();
    this.refp1 = r.bool();
    this.pf = r.u32() & 0xfffff;
    this.grp0 = r.u8();
    this.grp1 = r.u8();
    this.dgrp0 = r.u8();
    this.dgrp1 = r.u8();
    this.enam0 = r.bool();
    this.enam1 = r.bool();
    this.enabl = r.bool();
    this.denabl = r.bool();
    this.hmp0 = r.u8() & 0x0f;
    this.hmp1 = r.u8() & 0x0f;
    this.hmm0 = r.u8() & 0x0f;
    this.hmm1 = r.u8() & 0x0f;
    this.hmbl = r.u8() & 0x0f;
    this.vdelp0 = r.bool();
    this.vdelp1 = r.bool();
    this.vdelbl = r.bool();
    this.resmp0 = r.bool();
    this.resmp1 = r.bool();
    this.collision = <i32>r.u16();
    this.posP0 = <i32>r.u8() % VISIBLE_PIXELS;
    this.posP1 = <i32>r.u8() % VISIBLE_PIXELS;
    this.posM0 = <i32>r.u8() % VISIBLE_PIXELS;
    this.posM1 = <i32>r.u8() % VISIBLE_PIXELS;
    this.posBL = <i32>r.u8() % VISIBLE_PIXELS;
    this.audc0 = r.u8();
    this.audc1 = r.u8();
    this.audf0 = r.u8();
    this.audf1 = r.u8();
    this.audv0 = r.u8();
    this.audv1 = r.u8();
    this.p0SkipFirst = r.bool();
    this.p1SkipFirst = r.bool();
    this.m0Variant = <i32>r.u8() % 3;
    this.pfReflect = r.bool();
    this.hmoveBlankEnabled = r.bool();
    this.cosmicArk = r.bool();
    this.cosmicArkCounter = r.u8() & 3;
    this.dumpEnabled = r.bool();
    this.dumpDisabledCycle = r.i32();
    // Derived state (a saved TIA has drawn everything up to its last access).
    this.pendingClock = this.clockAtLastUpdate;
    this.owedClock = NOTHING_OWED;
    this.screenHeight = this.height < MIN_SCREEN_LINES ? MIN_SCREEN_LINES : this.height;
    this.startDisplayOffset = CLOCKS_PER_LINE * this.yStart;
    this.stopDisplayOffset = this.startDisplayOffset + CLOCKS_PER_LINE * this.height;
    this.refreshPlayerGraphics();
    this.refreshBallEnable();
    this.refreshMissileEnables();
    if (this.pf == 0) this.enabledObjects &= ~PF_BIT;
    else this.enabledObjects |= PF_BIT;
    this.dirty = OBJECT_BITS;
    this.updateQueueBounds();
    this.forgetShadows();
    if (!this.consistentFrameClocks()) {
      r.fail();
      this.framePointer = 0;
      this.clockAtLastUpdate = this.clockStopDisplay;
    }
  }

  /** A loaded snapshot must not let drawing run past the frame buffers (corrupt input). */
  private consistentFrameClocks(): bool {
    if (this.yStart < 0 || this.height <= 0 || this.yStart + this.height > MAX_FRAME_LINES) return false;
    if (this.clockStartDisplay - this.clockWhenFrameStarted != this.startDisplayOffset) return false;
    if (this.clockStopDisplay - this.clockStartDisplay != this.stopDisplayOffset - this.startDisplayOffset) return false;
    if (this.clocksToEndOfLine < 0 || this.clocksToEndOfLine > CLOCKS_PER_LINE) return false;
    if (this.framePointer < 0 || this.clockAtLastUpdate < this.clockWhenFrameStarted) return false;
    // Drawing advances clockAtLastUpdate and clocksToEndOfLine together from a line start, so the two
    // agree on the position within the line (which keeps an HMOVE blank inside its line).
    const phase = (<i64>this.clockAtLastUpdate - <i64>this.clockWhenFrameStarted) % CLOCKS_PER_LINE;
    if (phase != (CLOCKS_PER_LINE - this.clocksToEndOfLine) % CLOCKS_PER_LINE) return false;
    // Drawing writes one pixel per visible clock still to come (an HMOVE blank stays inside its line's
    // pixels): the visible end of the current line (its last 160 clocks), then ≤ 160 per later line.
    // Counting the current line as a full one would reject a window saved mid-line on its last line.
    const clocksLeft = <i64>this.clockStopDisplay - <i64>this.clockAtLastUpdate;
    if (clocksLeft <= 0) return this.framePointer <= FRAME_BUFFER_BYTES;
    const toEndOfLine = <i64>this.clocksToEndOfLine;
    const inLine = clocksLeft < toEndOfLine ? clocksLeft : toEndOfLine;
    const visibleInLine = inLine < <i64>VISIBLE_PIXELS ? inLine : <i64>VISIBLE_PIXELS;
    const after = clocksLeft - inLine;
    const linesAfter = (after + CLOCKS_PER_LINE - 1) / CLOCKS_PER_LINE;
    return <i64>this.framePointer + visibleInLine + linesAfter * VISIBLE_PIXELS <= <i64>FRAME_BUFFER_BYTES;
  }
}

@inline
function wrapPosition(x: i32): i32 {
  if (x >= VISIBLE_PIXELS) return x - VISIBLE_PIXELS;
  if (x < 0) return x + VISIBLE_PIXELS;
  return x;
}
