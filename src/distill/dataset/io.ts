/**
 * Datasets on disk: a folder with msgpack shards (`shard-00000.msgpack`, …), each a list of whole
 * segments, and `manifest.json`, written last, naming every shard with its size and SHA-256, the
 * dataset info, where the data came from, and the train/test split (by episode).
 *
 * Every file is written atomically (temp + rename) and the manifest only after all its shards, so a
 * folder with a manifest is complete. Reading checks each shard's size (truncated), digest (corrupt),
 * format and version, and that it fits the manifest (mismatched), and says which file is wrong.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import { VERSION } from '../../version.js';
import { DatasetFormatError, DatasetMismatchError } from '../errors.js';
import { bytesOf, float32From, int32From, sha256, writeFileAtomic } from '../fs.js';
import { checkSegment, Dataset } from './dataset.js';
import { type DatasetInfo, SEGMENT_ENDS, type Segment, type SegmentEnd } from './types.js';

export const DATASET_FORMAT = 'sobolev-distill/dataset';
export const SHARD_FORMAT = 'sobolev-distill/dataset-shard';
export const DATASET_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
/** Samples per shard before a new one starts (≈ 50 MB of 84×84 frames). */
export const DEFAULT_SHARD_SAMPLES = 6000;

/** Plain msgpack maps (no msgpackr records): readable by any msgpack decoder. */
const packr = new Packr({ useRecords: false });

export interface ShardEntry {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly segments: number;
  readonly samples: number;
}

export interface DatasetManifest {
  readonly format: string;
  readonly version: number;
  readonly codeVersion: string;
  readonly created: string;
  readonly info: DatasetInfo;
  /** Where the data came from (env id and options, teacher, collection settings): free-form, recorded as given. */
  readonly source: Readonly<Record<string, unknown>>;
  readonly split: { readonly testFraction: number; readonly seed: number; readonly test: readonly number[] };
  readonly counts: { readonly segments: number; readonly episodes: number; readonly samples: number };
  readonly shards: readonly ShardEntry[];
}

interface EncodedSegment {
  episode: number;
  part: number;
  env: number;
  offset: number;
  history: number;
  length: number;
  end: string;
  frames: Uint8Array;
  logits: Uint8Array;
  actions: Uint8Array;
  actors: Uint8Array;
  rewards: Uint8Array;
  states?: Uint8Array;
}

interface EncodedShard {
  format: string;
  version: number;
  index: number;
  info: DatasetInfo;
  segments: EncodedSegment[];
}

function checkByteOrder(): void {
  if (endianness() !== 'LE') {
    throw new DatasetFormatError('datasets store little-endian arrays; this machine is big-endian');
  }
}

const shardName = (index: number) => `shard-${String(index).padStart(5, '0')}.msgpack`;

export function encodeShard(index: number, info: DatasetInfo, segments: readonly Segment[]): Uint8Array {
  const shard: EncodedShard = {
    format: SHARD_FORMAT,
    version: DATASET_FORMAT_VERSION,
    index,
    info,
    segments: segments.map((s) => ({
      episode: s.episode,
      part: s.part,
      env: s.env,
      offset: s.offset,
      history: s.history,
      length: s.length,
      end: s.end,
      frames: s.frames,
      logits: bytesOf(s.logits),
      actions: bytesOf(s.actions),
      actors: s.actors,
      rewards: bytesOf(s.rewards),
      ...(s.states ? { states: bytesOf(s.states) } : {}),
    })),
  };
  return packr.pack(shard);
}

/** The dataset info fields that must agree between manifest and shards. */
const INFO_KEYS: readonly (keyof DatasetInfo)[] = [
  'frameShape',
  'envStack',
  'padding',
  'observation',
  'numActions',
  'stateSize',
  'maxHistory',
];

function sameInfo(a: DatasetInfo, b: DatasetInfo): string[] {
  return INFO_KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map(
    (k) => `${k} ${JSON.stringify(b[k])} vs ${JSON.stringify(a[k])}`,
  );
}

