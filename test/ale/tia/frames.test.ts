/**
 * Frames as ALE's Stella defines them: a frame ends when VSYNC is switched off at least one scanline
 * after it was switched on (the CPU stops after that instruction), or at the first TIA write after
 * more than 290 scanlines without one (NTSC; 342 for PAL); a ROM that does neither stops after 25,000
 * instructions and its frame goes on at the next call. Only the Display.YStart.. window is drawn;
 * lines a frame does not reach keep what the same buffer held two frames before (Stella swaps two
 * buffers at each frame start). WSYNC halts the CPU to the end of the scanline counted from the frame
 * start.
 */
import { describe, expect, it } from 'vitest';
import { AsmMachine } from '../../helpers/asm.js';
import { CYCLES_PER_LINE, cycleAt, pixelsOf, TiaBench, W } from './bench.js';

describe('frame boundaries', () => {
  it('ends the frame when VSYNC goes off one scanline or more after it went on', () => {
    const bench = new TiaBench();
    bench.beginFrame();
    bench.write(cycleAt(10) + 1, W.VSYNC, 2);
    bench.write(cycleAt(10) + 1 + CYCLES_PER_LINE, W.VSYNC, 0);
    expect(bench.endFrame()).toBe(0);
  });

  it('ignores a VSYNC pulse shorter than a scanline', () => {
    const bench = new TiaBench();
    bench.beginFrame();
    bench.write(cycleAt(10) + 1, W.VSYNC, 2);
    bench.write(cycleAt(10) + CYCLES_PER_LINE, W.VSYNC, 0);
    expect(bench.endFrame()).toBe(2);
  });

  it('cuts a frame without VSYNC at the first TIA write after scanline 290', () => {
    const bench = new TiaBench();
    bench.beginFrame();
    bench.write(cycleAt(290) + 5, W.COLUBK, 0x10);
    expect(bench.core.scanlines!()).toBe(290);
    bench.write(cycleAt(291) + 5, W.COLUBK, 0x10);
    expect(bench.endFrame()).toBe(1);
  });

  it('lets a PAL frame run to scanline 342', () => {
    const bench = new TiaBench({ pal: true });
    bench.beginFrame();
    bench.write(cycleAt(300), W.COLUBK, 0x10);
    bench.write(cycleAt(342) + 5, W.COLUBK, 0x10);
    expect(bench.endFrame()).toBe(2);
    bench.beginFrame();
    bench.write(bench.cycle + CYCLES_PER_LINE, W.COLUBK, 0x10);
    expect(bench.endFrame()).toBe(1);
  });

  it('draws the Display.YStart / Display.Height window', () => {
    const bench = new TiaBench({ yStart: 40, height: 200 });
    expect(bench.core.screenHeight!()).toBe(200);
    bench.beginFrame();
    bench.write(cycleAt(0) + 1, W.COLUBK, 0x10);
    bench.write(cycleAt(50) + 1, W.COLUBK, 0x20);
    expect(bench.vsyncAt(262)).toBe(0);
    const screen = bench.screen();
    expect(pixelsOf(screen.subarray(0, 10 * 160), 0x10).length).toBe(10 * 160);
    expect(pixelsOf(screen.subarray(10 * 160), 0x20).length).toBe(190 * 160);
  });

  it('reports at least 200 screen lines, as Stella does for a shorter Display.Height', () => {
    expect(new TiaBench({ height: 180 }).core.screenHeight!()).toBe(200);
  });

  it('leaves the lines a short frame does not reach as the same buffer held two frames before', () => {
    const bench = new TiaBench();
    const colours = [0x10, 0x20, 0x30];
    const ends = [262, 262, 100];
    for (let f = 0; f < 3; f++) {
      bench.beginFrame();
      bench.write(cycleAt(0) + 1, W.COLUBK, colours[f]!);
      expect(bench.vsyncAt(ends[f]!)).toBe(0);
    }
    // The third frame drew lines 34–102 (VSYNC itself does not blank): screen rows 0–68.
    const screen = bench.screen();
    expect(pixelsOf(screen.subarray(0, 69 * 160), 0x30).length).toBe(69 * 160);
    expect(pixelsOf(screen.subarray(69 * 160), 0x10).length).toBe(141 * 160);
  });
});

/** A kernel: VSYNC for 3 lines, `lines` WSYNC lines, repeat. Frames start right after `sta VSYNC` (off). */
function kernel(lines: number): string {
  return `
frame:
      lda #2
      sta $02      ; WSYNC
      sta $00      ; VSYNC on
      sta $02
      sta $02
      sta $02
      lda #0
      sta $00      ; VSYNC off: the frame ends after this instruction
      ldx #${lines}
line:
      sta $02
after_wsync:
      dex
      bne line
      jmp frame
  `;
}

describe('frames from 6507 code', () => {
  it('counts the scanlines between two VSYNC ends', () => {
    const machine = new AsmMachine(kernel(200));
    const core = machine.core;
    core.setRendering!(1);
    expect(core.runFrame!()).toBe(0);
    expect(core.runFrame!()).toBe(0);
    expect(core.lastFrameScanlines!()).toBe(200 + 4);
    expect(core.runFrame!()).toBe(0);
    expect(core.lastFrameScanlines!()).toBe(200 + 4);
  });

  it('resumes the CPU at a scanline start after WSYNC', () => {
    const machine = new AsmMachine(kernel(20));
    for (let i = 0; i < 5; i++) {
      machine.runUntil('after_wsync');
      // The first frame after reset starts at cycle 0, so scanlines start at multiples of 76.
      expect(machine.cycles % CYCLES_PER_LINE).toBe(0);
    }
  });

  it('does not halt for a WSYNC written exactly at a scanline start (Stella)', () => {
    const machine = new AsmMachine(`
      sta $02      ; ends on cycle 3: halts to cycle 76
      ldx #14      ; 2
wait:
      dex          ; 14 × 5 - 1 = 69
      bne wait
      nop          ; 2 → cycle 149
      sta $02      ; written on cycle 152 = 2 × 76: already a line start
done:
      jmp done
    `);
    machine.runUntil('done');
    expect(machine.cycles).toBe(2 * CYCLES_PER_LINE);
  });

  it('stops a ROM that never ends its frame after 25,000 instructions, and continues it next time', () => {
    const machine = new AsmMachine(`
loop:
      jmp loop
    `);
    const core = machine.core;
    expect(core.runFrame!()).toBe(2);
    expect(core.cycles()).toBe(25_000 * 3);
    expect(core.runFrame!()).toBe(2);
    expect(core.cycles()).toBe(2 * 25_000 * 3);
  });
});
