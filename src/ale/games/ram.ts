/**
 * Readers for the score, lives and flag encodings games keep in RAM. Addresses
 * are written as on the console ($80–$FF) and masked like ALE's `readRam`.
 */
import type { Ram } from './types.js';

/** RIOT RAM is 128 bytes mirrored across the zero page; ALE masks with 0x7F. */
const RAM_MASK = 0x7f;

/** The byte at `addr`. */
export function byte(ram: Ram, addr: number): number {
  return ram[addr & RAM_MASK] as number;
}

/** The byte at `addr` read as a two's-complement int8 (a C `signed char`). */
export function signedByte(ram: Ram, addr: number): number {
  return (byte(ram, addr) << 24) >> 24;
}

/** Low nibble (bits 0–3). */
export function lowNibble(ram: Ram, addr: number): number {
  return byte(ram, addr) & 0x0f;
}

/** High nibble (bits 4–7). */
export function highNibble(ram: Ram, addr: number): number {
  return byte(ram, addr) >> 4;
}

/**
 * Two decimal digits packed in one byte, read the way ALE does: 10 × high
 * nibble + low nibble, with no check that the nibbles are ≤ 9 (a byte of
 * $AB reads as 111, as in ALE's `getDecimalScore`).
 */
export function bcdByte(value: number): number {
  return 10 * (value >> 4) + (value & 0x0f);
}

/** Weight of each further packed-BCD byte: two more decimal digits. */
const BCD_BYTE_WEIGHT = 100;

/**
 * A packed-BCD number spread over up to three bytes, least significant first
 * (ALE's `getDecimalScore(lower, middle, higher)`).
 */
export function bcd(ram: Ram, lower: number, middle?: number, higher?: number): number {
  let value = bcdByte(byte(ram, lower));
  if (middle !== undefined) value += BCD_BYTE_WEIGHT * bcdByte(byte(ram, middle));
  if (higher !== undefined) value += BCD_BYTE_WEIGHT * BCD_BYTE_WEIGHT * bcdByte(byte(ram, higher));
  return value;
}

/**
 * One decimal digit per byte in the low nibble, least significant first,
 * where the nibble value `blank` ($A) is a leading zero drawn as blank
 * (Defender, Road Runner, Star Gunner).
 */
export function blankableDigits(ram: Ram, addresses: readonly number[], blank = 0x0a): number {
  let value = 0;
  let weight = 1;
  for (const addr of addresses) {
    const digit = lowNibble(ram, addr);
    value += (digit === blank ? 0 : digit) * weight;
    weight *= 10;
  }
  return value;
}

/** `count` consecutive addresses from `first`: `span(0x9C, 6)` → $9C..$A1. */
export function span(first: number, count: number): readonly number[] {
  return Object.freeze(Array.from({ length: count }, (_, i) => first + i));
}