export function decodeShard(bytes: Uint8Array, file: string, info: DatasetInfo, expectedIndex: number): Segment[] {
  let raw: unknown;
  try {
    raw = packr.unpack(bytes);
  } catch (e) {
    throw new DatasetFormatError(`${file}: not a readable shard (${(e as Error).message}); it is corrupt`);
  }
  const shard = raw as Partial<EncodedShard>;
  if (typeof shard !== 'object' || shard === null || shard.format !== SHARD_FORMAT) {
    throw new DatasetFormatError(`${file}: not a ${SHARD_FORMAT} file`);
  }
  if (shard.version !== DATASET_FORMAT_VERSION) {
    throw new DatasetFormatError(
      `${file}: shard format version ${shard.version}; this build reads version ${DATASET_FORMAT_VERSION}: collect the dataset again`,
    );
  }
  if (shard.index !== expectedIndex || !shard.info || !Array.isArray(shard.segments)) {
    throw new DatasetMismatchError(`${file}: shard ${shard.index} is listed as shard ${expectedIndex} of the manifest`);
  }
  const diff = sameInfo(info, shard.info);
  if (diff.length > 0) {
    throw new DatasetMismatchError(`${file} belongs to another dataset (${diff.join('; ')} in the manifest)`);
  }
  return shard.segments.map((e, i) => {
    if (!SEGMENT_ENDS.includes(e.end as SegmentEnd))
      throw new DatasetFormatError(`${file}: segment ${i} has an unknown end '${e.end}'`);
    for (const key of ['frames', 'logits', 'actions', 'actors', 'rewards'] as const) {
      if (!(e[key] instanceof Uint8Array)) throw new DatasetFormatError(`${file}: segment ${i} has no ${key}`);
      if (key !== 'frames' && key !== 'actors' && e[key].byteLength % 4 !== 0)
        throw new DatasetFormatError(`${file}: segment ${i} ${key} is not whole 32-bit values`);
    }
    const segment: Segment = {
      episode: e.episode,
      part: e.part,
      env: e.env,
      offset: e.offset,
      history: e.history,
      length: e.length,
      end: e.end as SegmentEnd,
      frames: new Uint8Array(e.frames),
      logits: float32From(e.logits),
      actions: int32From(e.actions),
      actors: new Uint8Array(e.actors),
      rewards: float32From(e.rewards),
      ...(e.states instanceof Uint8Array ? { states: float32From(e.states) } : {}),
    };
    checkSegment(info, segment, `${file}: segment ${i}`);
    return segment;
  });
}

export interface DatasetWriterOptions {
  /** Samples per shard (default DEFAULT_SHARD_SAMPLES). */
  readonly shardSamples?: number;
  /** Replace a dataset already in the folder (default false: refuse). */
  readonly overwrite?: boolean;
}

/** Writes shards as segments come in, and the manifest at `finish`. */
export class DatasetWriter {
  private pending: Segment[] = [];
  private pendingSamples = 0;
  private readonly shards: ShardEntry[] = [];
  private readonly episodes = new Set<number>();
  private segmentCount = 0;
  private sampleCount = 0;
  private readonly shardSamples: number;

  private constructor(
    readonly dir: string,
    readonly info: DatasetInfo,
    shardSamples: number,
  ) {
    this.shardSamples = shardSamples;
  }

  static async create(dir: string, info: DatasetInfo, options: DatasetWriterOptions = {}): Promise<DatasetWriter> {
    checkByteOrder();
    await mkdir(dir, { recursive: true });
    const existing = (await readdir(dir)).filter((f) => f === MANIFEST_FILE || /^shard-\d+\.msgpack$/.test(f));
    if (existing.length > 0) {
      if (!options.overwrite) {
        throw new DatasetFormatError(
          `${dir} already holds a dataset (${existing.length} files); choose another folder or pass overwrite (--overwrite)`,
        );
      }
      // The manifest goes first, so the folder never looks complete with a mix of old and new shards.
      await rm(join(dir, MANIFEST_FILE), { force: true });
      for (const f of existing) await rm(join(dir, f), { force: true });
    }
    return new DatasetWriter(dir, info, options.shardSamples ?? DEFAULT_SHARD_SAMPLES);
  }

