/**
 * OpenCV `resize(src, (dstW, dstH), interpolation=INTER_AREA)` for uint8 images (interleaved channels)
 * whose scale factors are ≥ 1 and not both integers, bit for bit (OpenCV imgproc resize.cpp, the general area path).
 *
 * That path works as follows, and this module reproduces each step's arithmetic:
 * - scale = 1 / (dst / src) in double precision, per axis.
 * - `computeResizeAreaTab` lists, per output cell, the source pixels it covers with float32 weights:
 *   a partial leading pixel (weight (ceil(x1) − x1) / cellWidth), whole pixels (1 / cellWidth) and a
 *   partial trailing pixel; partial pieces of 1e-3 or less are dropped.
 * - Each source row is reduced horizontally in float32 (buf[dx] += S[sx] · α, in table order), output rows
 *   accumulate in float32 (sum += β · buf), and the result is rounded half-to-even (`saturate_cast<uchar>`).
 * `Math.fround` after every product and sum gives exactly float32's rounding: a double holds the exact sum
 * or product of two floats closely enough that rounding it once to float equals the float operation.
 *
 * The integer-scale case (`is_area_fast` in OpenCV, e.g. 168×168 → 84×84) and upscaling use other
 * algorithms and are rejected.
 */
import { ShapeMismatchError, WrapperConfigError } from '../errors.js';

/** OpenCV drops partial source pixels that cover a cell by this fraction or less. */
const PARTIAL_PIXEL_EPSILON = 1e-3;
/** `DBL_EPSILON`, OpenCV's test for an integer scale. */
const DBL_EPSILON = 2.220446049250313e-16;
const MAX_BYTE = 255;

/**
 * One axis of OpenCV's area table, in OpenCV's order: entries `start[d]` to `start[d + 1] − 1` are the
 * source indices and float32 weights of output cell d.
 */
interface AreaTable {
  readonly start: Int32Array;
  readonly src: Int32Array;
  readonly alpha: Float32Array;
}

function areaTable(srcSize: number, dstSize: number, scale: number): AreaTable {
  const dst: number[] = [];
  const src: number[] = [];
  const alpha: number[] = [];
  for (let dx = 0; dx < dstSize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, srcSize - fsx1);
    let sx1 = Math.ceil(fsx1);
    let sx2 = Math.floor(fsx2);
    sx2 = Math.min(sx2, srcSize - 1);
    sx1 = Math.min(sx1, sx2);
    if (sx1 - fsx1 > PARTIAL_PIXEL_EPSILON) {
      dst.push(dx);
      src.push(sx1 - 1);
      alpha.push(Math.fround((sx1 - fsx1) / cellWidth));
    }
    for (let sx = sx1; sx < sx2; sx++) {
      dst.push(dx);
      src.push(sx);
      alpha.push(Math.fround(1 / cellWidth));
    }
    if (fsx2 - sx2 > PARTIAL_PIXEL_EPSILON) {
      dst.push(dx);
      src.push(sx2);
      alpha.push(Math.fround(Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth));
    }
  }
  const start = new Int32Array(dstSize + 1);
  for (const d of dst) start[d + 1]!++;
  for (let d = 0; d < dstSize; d++) start[d + 1]! += start[d]!;
  return { start, src: Int32Array.from(src), alpha: Float32Array.from(alpha) };
}

/** Whether `length` bytes at `a` and at `b` of `data` are equal. */
export function sameRow(data: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (data[a + i] !== data[b + i]) return false;
  return true;
}

/** cvRound for non-negative floats: round half to even, as SSE `cvtss2si` does; then clamp to 0–255. */
function saturateRoundToByte(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && (r & 1) === 1) r -= 1;
  return r < 0 ? 0 : Math.min(r, MAX_BYTE);
}

/**
 * A resize from one fixed shape to another, with OpenCV's tables computed once. `resize` allocates nothing.
 * Sizes are given as height, width (numpy order); OpenCV's `dsize` is (width, height).
 */
export class AreaResizer {
  readonly srcHeight: number;
  readonly srcWidth: number;
  readonly dstHeight: number;
  readonly dstWidth: number;
  readonly channels: number;
  private readonly xTable: AreaTable;
  private readonly yTable: AreaTable;
  /** Horizontal reduction of every source row: srcHeight × dstWidth × channels float32. */
  private readonly rows: Float32Array;
  /** One output row's float32 accumulators. */
  private readonly sum: Float32Array;

