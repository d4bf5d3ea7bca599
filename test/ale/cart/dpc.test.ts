/**
 * DPC (Pitfall II) on a synthetic 10 KiB image. Facts from the DPC documentation and ALE 0.12's Stella
 * (CartDPC.cxx): registers are read at $1000–$103F (function = A3–A5, fetcher = A0–A2) and written at
 * $1040–$107F; display data is read at 2047 - counter and the counter then counts down; a fetcher's
 * flag sets when its counter's low byte equals its top and clears when it equals its bottom; the
 * random generator shifts left taking NOT(b7 XOR b5 XOR b4 XOR b3), is clocked by every access that
 * reaches the chip (register pages and the hotspot page), and the reset register loads 1; music
 * fetchers advance at 15,750 Hz against the 1,193,191.67 Hz CPU clock, carrying the fraction.
 */
import { describe, expect, it } from 'vitest';
import { CART_TYPES } from '../../../src/ale/cart-types.js';
import type { CoreExports } from '../../../src/ale/core-binding.js';
import { loaded, read, write } from './harness.js';

const DPC = CART_TYPES.find((t) => t.stellaName === 'DPC')!.id;
const PROGRAM_BANK = 4096;
const DISPLAY_START = 8192;
const display = (i: number) => (i * 5 + 3) & 0xff;

function image(): Uint8Array {
  const bytes = new Uint8Array(10240);
  bytes.fill(0x90, 0, PROGRAM_BANK);
  bytes.fill(0x91, PROGRAM_BANK, 2 * PROGRAM_BANK);
  for (let i = 0; i < 2048; i++) bytes[DISPLAY_START + i] = display(i);
  return bytes;
}

const READ = { random: 0x1000, display: 0x1008, displayAndFlag: 0x1010, music: 0x1000, flag: 0x1038 } as const;
const WRITE = { top: 0x1040, bottom: 0x1048, counterLow: 0x1050, counterHigh: 0x1058, randomReset: 0x1070 } as const;

function nextRandom(r: number): number {
  const bit = (n: number) => (r >> n) & 1;
  return ((r << 1) | (1 ^ bit(7) ^ bit(5) ^ bit(4) ^ bit(3))) & 0xff;
}

function setCounter(core: CoreExports, fetcher: number, value: number): void {
  write(core, WRITE.counterLow + fetcher, value & 0xff);
  write(core, WRITE.counterHigh + fetcher, value >> 8);
}

describe('DPC', () => {
  it('starts in program bank 1 and switches with $1FF8/$1FF9', () => {
    const core = loaded(image(), DPC);
    expect(read(core, 0x1100)).toBe(0x91);
    expect(read(core, 0x1ff8)).toBe(0x90);
    expect(read(core, 0x1100)).toBe(0x90);
    write(core, 0x1ff9, 0);
    expect(read(core, 0x1100)).toBe(0x91);
    // $1040–$107F read as program ROM.
    expect(read(core, 0x1040)).toBe(0x91);
  });

  it('clocks the random generator on chip accesses only', () => {
    const core = loaded(image(), DPC);
    write(core, WRITE.randomReset, 0);
    let r = 1;
    r = nextRandom(r);
    expect(read(core, READ.random)).toBe(r);
    read(core, 0x1100); // program ROM: not clocked
    r = nextRandom(r);
    expect(read(core, READ.random + 3)).toBe(r);
    read(core, 0x1fc0); // the hotspot page is clocked
    r = nextRandom(nextRandom(r));
    expect(read(core, READ.random + 1)).toBe(r);
    const sequence = Array.from({ length: 300 }, () => read(core, READ.random));
    const expected = Array.from({ length: 300 }, () => (r = nextRandom(r)));
    expect(sequence).toEqual(expected);
  });

  it('fetches display data at 2047 - counter, counting down', () => {
    const core = loaded(image(), DPC);
    setCounter(core, 2, 0x134);
    expect(read(core, READ.display + 2)).toBe(display(2047 - 0x134));
    expect(read(core, READ.display + 2)).toBe(display(2047 - 0x133));
    setCounter(core, 2, 0);
    expect(read(core, READ.display + 2)).toBe(display(2047));
    expect(read(core, READ.display + 2)).toBe(display(0)); // wrapped to $7FF
  });

  it('sets the flag at the top count and clears it at the bottom', () => {
    const core = loaded(image(), DPC);
    write(core, WRITE.top + 3, 0x0f);
    write(core, WRITE.bottom + 3, 0x0c);
    setCounter(core, 3, 0x010);
    const flags = Array.from({ length: 5 }, () => read(core, READ.flag + 3));
    expect(flags).toEqual([0, 0xff, 0xff, 0xff, 0]);
    setCounter(core, 3, 0x00f);
    expect(read(core, READ.displayAndFlag + 3)).toBe(display(2047 - 0x0f) & 0xff);
    expect(read(core, READ.displayAndFlag + 3)).toBe(display(2047 - 0x0e));
  });

  it('music fetchers advance with elapsed cycles at 15,750 Hz and set the amplitude', () => {
    const core = loaded(image(), DPC);
    const top = 3;
    const bottom = 1;
    write(core, WRITE.top + 5, top);
    write(core, WRITE.bottom + 5, bottom);
    write(core, WRITE.counterHigh + 5, 0x10); // music mode on
    write(core, WRITE.counterLow + 5, 0x99); // in music mode the low count reloads from top
    // Model: since the last update (power-on reset at cycle 0), whole oscillator clocks step the low
    // count down modulo top + 1; then flag = 0 at or below bottom, 0xFF above it up to top.
    let last = 0;
    let fraction = 0;
    let low = top;
    let flag = 0;
    const amplitudes: number[] = [];
    const expected: number[] = [];
    for (const wait of [0, 76, 76, 76, 76, 1000, 37, 38, 5000]) {
      core.testAdvanceCycles(wait);
      amplitudes.push(read(core, READ.music + 5));
      // Every register read first compares the fetcher's count with its top and bottom.
      if (low === top) flag = 0xff;
      else if (low === bottom) flag = 0;
      const now = core.cycles();
      const clocks = (15750.0 * (now - last)) / 1193191.66666667 + fraction;
      last = now;
      const whole = Math.trunc(clocks);
      fraction = clocks - whole;
      if (whole > 0) {
        low -= whole % (top + 1);
        if (low < 0) low += top + 1;
        if (low <= bottom) flag = 0;
        else if (low <= top) flag = 0xff;
      }
      expected.push(flag ? 0x04 : 0x00);
    }
    expect(amplitudes).toEqual(expected);
    expect(new Set(amplitudes).size).toBe(2);
  });

  it('restores fetchers, the random register and the bank from a snapshot', () => {
    const core = loaded(image(), DPC);
    setCounter(core, 1, 0x200);
    write(core, WRITE.top + 1, 0xfd);
    read(core, 0x1ff8);
    const length = core.testSaveRiotAndCart();
    const fetch = (i: number) => read(core, i % 2 ? READ.display + 1 : READ.displayAndFlag + 1);
    const before = Array.from({ length: 6 }, (_, i) => fetch(i));
    const random = read(core, READ.random);
    expect(core.testLoadRiotAndCart(length)).toBe(0);
    const after = Array.from({ length: 6 }, (_, i) => fetch(i));
    expect(after).toEqual(before);
    expect(read(core, READ.random)).toBe(random);
    expect(read(core, 0x1100)).toBe(0x90);
  });
});
