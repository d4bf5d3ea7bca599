/**
 * Pillow `Image.resize(size, Image.BILINEAR)` for 8-bit one-channel ('L') images, bit for bit
 * (Pillow libImaging/Resample.c, which scipy.misc.imresize called).
 *
 * Pillow resamples with a triangle filter whose support widens with the downscale factor (antialiasing):
 * - per axis, scale = in / out, filterscale = max(scale, 1), support = 1 · filterscale;
 * - output pixel x covers source pixels [trunc(center − support + 0.5), trunc(center + support + 0.5)) with
 *   center = (x + 0.5) · scale, clipped to the image; weight = triangle((s − center + 0.5) / filterscale),
 *   normalised to sum 1, all in double precision;
 * - weights become fixed point with 22 fraction bits (PRECISION_BITS = 32 − 8 − 2), rounded half away
 *   from zero; each pass sums pixel · weight from 2^21 (one half) and keeps bits 22+ clamped to 0–255;
 * - the horizontal pass runs first and its uint8 result feeds the vertical pass.
 */
import { ShapeMismatchError, WrapperConfigError } from '../errors.js';
import { sameRow } from './area-resize.js';

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);
/** BILINEAR's filter support in Pillow: the triangle is nonzero on (−1, 1). */
const BILINEAR_SUPPORT = 1;
const MAX_BYTE = 255;

function triangle(x: number): number {
  const a = x < 0 ? -x : x;
  return a < 1 ? 1 - a : 0;
}

/** One axis: per output pixel, its first source index, tap count, and `ksize` fixed-point weights. */
interface AxisCoefficients {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly ksize: number;
  readonly weights: Int32Array;
}

function axisCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = BILINEAR_SUPPORT * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const taps = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) cast truncates toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = triangle((x + xmin - center + 0.5) * ss);
      taps[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const k = ww !== 0 ? taps[x]! / ww : taps[x]!;
      weights[xx * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * ONE) : Math.trunc(0.5 + k * ONE);
    }
    first[xx] = xmin;
    count[xx] = xmax;
  }
  return { first, count, ksize, weights };
}

/** Pillow's clip8: bits 22 and up of the fixed-point sum, clamped to a byte. */
function clip8(sum: number): number {
  const v = Math.floor(sum / ONE);
  return v < 0 ? 0 : Math.min(v, MAX_BYTE);
}

/** A bilinear resize between two fixed shapes with Pillow's coefficients computed once; `resize` allocates nothing. */
export class PilBilinearResizer {
  readonly srcHeight: number;
  readonly srcWidth: number;
  readonly dstHeight: number;
  readonly dstWidth: number;
  private readonly horizontal: AxisCoefficients;
  private readonly vertical: AxisCoefficients;
  /** Horizontal pass output: srcHeight × dstWidth bytes. */
  private readonly temp: Uint8Array;

  constructor(srcHeight: number, srcWidth: number, dstHeight: number, dstWidth: number) {
    for (const [name, v] of Object.entries({ srcHeight, srcWidth, dstHeight, dstWidth })) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new WrapperConfigError(`PilBilinearResizer: ${name} must be a positive integer, got ${v}`);
      }
    }
    this.srcHeight = srcHeight;
    this.srcWidth = srcWidth;
    this.dstHeight = dstHeight;
    this.dstWidth = dstWidth;
    this.horizontal = axisCoefficients(srcWidth, dstWidth);
    this.vertical = axisCoefficients(srcHeight, dstHeight);
    this.temp = new Uint8Array(srcHeight * dstWidth);
  }

  /** Resizes `src` (srcHeight × srcWidth bytes, row-major) into `out` (dstHeight × dstWidth); returns `out`. */
  resize(src: Uint8Array, out: Uint8Array): Uint8Array {
    const { srcHeight, srcWidth, dstHeight, dstWidth, temp } = this;
    if (src.length !== srcHeight * srcWidth || out.length !== dstHeight * dstWidth) {
      throw new ShapeMismatchError(
        `PilBilinearResizer: expected ${srcHeight}×${srcWidth} → ${dstHeight}×${dstWidth} (${srcHeight * srcWidth} → ${dstHeight * dstWidth} bytes), got ${src.length} → ${out.length} bytes`,
      );
    }
    // Pillow skips a pass whose axis keeps its size; the pass would copy the image unchanged anyway
    // (one weight of exactly 2^22), so running it keeps this code single-path.
    const h = this.horizontal;
    for (let y = 0; y < srcHeight; y++) {
      const row = y * srcWidth;
      const outRow = y * dstWidth;
      // A row equal to the one above resamples to the same bytes (Atari frames repeat most rows).
      if (y > 0 && sameRow(src, row - srcWidth, row, srcWidth)) {
        temp.copyWithin(outRow, outRow - dstWidth, outRow);
        continue;
      }
      for (let xx = 0; xx < dstWidth; xx++) {
        const base = row + h.first[xx]!;
        const kBase = xx * h.ksize;
        const n = h.count[xx]!;
        let ss = HALF;
        for (let x = 0; x < n; x++) ss += src[base + x]! * h.weights[kBase + x]!;
        temp[outRow + xx] = clip8(ss);
      }
    }
    const v = this.vertical;
    for (let yy = 0; yy < dstHeight; yy++) {
      const first = v.first[yy]!;
      const n = v.count[yy]!;
      const kBase = yy * v.ksize;
      const outRow = yy * dstWidth;
      for (let xx = 0; xx < dstWidth; xx++) {
        let ss = HALF;
        for (let y = 0; y < n; y++) ss += temp[(first + y) * dstWidth + xx]! * v.weights[kBase + y]!;
        out[outRow + xx] = clip8(ss);
      }
    }
    return out;
  }
}
