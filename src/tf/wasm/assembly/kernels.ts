// AssemblyScript source of the training kernels the tfjs `wasm` backend lacks or runs slowly.
//
// Compiled by `npm run build:kernels` (scripts/build-kernels.mjs) into src/tf/wasm/kernels-binary.ts.
// The module imports tfjs's own WebAssembly memory and works in place on tensor buffers: every
// argument named like a buffer is a byte address in that memory. It has no data segment and no
// allocator, so it can never write anywhere it was not handed a pointer to.
//
// Layouts are tfjs's: images NHWC, filters HWIO ([kh][kw][ci][co]). Convolutions here are "valid";
// callers pad the input first when the layer has padding. Within one filter row kh, the taps
// (kw, ci) of one output pixel are KW*CI consecutive floats of the input row, which is what lets the
// inner loops use 4-wide SIMD loads along that axis.

const F32 = 4;

/**
 * dW[kh][kw][ci][co] += sum over n, oh, ow of x[n][oh*SH+kh][ow*SW+kw][ci] * dy[n][oh][ow][co].
 * x: [N][H][W][CI], dy: [N][OH][OW][CO], dw: [KH][KW][CI][CO] (accumulated into: zero it first).
 * Images are processed `chunk` at a time so the slice of x and dy being reread stays in cache.
 */
export function conv2dBackpropFilter(
  x: usize,
  dy: usize,
  dw: usize,
  N: i32,
  H: i32,
  W: i32,
  CI: i32,
  OH: i32,
  OW: i32,
  CO: i32,
  KH: i32,
  KW: i32,
  SH: i32,
  SW: i32,
  chunk: i32,
): void {
  const seg = KW * CI;
  const seg4 = seg & ~3;
  const co8 = CO & ~7;
  const co4 = CO & ~3;
  const xStep = <usize>(SW * CI) * F32;
  const dyStep = <usize>CO * F32;
  for (let n0 = 0; n0 < N; n0 += chunk) {
    const n1 = min(N, n0 + chunk);
    for (let kh = 0; kh < KH; kh++) {
      const dwRow = dw + <usize>(kh * seg * CO) * F32;
      let k = 0;
      for (; k < seg4; k += 4) {
        let c = 0;
        for (; c < co8; c += 8) {
          const o = dwRow + <usize>(k * CO + c) * F32;
          const oStride = <usize>CO * F32;
          let a00 = v128.load(o);
          let a01 = v128.load(o, 16);
          let a10 = v128.load(o + oStride);
          let a11 = v128.load(o + oStride, 16);
          let a20 = v128.load(o + 2 * oStride);
          let a21 = v128.load(o + 2 * oStride, 16);
          let a30 = v128.load(o + 3 * oStride);
          let a31 = v128.load(o + 3 * oStride, 16);
          for (let n = n0; n < n1; n++) {
            for (let oh = 0; oh < OH; oh++) {
              let xp = x + <usize>((n * H + oh * SH + kh) * W * CI + k) * F32;
              let dp = dy + <usize>((n * OH + oh) * OW * CO + c) * F32;
              for (let ow = 0; ow < OW; ow++) {
                const d0 = v128.load(dp);
                const d1 = v128.load(dp, 16);
                const x0 = v128.load32_splat(xp);
                const x1 = v128.load32_splat(xp, 4);
                const x2 = v128.load32_splat(xp, 8);
                const x3 = v128.load32_splat(xp, 12);
                a00 = f32x4.add(a00, f32x4.mul(x0, d0));
                a01 = f32x4.add(a01, f32x4.mul(x0, d1));
                a10 = f32x4.add(a10, f32x4.mul(x1, d0));
                a11 = f32x4.add(a11, f32x4.mul(x1, d1));
                a20 = f32x4.add(a20, f32x4.mul(x2, d0));
                a21 = f32x4.add(a21, f32x4.mul(x2, d1));
                a30 = f32x4.add(a30, f32x4.mul(x3, d0));
                a31 = f32x4.add(a31, f32x4.mul(x3, d1));
                xp += xStep;
                dp += dyStep;
              }
            }
          }
          v128.store(o, a00);
          v128.store(o, a01, 16);
          v128.store(o + oStride, a10);
          v128.store(o + oStride, a11, 16);
          v128.store(o + 2 * oStride, a20);
          v128.store(o + 2 * oStride, a21, 16);
          v128.store(o + 3 * oStride, a30);
          v128.store(o + 3 * oStride, a31, 16);
        }
        for (; c < co4; c += 4) {
          const o = dwRow + <usize>(k * CO + c) * F32;
          const oStride = <usize>CO * F32;
          let a0 = v128.load(o);
          let a1 = v128.load(o + oStride);
          let a2 = v128.load(o + 2 * oStride);
          let a3 = v128.load(o + 3 * oStride);
          for (let n = n0; n < n1; n++) {
            for (let oh = 0; oh < OH; oh++) {
              let xp = x + <usize>((n * H + oh * SH + kh) * W * CI + k) * F32;
              let dp = dy + <usize>((n * OH + oh) * OW * CO + c) * F32;
              for (let ow = 0; ow < OW; ow++) {
                const d0 = v128.load(dp);
                a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), d0));
                a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(xp, 4), d0));
                a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(xp, 8), d0));
                a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(xp, 12), d0));
                xp += xStep;
                dp += dyStep;
              }
            }
          }
          v128.store(o, a0);
          v128.store(o + oStride, a1);
          v128.store(o + 2 * oStride, a2);
          v128.store(o + 3 * oStride, a3);
        }
        for (; c < CO; c++) {
          for (let r = 0; r < 4; r++) {
            filterScalar(x, dy, dwRow, n0, n1, H, W, CI, OH, OW, CO, SH, kh, k + r, c, xStep, dyStep);
          }
        }
      }
      for (; k < seg; k++) {
        for (let c = 0; c < CO; c++) {
          filterScalar(x, dy, dwRow, n0, n1, H, W, CI, OH, OW, CO, SH, kh, k, c, xStep, dyStep);
        }
      }
    }
  }
}

