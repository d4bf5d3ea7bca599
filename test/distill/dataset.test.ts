import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SegmentBuilder } from '../../src/distill/dataset/builder.js';
import { Dataset, splitEpisodes } from '../../src/distill/dataset/dataset.js';
import { MANIFEST_FILE, readDataset, writeDataset } from '../../src/distill/dataset/io.js';
import type { DatasetInfo, Segment } from '../../src/distill/dataset/types.js';
import { DatasetFormatError, DatasetMismatchError } from '../../src/distill/errors.js';
import { Random } from '../../src/distill/rng.js';

const FRAME: [number, number] = [3, 2];
const FRAME_SIZE = FRAME[0] * FRAME[1];

function info(overrides: Partial<DatasetInfo> = {}): DatasetInfo {
  return {
    frameShape: FRAME,
    envStack: 2,
    padding: 'reset',
    observation: 'uint8',
    numActions: 3,
    stateSize: 0,
    maxHistory: 3,
    ...overrides,
  };
}

/** Frame t of episode e: every byte is e * 50 + t (distinct, easy to check). */
const frameOf = (e: number, t: number) => new Uint8Array(FRAME_SIZE).fill((e * 50 + t) % 256);

/** FrameStack's observation at step t of an episode (the k newest frames, padded at the start). */
function referenceStack(e: number, t: number, k: number, padding: 'reset' | 'zero'): Uint8Array {
  const out = new Uint8Array(k * FRAME_SIZE);
  for (let j = 0; j < k; j++) {
    const id = t - (k - 1) + j;
    if (id >= 0) out.set(frameOf(e, id), j * FRAME_SIZE);
    else if (padding === 'reset') out.set(frameOf(e, 0), j * FRAME_SIZE);
  }
  return out;
}

