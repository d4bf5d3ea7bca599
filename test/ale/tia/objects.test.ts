/**
 * TIA objects, playfield, priorities and positioning, driven register by register at known cycles.
 * Expected values are the hardware rules as the Stella inside ALE 0.12 applies them (its TIA.cxx):
 * a player reset lands 5 pixels right of the beam (at pixel 3 during HBLANK), missiles and ball 4
 * (2 during HBLANK); HMOVE early in HBLANK moves by the signed nibble (0x70 → 7 left, 0x80 → 8 right),
 * mid-line not at all, at cycle 74 eight pixels left; an HMOVE in HBLANK blanks the line's first 8
 * pixels; playfield bits are 4-pixel blocks (PF0 D4–D7, PF1 D7–D0, PF2 D0–D7), repeated or mirrored.
 */
import { describe, expect, it } from 'vitest';
import { cycleAt, HBLANK_CLOCKS, OBJECT, pixelsOf, R, range, TiaBench, W } from './bench.js';

const LINE = 40; // a frame line inside the default display window (screen row 6)
const ROW = LINE - 34;
const BK = 0x1e;
const C0 = 0x44;
const C1 = 0x86;
const CPF = 0xc8;

/** Writes `pairs` on consecutive cycles from `cycle`. */
function writeAll(bench: TiaBench, cycle: number, pairs: [number, number][]): number {
  let c = cycle;
  for (const [register, value] of pairs) bench.write(c++, register, value);
  return c;
}

/** A bench whose frame has begun with the colours set during line 1. */
function frame(): TiaBench {
  const bench = new TiaBench();
  bench.beginFrame();
  writeAll(bench, cycleAt(1) + 1, [
    [W.COLUBK, BK],
    [W.COLUP0, C0],
    [W.COLUP1, C1],
    [W.COLUPF, CPF],
  ]);
  return bench;
}

/** Finishes the frame and returns screen row ROW. */
function drawnRow(bench: TiaBench): Uint8Array {
  expect(bench.vsyncAt(262)).toBe(0);
  return bench.row(ROW);
}

describe('TIA positioning', () => {
  it('places a player reset during HBLANK at pixel 3 and one in the visible line 5 pixels right of the beam', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 5, W.RESP0, 0); // colour clock 15 < 68
    expect(bench.position(OBJECT.P0)).toBe(3);
    bench.write(cycleAt(LINE) + 30, W.RESP1, 0); // colour clock 90: pixel 22
    expect(bench.position(OBJECT.P1)).toBe(90 - HBLANK_CLOCKS + 5);
  });

  it('places missiles and the ball 4 pixels right of the beam (2 in HBLANK)', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 5, W.RESM0, 0);
    bench.write(cycleAt(LINE) + 6, W.RESBL, 0);
    expect(bench.position(OBJECT.M0)).toBe(2);
    expect(bench.position(OBJECT.BL)).toBe(2);
    bench.write(cycleAt(LINE) + 30, W.RESM1, 0);
    expect(bench.position(OBJECT.M1)).toBe(90 - HBLANK_CLOCKS + 4);
  });

  it('moves objects by their HMxx nibble on an HMOVE early in HBLANK', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 2, W.RESP0, 0);
    bench.write(cycleAt(LINE) + 3, W.RESP1, 0);
    bench.write(cycleAt(LINE) + 4, W.HMP0, 0x70); // +7: seven pixels left
    bench.write(cycleAt(LINE) + 5, W.HMP1, 0x80); // -8: eight pixels right
    bench.write(cycleAt(LINE + 1) + 1, W.HMOVE, 0);
    expect(bench.position(OBJECT.P0)).toBe(3 - 7 + 160);
    expect(bench.position(OBJECT.P1)).toBe(3 + 8);
  });

  it('does not move objects on an HMOVE in the middle of the line, and moves them 8 left at cycle 74', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 2, W.RESP0, 0);
    bench.write(cycleAt(LINE) + 4, W.HMP0, 0x70);
    bench.write(cycleAt(LINE) + 40, W.HMOVE, 0);
    expect(bench.position(OBJECT.P0)).toBe(3);
    bench.write(cycleAt(LINE + 1) + 2, W.HMCLR, 0);
    bench.write(cycleAt(LINE + 1) + 74, W.HMOVE, 0);
    expect(bench.position(OBJECT.P0)).toBe(3 - 8 + 160);
  });

  it('clears every motion register with HMCLR', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 2, W.RESBL, 0);
    bench.write(cycleAt(LINE) + 3, W.HMBL, 0x30);
    bench.write(cycleAt(LINE) + 4, W.HMCLR, 0);
    bench.write(cycleAt(LINE + 1) + 1, W.HMOVE, 0);
    expect(bench.position(OBJECT.BL)).toBe(2);
  });

  it('centres a missile on its player when RESMP0 is released', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 30, W.RESP0, 0); // player at 27
    bench.write(cycleAt(LINE) + 31, W.RESMP0, 2);
    bench.write(cycleAt(LINE) + 32, W.RESMP0, 0);
    expect(bench.position(OBJECT.M0)).toBe(27 + 4);
  });
});

