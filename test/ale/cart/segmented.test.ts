/**
 * Schemes that switch parts of the window: E0 (Parker Brothers), E7 (M-Network), FE (Activision as
 * ALE's Stella models it), MB (Megaboy) and CV (CommaVid). Synthetic images, one marker byte per slice.
 */
import { describe, expect, it } from 'vitest';
import { CART_TYPES } from '../../../src/ale/cart-types.js';
import { Mt19937 } from '../../../src/ale/rng.js';
import { blocks, loaded, peek, read, write } from './harness.js';

const SYSTEM_SEED = 4753849;
/** Generator draws before cartridge RAM: 128 RIOT RAM bytes, the constructor's timer, the reset's timer. */
const DRAWS_BEFORE_CART_RAM = 130;

function typeId(name: string): number {
  const info = CART_TYPES.find((t) => t.stellaName === name);
  if (!info) throw new Error(`no cart type ${name}`);
  return info.id;
}

describe('E0', () => {
  const SLICE = 1024;
  const marker = (slice: number) => 0x20 + slice;
  const load = () => loaded(blocks(8, SLICE, marker), typeId('E0'));
  const segmentStart = (segment: number) => 0x1000 + segment * SLICE;

  it('resets to slices 4, 5, 6 with slice 7 fixed in the last segment', () => {
    const core = load();
    expect([0, 1, 2, 3].map((s) => read(core, segmentStart(s)))).toEqual([0x24, 0x25, 0x26, 0x27]);
  });

  it('$1FE0–$1FE7, $1FE8–$1FEF, $1FF0–$1FF7 select segments 0, 1, 2 by read or write', () => {
    const core = load();
    read(core, 0x1fe0 + 3);
    write(core, 0x1fe8 + 0, 0);
    read(core, 0xfff0 + 7); // any mirror
    expect([0, 1, 2, 3].map((s) => read(core, segmentStart(s)))).toEqual([0x23, 0x20, 0x27, 0x27]);
    expect(core.cartBank()).toBe(3);
    // $1FF8 and up are not E0 hotspots.
    read(core, 0x1ff8);
    expect(read(core, segmentStart(0))).toBe(0x23);
  });

  it('peek does not switch', () => {
    const core = load();
    expect(peek(core, 0x1fe1)).toBe(0x27);
    expect(read(core, segmentStart(0))).toBe(0x24);
  });

  it('restores its slices from a snapshot', () => {
    const core = load();
    read(core, 0x1fe1);
    read(core, 0x1fea);
    const length = core.testSaveRiotAndCart();
    read(core, 0x1fe5);
    expect(core.testLoadRiotAndCart(length)).toBe(0);
    expect([0, 1, 2].map((s) => read(core, segmentStart(s)))).toEqual([0x21, 0x22, 0x26]);
  });
});