/** Episodes of the given lengths, recorded in segments of at most `cutEvery` steps. */
function record(lengths: readonly number[], cutEvery: number, dsInfo = info()): Segment[] {
  const segments: Segment[] = [];
  lengths.forEach((n, e) => {
    const b = new SegmentBuilder(dsInfo, e % 2);
    b.begin(e, frameOf(e, 0));
    for (let t = 0; t < n; t++) {
      const logits = Float32Array.from({ length: dsInfo.numActions }, (_, a) => e + t / 100 + a);
      b.record(
        logits,
        (e + t) % dsInfo.numActions,
        t % 2,
        dsInfo.stateSize ? new Float32Array(dsInfo.stateSize).fill(t) : undefined,
      );
      b.outcome(t === n - 1 ? 1 : 0.5, t === n - 1 ? undefined : frameOf(e, t + 1));
      if (t === n - 1) segments.push(b.finish(e % 2 === 0 ? 'terminated' : 'truncated')!);
      else if ((t + 1) % cutEvery === 0) segments.push(b.finish('running')!);
    }
  });
  return segments;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sd-dataset-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('segments and stacks', () => {
  for (const padding of ['reset', 'zero'] as const) {
    it(`rebuilds FrameStack observations (${padding} padding) across segment cuts, for every stack up to history + 1`, () => {
      const dsInfo = info({ padding });
      const lengths = [7, 2, 11];
      const segments = record(lengths, 3, dsInfo);
      expect(segments.filter((s) => s.end === 'running').length).toBeGreaterThan(0);
      const dataset = new Dataset(dsInfo, segments);
      const index = dataset.index('train');
      expect(index.size).toBe(20);
      for (const k of [1, 2, 3, 4]) {
        const ids = Int32Array.from({ length: index.size }, (_, i) => i);
        const out = dataset.gatherStacks(index, ids, k, new Uint8Array(index.size * k * FRAME_SIZE));
        for (let i = 0; i < index.size; i++) {
          const seg = dataset.segments[index.segment[i]!]!;
          const t = seg.offset + index.step[i]!;
          expect(out.subarray(i * k * FRAME_SIZE, (i + 1) * k * FRAME_SIZE)).toEqual(
            referenceStack(seg.episode, t, k, padding),
          );
        }
      }
      expect(() => dataset.checkStack(5)).toThrow(DatasetMismatchError);
    });
  }

  it('keeps per-step logits, actions, actors, rewards and episode ends', () => {
    const segments = record([4, 3], 10);
    expect(segments.map((s) => [s.episode, s.length, s.end])).toEqual([
      [0, 4, 'terminated'],
      [1, 3, 'truncated'],
    ]);
    expect([...segments[0]!.rewards]).toEqual([0.5, 0.5, 0.5, 1]);
    expect([...segments[1]!.actions]).toEqual([1, 2, 0]);
    expect([...segments[1]!.actors]).toEqual([0, 1, 0]);
    expect(segments[1]!.logits[3]).toBeCloseTo(1.01, 6);
  });
});

describe('splits by episode', () => {
  it('puts whole episodes on one side, deterministically, with both sides non-empty', () => {
    const episodes = Array.from({ length: 40 }, (_, e) => e);
    const a = splitEpisodes(episodes, 0.25, 3);
    expect(splitEpisodes(episodes, 0.25, 3)).toEqual(a);
    expect(a.size).toBeGreaterThan(2);
    expect(a.size).toBeLessThan(20);
    expect(splitEpisodes(episodes, 0.25, 4)).not.toEqual(a);
    expect(splitEpisodes([5, 6], 0.01, 0).size).toBe(1);
    expect(splitEpisodes([5, 6], 0.99 - 0.09, 0).size).toBe(1);
    expect(splitEpisodes(episodes, 0, 3).size).toBe(0);

    const segments = record([5, 9, 4, 6, 8, 3], 2);
    const test = splitEpisodes([0, 1, 2, 3, 4, 5], 0.4, 1);
    const dataset = new Dataset(info(), segments, test);
    const side = (split: 'train' | 'test') => {
      const idx = dataset.index(split);
      return new Set([...idx.segment].map((s) => dataset.segments[s]!.episode));
    };
    const train = side('train');
    const held = side('test');
    expect([...held].sort()).toEqual([...test].sort());
    for (const e of held) expect(train.has(e)).toBe(false);
    expect(dataset.index('train').size + dataset.index('test').size).toBe(dataset.samples);
  });
});

describe('dataset files', () => {
  const dsInfo = info({ stateSize: 2 });
  const segments = record([6, 9, 3, 5], 4, dsInfo);
  const dataset = new Dataset(dsInfo, segments, splitEpisodes([0, 1, 2, 3], 0.3, 9));

  async function written(): Promise<string> {
    const dir = tempDir();
    await writeDataset(dir, dataset, { testFraction: 0.3, seed: 9 }, { env: 'test' }, { shardSamples: 8 });
    return dir;
  }

  it('round-trips segments, info and split through shards and a manifest', async () => {
    const dir = await written();
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.version).toBe(1);
    expect(manifest.shards.length).toBeGreaterThan(1);
    expect(manifest.counts).toEqual({ segments: segments.length, episodes: 4, samples: 23 });
    const back = await readDataset(dir);
    expect(back.dataset.info).toEqual(dsInfo);
    expect(back.dataset.testEpisodeIds).toEqual(dataset.testEpisodeIds);
    expect(back.dataset.segments).toEqual(segments);
  });

  it('refuses to overwrite a dataset unless asked', async () => {
    const dir = await written();
    await expect(writeDataset(dir, dataset, { testFraction: 0.3, seed: 9 }, {})).rejects.toThrow(
      /already holds a dataset/,
    );
    await writeDataset(dir, dataset, { testFraction: 0.3, seed: 9 }, {}, { overwrite: true });
    expect((await readDataset(dir)).dataset.samples).toBe(23);
  });

  it('names a truncated shard', async () => {
    const dir = await written();
    const shard = join(dir, 'shard-00001.msgpack');
    truncateSync(shard, 40);
    await expect(readDataset(dir)).rejects.toThrow(DatasetFormatError);
    await expect(readDataset(dir)).rejects.toThrow(
      /shard-00001\.msgpack: 40 bytes, the manifest says \d+: the shard is truncated/,
    );
  });

  it('names a corrupt shard (same size, one byte changed)', async () => {
    const dir = await written();
    const shard = join(dir, 'shard-00000.msgpack');
    const bytes = readFileSync(shard);
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(shard, bytes);
    await expect(readDataset(dir)).rejects.toThrow(
      /shard-00000\.msgpack: SHA-256 differs from the manifest's: the shard is corrupt/,
    );
  });

  it('names a shard of another dataset, a missing shard, a missing manifest and another version', async () => {
    const dir = await written();
    const other = tempDir();
    const otherInfo = info({ numActions: 4, stateSize: 2 });
    await writeDataset(other, new Dataset(otherInfo, record([3, 3], 10, otherInfo)), { testFraction: 0, seed: 0 }, {});
    // Swap in the other dataset's shard and fix size and digest in the manifest: only the contents disagree.
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const foreign = readFileSync(join(other, 'shard-00000.msgpack'));
    const otherManifest = JSON.parse(readFileSync(join(other, MANIFEST_FILE), 'utf8'));
    writeFileSync(join(dir, 'shard-00000.msgpack'), foreign);
    manifest.shards[0] = { ...manifest.shards[0], bytes: foreign.length, sha256: otherManifest.shards[0].sha256 };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await expect(readDataset(dir)).rejects.toThrow(DatasetMismatchError);
    await expect(readDataset(dir)).rejects.toThrow(/belongs to another dataset \(numActions 4 vs 3/);

    const fresh = await written();
    rmSync(join(fresh, 'shard-00001.msgpack'));
    await expect(readDataset(fresh)).rejects.toThrow(/shard-00001\.msgpack: shard listed in the manifest is missing/);

    const freshManifest = JSON.parse(readFileSync(join(fresh, MANIFEST_FILE), 'utf8'));
    writeFileSync(join(fresh, MANIFEST_FILE), JSON.stringify({ ...freshManifest, version: 99 }));
    await expect(readDataset(fresh)).rejects.toThrow(/dataset format version 99; this build reads version 1/);

    rmSync(join(fresh, MANIFEST_FILE));
    await expect(readDataset(fresh)).rejects.toThrow(/has no manifest\.json: its collection did not finish/);
  });

  it('rejects segments that do not fit the info', () => {
    const bad = { ...segments[0]!, logits: new Float32Array(2) };
    expect(() => new Dataset(dsInfo, [bad])).toThrow(/logits hold 2 values, expected 4 × 3/);
    const action = { ...segments[0]!, actions: Int32Array.from(segments[0]!.actions, () => 7) };
    expect(() => new Dataset(dsInfo, [action])).toThrow(/an action is outside 0\.\.2/);
  });
});

describe('Random', () => {
  it('shuffles deterministically and covers every index', () => {
    const a = new Random(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    const b = new Random(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
