/**
 * ALE's NTSC palette: screen byte → RGB.
 *
 * ALE stores one byte per pixel, the TIA colour register value as written (even values 0–254: the TIA
 * ignores bit 0, so bits 7–1 select one of 16 hues × 8 luminances = 128 colours). The colours are ALE's
 * `NTSCPalette` (src/common/Palettes.hpp), Stella's standard NTSC palette, taken from its even entries.
 * ALE's odd entries hold the grayscale of the even entry before them; see grayscale.ts.
 */

import { BufferSizeError } from './errors.js';

/** ALE's screen: 210 rows of 160 pixels (ALE `ALEScreen`, row-major). */
export const ALE_SCREEN_HEIGHT = 210;
export const ALE_SCREEN_WIDTH = 160;
export const ALE_SCREEN_PIXELS = ALE_SCREEN_HEIGHT * ALE_SCREEN_WIDTH;
export const RGB_CHANNELS = 3;

/** 16 hues × 8 luminances: a TIA colour register's bits 7–1. */
export const NTSC_COLOUR_COUNT = 128;
/** Every byte value a screen buffer can hold; odd bytes select the same colour as the even byte below them. */
const SCREEN_BYTE_VALUES = 256;

/** 0xRRGGBB for palette index 0–127 (screen byte >> 1): ALE `NTSCPalette[2 * index]`. */
// biome-ignore format: one row per hue, luminance 0–7 left to right
export const NTSC_PALETTE: readonly number[] = Object.freeze([
  0x000000, 0x4a4a4a, 0x6f6f6f, 0x8e8e8e, 0xaaaaaa, 0xc0c0c0, 0xd6d6d6, 0xececec,
  0x484800, 0x69690f, 0x86861d, 0xa2a22a, 0xbbbb35, 0xd2d240, 0xe8e84a, 0xfcfc54,
  0x7c2c00, 0x904811, 0xa26221, 0xb47a30, 0xc3903d, 0xd2a44a, 0xdfb755, 0xecc860,
  0x901c00, 0xa33915, 0xb55328, 0xc66c3a, 0xd5824a, 0xe39759, 0xf0aa67, 0xfcbc74,
  0x940000, 0xa71a1a, 0xb83232, 0xc84848, 0xd65c5c, 0xe46f6f, 0xf08080, 0xfc9090,
  0x840064, 0x97197a, 0xa8308f, 0xb846a2, 0xc659b3, 0xd46cc3, 0xe07cd2, 0xec8ce0,
  0x500084, 0x68199a, 0x7d30ad, 0x9246c0, 0xa459d0, 0xb56ce0, 0xc57cee, 0xd48cfc,
  0x140090, 0x331aa3, 0x4e32b5, 0x6848c6, 0x7f5cd5, 0x956fe3, 0xa980f0, 0xbc90fc,
  0x000094, 0x181aa7, 0x2d32b8, 0x4248c8, 0x545cd6, 0x656fe4, 0x7580f0, 0x8490fc,
  0x001c88, 0x183b9d, 0x2d57b0, 0x4272c2, 0x548ad2, 0x65a0e1, 0x75b5ef, 0x84c8fc,
  0x003064, 0x185080, 0x2d6d98, 0x4288b0, 0x54a0c5, 0x65b7d9, 0x75cceb, 0x84e0fc,
  0x004030, 0x18624e, 0x2d8169, 0x429e82, 0x54b899, 0x65d1ae, 0x75e7c2, 0x84fcd4,
  0x004400, 0x1a661a, 0x328432, 0x48a048, 0x5cba5c, 0x6fd26f, 0x80e880, 0x90fc90,
  0x143c00, 0x355f18, 0x527e2d, 0x6e9c42, 0x87b754, 0x9ed065, 0xb4e775, 0xc8fc84,
  0x303800, 0x505916, 0x6d762b, 0x88923e, 0xa0ab4f, 0xb7c25f, 0xccd86e, 0xe0ec7c,
  0x482c00, 0x694d14, 0x866a26, 0xa28638, 0xbb9f47, 0xd2b656, 0xe8cc63, 0xfce070,
]);

/** A screen or output buffer has the wrong length for the conversion asked of it. */
export class ScreenBufferSizeError extends BufferSizeError {}

/** Screen byte → r, g, b: 3 entries per byte value, for table lookups without shifts. */
export const SCREEN_BYTE_TO_RGB: Uint8Array = (() => {
  const table = new Uint8Array(SCREEN_BYTE_VALUES * RGB_CHANNELS);
  for (let byte = 0; byte < SCREEN_BYTE_VALUES; byte++) {
    const rgb = NTSC_PALETTE[byte >>> 1]!;
    table[byte * RGB_CHANNELS] = (rgb >>> 16) & 0xff;
    table[byte * RGB_CHANNELS + 1] = (rgb >>> 8) & 0xff;
    table[byte * RGB_CHANNELS + 2] = rgb & 0xff;
  }
  return table;
})();

/** The 0xRRGGBB colour of one screen byte. */
export function screenByteToRGB(byte: number): number {
  return NTSC_PALETTE[(byte & 0xff) >>> 1]!;
}

/**
 * Screen bytes (H×W) → interleaved RGB (H×W×3), as ALE `getScreenRGB` writes it. Writes into `out` when
 * given (it must hold 3 bytes per pixel), else into a new buffer; returns the buffer written.
 */
export function indicesToRGB(screen: Uint8Array, out?: Uint8Array): Uint8Array {
  const pixels = screen.length;
  const target = out ?? new Uint8Array(pixels * RGB_CHANNELS);
  if (target.length !== pixels * RGB_CHANNELS) {
    throw new ScreenBufferSizeError(
      `indicesToRGB: output holds ${target.length} bytes but ${pixels} screen pixels need ${pixels * RGB_CHANNELS}; pass a buffer of 3 bytes per pixel`,
    );
  }
  const table = SCREEN_BYTE_TO_RGB;
  for (let i = 0, j = 0; i < pixels; i++, j += RGB_CHANNELS) {
    const k = screen[i]! * RGB_CHANNELS;
    target[j] = table[k]!;
    target[j + 1] = table[k + 1]!;
    target[j + 2] = table[k + 2]!;
  }
  return target;
}
