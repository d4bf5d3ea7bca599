/**
 * safetensors (huggingface/safetensors): 8-byte little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {string: string}}`, then the
 * tensors' little-endian bytes, offsets relative to the end of the header.
 */
import { TeacherFormatError } from '../errors.js';
import { writeFileAtomic } from '../fs.js';
import { DTYPE_BYTES, isDType, type RawTensor } from './tensors.js';

const HEADER_LENGTH_BYTES = 8;
/** The format caps the JSON header at 100 MB; anything larger is a corrupt length field. */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, RawTensor>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Parses safetensors bytes; `source` names the file in error messages. */
export function parseSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsFile {
  if (bytes.length < HEADER_LENGTH_BYTES) {
    throw new TeacherFormatError(
      `${source}: ${bytes.length} bytes is shorter than the 8-byte header length (truncated?)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const dataStart = HEADER_LENGTH_BYTES + headerLength;
  if (headerLength > MAX_HEADER_BYTES || dataStart > bytes.length) {
    throw new TeacherFormatError(
      `${source}: header length ${headerLength} runs past the end of the ${bytes.length}-byte file (truncated or not safetensors)`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_LENGTH_BYTES, dataStart)),
    );
  } catch (e) {
    throw new TeacherFormatError(`${source}: the header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new TeacherFormatError(`${source}: the header is not a JSON object`);
  }
  const metadata: Record<string, string> = {};
  const rawMeta = header[METADATA_KEY];
  if (rawMeta !== undefined) {
    if (typeof rawMeta !== 'object' || rawMeta === null)
      throw new TeacherFormatError(`${source}: __metadata__ is not an object`);
    for (const [k, v] of Object.entries(rawMeta)) {
      if (typeof v !== 'string') throw new TeacherFormatError(`${source}: metadata ${k} is not a string`);
      metadata[k] = v;
    }
  }
  const tensors = new Map<string, RawTensor>();
  const dataLength = bytes.length - dataStart;
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    const entry = value as HeaderEntry;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.dtype !== 'string' ||
      !Array.isArray(entry.shape) ||
      !entry.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      !Array.isArray(entry.data_offsets) ||
      entry.data_offsets.length !== 2
    ) {
      throw new TeacherFormatError(`${source}: tensor ${name} has a malformed header entry`);
    }
    if (!isDType(entry.dtype))
      throw new TeacherFormatError(`${source}: tensor ${name} has unsupported dtype ${entry.dtype}`);
    const [begin, end] = entry.data_offsets;
    const expected = entry.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[entry.dtype];
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end - begin !== expected) {
      throw new TeacherFormatError(
        `${source}: tensor ${name} offsets [${begin}, ${end}) do not hold ${entry.dtype} [${entry.shape}]`,
      );
    }
    if (end > dataLength) {
      throw new TeacherFormatError(
        `${source}: tensor ${name} ends at byte ${end} of a ${dataLength}-byte data section (truncated)`,
      );
    }
    // A copy: aligned for typed-array views and independent of the file buffer.
    tensors.set(name, {
      dtype: entry.dtype,
      shape: entry.shape,
      bytes: bytes.slice(dataStart + begin, dataStart + end),
    });
  }
  return { metadata, tensors };
}

/** Serialises tensors (and string metadata) to safetensors bytes, tensors in name order. */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, RawTensor>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = { ...metadata };
  const names = [...tensors.keys()].sort();
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const expected = t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
    if (t.bytes.length !== expected) {
      throw new TeacherFormatError(`tensor ${name}: ${t.bytes.length} bytes do not hold ${t.dtype} [${t.shape}]`);
    }
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // The format pads the header with spaces so the data section starts 8-byte aligned.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(HEADER_LENGTH_BYTES + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, HEADER_LENGTH_BYTES);
  let at = HEADER_LENGTH_BYTES + json.length;
  for (const name of names) {
    const b = tensors.get(name)!.bytes;
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Writes a safetensors file atomically (temp file + rename). */
export async function writeSafetensors(
  path: string,
  tensors: ReadonlyMap<string, RawTensor>,
  metadata: Readonly<Record<string, string>> = {},
): Promise<void> {
  await writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}

/** Float32 tensor bytes (little-endian) for serialisation. */
export function float32Tensor(shape: readonly number[], data: Float32Array): RawTensor {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return { dtype: 'F32', shape: [...shape], bytes };
}
