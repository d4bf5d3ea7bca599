// Data tables of the TIA as the Stella inside ALE 0.12 models it (TIA.cxx, 2007). The figures are
// hardware facts (or Stella's empirical approximations of them, which ALE's traces reproduce); the
// layout here is our own: pixel coverage is held as bitmasks, bit i = pixel i of the 160-pixel line.

/** Write addresses are decoded by A0–A5; read addresses by A0–A3. */
export const WRITE_ADDRESS_MASK: u16 = 0x3f;
export const READ_ADDRESS_MASK: u16 = 0x0f;

// Write registers.
export const VSYNC: i32 = 0x00;
export const VBLANK: i32 = 0x01;
export const WSYNC: i32 = 0x02;
export const RSYNC: i32 = 0x03;
export const NUSIZ0: i32 = 0x04;
export const NUSIZ1: i32 = 0x05;
export const COLUP0: i32 = 0x06;
export const COLUP1: i32 = 0x07;
export const COLUPF: i32 = 0x08;
export const COLUBK: i32 = 0x09;
export const CTRLPF: i32 = 0x0a;
export const REFP0: i32 = 0x0b;
export const REFP1: i32 = 0x0c;
export const PF0: i32 = 0x0d;
export const PF1: i32 = 0x0e;
export const PF2: i32 = 0x0f;
export const RESP0: i32 = 0x10;
export const RESP1: i32 = 0x11;
export const RESM0: i32 = 0x12;
export const RESM1: i32 = 0x13;
export const RESBL: i32 = 0x14;
export const AUDC0: i32 = 0x15;
export const AUDC1: i32 = 0x16;
export const AUDF0: i32 = 0x17;
export const AUDF1: i32 = 0x18;
export const AUDV0: i32 = 0x19;
export const AUDV1: i32 = 0x1a;
export const GRP0: i32 = 0x1b;
export const GRP1: i32 = 0x1c;
export const ENAM0: i32 = 0x1d;
export const ENAM1: i32 = 0x1e;
export const ENABL: i32 = 0x1f;
export const HMP0: i32 = 0x20;
export const HMP1: i32 = 0x21;
export const HMM0: i32 = 0x22;
export const HMM1: i32 = 0x23;
export const HMBL: i32 = 0x24;
export const VDELP0: i32 = 0x25;
export const VDELP1: i32 = 0x26;
export const VDELBL: i32 = 0x27;
export const RESMP0: i32 = 0x28;
export const RESMP1: i32 = 0x29;
export const HMOVE: i32 = 0x2a;
export const HMCLR: i32 = 0x2b;
export const CXCLR: i32 = 0x2c;

// Read registers.
export const CXM0P: i32 = 0x00;
export const CXM1P: i32 = 0x01;
export const CXP0FB: i32 = 0x02;
export const CXP1FB: i32 = 0x03;
export const CXM0FB: i32 = 0x04;
export const CXM1FB: i32 = 0x05;
export const CXBLPF: i32 = 0x06;
export const CXPPMM: i32 = 0x07;
export const INPT0: i32 = 0x08;
export const INPT4: i32 = 0x0c;
export const INPT5: i32 = 0x0d;

/** Object bits (Stella's numbering, also the index of the collision lookup). */
export const P0_BIT: i32 = 0x01;
export const M0_BIT: i32 = 0x02;
export const P1_BIT: i32 = 0x04;
export const M1_BIT: i32 = 0x08;
export const BL_BIT: i32 = 0x10;
export const PF_BIT: i32 = 0x20;
export const OBJECT_BITS: i32 = 0x3f;
/** CTRLPF D1 (score) and D2 (priority), moved to bits 6 and 7 next to the object bits. */
export const SCORE_BIT: i32 = 0x40;
export const PRIORITY_BIT: i32 = 0x80;

// The 15 collision latches, one bit each in a 16-bit word (Stella's layout).
export const CX_M0_P1: i32 = 0x0001;
export const CX_M0_P0: i32 = 0x0002;
export const CX_M1_P0: i32 = 0x0004;
export const CX_M1_P1: i32 = 0x0008;
export const CX_P0_PF: i32 = 0x0010;
export const CX_P0_BL: i32 = 0x0020;
export const CX_P1_PF: i32 = 0x0040;
export const CX_P1_BL: i32 = 0x0080;
export const CX_M0_PF: i32 = 0x0100;
export const CX_M0_BL: i32 = 0x0200;
export const CX_M1_PF: i32 = 0x0400;
export const CX_M1_BL: i32 = 0x0800;
export const CX_BL_PF: i32 = 0x1000;
export const CX_P0_P1: i32 = 0x2000;
export const CX_M0_M1: i32 = 0x4000;

/** The latches that can be set when the objects in `objects` (OBJECT_BITS) are drawn. */
export const COLLISIONS_BY_OBJECTS: StaticArray<u16> = buildCollisionTable();

