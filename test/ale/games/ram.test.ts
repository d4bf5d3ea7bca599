/** RAM readers follow ALE's readRam and getDecimalScore exactly, including non-decimal nibbles. */
import { describe, expect, it } from 'vitest';
import { bcd, bcdByte, blankableDigits, byte, signedByte, span } from '../../../src/ale/games/ram.js';

const ram = (bytes: Record<number, number>) => {
  const out = new Uint8Array(128);
  for (const [addr, value] of Object.entries(bytes)) out[Number(addr) & 0x7f] = value;
  return out;
};

describe('RAM readers', () => {
  it('mask addresses with $7F like ALE (13 and $8D are the same byte)', () => {
    const r = ram({ 141: 21 });
    expect(byte(r, 0x8d)).toBe(21);
    expect(byte(r, 13)).toBe(21);
  });

  it('read packed BCD low byte first, 2 digits per byte', () => {
    const r = ram({ 232: 0x45, 230: 0x23, 228: 0x01 });
    expect(bcd(r, 0xe8)).toBe(45);
    expect(bcd(r, 0xe8, 0xe6)).toBe(2345);
    expect(bcd(r, 0xe8, 0xe6, 0xe4)).toBe(12345);
  });

  it('read nibbles above 9 as ALE does (10 × high + low), without validation', () => {
    expect(bcdByte(0xab)).toBe(111);
    expect(bcdByte(0xff)).toBe(165);
  });

  it('read a signed char', () => {
    expect(signedByte(ram({ 136: 0xfe }), 0x88)).toBe(-2);
    expect(signedByte(ram({ 136: 0x7f }), 0x88)).toBe(127);
  });

  it('read one digit per byte with $A as a blank leading digit', () => {
    const r = ram({ 156: 0x05, 157: 0x32, 158: 0x0a, 159: 0xf1 });
    expect(blankableDigits(r, span(0x9c, 4))).toBe(1025);
  });
});
