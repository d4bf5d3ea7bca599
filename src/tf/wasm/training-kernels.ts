/**
 * Kernels we register on the tfjs `wasm` backend so that training graphs run there, and run fast:
 *
 * - `Conv2DBackpropFilter`: missing from tfjs-backend-wasm 4.22 (conv training fails without it).
 * - `Conv2DBackpropInput`: present, but a scalar loop ~10x slower than the forward conv; it is the
 *   input-gradient of every conv layer, so it bounds teacher VJPs and every training step.
 * - `BatchMatMul` with a transposed operand: tfjs-wasm only uses XNNPACK when neither operand is
 *   transposed and falls back to a naive loop (~20x slower) otherwise, which is exactly what the
 *   gradients of a dense layer ask for. We transpose explicitly and take the XNNPACK path.
 * - `Transpose` of a (batched) matrix, e.g. NCHW <-> NHWC: tfjs-wasm's generic loop costs ~20 ns per
 *   element; ours is a cache-blocked copy.
 *
 * The conv kernels are our own WebAssembly SIMD code (src/tf/wasm/assembly/kernels.ts) working in
 * place on tfjs's heap. Registration is idempotent and keeps the original kernels as fallbacks.
 */

import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { KernelInputError } from '../errors.js';
import { addressOf, kernelsFor, release, type WasmBackendLike, zeros } from './module.js';

const BACKEND = 'wasm';

/**
 * Bytes of input and output gradient per chunk of images in the filter-gradient kernel: the kernel
 * rereads a chunk once per (filter row, 4 taps, 8 output channels) block, so a chunk should stay
 * within a per-core L2 cache (256 KB on the smallest current x86 cores).
 */
const FILTER_GRAD_CHUNK_BYTES = 256 * 1024;

interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}

type ConvAttrs = Parameters<typeof tf.backend_util.computeConv2DInfo>;

function input(inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const t = inputs[name];
  if (!t) throw new KernelInputError(`kernel input '${name}' is missing`);
  if (t.dtype !== 'float32') throw new KernelInputError(`kernel input '${name}' must be float32, got ${t.dtype}`);
  return t;
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: NamedAttrMap,
  kernelName: string,
): tf.backend_util.Conv2DInfo {
  const dilations = (attrs.dilations ?? 1) as ConvAttrs[3];
  const d = Array.isArray(dilations) ? dilations : [dilations, dilations];
  if (d.some((v) => v !== 1)) throw new KernelInputError(`${kernelName}: dilations other than 1 are not supported`);
  const dataFormat = (attrs.dataFormat ?? 'NHWC') as 'NHWC' | 'NCHW';
  if (dataFormat !== 'NHWC') {
    throw new KernelInputError(`${kernelName}: the wasm backend supports NHWC only; transpose NCHW inputs first`);
  }
  return tf.backend_util.computeConv2DInfo(
    xShape as ConvAttrs[0],
    filterShape as ConvAttrs[1],
    attrs.strides as ConvAttrs[2],
    1,
    attrs.pad as ConvAttrs[4],
    attrs.dimRoundingMode as ConvAttrs[5],
    false,
    'channelsLast',
  );
}

/**
 * The padded input size, after checking that every output pixel's window lies inside it and that
 * the gradient has the output's shape: our kernels index memory directly, so a geometry tfjs got
 * wrong must fail here rather than write outside a buffer. (tfjs 4.22 computes the output size of
 * a *numeric* padding from the filter height and row stride alone, so non-square filters or
 * strides need explicit padding, [[0, 0], [p, p], [p, p], [0, 0]].)
 */
function paddedSize(
  info: tf.backend_util.Conv2DInfo,
  dyShape: readonly number[],
  kernelName: string,
): { hp: number; wp: number; padded: boolean } {
  const p = info.padInfo;
  const padded = p.top !== 0 || p.bottom !== 0 || p.left !== 0 || p.right !== 0;
  const hp = info.inHeight + p.top + p.bottom;
  const wp = info.inWidth + p.left + p.right;
  const fits =
    (info.outHeight - 1) * info.strideHeight + info.filterHeight <= hp &&
    (info.outWidth - 1) * info.strideWidth + info.filterWidth <= wp &&
    p.top >= 0 &&
    p.left >= 0;
  if (!fits) {
    throw new KernelInputError(
      `${kernelName}: output ${info.outHeight}x${info.outWidth} does not fit a ${info.filterHeight}x${info.filterWidth} ` +
        `filter with strides ${info.strideHeight},${info.strideWidth} on a padded ${hp}x${wp} input; with non-square ` +
        'filters or strides pass explicit padding [[0, 0], [p, p], [p, p], [0, 0]] instead of a number',
    );
  }
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (dyShape.length !== 4 || expected.some((d, i) => dyShape[i] !== d)) {
    throw new KernelInputError(`${kernelName}: dy has shape [${dyShape}], expected [${expected}]`);
  }
  return { hp, wp, padded };
}

