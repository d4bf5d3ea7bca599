/**
 * Atari's standard bankswitching (F8, F6, F4), the Superchip variants and CBS RAM Plus, on synthetic
 * images whose 4 KiB banks are each filled with their own marker byte. Facts (Stella in ALE 0.12,
 * Cart*.cxx): hotspots at the end of the window select a bank on read or write (F4SC: read only);
 * start banks F8 1 ("F8 swapped" 0), F6/F4 0, FA 2; Superchip RAM is written at $1000–$107F and read
 * at $1080–$10FF, CBS RAM Plus written at $1000–$10FF and read at $1100–$11FF; reset draws the RAM
 * from the system generator after the RIOT timer draw.
 */
import { describe, expect, it } from 'vitest';
import { CART_TYPES } from '../../../src/ale/cart-types.js';
import { Mt19937 } from '../../../src/ale/rng.js';
import { blocks, loaded, peek, read, write } from './harness.js';

const BANK = 4096;
const SYSTEM_SEED = 4753849;
/** Generator draws before cartridge RAM: 128 RIOT RAM bytes, the constructor's timer, the reset's timer. */
const DRAWS_BEFORE_CART_RAM = 130;
const marker = (bank: number) => 0x10 + bank;

interface Scheme {
  readonly name: string;
  readonly banks: number;
  readonly firstHotspot: number;
  readonly startBank: number;
  readonly ramBytes: number;
  readonly writesSwitch: boolean;
}

const SCHEMES: readonly Scheme[] = [
  { name: 'F8', banks: 2, firstHotspot: 0x1ff8, startBank: 1, ramBytes: 0, writesSwitch: true },
  { name: 'F8 swapped', banks: 2, firstHotspot: 0x1ff8, startBank: 0, ramBytes: 0, writesSwitch: true },
  { name: 'F8SC', banks: 2, firstHotspot: 0x1ff8, startBank: 1, ramBytes: 128, writesSwitch: true },
  { name: 'F6', banks: 4, firstHotspot: 0x1ff6, startBank: 0, ramBytes: 0, writesSwitch: true },
  { name: 'F6SC', banks: 4, firstHotspot: 0x1ff6, startBank: 0, ramBytes: 128, writesSwitch: true },
  { name: 'F4', banks: 8, firstHotspot: 0x1ff4, startBank: 0, ramBytes: 0, writesSwitch: true },
  // Stella's F4SC write handler compares the unmasked address with $0FF4–$0FFB: writes never switch.
  { name: 'F4SC', banks: 8, firstHotspot: 0x1ff4, startBank: 0, ramBytes: 128, writesSwitch: false },
  { name: 'FASC', banks: 3, firstHotspot: 0x1ff8, startBank: 2, ramBytes: 256, writesSwitch: true },
];

function typeId(name: string): number {
  const info = CART_TYPES.find((t) => t.stellaName === name);
  if (!info) throw new Error(`no cart type ${name}`);
  return info.id;
}

/** A window address outside the RAM ports and the hotspot page. */
const PLAIN_ROM = 0x1800;

describe.each(SCHEMES)('$name', (scheme) => {
  const image = () => blocks(scheme.banks, BANK, marker);
  const load = () => loaded(image(), typeId(scheme.name));

  it('starts in its power-on bank and reports the type', () => {
    const core = load();
    expect(core.cartType()).toBe(typeId(scheme.name));
    expect(core.cartBank()).toBe(scheme.startBank);
    expect(read(core, PLAIN_ROM)).toBe(marker(scheme.startBank));
  });

  it('switches on a hotspot read and returns the byte of the new bank', () => {
    const core = load();
    for (let bank = scheme.banks - 1; bank >= 0; bank--) {
      expect(read(core, scheme.firstHotspot + bank)).toBe(marker(bank));
      expect(read(core, PLAIN_ROM)).toBe(marker(bank));
      expect(read(core, 0x1fc0)).toBe(marker(bank)); // the hotspot page, below the hotspots
    }
    // Any mirror with A12 high: A13–A15 are ignored.
    expect(read(core, 0xf000 | (scheme.firstHotspot + 1))).toBe(marker(1));
    expect(core.cartBank()).toBe(1);
  });

  it(`${scheme.writesSwitch ? 'switches' : 'does not switch'} on a hotspot write`, () => {
    const core = load();
    const target = scheme.startBank === 0 ? 1 : 0;
    write(core, scheme.firstHotspot + target, 0);
    expect(read(core, PLAIN_ROM)).toBe(marker(scheme.writesSwitch ? target : scheme.startBank));
  });

  it('peek shows the current bank without switching', () => {
    const core = load();
    const other = scheme.startBank === 0 ? 1 : 0;
    expect(peek(core, scheme.firstHotspot + other)).toBe(marker(scheme.startBank));
    expect(core.cartBank()).toBe(scheme.startBank);
  });

  it('restores its bank (and RAM) from a snapshot', () => {
    const core = load();
    if (scheme.ramBytes) write(core, 0x1000, 0x77);
    const length = core.testSaveRiotAndCart();
    read(core, scheme.firstHotspot + (scheme.startBank === 0 ? 1 : 0));
    if (scheme.ramBytes) write(core, 0x1000, 0);
    expect(core.testLoadRiotAndCart(length)).toBe(0);
    expect(read(core, PLAIN_ROM)).toBe(marker(scheme.startBank));
    if (scheme.ramBytes) expect(read(core, 0x1000 + scheme.ramBytes)).toBe(0x77);
  });

  if (scheme.ramBytes > 0) {
    const writePort = 0x1000;
    const readPort = 0x1000 + scheme.ramBytes;

    it('writes RAM at the write port and reads it at the read port, across banks', () => {
      const core = load();
      for (let i = 0; i < scheme.ramBytes; i++) write(core, writePort + i, (i * 3 + 1) & 0xff);
      read(core, scheme.firstHotspot); // bank 0
      for (let i = 0; i < scheme.ramBytes; i++) expect(read(core, readPort + i)).toBe((i * 3 + 1) & 0xff);
    });

    it('reading the write port gives the ROM byte of the current bank; writing the read port does nothing', () => {
      const core = load();
      write(core, writePort + 5, 0x99);
      expect(read(core, writePort + 5)).toBe(marker(scheme.startBank));
      write(core, readPort + 5, 0x11);
      expect(read(core, readPort + 5)).toBe(0x99);
      // ROM resumes after the read port.
      expect(read(core, readPort + scheme.ramBytes)).toBe(marker(scheme.startBank));
    });

    it('fills its RAM from the system generator at reset, after the RIOT draws', () => {
      const core = load();
      const mt = new Mt19937(SYSTEM_SEED);
      mt.discard(DRAWS_BEFORE_CART_RAM);
      for (let i = 0; i < scheme.ramBytes; i++) expect(read(core, readPort + i)).toBe(mt.next() & 0xff);
    });
  }
});

describe('image size', () => {
  it('refuses an F6 type for an 8 KiB image', () => {
    const core = loaded(blocks(2, BANK, marker), typeId('F8'));
    const image = blocks(2, BANK, marker);
    new Uint8Array(core.memory.buffer, core.romStagingPointer(), image.length).set(image);
    expect(core.loadRom(image.length, typeId('F6'))).toBe(-6);
    expect(core.cartType()).toBe(0);
    expect(core.chosenCartType()).toBe(typeId('F6'));
  });
});
