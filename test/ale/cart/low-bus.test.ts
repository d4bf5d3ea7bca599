/**
 * Schemes switched by accesses outside the cartridge window: 3F (Tigervision), 3E, UA, 0840.
 * Facts (ALE 0.12's Stella, Cart3F/Cart3E/CartUA.cxx; 0840 as later Stella versions): 3F/3E own the
 * $00–$3F page (a write there selects a bank, a read returns the lower segment's ROM byte); UA
 * decodes $0220/$0240 on A0–A12; 0840 decodes A12, A11, A6: $0800 and $0840.
 */
import { describe, expect, it } from 'vitest';
import { CART_TYPES } from '../../../src/ale/cart-types.js';
import { Mt19937 } from '../../../src/ale/rng.js';
import { blocks, loaded, loadImage, read, write } from './harness.js';

const SEGMENT = 2048;
const SYSTEM_SEED = 4753849;
const DRAWS_BEFORE_CART_RAM = 130;
const marker = (bank: number) => 0x50 + bank;

function typeId(name: string): number {
  const info = CART_TYPES.find((t) => t.stellaName === name);
  if (!info) throw new Error(`no cart type ${name}`);
  return info.id;
}

describe.each(['3F', '3E'])('%s ROM banks', (name) => {
  const image = () => {
    const bytes = blocks(4, SEGMENT, marker);
    bytes[2 * SEGMENT + 5] = 0xab; // offset 5 of bank 2
    return bytes;
  };
  const load = () => loaded(image(), typeId(name));

  it('resets to bank 0 below, the last 2 KiB fixed above', () => {
    const core = load();
    expect(read(core, 0x1000)).toBe(marker(0));
    expect(read(core, 0x1800)).toBe(marker(3));
    expect(read(core, 0x1fff)).toBe(marker(3));
  });

  it('a write to $3F selects the ROM bank, modulo the bank count', () => {
    const core = load();
    write(core, 0x3f, 2);
    expect(read(core, 0x1000)).toBe(marker(2));
    write(core, 0x3f, 7);
    expect(read(core, 0x1000)).toBe(marker(3));
    expect(core.cartBank()).toBe(3);
  });

  it('answers reads of $0000–$003F with the lower segment (not the TIA)', () => {
    const core = load();
    write(core, 0x3f, 2);
    expect(read(core, 0x0005)).toBe(0xab);
    expect(read(core, 0x0006)).toBe(marker(2));
    expect(read(core, 0x2005)).toBe(0xab); // A13 is not wired
  });

  it('window writes at $1000 + $3F also select the bank', () => {
    const core = load();
    write(core, 0x103f, 1);
    expect(read(core, 0x1000)).toBe(marker(1));
    write(core, 0x1f3f, 2); // offset $F3F: not a bank select
    expect(read(core, 0x1000)).toBe(marker(1));
  });
});

describe('3F specifics', () => {
  it('any write to $00–$3F selects; $40–$7F (the next TIA mirror page) does not', () => {
    const core = loaded(blocks(4, SEGMENT, marker), typeId('3F'));
    write(core, 0x00, 1);
    expect(read(core, 0x1000)).toBe(marker(1));
    write(core, 0x40, 2);
    expect(read(core, 0x1000)).toBe(marker(1));
  });

  it('takes images of any size from 2 KiB: the last 2 KiB are fixed', () => {
    const core = loaded(blocks(3, SEGMENT, marker), typeId('3F'));
    expect(read(core, 0x1800)).toBe(marker(2));
    write(core, 0x3f, 4); // 4 % 3
    expect(read(core, 0x1000)).toBe(marker(1));
    expect(loadImage(new Uint8Array(1000), typeId('3F')).result).toBe(-6);
  });

  it('restores its bank from a snapshot', () => {
    const core = loaded(blocks(4, SEGMENT, marker), typeId('3F'));
    write(core, 0x3f, 2);
    const length = core.testSaveRiotAndCart();
    write(core, 0x3f, 1);
    expect(core.testLoadRiotAndCart(length)).toBe(0);
    expect(read(core, 0x1000)).toBe(marker(2));
  });
});

describe('3E RAM', () => {
  const load = () => loaded(blocks(4, SEGMENT, marker), typeId('3E'));

  it('a write to $3E maps a 1 KiB RAM bank: read at $1000, written at $1400', () => {
    const core = load();
    write(core, 0x3e, 1);
    write(core, 0x1400 + 9, 0xc3);
    expect(read(core, 0x1000 + 9)).toBe(0xc3);
    // Stella's handler reads the RAM at the write port too.
    expect(read(core, 0x1400 + 9)).toBe(0xc3);
    expect(core.cartBank()).toBe(257);
    write(core, 0x3e, 33); // bank 33 % 32 = 1
    expect(read(core, 0x1000 + 9)).toBe(0xc3);
    write(core, 0x3f, 1);
    expect(read(core, 0x1000 + 9)).toBe(marker(1));
  });

  it('fills 32 KiB of RAM from the system generator at reset', () => {
    const core = load();
    const mt = new Mt19937(SYSTEM_SEED);
    mt.discard(DRAWS_BEFORE_CART_RAM);
    const first = mt.next() & 0xff;
    write(core, 0x3e, 0);
    expect(read(core, 0x1000)).toBe(first);
    mt.discard(31 * 1024 - 1);
    write(core, 0x3e, 31);
    expect(read(core, 0x1000)).toBe(mt.next() & 0xff);
  });
});

describe('UA', () => {
  const load = () =>
    loaded(
      blocks(2, 4096, (b) => 0x70 + b),
      typeId('UA'),
    );

  it('$0240 selects bank 1 and $0220 bank 0, by read or write, on any A0–A12 mirror', () => {
    const core = load();
    expect(read(core, 0x1000)).toBe(0x70);
    read(core, 0x0240);
    expect(read(core, 0x1000)).toBe(0x71);
    write(core, 0x0220, 0);
    expect(read(core, 0x1000)).toBe(0x70);
    read(core, 0x2240);
    expect(read(core, 0x1000)).toBe(0x71);
    read(core, 0x0a20); // A11 set: a different address for UA
    expect(read(core, 0x1000)).toBe(0x71);
  });
});

describe('0840', () => {
  const load = () =>
    loaded(
      blocks(2, 4096, (b) => 0x78 + b),
      typeId('0840'),
    );

  it('$0840 selects bank 1 and $0800 bank 0, decoding A12, A11, A6 only', () => {
    const core = load();
    expect(read(core, 0x1000)).toBe(0x78);
    read(core, 0x0840);
    expect(read(core, 0x1000)).toBe(0x79);
    write(core, 0x0880, 0); // decodes to $0800
    expect(read(core, 0x1000)).toBe(0x78);
    read(core, 0x0fff); // decodes to $0840
    expect(read(core, 0x1000)).toBe(0x79);
    read(core, 0x0040); // A11 low: no switch
    expect(read(core, 0x1000)).toBe(0x79);
  });
});