describe('TIA drawing', () => {
  it('blanks the first 8 pixels of a line after an HMOVE in HBLANK, unless HMOVE blanks are off', () => {
    for (const hmoveBlanks of [true, false]) {
      const bench = new TiaBench({ hmoveBlanks });
      bench.beginFrame();
      bench.write(cycleAt(1) + 1, W.COLUBK, BK);
      bench.write(cycleAt(LINE) + 1, W.HMOVE, 0);
      const row = drawnRow(bench);
      expect(pixelsOf(row, 0)).toEqual(hmoveBlanks ? range(0, 8) : []);
      expect(pixelsOf(row, BK).length).toBe(hmoveBlanks ? 152 : 160);
    }
  });

  it('draws player copies and sizes from NUSIZ', () => {
    const cases: [number, number, number[]][] = [
      [0x00, 0x80, [3]],
      [0x03, 0x80, [3, 19, 35]], // three copies, close: 16 apart
      [0x06, 0x80, [3, 35, 67]], // three copies, medium: 32 apart
      [0x04, 0x80, [3, 67]], // two copies, wide: 64 apart
      [0x05, 0xff, range(4, 20)], // double size, one pixel late
      [0x07, 0xff, range(4, 36)], // quad size, one pixel late
    ];
    for (const [nusiz, graphics, expected] of cases) {
      const bench = frame();
      writeAll(bench, cycleAt(LINE - 1) + 1, [
        [W.NUSIZ0, nusiz],
        [W.RESP0, 0],
        [W.GRP0, graphics],
      ]);
      expect(pixelsOf(drawnRow(bench), C0), `NUSIZ0=${nusiz}`).toEqual(expected);
    }
  });

  it('reflects a player with REFP0', () => {
    const bench = frame();
    writeAll(bench, cycleAt(LINE - 1) + 1, [
      [W.RESP0, 0],
      [W.GRP0, 0x01],
      [W.REFP0, 0x08],
    ]);
    expect(pixelsOf(drawnRow(bench), C0)).toEqual([3]);
  });

  it('draws missiles with their copies and widths, and the ball with CTRLPF size', () => {
    const bench = frame();
    writeAll(bench, cycleAt(LINE - 1) + 1, [
      [W.NUSIZ1, 0x31], // 8 pixels wide, two copies close
      [W.RESM1, 0],
      [W.ENAM1, 2],
      [W.CTRLPF, 0x20], // ball 4 wide
    ]);
    bench.write(cycleAt(LINE - 1) + 40, W.RESBL, 0); // colour clock 120: pixel 52 + 4 = 56
    bench.write(cycleAt(LINE - 1) + 41, W.ENABL, 2);
    const row = drawnRow(bench);
    expect(pixelsOf(row, C1)).toEqual([...range(2, 10), ...range(18, 26)]);
    expect(pixelsOf(row, CPF)).toEqual(range(56, 60));
  });

  it('repeats the playfield in the right half, or mirrors it when reflected', () => {
    for (const reflect of [false, true]) {
      const bench = frame();
      writeAll(bench, cycleAt(LINE - 1) + 1, [
        [W.CTRLPF, reflect ? 1 : 0],
        [W.PF0, 0x10], // D4: pixels 0–3
        [W.PF1, 0x80], // D7: pixels 16–19
        [W.PF2, 0x01], // D0: pixels 48–51
      ]);
      const left = [...range(0, 4), ...range(16, 20), ...range(48, 52)];
      const right = reflect ? left.map((x) => 159 - x).reverse() : left.map((x) => x + 80);
      expect(pixelsOf(drawnRow(bench), CPF)).toEqual([...left, ...right]);
    }
  });

  it('colours the playfield with the player colours in score mode', () => {
    const bench = frame();
    writeAll(bench, cycleAt(LINE - 1) + 1, [
      [W.CTRLPF, 0x02],
      [W.PF0, 0x10],
    ]);
    const row = drawnRow(bench);
    expect(pixelsOf(row, C0)).toEqual(range(0, 4));
    expect(pixelsOf(row, C1)).toEqual(range(80, 84));
  });

  it('puts players over the playfield, and the playfield over players with priority', () => {
    for (const priority of [false, true]) {
      const bench = frame();
      writeAll(bench, cycleAt(LINE - 1) + 1, [
        [W.CTRLPF, priority ? 0x04 : 0],
        [W.PF0, 0x10],
        [W.RESP0, 0], // pixel 3, inside the playfield block 0–3
        [W.GRP0, 0xc0], // pixels 3 and 4
      ]);
      const row = drawnRow(bench);
      expect(row[3]).toBe(priority ? CPF : C0);
      expect(row[4]).toBe(C0);
    }
  });

  it("keeps Stella's score colours for a lone playfield with score and priority, but not once the ball is on", () => {
    for (const ball of [false, true]) {
      const bench = frame();
      writeAll(bench, cycleAt(LINE - 1) + 1, [
        [W.CTRLPF, 0x06],
        [W.PF0, 0x10],
        [W.RESBL, 0], // ball at pixel 2, 1 wide
        [W.ENABL, ball ? 2 : 0],
      ]);
      const row = drawnRow(bench);
      expect(row[0]).toBe(ball ? CPF : C0);
      expect(row[80]).toBe(ball ? CPF : C1);
    }
  });

  it('blanks lines while VBLANK D1 is set', () => {
    const bench = frame();
    bench.write(cycleAt(LINE) + 1, W.VBLANK, 0x02);
    bench.write(cycleAt(LINE + 1) + 1, W.VBLANK, 0x00);
    expect(bench.vsyncAt(262)).toBe(0);
    expect(pixelsOf(bench.row(ROW), 0).length).toBe(160);
    expect(pixelsOf(bench.row(ROW + 1), BK).length).toBe(160);
  });

  it('applies a GRP0 write one colour clock late', () => {
    // Stella delays GRPx writes by 1 colour clock: a write on the cycle whose clock is pixel 31
    // still shows the old graphics on pixel 31.
    const bench = frame();
    writeAll(bench, cycleAt(LINE - 1) + 1, [
      [W.NUSIZ0, 0x07], // quad: pixels 4–35
      [W.RESP0, 0],
      [W.GRP0, 0xff],
    ]);
    bench.write(cycleAt(LINE) + (HBLANK_CLOCKS + 31) / 3, W.GRP0, 0x00); // colour clock 99 = pixel 31
    expect(pixelsOf(drawnRow(bench), C0)).toEqual(range(4, 32));
  });
});

