/**
 * Instantiates our AssemblyScript kernels (src/tf/wasm/assembly/kernels.ts) on the memory of a tfjs
 * `wasm` backend, so they read and write tensor buffers in place, and gives typed access to tensor
 * addresses and scratch buffers on that heap. One instance per backend object, created on first use.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';
import { KernelInputError } from '../errors.js';
import { KERNELS_WASM_BASE64 } from './kernels-binary.js';

/** The parts of tfjs-backend-wasm's `BackendWasm` our kernels use. */
export interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory; HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Exports of the compiled kernels; every pointer is a byte address in tfjs's heap. */
export interface KernelExports {
  conv2dBackpropFilter(
    x: number,
    dy: number,
    dw: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    chunk: number,
  ): void;
  packFilterRows(w: number, out: number, kh: number, seg: number, co: number): void;
  conv2dBackpropInput(
    dy: number,
    wt: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
  ): void;
  transposeBatched(src: number, out: number, batch: number, rows: number, cols: number): void;
  padImages(
    src: number,
    dst: number,
    n: number,
    h: number,
    w: number,
    c: number,
    pt: number,
    pl: number,
    hp: number,
    wp: number,
  ): void;
  cropImages(
    src: number,
    dst: number,
    n: number,
    h: number,
    w: number,
    c: number,
    pt: number,
    pl: number,
    hp: number,
    wp: number,
  ): void;
  zero(p: number, bytes: number): void;
  u8PlanesToNhwc(src: number, dst: number, n: number, c: number, p: number, scale: number): void;
}

let compiled: WebAssembly.Module | undefined;
const instances = new WeakMap<object, KernelExports>();

function compiledModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

function backendMemory(backend: WasmBackendLike): WebAssembly.Memory {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new KernelInputError(
      'cannot reach the WebAssembly memory of the tfjs wasm backend (expected Module.asm.memory); ' +
        'this @tensorflow/tfjs-backend-wasm version is not supported by our kernels, use 4.22',
    );
  }
  return memory;
}

/** Our kernels, bound to this backend's heap. */
export function kernelsFor(backend: WasmBackendLike): KernelExports {
  let k = instances.get(backend);
  if (!k) {
    const instance = new WebAssembly.Instance(compiledModule(), { env: { memory: backendMemory(backend) } });
    k = instance.exports as unknown as KernelExports;
    instances.set(backend, k);
  }
  return k;
}

/** Byte address of a tensor's buffer in the wasm heap. */
export function addressOf(backend: WasmBackendLike, t: TensorInfo): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (!entry) throw new KernelInputError('tensor is not on the wasm backend (was it disposed?)');
  return entry.memoryOffset;
}

/** A float32 tensor on the wasm heap, zeroed, for use as an output or scratch buffer. */
export function zeros(backend: WasmBackendLike, shape: number[]): TensorInfo {
  const t = backend.makeOutput(shape, 'float32');
  const size = shape.reduce((a, b) => a * b, 1);
  kernelsFor(backend).zero(addressOf(backend, t), size * Float32Array.BYTES_PER_ELEMENT);
  return t;
}

/** Frees a scratch buffer made by `zeros` or `makeOutput`. */
export function release(backend: WasmBackendLike, t: TensorInfo): void {
  backend.disposeData(t.dataId, true);
}
