/**
 * FrameReplay against FrameStack: every stored transition must read back exactly the stacked observation
 * and next observation FrameStack produced when it was recorded, across episode boundaries and eviction.
 */
import { describe, expect, it } from 'vitest';
import {
  FrameReplay,
  FrameStack,
  ReplayIndexError,
  ReplayOrderError,
  ShapeMismatchError,
  type StackPadding,
  WrapperConfigError,
} from '../../src/envs/index.js';
import { mismatches, NO_MISMATCH } from '../helpers/arrays.js';
import { type EpisodeScript, ScriptedAtariEnv } from './fakes.js';

const K = 4;
const FRAME = 8 * 6;

interface Recorded {
  obs: Uint8Array;
  next: Uint8Array;
  action: number;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/** Runs FrameStack(K) over scripted episodes, feeding the replay and keeping copies of every transition. */
function record(
  episodes: EpisodeScript[],
  count: number,
  replay: FrameReplay,
  padding: StackPadding,
  maxEpisodeFrames?: number,
): Recorded[] {
  const env = new FrameStack(
    new ScriptedAtariEnv({
      episodes,
      obsType: 'grayscale',
      ...(maxEpisodeFrames === undefined ? {} : { maxEpisodeFrames }),
    }),
    K,
    padding,
  );
  const out: Recorded[] = [];
  let obs = Uint8Array.from(env.reset().obs);
  replay.beginEpisode(obs.subarray((K - 1) * FRAME));
  for (let i = 0; i < count; i++) {
    const action = i % 4;
    const r = env.step(action);
    const next = Uint8Array.from(r.obs);
    replay.append(action, r.reward, next.subarray((K - 1) * FRAME), r.terminated, r.truncated);
    out.push({ obs, next, action, reward: r.reward, terminated: r.terminated, truncated: r.truncated });
    if (r.terminated || r.truncated) {
      obs = Uint8Array.from(env.reset().obs);
      replay.beginEpisode(obs.subarray((K - 1) * FRAME));
    } else {
      obs = next;
    }
  }
  return out;
}

function expectSame(replay: FrameReplay, recorded: Recorded[]): void {
  const offset = recorded.length - replay.size;
  const obs = new Uint8Array(K * FRAME);
  for (let i = 0; i < replay.size; i++) {
    const want = recorded[offset + i]!;
    expect(mismatches(replay.obsInto(i, obs), want.obs), `obs ${i}`).toMatchObject(NO_MISMATCH);
    expect(mismatches(replay.nextObsInto(i, obs), want.next), `next ${i}`).toMatchObject(NO_MISMATCH);
    expect([replay.action(i), replay.reward(i), replay.terminated(i), replay.truncated(i)]).toEqual([
      want.action,
      want.reward,
      want.terminated,
      want.truncated,
    ]);
  }
}

const EPISODES: EpisodeScript[] = [
  { length: 1, reward: () => 1 },
  { length: 2, reward: (t) => -t },
  { length: 5, reward: (t) => t * 0.5 },
  { length: 9 },
];

describe('FrameReplay', () => {
  for (const padding of ['reset', 'zero'] as const) {
    it(`reads back FrameStack's observations across episode boundaries (padding '${padding}')`, () => {
      const replay = new FrameReplay({ capacity: 1000, frameShape: [8, 6], stack: K, padding });
      const recorded = record(EPISODES, 200, replay, padding);
      expect(replay.size).toBe(200);
      expectSame(replay, recorded);
    });
  }

  it('reads back truncated episodes too', () => {
    const replay = new FrameReplay({ capacity: 100, frameShape: [8, 6], stack: K });
    const recorded = record([{ length: 50 }], 30, replay, 'reset', 7);
    expect(recorded.filter((r) => r.truncated)).toHaveLength(4);
    expectSame(replay, recorded);
  });

  it('stores N transitions in E episodes as N + E frames, not K copies per observation', () => {
    const replay = new FrameReplay({ capacity: 10_000, frameShape: [8, 6], stack: K, chunkFrames: 256 });
    const recorded = record([{ length: 100 }], 1000, replay, 'reset');
    const episodes = 1 + recorded.filter((r) => r.terminated).length;
    expect(replay.storedFrames).toBe(1000 + episodes);
    expect(replay.frameBytes).toBe(Math.ceil((1000 + episodes) / 256) * 256 * FRAME);
    expect(replay.frameBytes).toBeLessThan((2 * K * 1000 * FRAME) / 6);
  });

  it('overwrites the oldest frames and drops exactly the transitions that needed them', () => {
    const capacity = 23;
    const replay = new FrameReplay({ capacity, frameShape: [8, 6], stack: K, chunkFrames: 5 });
    const recorded = record(EPISODES, 300, replay, 'reset');
    expect(replay.storedFrames).toBe(capacity);
    expect(replay.size).toBeGreaterThan(0);
    expect(replay.size).toBeLessThanOrEqual(capacity - 1);
    expectSame(replay, recorded);
    expect(replay.frameBytes).toBe(capacity * FRAME);
  });

  it('keeps the newest transition readable even with the smallest capacity', () => {
    const replay = new FrameReplay({ capacity: K + 1, frameShape: [8, 6], stack: K });
    const recorded = record([{ length: 40 }], 30, replay, 'zero');
    expect(replay.size).toBeGreaterThanOrEqual(1);
    expectSame(replay, recorded);
  });

  it('gathers a batch equal to reading each transition', () => {
    const replay = new FrameReplay({ capacity: 500, frameShape: [8, 6], stack: K });
    record(EPISODES, 120, replay, 'reset');
    const indices = [5, 0, 119, 42, 42];
    const batch = {
      obs: new Uint8Array(indices.length * K * FRAME),
      nextObs: new Uint8Array(indices.length * K * FRAME),
      actions: new Int32Array(indices.length),
      rewards: new Float32Array(indices.length),
      terminated: new Uint8Array(indices.length),
    };
    replay.gather(indices, batch);
    const one = new Uint8Array(K * FRAME);
    indices.forEach((i, b) => {
      const slice = (a: Uint8Array) => a.subarray(b * K * FRAME, (b + 1) * K * FRAME);
      expect(mismatches(slice(batch.obs), replay.obsInto(i, one))).toMatchObject(NO_MISMATCH);
      expect(mismatches(slice(batch.nextObs), replay.nextObsInto(i, one))).toMatchObject(NO_MISMATCH);
      expect([batch.actions[b], batch.rewards[b], batch.terminated[b] === 1]).toEqual([
        replay.action(i),
        replay.reward(i),
        replay.terminated(i),
      ]);
    });
    expect(() => replay.gather([1, 2], { actions: new Int32Array(3) })).toThrow(ShapeMismatchError);
  });

  it('gives each held transition a stable slot for side data', () => {
    const replay = new FrameReplay({ capacity: 10, frameShape: [2], stack: 2 });
    replay.beginEpisode(Uint8Array.of(1, 1));
    const slots = [0, 1, 2].map((a) => replay.append(a, 0, Uint8Array.of(a, a), false, false));
    expect(slots.map((_, i) => replay.slotOf(i))).toEqual(slots);
  });

  it('fails clearly on misuse', () => {
    const replay = new FrameReplay({ capacity: 10, frameShape: [2, 2], stack: 2 });
    expect(() => replay.append(0, 0, new Uint8Array(4), false, false)).toThrow(ReplayOrderError);
    expect(() => replay.beginEpisode(new Uint8Array(3))).toThrow(ShapeMismatchError);
    replay.beginEpisode(new Uint8Array(4));
    replay.append(0, 0, new Uint8Array(4), true, false);
    expect(() => replay.append(0, 0, new Uint8Array(4), false, false)).toThrow(/beginEpisode/);
    expect(() => replay.obsInto(1, new Uint8Array(8))).toThrow(ReplayIndexError);
    expect(() => replay.obsInto(0, new Uint8Array(7))).toThrow(ShapeMismatchError);
    expect(() => new FrameReplay({ capacity: 2, frameShape: [2], stack: 2 })).toThrow(WrapperConfigError);
    expect(() => new FrameReplay({ capacity: 10, frameShape: [0], stack: 2 })).toThrow(WrapperConfigError);
  });
});
