/**
 * Fast screen conversions for the env layer: ALE screen bytes (palette indices) → interleaved RGB or ALE
 * grayscale, byte for byte what `indicesToRGB` / `indicesToGrayscale` (src/ale) write, but four pixels
 * per iteration through 32-bit words (3–4× faster; the RGB frame of every env step goes through here).
 *
 * `FastScreenAle` is an `ALEInterface` whose `getScreenRGB`/`getScreenGrayscale` use them, so wrappers that
 * read the screen from `env.unwrapped.ale` (AtariPreprocessing) get the same speed. It changes nothing else.
 */
import { endianness } from 'node:os';
import { indicesToGrayscale, SCREEN_BYTE_TO_GRAY } from '../ale/grayscale.js';
import { ALEInterface } from '../ale/interface.js';
import { indicesToRGB, SCREEN_BYTE_TO_RGB, ScreenBufferSizeError } from '../ale/palette.js';

const BYTE_VALUES = 256;
/**
 * Interleaved R, G, B. A module-local constant on purpose: under tsx (tests, benches) an imported binding
 * is read through a getter, which costs more than the table lookup in the loops below.
 */
const RGB_CHANNELS = 3;
const WORD_BYTES = 4;
/** The word paths assume little-endian typed arrays (every platform Node ships on); others take the byte path. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** Screen byte → 0x00BBGGRR: one pixel's RGB as the low three bytes of a little-endian word. */
const PACKED_RGB: Uint32Array = (() => {
  const table = new Uint32Array(BYTE_VALUES);
  for (let b = 0; b < BYTE_VALUES; b++) {
    const k = b * RGB_CHANNELS;
    table[b] = SCREEN_BYTE_TO_RGB[k]! | (SCREEN_BYTE_TO_RGB[k + 1]! << 8) | (SCREEN_BYTE_TO_RGB[k + 2]! << 16);
  }
  return table;
})();

/** Whether `a` can be viewed as 32-bit words: aligned offset and a whole number of words. */
function wordAligned(a: Uint8Array): boolean {
  return LITTLE_ENDIAN && a.byteOffset % WORD_BYTES === 0 && a.length % WORD_BYTES === 0;
}

function words(a: Uint8Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length / WORD_BYTES);
}

/** Screen bytes (H×W) → interleaved RGB (H×W×3) into `out`; identical to `indicesToRGB(screen, out)`. */
export function screenToRGB(screen: Uint8Array, out: Uint8Array): Uint8Array {
  const pixels = screen.length;
  if (out.length !== pixels * RGB_CHANNELS) {
    throw new ScreenBufferSizeError(
      `screenToRGB: output holds ${out.length} bytes but ${pixels} screen pixels need ${pixels * RGB_CHANNELS}; pass a buffer of 3 bytes per pixel`,
    );
  }
  if (!wordAligned(screen) || !wordAligned(out)) return indicesToRGB(screen, out);
  const src = words(screen);
  const dst = words(out);
  const table = PACKED_RGB;
  // Four pixels (one source word) become twelve bytes: three destination words.
  for (let i = 0, j = 0; i < src.length; i++, j += RGB_CHANNELS) {
    const w = src[i]!;
    const p0 = table[w & 0xff]!;
    const p1 = table[(w >>> 8) & 0xff]!;
    const p2 = table[(w >>> 16) & 0xff]!;
    const p3 = table[w >>> 24]!;
    dst[j] = p0 | (p1 << 24);
    dst[j + 1] = (p1 >>> 8) | (p2 << 16);
    dst[j + 2] = (p2 >>> 16) | (p3 << 8);
  }
  return out;
}

/** Screen bytes (H×W) → ALE grayscale (H×W) into `out`; identical to `indicesToGrayscale(screen, out)`. */
export function screenToGray(screen: Uint8Array, out: Uint8Array): Uint8Array {
  if (out.length !== screen.length) {
    throw new ScreenBufferSizeError(
      `screenToGray: output holds ${out.length} bytes but the screen has ${screen.length} pixels; pass one byte per pixel`,
    );
  }
  if (!wordAligned(screen) || !wordAligned(out)) return indicesToGrayscale(screen, out);
  const src = words(screen);
  const dst = words(out);
  const table = SCREEN_BYTE_TO_GRAY;
  for (let i = 0; i < src.length; i++) {
    const w = src[i]!;
    dst[i] =
      (table[w & 0xff]! |
        (table[(w >>> 8) & 0xff]! << 8) |
        (table[(w >>> 16) & 0xff]! << 16) |
        (table[w >>> 24]! << 24)) >>>
      0;
  }
  return out;
}

/**
 * `ALEInterface` with the fast screen conversions. Outputs are identical to the base class's; only
 * `getScreenRGB` and `getScreenGrayscale` are overridden.
 */
export class FastScreenAle extends ALEInterface {
  /** Palette-index scratch of the current screen size (ALE screens are 210 lines, PAL ROMs 250). */
  private indices = new Uint8Array(0);

  private currentIndices(): Uint8Array {
    const pixels = this.getScreenHeight() * this.getScreenWidth();
    if (this.indices.length !== pixels) this.indices = new Uint8Array(pixels);
    return this.getScreen(this.indices);
  }

  override getScreenRGB(out?: Uint8Array): Uint8Array {
    const screen = this.currentIndices();
    return screenToRGB(screen, out ?? new Uint8Array(screen.length * RGB_CHANNELS));
  }

  override getScreenGrayscale(out?: Uint8Array): Uint8Array {
    const screen = this.currentIndices();
    return screenToGray(screen, out ?? new Uint8Array(screen.length));
  }
}