function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const filterShape = attrs.filterShape as number[];
  const info = convInfo(x.shape, filterShape, attrs, 'Conv2DBackpropFilter');
  if (filterShape[2] !== x.shape[3]) {
    throw new KernelInputError(`Conv2DBackpropFilter: filter shape [${filterShape}] does not match x [${x.shape}]`);
  }
  const k = kernelsFor(backend);
  const { hp, wp, padded } = paddedSize(info, dy.shape, 'Conv2DBackpropFilter');
  const n = info.batchSize;
  const ci = info.inChannels;
  let source = x;
  if (padded) {
    source = zeros(backend, [n, hp, wp, ci]);
    k.padImages(
      addressOf(backend, x),
      addressOf(backend, source),
      n,
      info.inHeight,
      info.inWidth,
      ci,
      info.padInfo.top,
      info.padInfo.left,
      hp,
      wp,
    );
  }
  const dw = zeros(backend, filterShape);
  const imageBytes = (hp * wp * ci + info.outHeight * info.outWidth * info.outChannels) * 4;
  const chunk = Math.max(1, Math.floor(FILTER_GRAD_CHUNK_BYTES / imageBytes));
  k.conv2dBackpropFilter(
    addressOf(backend, source),
    addressOf(backend, dy),
    addressOf(backend, dw),
    n,
    hp,
    wp,
    ci,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    chunk,
  );
  if (source !== x) release(backend, source);
  return dw;
}

function conv2dBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const inputShape = attrs.inputShape as number[];
  const info = convInfo(inputShape, filter.shape, attrs, 'Conv2DBackpropInput');
  if (filter.shape[2] !== inputShape[3]) {
    throw new KernelInputError(
      `Conv2DBackpropInput: filter shape [${filter.shape}] does not match input [${inputShape}]`,
    );
  }
  const k = kernelsFor(backend);
  const { hp, wp, padded } = paddedSize(info, dy.shape, 'Conv2DBackpropInput');
  const n = info.batchSize;
  const ci = info.inChannels;
  const kh = info.filterHeight;
  const kw = info.filterWidth;
  const packed = backend.makeOutput([...filter.shape], 'float32');
  k.packFilterRows(addressOf(backend, filter), addressOf(backend, packed), kh, kw * ci, info.outChannels);
  const target = zeros(backend, padded ? [n, hp, wp, ci] : inputShape);
  k.conv2dBackpropInput(
    addressOf(backend, dy),
    addressOf(backend, packed),
    addressOf(backend, target),
    n,
    hp,
    wp,
    ci,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    kh,
    kw,
    info.strideHeight,
    info.strideWidth,
  );
  release(backend, packed);
  if (!padded) return target;
  const dx = backend.makeOutput(inputShape, 'float32');
  k.cropImages(
    addressOf(backend, target),
    addressOf(backend, dx),
    n,
    info.inHeight,
    info.inWidth,
    ci,
    info.padInfo.top,
    info.padInfo.left,
    hp,
    wp,
  );
  release(backend, target);
  return dx;
}

/** A copy of the last two axes of `t` transposed, or undefined when `t` has batch dimensions. */
function transposedMatrix(backend: WasmBackendLike, t: TensorInfo): TensorInfo | undefined {
  const rank = t.shape.length;
  const batch = t.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  if (batch !== 1) return undefined;
  const rows = t.shape[rank - 2]!;
  const cols = t.shape[rank - 1]!;
  const out = backend.makeOutput([...t.shape.slice(0, -2), cols, rows], 'float32');
  kernelsFor(backend).transposeBatched(addressOf(backend, t), addressOf(backend, out), 1, rows, cols);
  return out;
}

/**
 * Transposed matmuls through tfjs-wasm's XNNPACK path, which needs A·B with neither transposed
 * and packs B on every call. C = op(A)·op(B) is computed either directly (transposing what op()
 * asks for) or as C = (op(B)ᵀ·op(A)ᵀ)ᵀ, whichever moves fewer elements: e.g. a dense layer's
 * input gradient dY·Wᵀ with a large W is cheapest as (W·dYᵀ)ᵀ.
 */
