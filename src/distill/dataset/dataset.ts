/**
 * A dataset in memory: its segments, which episodes are held out for testing, and gathering of
 * batches (frame stacks, teacher logits and states) by sample index.
 */
import { DatasetMismatchError, DistillConfigError } from '../errors.js';
import { deriveSeed, STREAM } from '../rng.js';
import type { DatasetInfo, Segment } from './types.js';

export type SplitName = 'train' | 'test';

const UINT32_RANGE = 4294967296;

/** The hash of an episode id under a split seed, uniform in [0, 1). Prefix-stable: it depends on nothing else. */
export function episodeSplitKey(seed: number, episode: number): number {
  return deriveSeed(seed, STREAM.split, episode) / UINT32_RANGE;
}

/**
 * Test episodes: those whose key is below `testFraction`. With at least two episodes and a fraction in
 * (0, 1), at least one episode lands on each side (the lowest key is moved to test, the highest to train).
 */
export function splitEpisodes(episodes: readonly number[], testFraction: number, seed: number): Set<number> {
  if (!(testFraction >= 0 && testFraction < 1))
    throw new DistillConfigError(`test fraction must be in [0, 1), got ${testFraction}`);
  const keyed = [...new Set(episodes)]
    .map((e) => ({ e, k: episodeSplitKey(seed, e) }))
    .sort((a, b) => a.k - b.k || a.e - b.e);
  const test = new Set(keyed.filter((x) => x.k < testFraction).map((x) => x.e));
  if (testFraction > 0 && keyed.length >= 2) {
    if (test.size === 0) test.add(keyed[0]!.e);
    if (test.size === keyed.length) test.delete(keyed[keyed.length - 1]!.e);
  }
  return test;
}

/** Flat sample addressing over a list of segments. */
export class SampleIndex {
  readonly segment: Int32Array;
  readonly step: Int32Array;

  constructor(segments: readonly number[], lengths: (s: number) => number) {
    let total = 0;
    for (const s of segments) total += lengths(s);
    this.segment = new Int32Array(total);
    this.step = new Int32Array(total);
    let i = 0;
    for (const s of segments) {
      const n = lengths(s);
      for (let t = 0; t < n; t++, i++) {
        this.segment[i] = s;
        this.step[i] = t;
      }
    }
  }

  get size(): number {
    return this.segment.length;
  }
}

export class Dataset {
  readonly segments: Segment[] = [];
  readonly frameSize: number;
  private readonly testEpisodes: Set<number>;
  private indexCache: Partial<Record<SplitName, SampleIndex>> = {};

  constructor(
    readonly info: DatasetInfo,
    segments: readonly Segment[] = [],
    testEpisodes: Iterable<number> = [],
  ) {
    this.frameSize = info.frameShape[0] * info.frameShape[1];
    this.testEpisodes = new Set(testEpisodes);
    this.append(segments);
  }

  /** Adds segments (e.g. a new collection round); `test` marks their episodes as held out. */
  append(segments: readonly Segment[], test?: ReadonlySet<number>): void {
    for (const s of segments) {
      checkSegment(this.info, s, `segment ${this.segments.length}`);
      this.segments.push(s);
    }
    if (test) for (const e of test) this.testEpisodes.add(e);
    this.indexCache = {};
  }

  /** Replaces the held-out episodes. */
  setTestEpisodes(test: Iterable<number>): void {
    this.testEpisodes.clear();
    for (const e of test) this.testEpisodes.add(e);
    this.indexCache = {};
  }

  get testEpisodeIds(): number[] {
    return [...this.testEpisodes].sort((a, b) => a - b);
  }

  episodeIds(): number[] {
    return [...new Set(this.segments.map((s) => s.episode))].sort((a, b) => a - b);
  }

  get samples(): number {
    return this.segments.reduce((n, s) => n + s.length, 0);
  }

  /** The samples of a split (segments in dataset order, steps in order). */
  index(split: SplitName): SampleIndex {
    const cached = this.indexCache[split];
    if (cached) return cached;
    const wantTest = split === 'test';
    const chosen: number[] = [];
    this.segments.forEach((s, i) => {
      if (this.testEpisodes.has(s.episode) === wantTest) chosen.push(i);
    });
    const index = new SampleIndex(chosen, (i) => this.segments[i]!.length);
    this.indexCache[split] = index;
    return index;
  }