  constructor(srcHeight: number, srcWidth: number, dstHeight: number, dstWidth: number, channels = 1) {
    for (const [name, v] of Object.entries({ srcHeight, srcWidth, dstHeight, dstWidth, channels })) {
      if (!Number.isInteger(v) || v <= 0)
        throw new WrapperConfigError(`AreaResizer: ${name} must be a positive integer, got ${v}`);
    }
    const scaleX = 1 / (dstWidth / srcWidth);
    const scaleY = 1 / (dstHeight / srcHeight);
    if (scaleX < 1 || scaleY < 1) {
      throw new WrapperConfigError(
        `AreaResizer: ${srcHeight}×${srcWidth} → ${dstHeight}×${dstWidth} enlarges an axis; OpenCV's INTER_AREA then interpolates bilinearly, which this module does not implement. Resize to a size no larger than the source.`,
      );
    }
    const integerScale =
      Math.abs(scaleX - Math.trunc(scaleX)) < DBL_EPSILON && Math.abs(scaleY - Math.trunc(scaleY)) < DBL_EPSILON;
    if (integerScale) {
      throw new WrapperConfigError(
        `AreaResizer: ${srcHeight}×${srcWidth} → ${dstHeight}×${dstWidth} has integer scales on both axes; OpenCV then uses its fast integer area path, which this module does not implement.`,
      );
    }
    this.srcHeight = srcHeight;
    this.srcWidth = srcWidth;
    this.dstHeight = dstHeight;
    this.dstWidth = dstWidth;
    this.channels = channels;
    this.xTable = areaTable(srcWidth, dstWidth, scaleX);
    this.yTable = areaTable(srcHeight, dstHeight, scaleY);
    this.rows = new Float32Array(srcHeight * dstWidth * channels);
    this.sum = new Float32Array(dstWidth * channels);
  }

  /** Resizes `src` (srcHeight × srcWidth × channels, row-major) into `out` (dstHeight × dstWidth × channels); returns `out`. */
  resize(src: Uint8Array, out: Uint8Array): Uint8Array {
    const { srcHeight, dstHeight, channels: cn, rows, sum } = this;
    const srcWidth = this.srcWidth * cn;
    const dstWidth = this.dstWidth * cn;
    if (src.length !== srcHeight * srcWidth || out.length !== dstHeight * dstWidth) {
      throw new ShapeMismatchError(
        `AreaResizer: expected ${srcHeight}×${this.srcWidth}×${cn} → ${dstHeight}×${this.dstWidth}×${cn} (${srcHeight * srcWidth} → ${dstHeight * dstWidth} bytes), got ${src.length} → ${out.length} bytes`,
      );
    }
    const fround = Math.fround;
    // Taps are summed in OpenCV's order with float32 rounding at each step: horizontally in a local per
    // output cell (OpenCV: buf = 0, buf += S·α …), vertically in one row of accumulators (sum += β·buf …;
    // 0 + x = x, so starting from 0 equals OpenCV's sum = β·buf). A source row's horizontal reduction does
    // not depend on the output row using it, so each row is reduced once (OpenCV recomputes rows shared
    // by two output rows, identically).
    const { start: xStart, src: xSrc, alpha: xAlpha } = this.xTable;
    const cellsX = this.dstWidth;
    for (let sy = 0; sy < srcHeight; sy++) {
      const srcRow = sy * srcWidth;
      const bufRow = sy * dstWidth;
      // Atari frames repeat most rows (58–94% in the fixtures); a repeated row reduces to the same floats.
      if (sy > 0 && sameRow(src, srcRow - srcWidth, srcRow, srcWidth)) {
        rows.copyWithin(bufRow, bufRow - dstWidth, bufRow);
        continue;
      }
      for (let dx = 0; dx < cellsX; dx++) {
        const k0 = xStart[dx]!;
        const k1 = xStart[dx + 1]!;
        for (let c = 0; c < cn; c++) {
          let acc = 0;
          for (let k = k0; k < k1; k++) acc = fround(acc + fround(src[srcRow + xSrc[k]! * cn + c]! * xAlpha[k]!));
          rows[bufRow + dx * cn + c] = acc;
        }
      }
    }
    const { start: yStart, src: ySrc, alpha: yAlpha } = this.yTable;
    for (let dy = 0; dy < dstHeight; dy++) {
      const j0 = yStart[dy]!;
      const j1 = yStart[dy + 1]!;
      const outRow = dy * dstWidth;
      sum.fill(0);
      for (let j = j0; j < j1; j++) {
        const beta = yAlpha[j]!;
        const bufRow = ySrc[j]! * dstWidth;
        for (let dx = 0; dx < dstWidth; dx++) sum[dx] = sum[dx]! + fround(beta * rows[bufRow + dx]!);
      }
      for (let dx = 0; dx < dstWidth; dx++) out[outRow + dx] = saturateRoundToByte(sum[dx]!);
    }
    return out;
  }
}
