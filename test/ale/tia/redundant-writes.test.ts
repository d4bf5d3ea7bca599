/**
 * Writes that change nothing drawn (kernels rewrite the same graphics, enables and colours on most
 * lines) are not drawn up to at once, yet the pixels must be Stella's: it draws up to every drawing
 * write plus the register's delay before applying it (PF0–PF2 by 2–5 colour clocks, by the CPU cycle
 * within the line), so a later change lands no earlier than that point, and the end of an unfinished
 * frame shows the line drawn that far. A rewrite with a side effect (GRP0 also copies GRP1 into the
 * delayed GRP1) is a change.
 */
import { describe, expect, it } from 'vitest';
import { cycleAt, pixelsOf, range, TiaBench, W } from './bench.js';

const LINE = 40; // a frame line inside the default display window (screen row 6)
const ROW = LINE - 34;
const VDELP1 = 0x26;
const COLOUR_A = 0x1e;
const COLOUR_B = 0x44;
const C1 = 0x86;

describe('TIA writes that change nothing', () => {
  it('still hold a later change back until their own delayed drawing point', () => {
    const bench = new TiaBench();
    bench.beginFrame();
    bench.write(cycleAt(1) + 1, W.COLUPF, COLOUR_A);
    bench.write(cycleAt(LINE - 1) + 1, W.PF1, 0xff); // pixels 16–47 and 96–127
    // Cycle 29 of the line: colour clock 87 (pixel 19); a playfield write there is drawn 5 clocks
    // later, to pixel 24. The colour change one cycle later (pixel 22) applies from pixel 24.
    bench.write(cycleAt(LINE) + 29, W.PF1, 0xff);
    bench.write(cycleAt(LINE) + 30, W.COLUPF, COLOUR_B);
    expect(bench.vsyncAt(262)).toBe(0);
    const row = bench.row(ROW);
    expect(pixelsOf(row, COLOUR_A)).toEqual(range(16, 24));
    expect(pixelsOf(row, COLOUR_B)).toEqual([...range(24, 48), ...range(96, 128)]);
  });

  it('are drawn up to when the frame stops unfinished right after them', () => {
    const bench = new TiaBench();
    bench.beginFrame();
    bench.write(cycleAt(1) + 1, W.COLUBK, COLOUR_A);
    // The same colour again at cycle 40 of the line (colour clock 120, pixel 52); nothing else until
    // the frame stops (the instruction cap), which dims the lines from the current one on.
    bench.write(cycleAt(LINE) + 40, W.COLUBK, COLOUR_A);
    expect(bench.endFrame()).toBe(2);
    const screen = bench.screen();
    for (let y = 0; y < ROW; y++) expect(pixelsOf(screen.subarray(y * 160, (y + 1) * 160), COLOUR_A).length).toBe(160);
    const dimmed = (COLOUR_A & 0x0f) >> 1;
    expect(pixelsOf(bench.row(ROW), dimmed)).toEqual(range(0, 52));
  });

  it('do not include a GRP0 rewrite that moves a new GRP1 into the delayed register', () => {
    const bench = new TiaBench();
    bench.beginFrame();
    bench.write(cycleAt(1) + 1, W.COLUP1, C1);
    bench.write(cycleAt(1) + 2, VDELP1, 1); // P1 shows the delayed GRP1
    bench.write(cycleAt(LINE - 2) + 40, W.RESP1, 0); // colour clock 120: P1 at pixel 57
    bench.write(cycleAt(LINE - 1) + 1, W.GRP1, 0xff); // delayed copy still 0: P1 invisible
    // GRP0 keeps its value (0) but copies GRP1 into the delayed register: P1 appears.
    bench.write(cycleAt(LINE) + 1, W.GRP0, 0);
    expect(bench.vsyncAt(262)).toBe(0);
    expect(pixelsOf(bench.row(ROW - 1), C1)).toEqual([]);
    expect(pixelsOf(bench.row(ROW), C1)).toEqual(range(57, 65));
  });
});