  /** Checks that stacks of `k` frames can be built from the stored history. */
  checkStack(k: number): void {
    if (!Number.isInteger(k) || k < 1) throw new DistillConfigError(`frame stack must be an integer ≥ 1, got ${k}`);
    if (k - 1 > this.info.maxHistory) {
      throw new DatasetMismatchError(
        `stacks of ${k} frames need ${k - 1} frames of history, and this dataset keeps ${this.info.maxHistory}; collect it again with a larger --history, or use a stack of at most ${this.info.maxHistory + 1}`,
      );
    }
  }

  /**
   * Writes the `k`-frame stacks (oldest frame first, [B, k, H, W] bytes) of samples `ids` of `index`
   * into `out`.
   */
  gatherStacks(index: SampleIndex, ids: ArrayLike<number>, k: number, out: Uint8Array): Uint8Array {
    const fs = this.frameSize;
    if (out.length !== ids.length * k * fs) {
      throw new DatasetMismatchError(`stack buffer holds ${out.length} bytes, expected ${ids.length} × ${k} × ${fs}`);
    }
    const zeroPad = this.info.padding === 'zero';
    for (let b = 0; b < ids.length; b++) {
      const seg = this.segments[index.segment[ids[b]!]!]!;
      const newest = seg.history + index.step[ids[b]!]!;
      for (let j = 0; j < k; j++) {
        let id = newest - (k - 1) + j;
        const at = (b * k + j) * fs;
        if (id < 0) {
          if (zeroPad) {
            out.fill(0, at, at + fs);
            continue;
          }
          id = 0;
        }
        out.set(seg.frames.subarray(id * fs, (id + 1) * fs), at);
      }
    }
    return out;
  }

  gatherLogits(index: SampleIndex, ids: ArrayLike<number>, out: Float32Array): Float32Array {
    const a = this.info.numActions;
    for (let b = 0; b < ids.length; b++) {
      const seg = this.segments[index.segment[ids[b]!]!]!;
      const t = index.step[ids[b]!]!;
      out.set(seg.logits.subarray(t * a, (t + 1) * a), b * a);
    }
    return out;
  }

  /** Recurrent teachers' input states [B, S] (zeros for a feed-forward teacher's empty state). */
  gatherStates(index: SampleIndex, ids: ArrayLike<number>, out: Float32Array): Float32Array {
    const s = this.info.stateSize;
    for (let b = 0; b < ids.length; b++) {
      const seg = this.segments[index.segment[ids[b]!]!]!;
      const t = index.step[ids[b]!]!;
      if (seg.states) out.set(seg.states.subarray(t * s, (t + 1) * s), b * s);
    }
    return out;
  }

  gatherActions(index: SampleIndex, ids: ArrayLike<number>, out: Int32Array): Int32Array {
    for (let b = 0; b < ids.length; b++) {
      out[b] = this.segments[index.segment[ids[b]!]!]!.actions[index.step[ids[b]!]!]!;
    }
    return out;
  }
}

/** Checks one segment's arrays against the dataset info; `where` names it in errors. */
export function checkSegment(info: DatasetInfo, s: Segment, where: string): void {
  const frameSize = info.frameShape[0] * info.frameShape[1];
  const n = s.length;
  const problems: string[] = [];
  if (!(Number.isInteger(n) && n > 0)) problems.push(`length ${n} is not a positive integer`);
  if (!(Number.isInteger(s.history) && s.history >= 0 && s.history <= info.maxHistory))
    problems.push(`history ${s.history} is outside 0..${info.maxHistory}`);
  if (s.frames?.length !== (s.history + n) * frameSize)
    problems.push(`frames hold ${s.frames?.length} bytes, expected (${s.history} + ${n}) × ${frameSize}`);
  if (s.logits?.length !== n * info.numActions)
    problems.push(`logits hold ${s.logits?.length} values, expected ${n} × ${info.numActions}`);
  if (s.actions?.length !== n) problems.push(`actions hold ${s.actions?.length} values, expected ${n}`);
  else if (s.actions.some((a) => a < 0 || a >= info.numActions))
    problems.push(`an action is outside 0..${info.numActions - 1}`);
  if (s.actors?.length !== n) problems.push(`actors hold ${s.actors?.length} values, expected ${n}`);
  if (s.rewards?.length !== n) problems.push(`rewards hold ${s.rewards?.length} values, expected ${n}`);
  if (info.stateSize > 0 && s.states?.length !== n * info.stateSize)
    problems.push(`states hold ${s.states?.length} values, expected ${n} × ${info.stateSize}`);
  if (problems.length > 0) {
    throw new DatasetMismatchError(`${where} (episode ${s.episode}) does not fit the dataset: ${problems.join('; ')}`);
  }
}