function pairBit(objects: i32, a: i32, b: i32, latch: i32): i32 {
  return (objects & a) != 0 && (objects & b) != 0 ? latch : 0;
}

function buildCollisionTable(): StaticArray<u16> {
  const table = new StaticArray<u16>(OBJECT_BITS + 1);
  for (let o = 0; o <= OBJECT_BITS; o++) {
    const bits =
      pairBit(o, M0_BIT, P1_BIT, CX_M0_P1) |
      pairBit(o, M0_BIT, P0_BIT, CX_M0_P0) |
      pairBit(o, M1_BIT, P0_BIT, CX_M1_P0) |
      pairBit(o, M1_BIT, P1_BIT, CX_M1_P1) |
      pairBit(o, P0_BIT, PF_BIT, CX_P0_PF) |
      pairBit(o, P0_BIT, BL_BIT, CX_P0_BL) |
      pairBit(o, P1_BIT, PF_BIT, CX_P1_PF) |
      pairBit(o, P1_BIT, BL_BIT, CX_P1_BL) |
      pairBit(o, M0_BIT, PF_BIT, CX_M0_PF) |
      pairBit(o, M0_BIT, BL_BIT, CX_M0_BL) |
      pairBit(o, M1_BIT, PF_BIT, CX_M1_PF) |
      pairBit(o, M1_BIT, BL_BIT, CX_M1_BL) |
      pairBit(o, BL_BIT, PF_BIT, CX_BL_PF) |
      pairBit(o, P0_BIT, P1_BIT, CX_P0_P1) |
      pairBit(o, M0_BIT, M1_BIT, CX_M0_M1);
    unchecked((table[o] = <u16>bits));
  }
  return table;
}

/**
 * The latches each collision register reports: D7 then D6 (0 = unused, reads 0). CXBLPF has only D7.
 * Indexed by read address 0x00–0x07.
 */
export const COLLISION_READ_D7: StaticArray<i32> = [
  CX_M0_P1, CX_M1_P0, CX_P0_PF, CX_P1_PF, CX_M0_PF, CX_M1_PF, CX_BL_PF, CX_P0_P1,
];
export const COLLISION_READ_D6: StaticArray<i32> = [
  CX_M0_P0, CX_M1_P1, CX_P0_BL, CX_P1_BL, CX_M0_BL, CX_M1_BL, 0, CX_M0_M1,
];

/**
 * Stella's write delays in colour clocks: the frame is drawn this far past the write before the
 * register changes (NUSIZx and RESMx: 8; VBLANK, REFPx, GRPx: 1). PF0–PF2 (-1) depend on the
 * CPU cycle within the line, see PLAYFIELD_DELAY_BY_CYCLE.
 */
export const PLAYFIELD_DELAY: i8 = -1;
export const WRITE_DELAY: StaticArray<i8> = [
  0, 1, 0, 0, 8, 8, 0, 0, 0, 0, 0, 1, 1, -1, -1, -1,
  0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];
/**
 * Writes that change what is drawn (bit = write address). Stella draws up to every TIA access before
 * applying it; for the others (WSYNC, RSYNC, audio, HMP0–HMBL, HMCLR, unused addresses) drawing later
 * gives the same pixels, so the TIA only remembers their clock and draws when something changes.
 */
export const DRAWING_WRITES: u64 = buildDrawingWrites();

function buildDrawingWrites(): u64 {
  let mask: u64 = ((<u64>1) << <u64>(CXCLR + 1)) - 1;
  const neutral: StaticArray<i32> = [WSYNC, RSYNC, AUDC0, AUDC1, AUDF0, AUDF1, AUDV0, AUDV1, HMP0, HMP1, HMM0, HMM1, HMBL, HMCLR];
  for (let i = 0; i < neutral.length; i++) mask &= ~((<u64>1) << <u64>unchecked(neutral[i]));
  return mask;
}

/** Reads that depend on what was drawn: the collision latches (read addresses 0x00–0x07). */
export const LAST_COLLISION_READ: i32 = CXPPMM;

/** Playfield write delay by (CPU cycle within the line) mod 4, in colour clocks. */
export const PLAYFIELD_DELAY_BY_CYCLE: StaticArray<i32> = [4, 5, 2, 3];

/**
 * HMOVE: motion applied when HMOVE is strobed at CPU cycle x of the line, for a signed motion nibble s
 * (-8..7; normal motion moves the object by -s pixels). Stella's empirical table reduces to:
 * - cycles 0–20: max(-s, HMOVE_EARLY_FLOOR[x]) (late in HBLANK fewer motion clocks are lost);
 * - cycles 21–54: no motion;
 * - cycles 55–74: min(0, HMOVE_LATE_REACH[x - 55] - s);
 * - cycle 75: normal motion (the HMOVE lands in the next line's HBLANK).
 */
