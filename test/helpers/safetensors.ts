/**
 * Minimal, test-only safetensors reader for the fixtures in ../shared/fixtures.
 * Format (huggingface/safetensors): 8-byte little-endian header length N, then N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {...}}`, then the raw
 * little-endian tensor bytes; offsets are relative to the end of the header.
 * The project's full reader lives in src/teachers; this one only serves the tests.
 */
import { readFileSync } from 'node:fs';

const HEADER_LENGTH_BYTES = 8;

const DTYPE_BYTES: Readonly<Record<string, number>> = { U8: 1, I32: 4, F32: 4, F64: 8, I64: 8 };

export interface FixtureTensor {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** A copy of the tensor's bytes, aligned for typed-array views. */
  readonly bytes: Uint8Array;
}

export interface FixtureFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, FixtureTensor>;
}

export class FixtureFormatError extends Error {
  override name = 'FixtureFormatError';
}

export function readSafetensors(path: string): FixtureFile {
  const file = readFileSync(path);
  if (file.length < HEADER_LENGTH_BYTES) throw new FixtureFormatError(`${path}: shorter than the 8-byte header length`);
  const headerLength = Number(file.readBigUInt64LE(0));
  const dataStart = HEADER_LENGTH_BYTES + headerLength;
  if (dataStart > file.length)
    throw new FixtureFormatError(`${path}: header length ${headerLength} runs past the file`);
  const header = JSON.parse(file.subarray(HEADER_LENGTH_BYTES, dataStart).toString('utf8')) as Record<string, unknown>;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors = new Map<string, FixtureTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const elementBytes = DTYPE_BYTES[dtype];
    if (elementBytes === undefined)
      throw new FixtureFormatError(`${path}: tensor ${name} has unsupported dtype ${dtype}`);
    const [begin, end] = data_offsets;
    const expected = shape.reduce((a, b) => a * b, 1) * elementBytes;
    if (end - begin !== expected || dataStart + end > file.length) {
      throw new FixtureFormatError(`${path}: tensor ${name} offsets [${begin}, ${end}) do not fit shape ${shape}`);
    }
    // Copy so the bytes start on a fresh, aligned ArrayBuffer.
    tensors.set(name, { dtype, shape, bytes: new Uint8Array(file.subarray(dataStart + begin, dataStart + end)) });
  }
  return { metadata, tensors };
}

export function tensor(file: FixtureFile, name: string, dtype: string): FixtureTensor {
  const t = file.tensors.get(name);
  if (!t) throw new FixtureFormatError(`fixture has no tensor ${name}`);
  if (t.dtype !== dtype) throw new FixtureFormatError(`tensor ${name} is ${t.dtype}, expected ${dtype}`);
  return t;
}

export function u8(file: FixtureFile, name: string): { data: Uint8Array; shape: readonly number[] } {
  const t = tensor(file, name, 'U8');
  return { data: t.bytes, shape: t.shape };
}

export function f32(file: FixtureFile, name: string): { data: Float32Array; shape: readonly number[] } {
  const t = tensor(file, name, 'F32');
  return { data: new Float32Array(t.bytes.buffer, t.bytes.byteOffset, t.bytes.length / 4), shape: t.shape };
}