describe('TIA collisions', () => {
  /** Draws P0 over PF0 block 0–3 on `line`, then reads CXP0FB two lines later. */
  function p0PlayfieldCollision(line: number, vblank = false): number {
    const bench = frame();
    if (vblank) bench.write(cycleAt(line - 1) + 1, W.VBLANK, 0x02);
    writeAll(bench, cycleAt(line - 1) + 2, [
      [W.PF0, 0x10],
      [W.RESP0, 0],
      [W.GRP0, 0x80],
    ]);
    writeAll(bench, cycleAt(line + 1) + 1, [
      [W.GRP0, 0],
      [W.PF0, 0],
    ]);
    return bench.read(cycleAt(line + 2), R.CXP0FB) & 0xc0;
  }

  it('latches player–playfield overlap in the display window', () => {
    expect(p0PlayfieldCollision(LINE)).toBe(0x80);
  });

  it('latches nothing above the display window or during VBLANK (Stella draws only the window)', () => {
    expect(p0PlayfieldCollision(20)).toBe(0);
    expect(p0PlayfieldCollision(LINE, true)).toBe(0);
  });

  it('reports each pair in its register bit and clears them all with CXCLR', () => {
    const bench = frame();
    writeAll(bench, cycleAt(LINE - 1) + 1, [
      [W.RESP1, 0], // P1 at 3
      [W.GRP1, 0x80],
      [W.RESM0, 0], // M0 at 2, 2 wide → covers 3
      [W.NUSIZ0, 0x10],
      [W.ENAM0, 2],
      [W.RESM1, 0], // M1 at 2, 2 wide
      [W.NUSIZ1, 0x10],
      [W.ENAM1, 2],
      [W.RESBL, 0], // BL at 2, 2 wide
      [W.CTRLPF, 0x10],
      [W.ENABL, 2],
      [W.PF0, 0x10], // PF 0–3
    ]);
    const at = cycleAt(LINE + 1) + 1;
    expect(bench.read(at, R.CXM0P) & 0xc0).toBe(0x80); // M0–P1 (D7), not M0–P0
    expect(bench.read(at + 1, R.CXM1P) & 0xc0).toBe(0x40); // M1–P1 (D6)
    expect(bench.read(at + 2, R.CXP1FB) & 0xc0).toBe(0xc0); // P1–PF, P1–BL
    expect(bench.read(at + 3, R.CXM0FB) & 0xc0).toBe(0xc0); // M0–PF, M0–BL
    expect(bench.read(at + 4, R.CXBLPF) & 0xc0).toBe(0x80); // BL–PF; CXBLPF has no D6
    expect(bench.read(at + 5, R.CXPPMM) & 0xc0).toBe(0x40); // M0–M1, not P0–P1
    expect(bench.read(at + 6, R.CXP0FB) & 0xc0).toBe(0); // P0 is not drawn
    bench.write(at + 7, W.CXCLR, 0);
    expect(bench.read(at + 8, R.CXP1FB) & 0xc0).toBe(0);
  });
});

