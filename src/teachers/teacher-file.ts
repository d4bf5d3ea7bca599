/**
 * The project's teacher file: one msgpackr-encoded map holding everything needed to run a teacher
 * (architecture spec, preprocessing preset, input scaling, action set, float32 weights in PyTorch
 * layout under canonical names) and where it came from (source, licence, training env). Written
 * atomically; a SHA-256 over the weights catches corruption that msgpack decoding would not.
 * Conventional extension: `.teacher`.
 */
import { createHash } from 'node:crypto';
import { Packr } from 'msgpackr';
import type { TorchTensor } from '../models/params.js';
import { type ArchitectureSpec, validateSpec } from '../models/spec.js';
import { TeacherFormatError } from './errors.js';
import { readBytes, writeFileAtomic } from './fs.js';

export const TEACHER_FORMAT = 'sobolev-distill/teacher';
/** Plain msgpack maps (no msgpackr records), so the file is readable by any msgpack decoder. */
const packr = new Packr({ useRecords: false });
export const TEACHER_FORMAT_VERSION = 1;

/** Where a teacher came from. */
export interface Provenance {
  /** Who trained it and where it was published, e.g. "greydanus/baby-a3c model.80.tar". */
  readonly source: string;
  /** Its licence, e.g. "MIT". */
  readonly licence: string;
  /** The environment it was trained on, e.g. "gym Pong-v4 (frameskip 2-4, no sticky actions)". */
  readonly trainingEnv: string;
  /** The file it was imported from, if any. */
  readonly importedFrom?: string;
  readonly notes?: string;
}

/** The action set: the network's output i is the env's action i. */
export interface ActionSet {
  readonly count: number;
  /** Gymnasium's get_action_meanings() of the env, when known. */
  readonly meanings?: readonly string[];
}

/** Everything a teacher file holds. */
export interface TeacherData {
  readonly arch: ArchitectureSpec;
  /** Name of the preprocessing preset the teacher expects (src/envs presets, e.g. `sb3-atari`, `baby-a3c`). */
  readonly preset: string;
  /** Observations are multiplied by this before the network (1/255 for uint8 frames, 1 for baby-a3c's floats). */
  readonly inputScale: number;
  readonly actions: ActionSet;
  /** Canonical parameter name → float32 weights in PyTorch layout. */
  readonly weights: ReadonlyMap<string, TorchTensor>;
  readonly provenance: Provenance;
}

interface EncodedWeight {
  shape: number[];
  /** float32 little-endian bytes. */
  data: Uint8Array;
}

interface EncodedTeacher {
  format: string;
  version: number;
  arch: ArchitectureSpec;
  preset: string;
  inputScale: number;
  actions: { count: number; meanings?: string[] };
  provenance: Provenance;
  weights: Record<string, EncodedWeight>;
  /** Hex SHA-256 over (name, shape, bytes) of every weight in name order. */
  weightsSha256: string;
}

function float32Bytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

function bytesToFloat32(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function weightsDigest(weights: Record<string, EncodedWeight>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(weights).sort()) {
    const w = weights[name]!;
    hash.update(`${name}:${w.shape.join(',')}:`);
    hash.update(w.data);
  }
  return hash.digest('hex');
}

function checkData(data: TeacherData): void {
  validateSpec(data.arch);
  if (typeof data.preset !== 'string' || data.preset.length === 0)
    throw new TeacherFormatError('preset must be a non-empty string');
  if (!(Number.isFinite(data.inputScale) && data.inputScale > 0))
    throw new TeacherFormatError('inputScale must be a positive number');
  if (data.actions.count !== data.arch.numActions) {
    throw new TeacherFormatError(
      `the action set has ${data.actions.count} actions, the network ${data.arch.numActions}`,
    );
  }
  if (data.actions.meanings && data.actions.meanings.length !== data.actions.count) {
    throw new TeacherFormatError(`${data.actions.meanings.length} action meanings for ${data.actions.count} actions`);
  }
  for (const key of ['source', 'licence', 'trainingEnv'] as const) {
    if (typeof data.provenance[key] !== 'string') throw new TeacherFormatError(`provenance.${key} must be a string`);
  }
}