describe('E7', () => {
  const SLICE = 2048;
  const marker = (slice: number) => 0x30 + slice;
  const load = () => loaded(blocks(8, SLICE, marker), typeId('E7'));

  it('resets to slice 0 below and slice 7 above', () => {
    const core = load();
    expect(read(core, 0x1000)).toBe(0x30);
    expect(read(core, 0x17ff)).toBe(0x30);
    expect(read(core, 0x1a00)).toBe(0x37);
    expect(read(core, 0x1fff)).toBe(0x37);
  });

  it('$1FE0–$1FE6 select ROM slices; $1FE7 maps the 1 KiB RAM (write $1000, read $1400)', () => {
    const core = load();
    write(core, 0x1fe0 + 5, 0);
    expect(read(core, 0x1234)).toBe(0x35);
    read(core, 0x1fe7);
    write(core, 0x1000 + 10, 0xab);
    expect(read(core, 0x1400 + 10)).toBe(0xab);
    // Reading the write port shows ROM slice 7's byte there; writing the read port does nothing.
    expect(read(core, 0x1000 + 10)).toBe(0x37);
    write(core, 0x1400 + 10, 0);
    expect(read(core, 0x1400 + 10)).toBe(0xab);
    // Switching away and back keeps the RAM.
    read(core, 0x1fe0);
    expect(read(core, 0x1400 + 10)).toBe(0x30);
    read(core, 0x1fe7);
    expect(read(core, 0x1400 + 10)).toBe(0xab);
  });

  it('$1FE8–$1FEB select the 256-byte RAM bank written at $1800 and read at $1900', () => {
    const core = load();
    for (let bank = 0; bank < 4; bank++) {
      read(core, 0x1fe8 + bank);
      write(core, 0x1800 + 7, 0x40 + bank);
    }
    for (let bank = 0; bank < 4; bank++) {
      read(core, 0x1fe8 + bank);
      expect(read(core, 0x1900 + 7)).toBe(0x40 + bank);
      expect(read(core, 0x1800 + 7)).toBe(0x37);
    }
  });

  it('fills all 2 KiB of RAM from the system generator at reset (1 KiB first, then the four banks)', () => {
    const core = load();
    const mt = new Mt19937(SYSTEM_SEED);
    mt.discard(DRAWS_BEFORE_CART_RAM);
    const ram = Array.from({ length: 2048 }, () => mt.next() & 0xff);
    read(core, 0x1fe7);
    expect(read(core, 0x1400)).toBe(ram[0]);
    expect(read(core, 0x17ff)).toBe(ram[1023]);
    expect(read(core, 0x1900)).toBe(ram[1024]);
    read(core, 0x1feb);
    expect(read(core, 0x19ff)).toBe(ram[2047]);
  });
});

describe('FE (Stella 3.x: the half is chosen by A13 of each cartridge access)', () => {
  it('reads the second 4 KiB at $D000 (A13 low) and the first at $F000 (A13 high)', () => {
    const core = loaded(
      blocks(2, 4096, (b) => 0x41 + b),
      typeId('FE'),
    );
    expect(read(core, 0xf000)).toBe(0x41);
    expect(read(core, 0xd000)).toBe(0x42);
    expect(read(core, 0x1000)).toBe(0x42);
    expect(read(core, 0x3fff)).toBe(0x41);
    expect(peek(core, 0xdfff)).toBe(0x42);
  });
});

describe('MB', () => {
  it('starts in bank 1 and advances one bank per access to $1FF0, wrapping after 15', () => {
    const core = loaded(
      blocks(16, 4096, (b) => 0x60 + b),
      typeId('MB'),
    );
    expect(read(core, 0x1000)).toBe(0x61);
    expect(read(core, 0x1ff0)).toBe(0x62);
    write(core, 0x1ff0, 0);
    expect(read(core, 0x1000)).toBe(0x63);
    for (let i = 0; i < 13; i++) read(core, 0x1ff0);
    expect(read(core, 0x1000)).toBe(0x60);
  });
});

describe('CV', () => {
  it('4 KiB image: RAM starts as the first 1 KiB, ROM is the second half', () => {
    const image = new Uint8Array(4096);
    for (let i = 0; i < 4096; i++) image[i] = (i * 7 + (i >> 8)) & 0xff;
    const core = loaded(image, typeId('CV'));
    expect(read(core, 0x1000 + 100)).toBe(image[100]);
    expect(read(core, 0x1800 + 5)).toBe(image[2048 + 5]);
    write(core, 0x1400 + 100, 0xee);
    expect(read(core, 0x1000 + 100)).toBe(0xee);
    // The write port reads the ROM byte at the same offset in the 2 KiB ROM.
    expect(read(core, 0x1400 + 3)).toBe(image[2048 + 0x400 + 3]);
  });

  it('2 KiB image: RAM from the system generator at reset', () => {
    const image = new Uint8Array(2048).fill(0xea);
    const core = loaded(image, typeId('CV'));
    const mt = new Mt19937(SYSTEM_SEED);
    mt.discard(DRAWS_BEFORE_CART_RAM);
    expect(read(core, 0x1000)).toBe(mt.next() & 0xff);
    expect(read(core, 0x1800)).toBe(0xea);
  });
});
