/**
 * Bankswitching driven by 6507 code (both CPU models): the instruction after a hotspot access is
 * fetched from the new bank, and FE's halves follow the address lines of the code's location.
 */
import { describe, expect, it } from 'vitest';
import { CART_TYPES } from '../../../src/ale/cart-types.js';
import { AsmMachine, assemble } from '../../helpers/asm.js';

function typeId(name: string): number {
  const info = CART_TYPES.find((t) => t.stellaName === name);
  if (!info) throw new Error(`no cart type ${name}`);
  return info.id;
}

/** An AsmMachine running `image` as `type` (AsmMachine itself autodetects). */
function machineWith(image: Uint8Array, type: number, model: 'ale' | 'nmos'): AsmMachine {
  const machine = new AsmMachine(image, model);
  const core = machine.core;
  new Uint8Array(core.memory.buffer, core.romStagingPointer(), image.length).set(image);
  const result = core.loadRom(image.length, type);
  if (result !== type) throw new Error(`loadRom gave ${result}`);
  return machine;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The same layout in every bank, with the bank's own marker: code continues at the same offset after a switch. */
function bankCode(marker: number, hotspot: number): Uint8Array {
  return assemble(`
    lda #${marker}
    sta $80
    lda $${hotspot.toString(16)}
    lda #${marker + 0x80}
    sta $81
done:
    jmp done
  `).image;
}

describe.each(['ale', 'nmos'] as const)('bankswitching from code (%s CPU)', (model) => {
  it('F8: starts in bank 1; after LDA $1FF8 the next instruction comes from bank 0', () => {
    const image = concat(bankCode(0x10, 0x1ff8), bankCode(0x11, 0x1ff8));
    const machine = machineWith(image, typeId('F8'), model);
    machine.runUntil(0xf000 + 11);
    expect(machine.ram(0x80)).toBe(0x11);
    expect(machine.ram(0x81)).toBe(0x90);
    expect(machine.core.cartBank()).toBe(0);
  });

  it('F6: LDA $1FF8 from bank 0 continues in bank 2', () => {
    const image = concat(...[0, 1, 2, 3].map((b) => bankCode(0x20 + b, 0x1ff8)));
    const machine = machineWith(image, typeId('F6'), model);
    machine.runUntil(0xf000 + 11);
    expect(machine.ram(0x80)).toBe(0x20);
    expect(machine.ram(0x81)).toBe(0xa2);
  });

  it('FE: JSR $D000 runs the second half of the image, RTS returns to the first', () => {
    const first = assemble(`
      jsr $d000
      sta $81
done:
      jmp done
    `).image;
    const second = assemble(`
      lda #$42
      sta $80
      lda #$43
      rts
    `).image;
    const machine = machineWith(concat(first, second), typeId('FE'), model);
    machine.runUntil(0xf000 + 5);
    expect(machine.ram(0x80)).toBe(0x42);
    expect(machine.ram(0x81)).toBe(0x43);
  });
});