export const HMOVE_EARLY_LAST_CYCLE: i32 = 20;
export const HMOVE_LATE_FIRST_CYCLE: i32 = 55;
export const HMOVE_NEXT_LINE_CYCLE: i32 = 75;
export const HMOVE_EARLY_FLOOR: StaticArray<i32> = [
  -7, -7, -7, -7, -6, -5, -5, -4, -3, -2, -2, -1, 0, 1, 1, 2, 3, 4, 4, 5, 6,
];
export const HMOVE_LATE_REACH: StaticArray<i32> = [
  6, 5, 4, 4, 3, 2, 1, 1, 0, -1, -2, -2, -3, -4, -5, -5, -6, -7, -8, -8,
];

/** The motion (pixels added to the position) of an HMOVE at CPU cycle `cycle` with nibble `hm` (0–15). */
export function hmoveMotion(cycle: i32, hm: i32): i32 {
  const s = hm >= 8 ? hm - 16 : hm;
  if (cycle <= HMOVE_EARLY_LAST_CYCLE) {
    const floor = unchecked(HMOVE_EARLY_FLOOR[cycle]);
    return -s > floor ? -s : floor;
  }
  if (cycle < HMOVE_LATE_FIRST_CYCLE) return 0;
  if (cycle < HMOVE_NEXT_LINE_CYCLE) {
    const reach = unchecked(HMOVE_LATE_REACH[cycle - HMOVE_LATE_FIRST_CYCLE]) - s;
    return reach < 0 ? reach : 0;
  }
  return -s;
}

/** The HMOVE blank (8 black pixels at the next line start) follows an HMOVE at cycles 0–20 or 75. */
export function hmoveStartsBlank(cycle: i32): bool {
  return cycle <= HMOVE_EARLY_LAST_CYCLE || cycle == HMOVE_NEXT_LINE_CYCLE;
}

/** Stella's "Cosmic Ark" starfield trick: per-line missile 0 motion, repeating every 4 lines. */
export const COSMIC_ARK_MOTION: StaticArray<i32> = [18, 33, 0, 17];

/**
 * NUSIZ number field: the copies of a player or missile, as a bit per 16-pixel offset
 * (bit k = a copy starting k*16 pixels right of the object's position).
 */
export const COPY_OFFSETS: StaticArray<u8> = [
  0b00001, // one copy
  0b00011, // two copies, close (0, 16)
  0b00101, // two copies, medium (0, 32)
  0b00111, // three copies, close (0, 16, 32)
  0b10001, // two copies, wide (0, 64)
  0b00001, // double-size player (one copy)
  0b10101, // three copies, medium (0, 32, 64)
  0b00001, // quad-size player (one copy)
];
export const NUSIZ_DOUBLE: i32 = 5;
export const NUSIZ_QUAD: i32 = 7;
export const COPY_SPACING: i32 = 16;

/** The pixel distance from RESMPx's player position to its missile (Stella: centre of the player). */
export function missileResetOffset(nusizNumber: i32): i32 {
  if (nusizNumber == NUSIZ_DOUBLE) return 8;
  if (nusizNumber == NUSIZ_QUAD) return 16;
  return 4;
}

/** Bit-reversed bytes: a player byte shows D7 first; our pixel masks hold the leftmost pixel in bit 0. */
export const REVERSE_BYTE: StaticArray<u8> = buildReverseTable();
/** Each bit of a byte widened to 2 and 4 bits (double- and quad-size players, 4-pixel playfield blocks). */
export const WIDEN_2: StaticArray<u16> = buildWidenTable2();
export const WIDEN_4: StaticArray<u32> = buildWidenTable4();

function buildReverseTable(): StaticArray<u8> {
  const table = new StaticArray<u8>(256);
  for (let i = 0; i < 256; i++) {
    let r = 0;
    for (let b = 0; b < 8; b++) if (i & (1 << b)) r |= 0x80 >> b;
    unchecked((table[i] = <u8>r));
  }
  return table;
}

function buildWidenTable2(): StaticArray<u16> {
  const table = new StaticArray<u16>(256);
  for (let i = 0; i < 256; i++) {
    let r = 0;
    for (let b = 0; b < 8; b++) if (i & (1 << b)) r |= 0x3 << (2 * b);
    unchecked((table[i] = <u16>r));
  }
  return table;
}

function buildWidenTable4(): StaticArray<u32> {
  const table = new StaticArray<u32>(256);
  for (let i = 0; i < 256; i++) {
    let r: u32 = 0;
    for (let b = 0; b < 8; b++) if (i & (1 << b)) r |= (<u32>0xf) << (4 * b);
    unchecked((table[i] = r));
  }
  return table;
}
