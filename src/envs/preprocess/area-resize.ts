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
const WORD_BYTES = 4;

/**
 * One axis of OpenCV's area table, in OpenCV's order: entries `start[d]` to `start[d + 1] − 1` are the
 * source indices and float32 weights of output cell d.
 */
export interface AreaTable {
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
 * Sets `from[r]`, `to[r]` to the columns (pixels of `channels` bytes) where row r of `a` and `b` differ:
 * from the first differing byte's pixel to just past the last's; from = to = 0 where the rows are equal.
 * Compares 32-bit words when word views of both are given.
 */
function changedColumns(
  a: Uint8Array,
  b: Uint8Array,
  rowBytes: number,
  channels: number,
  from: Int32Array,
  to: Int32Array,
  aWords: Uint32Array | undefined,
  bWords: Uint32Array | undefined,
): void {
  for (let r = 0; r < from.length; r++) {
    let first = -1;
    let last = -1;
    if (aWords && bWords) {
      const w0 = (r * rowBytes) / WORD_BYTES;
      const w1 = w0 + rowBytes / WORD_BYTES;
      let i = w0;
      while (i < w1 && aWords[i] === bWords[i]) i++;
      if (i < w1) {
        let j = w1 - 1;
        while (aWords[j] === bWords[j]) j--;
        first = (i - w0) * WORD_BYTES;
        last = (j - w0) * WORD_BYTES + WORD_BYTES - 1;
      }
    } else {
      const b0 = r * rowBytes;
      const b1 = b0 + rowBytes;
      let i = b0;
      while (i < b1 && a[i] === b[i]) i++;
      if (i < b1) {
        let j = b1 - 1;
        while (a[j] === b[j]) j--;
        first = i - b0;
        last = j - b0;
      }
    }
    from[r] = first < 0 ? 0 : Math.floor(first / channels);
    to[r] = first < 0 ? 0 : Math.floor(last / channels) + 1;
  }
}

/**
 * A resize from one fixed shape to another, with OpenCV's tables computed once. Sizes are given as height,
 * width (numpy order); OpenCV's `dsize` is (width, height).
 *
 * Consecutive Atari frames differ in a few small regions, and each output pixel depends only on the source
 * pixels under it, so the resizer keeps its previous call's row reductions and output, and redoes only the
 * output cells over source pixels that changed: `resize` finds them by comparing with the previous source,
 * `resizeChanged` takes them from a caller that already knows. The result is the same bytes either way.
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
  /** Per source column, the first and last output column whose taps read it (−1: none reads it). */
  private readonly firstCellOf: Int32Array;
  private readonly lastCellOf: Int32Array;
  /** Per source row, this call's changed source columns [colFrom, colTo) and output columns [cellFrom, cellTo). */
  private readonly colFrom: Int32Array;
  private readonly colTo: Int32Array;
  private readonly cellFrom: Int32Array;
  private readonly cellTo: Int32Array;
  /** The previous call's source (for `resize`) and output. */
  private readonly prevSrc: Uint8Array;
  private readonly prevWords: Uint32Array | undefined;
  private readonly prevOut: Uint8Array;
  private srcView: Uint32Array | undefined;
  /** Whether `rows` and `prevOut` hold the previous call's results. */
  private hasPrev = false;
  /** Whether `prevSrc` holds the previous call's source (`resizeChanged` does not keep it). */
  private prevSrcValid = false;

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
    this.firstCellOf = new Int32Array(srcWidth).fill(-1);
    this.lastCellOf = new Int32Array(srcWidth).fill(-1);
    const { start, src } = this.xTable;
    for (let dx = 0; dx < dstWidth; dx++) {
      for (let k = start[dx]!; k < start[dx + 1]!; k++) {
        const x = src[k]!;
        if (this.firstCellOf[x]! < 0) this.firstCellOf[x] = dx;
        this.lastCellOf[x] = dx;
      }
    }
    this.colFrom = new Int32Array(srcHeight);
    this.colTo = new Int32Array(srcHeight);
    this.cellFrom = new Int32Array(srcHeight);
    this.cellTo = new Int32Array(srcHeight);
    this.prevSrc = new Uint8Array(srcHeight * srcWidth * channels);
    this.prevWords =
      (srcWidth * channels) % WORD_BYTES === 0
        ? new Uint32Array(this.prevSrc.buffer, 0, this.prevSrc.length / WORD_BYTES)
        : undefined;
    this.prevOut = new Uint8Array(dstHeight * dstWidth * channels);
  }

  /**
   * OpenCV's area tables of this resize, per axis, and per source column the first and last output column
   * whose taps read it (−1: none): what a kernel that reproduces `resize` elsewhere needs (warp-kernel.ts).
   * The arrays are this resizer's own: read them, do not write them.
   */
  tables(): {
    readonly x: AreaTable;
    readonly y: AreaTable;
    readonly firstCellOf: Int32Array;
    readonly lastCellOf: Int32Array;
  } {
    return { x: this.xTable, y: this.yTable, firstCellOf: this.firstCellOf, lastCellOf: this.lastCellOf };
  }

  /** Resizes `src` (srcHeight × srcWidth × channels, row-major) into `out` (dstHeight × dstWidth × channels); returns `out`. */
  resize(src: Uint8Array, out: Uint8Array): Uint8Array {
    this.checkSizes(src, out);
    const { colFrom, colTo, channels } = this;
    if (this.hasPrev && this.prevSrcValid) {
      const rowBytes = this.srcWidth * channels;
      changedColumns(src, this.prevSrc, rowBytes, channels, colFrom, colTo, this.srcWords(src), this.prevWords);
    } else {
      colFrom.fill(0);
      colTo.fill(this.srcWidth);
    }
    this.run(src, out);
    this.prevSrc.set(src);
    this.prevSrcValid = true;
    return out;
  }

  /**
   * `resize` for callers that know what changed since their previous call on this resizer: in source row
   * sy only columns [from[sy], to[sy]) may differ from that call's (from ≥ to: the row is unchanged).
   * The first call on a resizer ignores the hints and does everything.
   */
  resizeChanged(src: Uint8Array, out: Uint8Array, from: Int32Array, to: Int32Array): Uint8Array {
    this.checkSizes(src, out);
    if (from.length !== this.srcHeight || to.length !== this.srcHeight) {
      throw new ShapeMismatchError(
        `AreaResizer: ${from.length} and ${to.length} column ranges for ${this.srcHeight} source rows`,
      );
    }
    if (this.hasPrev) {
      for (let sy = 0; sy < this.srcHeight; sy++) {
        this.colFrom[sy] = Math.max(0, from[sy]!);
        this.colTo[sy] = Math.min(this.srcWidth, to[sy]!);
      }
    } else {
      this.colFrom.fill(0);
      this.colTo.fill(this.srcWidth);
    }
    this.prevSrcValid = false;
    return this.run(src, out);
  }

  private checkSizes(src: Uint8Array, out: Uint8Array): void {
    const { srcHeight, dstHeight, channels: cn } = this;
    const srcWidth = this.srcWidth * cn;
    const dstWidth = this.dstWidth * cn;
    if (src.length !== srcHeight * srcWidth || out.length !== dstHeight * dstWidth) {
      throw new ShapeMismatchError(
        `AreaResizer: expected ${srcHeight}×${this.srcWidth}×${cn} → ${dstHeight}×${this.dstWidth}×${cn} (${srcHeight * srcWidth} → ${dstHeight * dstWidth} bytes), got ${src.length} → ${out.length} bytes`,
      );
    }
  }

  /** 32-bit view of `src` for row comparisons, reused while callers pass the same buffer (they usually do). */
  private srcWords(src: Uint8Array): Uint32Array | undefined {
    if (src.byteOffset % WORD_BYTES !== 0 || (this.srcWidth * this.channels) % WORD_BYTES !== 0) return undefined;
    const view = this.srcView;
    if (view && view.buffer === src.buffer && view.byteOffset === src.byteOffset) return view;
    this.srcView = new Uint32Array(src.buffer, src.byteOffset, src.length / WORD_BYTES);
    return this.srcView;
  }

  /** The output columns whose taps read any of source columns [from, to): [first, last + 1), or empty. */
  private cellsOver(sy: number): void {
    const from = this.colFrom[sy]!;
    const to = this.colTo[sy]!;
    let x = from;
    while (x < to && this.firstCellOf[x]! < 0) x++;
    let y = to - 1;
    while (y >= x && this.lastCellOf[y]! < 0) y--;
    if (x > y) {
      this.cellFrom[sy] = 0;
      this.cellTo[sy] = 0;
    } else {
      this.cellFrom[sy] = this.firstCellOf[x]!;
      this.cellTo[sy] = this.lastCellOf[y]! + 1;
    }
  }

  /** The resize proper, redoing the output over the changed columns in `colFrom`/`colTo`. */
  private run(src: Uint8Array, out: Uint8Array): Uint8Array {
    const { srcHeight, dstHeight, channels: cn, rows, sum, prevOut, cellFrom, cellTo } = this;
    const srcWidth = this.srcWidth * cn;
    const dstWidth = this.dstWidth * cn;
    const fround = Math.fround;
    const words = this.srcWords(src);
    const rowWords = srcWidth / WORD_BYTES;
    // Taps are summed in OpenCV's order with float32 rounding at each step: horizontally in a local per
    // output cell (OpenCV: buf = 0, buf += S·α …), vertically in one row of accumulators (sum += β·buf …;
    // 0 + x = x, so starting from 0 equals OpenCV's sum = β·buf). A source row's horizontal reduction does
    // not depend on the output row using it, so each row is reduced once (OpenCV recomputes rows shared
    // by two output rows, identically).
    const { start: xStart, src: xSrc, alpha: xAlpha } = this.xTable;
    for (let sy = 0; sy < srcHeight; sy++) {
      this.cellsOver(sy);
      const c0 = cellFrom[sy]!;
      const c1 = cellTo[sy]!;
      if (c0 >= c1) continue;
      const srcRow = sy * srcWidth;
      const bufRow = sy * dstWidth;
      // Atari frames repeat most rows (58–94% in the fixtures); a repeated row reduces to the same floats
      // (the row above is up to date: it came first).
      const repeated =
        sy > 0 &&
        (words
          ? sameWords(words, (sy - 1) * rowWords, sy * rowWords, rowWords)
          : sameRow(src, srcRow - srcWidth, srcRow, srcWidth));
      if (repeated) {
        rows.copyWithin(bufRow + c0 * cn, bufRow - dstWidth + c0 * cn, bufRow - dstWidth + c1 * cn);
        continue;
      }
      if (cn === 1) {
        for (let dx = c0; dx < c1; dx++) {
          let acc = 0;
          for (let k = xStart[dx]!, k1 = xStart[dx + 1]!; k < k1; k++) {
            acc = fround(acc + fround(src[srcRow + xSrc[k]!]! * xAlpha[k]!));
          }
          rows[bufRow + dx] = acc;
        }
        continue;
      }
      for (let dx = c0; dx < c1; dx++) {
        const k0 = xStart[dx]!;
        const k1 = xStart[dx + 1]!;
        for (let c = 0; c < cn; c++) {
          let acc = 0;
          for (let k = k0; k < k1; k++) acc = fround(acc + fround(src[srcRow + xSrc[k]! * cn + c]! * xAlpha[k]!));
          rows[bufRow + dx * cn + c] = acc;
        }
      }
    }
    // Output columns over unchanged source pixels are as last time.
    if (this.hasPrev) out.set(prevOut);
    const { start: yStart, src: ySrc, alpha: yAlpha } = this.yTable;
    for (let dy = 0; dy < dstHeight; dy++) {
      const j0 = yStart[dy]!;
      const j1 = yStart[dy + 1]!;
      let lo = this.dstWidth;
      let hi = 0;
      for (let j = j0; j < j1; j++) {
        const sy = ySrc[j]!;
        if (cellFrom[sy]! < cellTo[sy]!) {
          lo = Math.min(lo, cellFrom[sy]!);
          hi = Math.max(hi, cellTo[sy]!);
        }
      }
      if (lo >= hi) continue;
      const outRow = dy * dstWidth;
      const x0 = lo * cn;
      const x1 = hi * cn;
      sum.fill(0, x0, x1);
      for (let j = j0; j < j1; j++) {
        const beta = yAlpha[j]!;
        const bufRow = ySrc[j]! * dstWidth;
        for (let x = x0; x < x1; x++) sum[x] = sum[x]! + fround(beta * rows[bufRow + x]!);
      }
      for (let x = x0; x < x1; x++) {
        const v = saturateRoundToByte(sum[x]!);
        out[outRow + x] = v;
        prevOut[outRow + x] = v;
      }
    }
    this.hasPrev = true;
    return out;
  }
}

/** Whether `length` words at `a` and at `b` of `data` are equal. */
function sameWords(data: Uint32Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (data[a + i] !== data[b + i]) return false;
  return true;
}