function filterScalar(
  x: usize,
  dy: usize,
  dwRow: usize,
  n0: i32,
  n1: i32,
  H: i32,
  W: i32,
  CI: i32,
  OH: i32,
  OW: i32,
  CO: i32,
  SH: i32,
  kh: i32,
  k: i32,
  c: i32,
  xStep: usize,
  dyStep: usize,
): void {
  const o = dwRow + <usize>(k * CO + c) * F32;
  let acc = load<f32>(o);
  for (let n = n0; n < n1; n++) {
    for (let oh = 0; oh < OH; oh++) {
      let xp = x + <usize>((n * H + oh * SH + kh) * W * CI + k) * F32;
      let dp = dy + <usize>((n * OH + oh) * OW * CO + c) * F32;
      for (let ow = 0; ow < OW; ow++) {
        acc += load<f32>(xp) * load<f32>(dp);
        xp += xStep;
        dp += dyStep;
      }
    }
  }
  store<f32>(o, acc);
}

/**
 * Repacks an HWIO filter [KH][KW*CI][CO] into [KH][CO][KW*CI] so that conv2dBackpropInput can load
 * consecutive (kw, ci) taps of one output channel as vectors.
 */
export function packFilterRows(w: usize, out: usize, KH: i32, seg: i32, CO: i32): void {
  for (let kh = 0; kh < KH; kh++) {
    const src = w + <usize>(kh * seg * CO) * F32;
    const dst = out + <usize>(kh * seg * CO) * F32;
    transposeBlock(src, dst, seg, CO);
  }
}

/**
 * dx[n][oh*SH+kh][ow*SW+kw][ci] += sum over co of dy[n][oh][ow][co] * w[kh][kw][ci][co].
 * wt is the filter repacked by packFilterRows; dx: [N][H][W][CI] must be zeroed first.
 * Output pixels are taken four at a time in row-major order across row ends (each with its own
 * destination), so narrow outputs (7 or 9 pixels wide) do not fall into a slow remainder path.
 */