function batchMatMulWith(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs;
    const transposeA = Boolean(attrs.transposeA);
    const transposeB = Boolean(attrs.transposeB);
    const a = inputs.a;
    const b = inputs.b;
    const batchOf = (t: TensorInfo) => t.shape.slice(0, -2).reduce((x, y) => x * y, 1);
    if (
      (!transposeA && !transposeB) ||
      !a ||
      !b ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      batchOf(a) !== 1 ||
      batchOf(b) !== 1
    ) {
      return original(args);
    }
    const [ar, ac] = a.shape.slice(-2) as [number, number];
    const [br, bc] = b.shape.slice(-2) as [number, number];
    const [m, k] = transposeA ? [ac, ar] : [ar, ac];
    const n = transposeB ? br : bc;
    const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + k * n;
    const swapped = (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + k * m + m * n;
    const temps: TensorInfo[] = [];
    const transposed = (t: TensorInfo) => {
      const out = transposedMatrix(backend, t)!;
      temps.push(out);
      return out;
    };
    const plain = (x: TensorInfo, y: TensorInfo) =>
      original({
        inputs: { a: x, b: y },
        backend: args.backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    try {
      if (direct <= swapped) return plain(transposeA ? transposed(a) : a, transposeB ? transposed(b) : b);
      const ct = plain(transposeB ? b : transposed(b), transposeA ? a : transposed(a));
      temps.push(ct);
      const c = transposedMatrix(backend, ct)!;
      return c;
    } finally {
      for (const t of temps) release(backend, t);
    }
  };
}

/**
 * Reduces a permutation to [batch, rows, cols] -> [batch, cols, rows] form, when it is one: drops
 * unit axes and merges input axes that stay adjacent and in order in the output.
 */
export function asBatchedTranspose(
  shape: readonly number[],
  perm: readonly number[],
): { batch: number; rows: number; cols: number } | undefined {
  const kept = perm.filter((axis) => shape[axis] !== 1);
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    // Merge when this axis is the next non-unit input axis after the previous one.
    if (last && prev !== undefined && nextKeptAxis(shape, prev) === axis) last.push(axis);
    else groups.push([axis]);
  }
  const size = (g: number[]) => g.reduce((s, axis) => s * shape[axis]!, 1);
  const order = groups.map((g) => g[0]!);
  const sortedOrder = [...order].sort((p, q) => p - q);
  const rank = order.map((axis) => sortedOrder.indexOf(axis));
  if (rank.length === 2 && rank[0] === 1 && rank[1] === 0) {
    return { batch: 1, rows: size(groups[1]!), cols: size(groups[0]!) };
  }
  if (rank.length === 3 && rank[0] === 0 && rank[1] === 2 && rank[2] === 1) {
    return { batch: size(groups[0]!), rows: size(groups[2]!), cols: size(groups[1]!) };
  }
  return undefined;
}

function nextKeptAxis(shape: readonly number[], axis: number): number | undefined {
  for (let a = axis + 1; a < shape.length; a++) if (shape[a] !== 1) return a;
  return undefined;
}

function transposeWith(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs;
    const x = inputs.x;
    const perm = attrs.perm as number[];
    if (!x || (x.dtype !== 'float32' && x.dtype !== 'int32')) return original(args);
    const plan = asBatchedTranspose(x.shape, perm);
    if (!plan) return original(args);
    const out = backend.makeOutput(
      perm.map((axis) => x.shape[axis]!),
      x.dtype,
    );
    kernelsFor(backend).transposeBatched(
      addressOf(backend, x),
      addressOf(backend, out),
      plan.batch,
      plan.rows,
      plan.cols,
    );
    return out;
  };
}

const NEW_KERNELS: Readonly<Record<string, (args: KernelArgs) => TensorInfo>> = {
  Conv2DBackpropFilter: conv2dBackpropFilter,
  Conv2DBackpropInput: conv2dBackpropInput,
};

const WRAPPED_KERNELS: Readonly<Record<string, (original: KernelFunc) => KernelFunc>> = {
  BatchMatMul: batchMatMulWith,
  Transpose: transposeWith,
};

/** Marks configs we registered, so a second call is a no-op. */
const OURS = Symbol('sobolev-distill kernel');

function isOurs(config: KernelConfig | undefined): boolean {
  return config !== undefined && (config as unknown as Record<symbol, unknown>)[OURS] === true;
}

function replace(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, BACKEND)) tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel(Object.assign(config, { [OURS]: true }));
}

/**
 * Registers our kernels for the `wasm` backend (idempotent). Works before or after the backend is
 * initialised: our kernels bind to the backend's heap on first use, and wrapped kernels keep the
 * original's setup function, which tfjs runs when it initialises the backend.
 */
export function registerWasmTrainingKernels(): void {
  for (const [kernelName, fn] of Object.entries(NEW_KERNELS)) {
    const existing = tf.getKernel(kernelName, BACKEND);
    if (isOurs(existing)) continue;
    const config: KernelConfig = {
      kernelName,
      backendName: BACKEND,
      kernelFunc: fn as unknown as KernelFunc,
    };
    // Conv2DBackpropInput exists in tfjs-wasm: keep its setup so its module state stays valid.
    if (existing?.setupFunc) config.setupFunc = existing.setupFunc;
    replace(config);
  }
  for (const [kernelName, wrap] of Object.entries(WRAPPED_KERNELS)) {
    const existing = tf.getKernel(kernelName, BACKEND);
    if (!existing || isOurs(existing)) continue;
    replace({ ...existing, kernelFunc: wrap(existing.kernelFunc) });
  }
}

/** Names of the kernels registerWasmTrainingKernels provides or wraps. */
export const WASM_TRAINING_KERNELS: readonly string[] = [...Object.keys(NEW_KERNELS), ...Object.keys(WRAPPED_KERNELS)];