/** Encodes a teacher to bytes (after checking it). */
export function encodeTeacher(data: TeacherData): Uint8Array {
  checkData(data);
  const weights: Record<string, EncodedWeight> = {};
  for (const [name, w] of data.weights) {
    if (w.data.length !== w.shape.reduce((a, b) => a * b, 1)) {
      throw new TeacherFormatError(`weight ${name}: ${w.data.length} values do not fill shape [${w.shape}]`);
    }
    weights[name] = { shape: [...w.shape], data: float32Bytes(w.data) };
  }
  const encoded: EncodedTeacher = {
    format: TEACHER_FORMAT,
    version: TEACHER_FORMAT_VERSION,
    arch: data.arch,
    preset: data.preset,
    inputScale: data.inputScale,
    actions: { count: data.actions.count, ...(data.actions.meanings ? { meanings: [...data.actions.meanings] } : {}) },
    provenance: { ...data.provenance },
    weights,
    weightsSha256: weightsDigest(weights),
  };
  return packr.pack(encoded);
}

/** Decodes teacher bytes; `source` names the file in errors. */
export function decodeTeacher(bytes: Uint8Array, source = 'teacher data'): TeacherData {
  let raw: unknown;
  try {
    raw = packr.unpack(bytes);
  } catch (e) {
    throw new TeacherFormatError(
      `${source}: not a readable teacher file (${(e as Error).message}); it may be truncated or corrupt`,
    );
  }
  const t = raw as Partial<EncodedTeacher>;
  if (typeof t !== 'object' || t === null || t.format !== TEACHER_FORMAT) {
    throw new TeacherFormatError(`${source}: not a ${TEACHER_FORMAT} file`);
  }
  if (t.version !== TEACHER_FORMAT_VERSION) {
    throw new TeacherFormatError(
      `${source}: teacher format version ${t.version}; this build reads version ${TEACHER_FORMAT_VERSION}`,
    );
  }
  if (
    typeof t.weights !== 'object' ||
    t.weights === null ||
    typeof t.weightsSha256 !== 'string' ||
    !t.arch ||
    !t.actions ||
    !t.provenance
  ) {
    throw new TeacherFormatError(`${source}: teacher file is missing fields (truncated or corrupt)`);
  }
  for (const [name, w] of Object.entries(t.weights)) {
    if (!Array.isArray(w?.shape) || !(w.data instanceof Uint8Array))
      throw new TeacherFormatError(`${source}: weight ${name} is malformed`);
    if (w.data.length !== w.shape.reduce((a, b) => a * b, 1) * 4) {
      throw new TeacherFormatError(
        `${source}: weight ${name} has ${w.data.length} bytes for shape [${w.shape}] (corrupt)`,
      );
    }
  }
  if (weightsDigest(t.weights) !== t.weightsSha256) {
    throw new TeacherFormatError(
      `${source}: weights do not match their SHA-256: the file is corrupt; re-import or re-download it`,
    );
  }
  const weights = new Map<string, TorchTensor>(
    Object.entries(t.weights).map(([name, w]) => [name, { shape: w.shape, data: bytesToFloat32(w.data) }] as const),
  );
  const data: TeacherData = {
    arch: t.arch,
    preset: t.preset as string,
    inputScale: t.inputScale as number,
    actions: t.actions,
    weights,
    provenance: t.provenance,
  };
  try {
    checkData(data);
  } catch (e) {
    throw new TeacherFormatError(`${source}: ${(e as Error).message}`);
  }
  return data;
}

/** Writes a teacher file atomically (temp file + rename). */
export async function writeTeacherFile(path: string, data: TeacherData): Promise<void> {
  await writeFileAtomic(path, encodeTeacher(data));
}

/** Reads and checks a teacher file. */
export async function readTeacherFile(path: string): Promise<TeacherData> {
  return decodeTeacher(await readBytes(path), path);
}

/** msgpack map headers: fixmap (0x80-0x8f, 1 byte), map16 (0xde, 3 bytes), map32 (0xdf, 5 bytes). */
const MAP_HEADER_BYTES: ReadonlyArray<readonly [number, number, number]> = [
  [0x80, 0x8f, 1],
  [0xde, 0xde, 3],
  [0xdf, 0xdf, 5],
];
const FORMAT_KEY = [0xa6, ...new TextEncoder().encode('format')];

/** Whether bytes look like a teacher file (a msgpack map whose first key is `format`). */
export function looksLikeTeacherFile(bytes: Uint8Array): boolean {
  const first = bytes[0] ?? -1;
  const header = MAP_HEADER_BYTES.find(([lo, hi]) => first >= lo && first <= hi);
  return header !== undefined && FORMAT_KEY.every((b, i) => bytes[header[2] + i] === b);
}