export function conv2dBackpropInput(
  dy: usize,
  wt: usize,
  dx: usize,
  N: i32,
  H: i32,
  W: i32,
  CI: i32,
  OH: i32,
  OW: i32,
  CO: i32,
  KH: i32,
  KW: i32,
  SH: i32,
  SW: i32,
): void {
  const seg = KW * CI;
  const seg8 = seg & ~7;
  const seg4 = seg & ~3;
  const P = OH * OW;
  const p4 = P & ~3;
  const dyPix = <usize>CO * F32;
  const wStride = <usize>seg * F32;
  for (let n = 0; n < N; n++) {
    const dyImage = dy + <usize>(n * P * CO) * F32;
    for (let kh = 0; kh < KH; kh++) {
      const wk = wt + <usize>(kh * CO * seg) * F32;
      let p = 0;
      for (; p < p4; p += 4) {
        const d = dyImage + <usize>(p * CO) * F32;
        const x0 = inputPixel(dx, n, p, kh, H, W, CI, OW, SH, SW);
        const x1 = inputPixel(dx, n, p + 1, kh, H, W, CI, OW, SH, SW);
        const x2 = inputPixel(dx, n, p + 2, kh, H, W, CI, OW, SH, SW);
        const x3 = inputPixel(dx, n, p + 3, kh, H, W, CI, OW, SH, SW);
        let k = 0;
        for (; k < seg8; k += 8) {
          let a00 = f32x4.splat(0);
          let a01 = f32x4.splat(0);
          let a10 = f32x4.splat(0);
          let a11 = f32x4.splat(0);
          let a20 = f32x4.splat(0);
          let a21 = f32x4.splat(0);
          let a30 = f32x4.splat(0);
          let a31 = f32x4.splat(0);
          let wp = wk + <usize>k * F32;
          let dp = d;
          for (let c = 0; c < CO; c++) {
            const w0 = v128.load(wp);
            const w1 = v128.load(wp, 16);
            const d0 = v128.load32_splat(dp);
            const d1 = v128.load32_splat(dp + dyPix);
            const d2 = v128.load32_splat(dp + 2 * dyPix);
            const d3 = v128.load32_splat(dp + 3 * dyPix);
            a00 = f32x4.add(a00, f32x4.mul(d0, w0));
            a01 = f32x4.add(a01, f32x4.mul(d0, w1));
            a10 = f32x4.add(a10, f32x4.mul(d1, w0));
            a11 = f32x4.add(a11, f32x4.mul(d1, w1));
            a20 = f32x4.add(a20, f32x4.mul(d2, w0));
            a21 = f32x4.add(a21, f32x4.mul(d2, w1));
            a30 = f32x4.add(a30, f32x4.mul(d3, w0));
            a31 = f32x4.add(a31, f32x4.mul(d3, w1));
            wp += wStride;
            dp += F32;
          }
          const off = <usize>k * F32;
          v128.store(x0 + off, f32x4.add(v128.load(x0 + off), a00));
          v128.store(x0 + off, f32x4.add(v128.load(x0 + off, 16), a01), 16);
          v128.store(x1 + off, f32x4.add(v128.load(x1 + off), a10));
          v128.store(x1 + off, f32x4.add(v128.load(x1 + off, 16), a11), 16);
          v128.store(x2 + off, f32x4.add(v128.load(x2 + off), a20));
          v128.store(x2 + off, f32x4.add(v128.load(x2 + off, 16), a21), 16);
          v128.store(x3 + off, f32x4.add(v128.load(x3 + off), a30));
          v128.store(x3 + off, f32x4.add(v128.load(x3 + off, 16), a31), 16);
        }
        for (; k < seg4; k += 4) {
          const off = <usize>k * F32;
          inputVec4(d, wk + off, x0 + off, CO, wStride);
          inputVec4(d + dyPix, wk + off, x1 + off, CO, wStride);
          inputVec4(d + 2 * dyPix, wk + off, x2 + off, CO, wStride);
          inputVec4(d + 3 * dyPix, wk + off, x3 + off, CO, wStride);
        }
        for (; k < seg; k++) {
          const off = <usize>k * F32;
          inputScalar(d, wk + off, x0 + off, CO, wStride);
          inputScalar(d + dyPix, wk + off, x1 + off, CO, wStride);
          inputScalar(d + 2 * dyPix, wk + off, x2 + off, CO, wStride);
          inputScalar(d + 3 * dyPix, wk + off, x3 + off, CO, wStride);
        }
      }
      for (; p < P; p++) {
        const d = dyImage + <usize>(p * CO) * F32;
        const xo = inputPixel(dx, n, p, kh, H, W, CI, OW, SH, SW);
        let k = 0;
        for (; k < seg4; k += 4) inputVec4(d, wk + <usize>k * F32, xo + <usize>k * F32, CO, wStride);
        for (; k < seg; k++) inputScalar(d, wk + <usize>k * F32, xo + <usize>k * F32, CO, wStride);
      }
    }
  }
}

