/**
 * PyTorch `torch.save` archives (the zip format, torch >= 1.6): `<name>/data.pkl` is a pickle whose
 * tensors point by persistent id at raw little-endian storages `<name>/data/<key>`. We read the
 * pickle with the restricted unpickler and return the state_dict's tensors, nested dicts flattened
 * with dots.
 */
import { unzipSync } from 'fflate';
import { TeacherFormatError } from '../errors.js';
import { type PickleDict, type StorageRef, storageDType, type TensorRef, unpickle } from './pickle.js';
import { DTYPE_BYTES, type RawTensor } from './tensors.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PICKLE_NAME = 'data.pkl';

export const isZip = (bytes: Uint8Array): boolean => ZIP_MAGIC.every((b, i) => bytes[i] === b);

/** Unzips, turning fflate's errors into a TeacherFormatError. */
export function unzip(bytes: Uint8Array, source: string): Record<string, Uint8Array> {
  if (!isZip(bytes)) throw new TeacherFormatError(`${source}: not a zip archive`);
  try {
    return unzipSync(bytes);
  } catch (e) {
    throw new TeacherFormatError(`${source}: corrupt or truncated zip archive (${(e as Error).message})`);
  }
}

function isTensorRef(v: unknown): v is TensorRef {
  return typeof v === 'object' && v !== null && (v as TensorRef).kind === 'tensor';
}

/** The tensor's elements in row-major order, gathered through its strides. */
function materialise(t: TensorRef, storage: Uint8Array, name: string, source: string): RawTensor {
  const es = DTYPE_BYTES[t.storage.dtype];
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (storage.length < t.storage.numel * es) {
    throw new TeacherFormatError(
      `${source}: storage ${t.storage.key} of ${name} is shorter than its ${t.storage.numel} elements`,
    );
  }
  // Largest element index the view reaches, to bounds-check before copying.
  const last = t.offset + t.shape.reduce((acc, d, i) => acc + (d > 0 ? (d - 1) * t.stride[i]! : 0), 0);
  if (numel > 0 && (t.offset < 0 || last >= t.storage.numel)) {
    throw new TeacherFormatError(`${source}: tensor ${name} reaches past the end of its storage`);
  }
  const out = new Uint8Array(numel * es);
  const contiguous = t.shape.every(
    (_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1) === t.stride[i] || t.shape[i] === 1,
  );
  if (contiguous) {
    out.set(storage.subarray(t.offset * es, (t.offset + numel) * es));
    return { dtype: t.storage.dtype, shape: t.shape, bytes: out };
  }
  const index = new Array<number>(t.shape.length).fill(0);
  for (let i = 0; i < numel; i++) {
    let src = t.offset;
    for (let d = 0; d < index.length; d++) src += index[d]! * t.stride[d]!;
    out.set(storage.subarray(src * es, src * es + es), i * es);
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < t.shape[d]!) break;
      index[d] = 0;
    }
  }
  return { dtype: t.storage.dtype, shape: t.shape, bytes: out };
}

function flatten(value: unknown, prefix: string, out: Map<string, TensorRef>): void {
  if (isTensorRef(value)) {
    out.set(prefix, value);
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value as PickleDict) {
      if (typeof k !== 'string' && typeof k !== 'number') continue;
      flatten(v, prefix ? `${prefix}.${k}` : String(k), out);
    }
  }
  // Anything else (numbers, strings, optimizer settings) is not a weight.
}

/** Reads a torch.save zip archive; returns every tensor, by dotted name. */
export function readTorchZip(bytes: Uint8Array, source: string): Map<string, RawTensor> {
  const files = unzip(bytes, source);
  const pickleName = Object.keys(files).find((n) => n === PICKLE_NAME || n.endsWith(`/${PICKLE_NAME}`));
  if (!pickleName) {
    throw new TeacherFormatError(
      `${source}: no data.pkl in the archive; is it a torch.save file? (legacy non-zip torch.save files are not supported: re-save with torch >= 1.6)`,
    );
  }
  const root = pickleName.slice(0, pickleName.length - PICKLE_NAME.length);
  const byteorder = files[`${root}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') {
    throw new TeacherFormatError(`${source}: big-endian storages are not supported`);
  }
  const persistentLoad = (pid: unknown): StorageRef => {
    if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) {
      throw new TeacherFormatError(`${source}: unexpected persistent id ${JSON.stringify(pid)}`);
    }
    const dtype = storageDType(pid[1]);
    const key = pid[2];
    const numel = pid[4];
    if (!dtype || typeof key !== 'string' || !Number.isInteger(numel)) {
      throw new TeacherFormatError(`${source}: malformed storage reference ${JSON.stringify(pid.slice(2))}`);
    }
    return { kind: 'storage', dtype, key, numel: numel as number };
  };
  const state = unpickle(files[pickleName]!, persistentLoad, source);
  const refs = new Map<string, TensorRef>();
  flatten(state, '', refs);
  if (refs.size === 0) throw new TeacherFormatError(`${source}: the archive holds no tensors`);
  const tensors = new Map<string, RawTensor>();
  for (const [name, ref] of refs) {
    const storage = files[`${root}data/${ref.storage.key}`];
    if (!storage)
      throw new TeacherFormatError(
        `${source}: storage data/${ref.storage.key} of ${name} is missing (truncated archive?)`,
      );
    tensors.set(name, materialise(ref, storage, name, source));
  }
  return tensors;
}