describe('TIA read ports', () => {
  it('returns the last data-bus value in the undriven bits D0–D5', () => {
    const bench = frame();
    bench.core.setFireButton!(0, 0);
    bench.write(cycleAt(LINE), W.UNUSED, 0x2a);
    expect(bench.read(cycleAt(LINE) + 1, R.INPT4)).toBe(0x80 | 0x2a);
    bench.core.setFireButton!(0, 1);
    bench.write(cycleAt(LINE) + 2, W.UNUSED, 0x3f);
    expect(bench.read(cycleAt(LINE) + 3, R.INPT4)).toBe(0x3f);
    bench.write(cycleAt(LINE) + 4, W.UNUSED, 0xd5);
    expect(bench.read(cycleAt(LINE) + 5, R.CXM0P)).toBe(0xd5 & 0x3f);
  });

  it("charges a paddle capacitor in Stella's 1.6·R·0.01 µF at 1.19 MHz after the dump is released", () => {
    const ohms = 250_000;
    const chargeCycles = Math.trunc(1.6 * ohms * 0.01e-6 * 1.19e6);
    const bench = frame();
    bench.core.setPaddleResistance!(0, ohms);
    bench.core.setPaddleResistance!(1, 0);
    bench.core.setPaddleResistance!(2, 0x7fffffff);
    bench.write(cycleAt(2), W.VBLANK, 0x80); // dump the capacitors to ground
    expect(bench.read(cycleAt(3), R.INPT0) & 0x80).toBe(0);
    const released = cycleAt(4);
    bench.write(released, W.VBLANK, 0x00);
    expect(bench.read(released + chargeCycles, R.INPT0) & 0x80).toBe(0);
    expect(bench.read(released + chargeCycles + 1, R.INPT0) & 0x80).toBe(0x80);
    expect(bench.read(released + chargeCycles + 2, R.INPT0 + 1) & 0x80).toBe(0x80); // 0 Ω: always charged
    expect(bench.read(released + chargeCycles + 3, R.INPT0 + 2) & 0x80).toBe(0); // open: never
  });
});
