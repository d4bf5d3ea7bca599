/** Named tensors as importers hand them over: raw values plus dtype and shape. */
import type { TorchTensor } from '../../models/params.js';
import { TeacherFormatError } from '../errors.js';

/** Element types the importers understand (safetensors spelling). */
export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** A tensor's little-endian bytes, row-major (contiguous). */
export interface RawTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

export const isDType = (s: string): s is DType => Object.hasOwn(DTYPE_BYTES, s);

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** IEEE half (binary16) to number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const scratchBits = new Uint32Array(1);
const scratchFloat = new Float32Array(scratchBits.buffer);

/** Values of any floating or integer tensor as float32 (weights are stored and used as float32). */
export function toFloat32(t: RawTensor, what: string): Float32Array {
  const n = numel(t.shape);
  if (t.bytes.length !== n * DTYPE_BYTES[t.dtype]) {
    throw new TeacherFormatError(`${what}: ${t.bytes.length} bytes do not hold ${t.dtype} [${t.shape}]`);
  }
  const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  const out = new Float32Array(n);
  const read: Readonly<Record<DType, (i: number) => number>> = {
    F64: (i) => view.getFloat64(i * 8, true),
    F32: (i) => view.getFloat32(i * 4, true),
    F16: (i) => halfToNumber(view.getUint16(i * 2, true)),
    // bfloat16 is the top half of a float32.
    BF16: (i) => {
      scratchBits[0] = view.getUint16(i * 2, true) << 16;
      return scratchFloat[0]!;
    },
    I64: (i) => Number(view.getBigInt64(i * 8, true)),
    I32: (i) => view.getInt32(i * 4, true),
    I16: (i) => view.getInt16(i * 2, true),
    I8: (i) => view.getInt8(i),
    U8: (i) => view.getUint8(i),
    BOOL: (i) => view.getUint8(i),
  };
  if (t.dtype === 'F32') {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  const r = read[t.dtype];
  for (let i = 0; i < n; i++) out[i] = r(i);
  return out;
}

/** A raw tensor as a PyTorch-layout float32 weight. */
export function toTorchTensor(t: RawTensor, what: string): TorchTensor {
  return { shape: [...t.shape], data: toFloat32(t, what) };
}