  async add(segments: readonly Segment[]): Promise<void> {
    for (const s of segments) {
      checkSegment(this.info, s, `segment of episode ${s.episode}`);
      this.pending.push(s);
      this.pendingSamples += s.length;
      this.episodes.add(s.episode);
      this.segmentCount += 1;
      this.sampleCount += s.length;
      if (this.pendingSamples >= this.shardSamples) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const index = this.shards.length;
    const bytes = encodeShard(index, this.info, this.pending);
    const file = shardName(index);
    await writeFileAtomic(join(this.dir, file), bytes);
    this.shards.push({
      file,
      bytes: bytes.byteLength,
      sha256: sha256(bytes),
      segments: this.pending.length,
      samples: this.pendingSamples,
    });
    this.pending = [];
    this.pendingSamples = 0;
  }

  /** Writes the last shard and the manifest; returns the manifest. */
  async finish(split: DatasetManifest['split'], source: Readonly<Record<string, unknown>>): Promise<DatasetManifest> {
    await this.flush();
    const manifest: DatasetManifest = {
      format: DATASET_FORMAT,
      version: DATASET_FORMAT_VERSION,
      codeVersion: VERSION,
      created: new Date().toISOString(),
      info: this.info,
      source,
      split: { ...split, test: [...split.test].sort((a, b) => a - b) },
      counts: { segments: this.segmentCount, episodes: this.episodes.size, samples: this.sampleCount },
      shards: this.shards,
    };
    await writeFileAtomic(join(this.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }
}

/** Writes a whole in-memory dataset. */
export async function writeDataset(
  dir: string,
  dataset: Dataset,
  split: Omit<DatasetManifest['split'], 'test'>,
  source: Readonly<Record<string, unknown>>,
  options: DatasetWriterOptions = {},
): Promise<DatasetManifest> {
  const writer = await DatasetWriter.create(dir, dataset.info, options);
  await writer.add(dataset.segments);
  return writer.finish({ ...split, test: dataset.testEpisodeIds }, source);
}

/** Reads and checks a dataset folder's manifest only. */
export async function readManifest(dir: string): Promise<DatasetManifest> {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw new DatasetFormatError(`${dir}: no such dataset folder`);
  if (!existsSync(path)) {
    throw new DatasetFormatError(
      `${dir} has no ${MANIFEST_FILE}: its collection did not finish, or it is not a dataset folder; collect it again`,
    );
  }
  let m: Partial<DatasetManifest>;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as Partial<DatasetManifest>;
  } catch (e) {
    throw new DatasetFormatError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (m.format !== DATASET_FORMAT) throw new DatasetFormatError(`${path}: not a ${DATASET_FORMAT} manifest`);
  if (m.version !== DATASET_FORMAT_VERSION) {
    throw new DatasetFormatError(
      `${path}: dataset format version ${m.version}; this build reads version ${DATASET_FORMAT_VERSION}: collect the dataset again`,
    );
  }
  if (!m.info || !Array.isArray(m.shards) || !m.split || !Array.isArray(m.split.test)) {
    throw new DatasetFormatError(`${path}: manifest is missing info, shards or split`);
  }
  return m as DatasetManifest;
}

/** Reads a dataset folder, checking every shard against the manifest. */
export async function readDataset(dir: string): Promise<{ dataset: Dataset; manifest: DatasetManifest }> {
  checkByteOrder();
  const manifest = await readManifest(dir);
  const segments: Segment[] = [];
  for (const [index, entry] of manifest.shards.entries()) {
    const path = join(dir, entry.file);
    if (!existsSync(path))
      throw new DatasetFormatError(`${path}: shard listed in the manifest is missing; collect the dataset again`);
    const size = (await stat(path)).size;
    if (size !== entry.bytes) {
      throw new DatasetFormatError(
        `${path}: ${size} bytes, the manifest says ${entry.bytes}: the shard is ${size < entry.bytes ? 'truncated' : 'corrupt'}; collect the dataset again`,
      );
    }
    const bytes = new Uint8Array(await readFile(path));
    if (sha256(bytes) !== entry.sha256) {
      throw new DatasetFormatError(
        `${path}: SHA-256 differs from the manifest's: the shard is corrupt; collect the dataset again`,
      );
    }
    const shardSegments = decodeShard(bytes, path, manifest.info, index);
    if (shardSegments.length !== entry.segments) {
      throw new DatasetMismatchError(`${path}: ${shardSegments.length} segments, the manifest says ${entry.segments}`);
    }
    segments.push(...shardSegments);
  }
  const samples = segments.reduce((n, s) => n + s.length, 0);
  if (samples !== manifest.counts.samples) {
    throw new DatasetMismatchError(
      `${dir}: shards hold ${samples} samples, the manifest says ${manifest.counts.samples}`,
    );
  }
  return { dataset: new Dataset(manifest.info, segments, manifest.split.test), manifest };
}