/** Address in dx of the first tap (kw = 0, ci = 0) of filter row kh for output pixel p of image n. */
// @ts-ignore: decorator
@inline
function inputPixel(dx: usize, n: i32, p: i32, kh: i32, H: i32, W: i32, CI: i32, OW: i32, SH: i32, SW: i32): usize {
  const oh = p / OW;
  const ow = p - oh * OW;
  return dx + <usize>(((n * H + oh * SH + kh) * W + ow * SW) * CI) * F32;
}

function inputVec4(d: usize, wp0: usize, p: usize, CO: i32, wStride: usize): void {
  let a = f32x4.splat(0);
  let wp = wp0;
  let dp = d;
  for (let c = 0; c < CO; c++) {
    a = f32x4.add(a, f32x4.mul(v128.load32_splat(dp), v128.load(wp)));
    wp += wStride;
    dp += F32;
  }
  v128.store(p, f32x4.add(v128.load(p), a));
}

function inputScalar(d: usize, wp0: usize, p: usize, CO: i32, wStride: usize): void {
  let a: f32 = 0;
  let wp = wp0;
  let dp = d;
  for (let c = 0; c < CO; c++) {
    a += load<f32>(dp) * load<f32>(wp);
    wp += wStride;
    dp += F32;
  }
  store<f32>(p, load<f32>(p) + a);
}

/** out[b][c][r] = src[b][r][c] for `batch` row-major rows x cols matrices. */
export function transposeBatched(src: usize, out: usize, batch: i32, rows: i32, cols: i32): void {
  const plane = <usize>(rows * cols) * F32;
  for (let b = 0; b < batch; b++) {
    transposeBlock(src + <usize>b * plane, out + <usize>b * plane, rows, cols);
  }
}

// Cache-blocked 2-D transpose: out[c][r] = src[r][c]. Tiles of TILE x TILE keep both the rows
// read and the rows written within L1.
const TILE = 32;

function transposeBlock(src: usize, out: usize, rows: i32, cols: i32): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        let s = src + <usize>(r * cols + c0) * F32;
        let o = out + <usize>(c0 * rows + r) * F32;
        const oStep = <usize>rows * F32;
        for (let c = c0; c < c1; c++) {
          store<f32>(o, load<f32>(s));
          s += F32;
          o += oStep;
        }
      }
    }
  }
}

/**
 * Copies x [N][H][W][C] into the interior of dst [N][H+PT+PB][W+PL+PR][C] at (PT, PL); dst must be
 * zeroed first (the border stays zero).
 */
export function padImages(src: usize, dst: usize, N: i32, H: i32, W: i32, C: i32, PT: i32, PL: i32, HP: i32, WP: i32): void {
  const rowBytes = <usize>(W * C) * F32;
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      memory.copy(dst + <usize>(((n * HP + h + PT) * WP + PL) * C) * F32, src + <usize>((n * H + h) * W * C) * F32, rowBytes);
    }
  }
}

/** The inverse of padImages: copies the interior of src [N][HP][WP][C] at (PT, PL) into dst [N][H][W][C]. */
export function cropImages(src: usize, dst: usize, N: i32, H: i32, W: i32, C: i32, PT: i32, PL: i32, HP: i32, WP: i32): void {
  const rowBytes = <usize>(W * C) * F32;
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      memory.copy(dst + <usize>((n * H + h) * W * C) * F32, src + <usize>(((n * HP + h + PT) * WP + PL) * C) * F32, rowBytes);
    }
  }
}

/** Zeroes `bytes` bytes at `p`. */
export function zero(p: usize, bytes: usize): void {
  memory.fill(p, 0, bytes);
}

/**
 * uint8 images [N][C][P] (P = H * W pixels, planes as an env delivers frame stacks) to float32
 * [N][P][C] times `scale`: the network input in one pass, reading C planes sequentially.
 */
export function u8PlanesToNhwc(src: usize, dst: usize, N: i32, C: i32, P: i32, scale: f32): void {
  let o = dst;
  for (let n = 0; n < N; n++) {
    const base = src + <usize>(n * C * P);
    for (let p = 0; p < P; p++) {
      let s = base + <usize>p;
      for (let c = 0; c < C; c++) {
        store<f32>(o, <f32>load<u8>(s) * scale);
        o += F32;
        s += <usize>P;
      }
    }
  }
}
