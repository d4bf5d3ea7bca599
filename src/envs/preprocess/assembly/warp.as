// AssemblyScript source of the MaxAndSkipWarp kernel (src/envs/preprocess/warp-kernel.ts): from the two
// palette-index frames MaxAndSkip keeps, OpenCV INTER_AREA of gray(max(rgb(a), rgb(b))), redoing only what
// changed since the previous call. It is the JavaScript path of MaxAndSkipWarp + AreaResizer.resizeChanged
// in one pass over linear memory, with 16-byte SIMD compares.
//
// Compiled by `npm run build:env-kernels` (scripts/build-env-kernels.ts) into
// src/envs/preprocess/warp-kernel-binary.ts. (The suffix .as keeps tsc and biome off this file.)
// The module imports its memory and has no data segment and no allocator: every argument named like a
// buffer is a byte address the caller laid out (warp-kernel.ts).
//
// Float arithmetic is OpenCV's, step for step: f32 products and sums in table order (wasm f32 ops round
// each result to float32, as OpenCV's float code does), then round half to even (f32.nearest) and clamp.

const VEC = 16;
const I32 = 4;
const F32 = 4;
const MAX_BYTE: f32 = 255;

/** Whether the 16 bytes at `off` differ between a and pa, or between b and pb. */
// @ts-ignore: decorator
@inline
function changed(a: usize, b: usize, pa: usize, pb: usize, off: usize): bool {
  const da = v128.xor(v128.load(a + off), v128.load(pa + off));
  const db = v128.xor(v128.load(b + off), v128.load(pb + off));
  return v128.any_true(v128.or(da, db));
}

/**
 * Row by row, the 16-pixel-aligned column range where (a, b) differs from (pa, pb) goes to colFrom/colTo
 * (from = to = 0: the row is unchanged; `all`: every row is whole), and over that range gray ← table[a << 8 | b]
 * and pa, pb ← a, b. `rowBytes` must be a multiple of 16.
 */
export function diffGray(
  a: usize,
  b: usize,
  pa: usize,
  pb: usize,
  gray: usize,
  table: usize,
  colFrom: usize,
  colTo: usize,
  rows: i32,
  rowBytes: i32,
  all: i32,
): void {
  const vecs = rowBytes / VEC;
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * rowBytes);
    let i = 0;
    let j = vecs - 1;
    if (all == 0) {
      while (i < vecs && !changed(a, b, pa, pb, o + <usize>(i * VEC))) i++;
      if (i == vecs) {
        store<i32>(colFrom + <usize>(r * I32), 0);
        store<i32>(colTo + <usize>(r * I32), 0);
        continue;
      }
      while (!changed(a, b, pa, pb, o + <usize>(j * VEC))) j--;
    }
    const from = i * VEC;
    const to = (j + 1) * VEC;
    store<i32>(colFrom + <usize>(r * I32), from);
    store<i32>(colTo + <usize>(r * I32), to);
    for (let p = from; p < to; p++) {
      const at = o + <usize>p;
      const x = <u32>load<u8>(a + at);
      const y = <u32>load<u8>(b + at);
      store<u8>(gray + at, load<u8>(table + <usize>((x << 8) | y)));
    }
    memory.copy(pa + o + <usize>from, a + o + <usize>from, <usize>(to - from));
    memory.copy(pb + o + <usize>from, b + o + <usize>from, <usize>(to - from));
  }
}

/**
 * OpenCV INTER_AREA of `gray` (srcH × srcW) into `out` (dstH × dstW), redoing only the output cells over
 * the source columns [colFrom[sy], colTo[sy]) of each source row (`all`: every cell). `rows` keeps each
 * source row's horizontal reduction (srcH × dstW f32) between calls, `out` the previous output. Tables
 * (i32/f32, AreaResizer's): xStart/xSrc/xAlpha and yStart/ySrc/yAlpha, OpenCV's area tables per axis;
 * firstCell/lastCell, per source column, the first and last output column whose taps read it (−1: none);
 * cellFrom/cellTo: scratch, one i32 per source row.
 */
export function resize(
  gray: usize,
  rows: usize,
  out: usize,
  colFrom: usize,
  colTo: usize,
  cellFrom: usize,
  cellTo: usize,
  firstCell: usize,
  lastCell: usize,
  xStart: usize,
  xSrc: usize,
  xAlpha: usize,
  yStart: usize,
  ySrc: usize,
  yAlpha: usize,
  srcH: i32,
  srcW: i32,
  dstH: i32,
  dstW: i32,
  all: i32,
): void {
  for (let sy = 0; sy < srcH; sy++) {
    const from = all != 0 ? 0 : load<i32>(colFrom + <usize>(sy * I32));
    const to = all != 0 ? srcW : load<i32>(colTo + <usize>(sy * I32));
    let x = from;
    while (x < to && load<i32>(firstCell + <usize>(x * I32)) < 0) x++;
    let y = to - 1;
    while (y >= x && load<i32>(lastCell + <usize>(y * I32)) < 0) y--;
    let c0 = 0;
    let c1 = 0;
    if (x <= y) {
      c0 = load<i32>(firstCell + <usize>(x * I32));
      c1 = load<i32>(lastCell + <usize>(y * I32)) + 1;
    }
    store<i32>(cellFrom + <usize>(sy * I32), c0);
    store<i32>(cellTo + <usize>(sy * I32), c1);
    const srcRow = gray + <usize>(sy * srcW);
    const bufRow = rows + <usize>(sy * dstW * F32);
    for (let dx = c0; dx < c1; dx++) {
      let acc: f32 = 0;
      const k1 = load<i32>(xStart + <usize>((dx + 1) * I32));
      for (let k = load<i32>(xStart + <usize>(dx * I32)); k < k1; k++) {
        const s = <f32>load<u8>(srcRow + <usize>load<i32>(xSrc + <usize>(k * I32)));
        acc += s * load<f32>(xAlpha + <usize>(k * F32));
      }
      store<f32>(bufRow + <usize>(dx * F32), acc);
    }
  }
  for (let dy = 0; dy < dstH; dy++) {
    const j0 = load<i32>(yStart + <usize>(dy * I32));
    const j1 = load<i32>(yStart + <usize>((dy + 1) * I32));
    let lo = dstW;
    let hi = 0;
    for (let j = j0; j < j1; j++) {
      const sy = load<i32>(ySrc + <usize>(j * I32));
      const a = load<i32>(cellFrom + <usize>(sy * I32));
      const b = load<i32>(cellTo + <usize>(sy * I32));
      if (a < b) {
        lo = min(lo, a);
        hi = max(hi, b);
      }
    }
    const outRow = out + <usize>(dy * dstW);
    for (let x = lo; x < hi; x++) {
      let sum: f32 = 0;
      for (let j = j0; j < j1; j++) {
        const row = rows + <usize>((load<i32>(ySrc + <usize>(j * I32)) * dstW + x) * F32);
        sum += load<f32>(yAlpha + <usize>(j * F32)) * load<f32>(row);
      }
      const v = min(max(nearest<f32>(sum), 0), MAX_BYTE);
      store<u8>(outRow + <usize>x, <u8>(<i32>v));
    }
  }
}
