/**
 * Training checkpoints: `ckpt-<step>.msgpack` files in a run folder, each holding everything a run
 * needs to continue exactly: the student's weights (PyTorch layout, canonical names), Adam's step
 * count and moments, the random state (seed and step: every stream is a function of them), the data
 * cursor, the config, the metrics history, the dataset it trains on (folder and manifest digest) and
 * the code version.
 *
 * The file is a msgpack map { payload: bytes, sha256 } whose payload is the msgpack-encoded
 * checkpoint, so corruption anywhere is caught before decoding. Written atomically (temp + rename);
 * the newest `keep` are kept.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import type { NamedWeights } from '../models/build.js';
import type { TorchTensor } from '../models/params.js';
import { VERSION } from '../version.js';
import { CheckpointError } from './errors.js';
import { bytesOf, float32From, sha256, writeFileAtomic } from './fs.js';
import type { AdamState } from './train/adam.js';

export const CHECKPOINT_FORMAT = 'sobolev-distill/checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
const FILE_PATTERN = /^ckpt-(\d+)\.msgpack$/;
const STEP_DIGITS = 8;

const packr = new Packr({ useRecords: false });

export interface CheckpointData {
  /** Updates done: training resumes at this step. */
  readonly step: number;
  readonly config: unknown;
  readonly weights: NamedWeights;
  readonly optimizer: AdamState;
  readonly rng: { readonly seed: number; readonly step: number };
  readonly dataCursor: unknown;
  readonly history: readonly unknown[];
  readonly dataset?: { readonly dir: string; readonly manifestSha256: string };
  /** Anything else the run wants back (timing, collection state). */
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly codeVersion?: string;
}

export interface EncodedTensor {
  shape: number[];
  data: Uint8Array;
}

/** Named weights as plain msgpack data (little-endian bytes per tensor). */
export function encodeWeights(weights: NamedWeights): Record<string, EncodedTensor> {
  const out: Record<string, EncodedTensor> = {};
  for (const [name, t] of weights) out[name] = { shape: [...t.shape], data: bytesOf(t.data) };
  return out;
}

export function decodeWeights(encoded: Record<string, EncodedTensor>): Map<string, TorchTensor> {
  return new Map(Object.entries(encoded).map(([k, t]) => [k, { shape: t.shape, data: float32From(t.data) }] as const));
}

const encodeMap = (m: ReadonlyMap<string, Float32Array>) => Object.fromEntries([...m].map(([k, v]) => [k, bytesOf(v)]));
const decodeMap = (o: Record<string, Uint8Array>) =>
  new Map(Object.entries(o).map(([k, v]) => [k, float32From(v)] as const));

export function encodeCheckpoint(c: CheckpointData): Uint8Array {
  const weights = encodeWeights(c.weights);
  const payload = packr.pack({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    codeVersion: VERSION,
    created: new Date().toISOString(),
    step: c.step,
    config: c.config,
    weights,
    optimizer: { t: c.optimizer.t, m: encodeMap(c.optimizer.m), v: encodeMap(c.optimizer.v) },
    rng: c.rng,
    dataCursor: c.dataCursor,
    history: c.history,
    dataset: c.dataset ?? null,
    extra: c.extra ?? {},
  });
  return packr.pack({ payload, sha256: sha256(payload) });
}

export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointData {
  let outer: { payload?: unknown; sha256?: unknown };
  try {
    outer = packr.unpack(bytes) as typeof outer;
  } catch (e) {
    throw new CheckpointError(
      `${source}: not a readable checkpoint (${(e as Error).message}); it is truncated or corrupt`,
    );
  }
  if (!(outer?.payload instanceof Uint8Array) || typeof outer.sha256 !== 'string') {
    throw new CheckpointError(`${source}: not a ${CHECKPOINT_FORMAT} file`);
  }
  if (sha256(outer.payload) !== outer.sha256) {
    throw new CheckpointError(`${source}: SHA-256 does not match its contents: the checkpoint is corrupt`);
  }
  // biome-ignore lint/suspicious/noExplicitAny: decoded msgpack, checked field by field below
  const p = packr.unpack(outer.payload) as any;
  if (p?.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${source}: not a ${CHECKPOINT_FORMAT} file`);
  if (p.version !== CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError(
      `${source}: checkpoint format version ${p.version}; this build reads version ${CHECKPOINT_FORMAT_VERSION}`,
    );
  }
  const weights = decodeWeights(p.weights as Record<string, EncodedTensor>);
  return {
    step: p.step,
    config: p.config,
    weights,
    optimizer: { t: p.optimizer.t, m: decodeMap(p.optimizer.m), v: decodeMap(p.optimizer.v) },
    rng: p.rng,
    dataCursor: p.dataCursor,
    history: p.history,
    ...(p.dataset ? { dataset: p.dataset } : {}),
    extra: p.extra,
    codeVersion: p.codeVersion,
  };
}

const fileFor = (step: number) => `ckpt-${String(step).padStart(STEP_DIGITS, '0')}.msgpack`;

/** Checkpoint files in `dir`, newest first. */
export async function listCheckpoints(dir: string): Promise<{ step: number; path: string }[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir))
    .map((f) => ({ f, m: FILE_PATTERN.exec(f) }))
    .filter((x) => x.m)
    .map((x) => ({ step: Number(x.m![1]), path: join(dir, x.f) }))
    .sort((a, b) => b.step - a.step);
}

/** Writes a checkpoint atomically and removes all but the newest `keep`; returns its path. */
export async function saveCheckpoint(dir: string, c: CheckpointData, keep = 2): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileFor(c.step));
  await writeFileAtomic(path, encodeCheckpoint(c));
  const all = await listCheckpoints(dir);
  for (const old of all.slice(Math.max(1, keep))) await rm(old.path, { force: true });
  return path;
}

export async function readCheckpoint(path: string): Promise<CheckpointData> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CheckpointError(`${path}: cannot read (${(e as Error).message})`);
  }
  return decodeCheckpoint(bytes, path);
}

/**
 * The newest checkpoint in `dir`, or undefined when there is none. A newest file that is corrupt is
 * an error (never silently skipped): it names the file and the one to fall back to.
 */
export async function latestCheckpoint(dir: string): Promise<{ path: string; data: CheckpointData } | undefined> {
  const all = await listCheckpoints(dir);
  if (all.length === 0) return undefined;
  const newest = all[0]!;
  try {
    return { path: newest.path, data: await readCheckpoint(newest.path) };
  } catch (e) {
    const fallback = all[1] ? `; delete it to resume from ${all[1].path}` : '; delete it to start over';
    throw new CheckpointError(`${(e as Error).message}${fallback}`);
  }
}
