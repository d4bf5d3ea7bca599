import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidActionError, ResetNeededError, ShapeMismatchError } from '../../../src/envs/errors.js';
import {
  createVectorEnv,
  type VectorEnv,
  VectorEnvConfigError,
  type VectorEnvOptions,
  VectorInvalidActionError,
  WorkerVectorEnv,
} from '../../../src/envs/vector/index.js';
import { FAKE_FACTORY, FAKE_ID, type FakeEnvOptions, makeFakeEnv } from './fake-env.js';
import { actionSequence, ReferenceVectorEnv, resetPart, snapshotOf } from './reference.js';

const N = 5;
/** Episodes of 3–9 steps, truncated at 6: the run below sees terminations, truncations and autoresets. */
const ENV_OPTIONS: FakeEnvOptions = { episodeLength: [3, 9], maxEpisodeSteps: 6 };
const STEPS = 40;

function spec(options: FakeEnvOptions = ENV_OPTIONS) {
  return { factory: FAKE_FACTORY, id: FAKE_ID, options };
}

function reference(n: number, options: FakeEnvOptions = ENV_OPTIONS): ReferenceVectorEnv {
  return new ReferenceVectorEnv(Array.from({ length: n }, (_, i) => makeFakeEnv(FAKE_ID, options, { index: i })));
}

/** Runs `fn` on a vector env built for it (fresh sub-envs, so frame numbers start at 0), then closes it. */
async function withVec(
  envSpec: ReturnType<typeof spec>,
  n: number,
  mode: VectorEnvOptions,
  fn: (vec: VectorEnv) => Promise<void> | void,
): Promise<void> {
  const vec = await createVectorEnv(envSpec, n, mode);
  try {
    await fn(vec);
  } finally {
    await vec.close();
  }
}

const MODES: readonly [string, VectorEnvOptions][] = [
  ['in-process (sync)', { mode: 'sync' }],
  ['workers, one sub-env each', { mode: 'workers', inParent: 0, spinMicros: 0 }],
  ['workers with the default (adaptive) settings', { mode: 'workers' }],
  ['workers, two sub-envs each', { mode: 'workers', envsPerWorker: 2 }],
  [
    'workers, sub-env 0 in the calling thread, polling',
    { mode: 'workers', envsPerWorker: 2, inParent: 1, spinMicros: 20 },
  ],
];

describe.each(MODES)('vector env %s', (_name, mode) => {
  let vec: VectorEnv;
  beforeAll(async () => {
    vec = await createVectorEnv(spec(), N, mode);
  });
  afterAll(async () => {
    await vec?.close();
  });

  it('has batched spaces and one typed array per field, the same arrays on every call', () => {
    expect(vec.numEnvs).toBe(N);
    expect(vec.autoresetMode).toBe('next_step');
    expect(vec.singleObservationSpace.shape).toEqual([2, 3, 4]);
    expect(vec.observationSpace.shape).toEqual([N, 2, 3, 4]);
    expect(vec.observationSpace.dtype).toBe('uint8');
    expect(vec.singleActionSpace.n).toBe(4);
    const r = vec.reset({ seed: 0 });
    const s = vec.step([0, 1, 2, 3, 0]);
    expect(r.obs).toBeInstanceOf(Uint8Array);
    expect(r.obs.length).toBe(N * 24);
    expect(s.obs).toBe(r.obs);
    expect(s.rewards).toBeInstanceOf(Float64Array);
    expect(s.terminated).toBeInstanceOf(Uint8Array);
    expect(s.truncated).toBeInstanceOf(Uint8Array);
    expect(s.info.lives).toBeInstanceOf(Int32Array);
    expect(s.info.episode_frame_number).toBeInstanceOf(Float64Array);
    expect(s.info.frame_number).toBeInstanceOf(Float64Array);
    for (const a of [s.rewards, s.terminated, s.truncated, s.info.lives, s.info.frame_number]) expect(a.length).toBe(N);
    expect(vec.step([1, 1, 1, 1, 1])).toBe(s);
    expect(s.obs).toBe(vec.buffers.obs);
    const shared = mode.mode === 'workers';
    expect(s.obs.buffer instanceof SharedArrayBuffer).toBe(shared);
    expect(s.rewards.buffer instanceof SharedArrayBuffer).toBe(shared);
  });

  it("matches Gymnasium's SyncVectorEnv stepping the same envs in-process, autoresets included", async () => {
    await withVec(spec(), N, mode, async (vec) => {
      const ref = reference(N);
      vec.reset({ seed: 100 });
      expect(resetPart(snapshotOf(vec.buffers))).toEqual(resetPart(ref.reset(100)));
      const actions = actionSequence(STEPS, N, 4, 7);
      let terminations = 0;
      let truncations = 0;
      for (const row of actions) {
        const got = snapshotOf(vec.step(row));
        const want = ref.step(row);
        expect(got).toEqual(want);
        terminations += want.terminated.reduce((a, b) => a + b, 0);
        truncations += want.truncated.reduce((a, b) => a + b, 0);
      }
      // The run must exercise both kinds of episode end (and so the autoresets after them).
      expect(terminations).toBeGreaterThan(0);
      expect(truncations).toBeGreaterThan(0);
    });
  });

  it('reproduces a trajectory from the same seeds, and differs with other seeds', () => {
    const actions = actionSequence(20, N, 4, 3);
    // frame_number counts frames since the env was built (ALE's getFrameNumber), so it never repeats: compare
    // its increments instead.
    const run = (seed: number | (number | undefined)[]) => {
      vec.reset({ seed });
      const start = Array.from(vec.buffers.info.frame_number);
      const out = [{ ...snapshotOf(vec.buffers), frameNumber: [0] }];
      for (const row of actions) {
        const s = snapshotOf(vec.step(row));
        out.push({ ...s, frameNumber: s.frameNumber.map((f, i) => f - start[i]!) });
      }
      return out;
    };
    const first = run(42);
    expect(run(42)).toEqual(first);
    expect(run([42, 43, 44, 45, 46])).toEqual(first);
    expect(run(43)).not.toEqual(first);
    // Sub-env i gets seed + i: with seed 43, sub-env 0 replays what sub-env 1 did with seed 42.
    const shifted = run(43);
    const size = vec.singleObservationSpace.size;
    expect(shifted[0]!.obs.slice(0, size)).toEqual(first[0]!.obs.slice(size, 2 * size));
  });

  it('leaves unseeded sub-envs on their current random streams (seed list with holes)', async () => {
    await withVec(spec(), N, mode, async (vec) => {
      const ref = reference(N);
      vec.reset({ seed: 5 });
      ref.reset(5);
      const actions = actionSequence(4, N, 4, 11);
      for (const row of actions) expect(snapshotOf(vec.step(row))).toEqual(ref.step(row));
      const seeds = [undefined, 9, undefined, undefined, 3];
      vec.reset({ seed: seeds });
      expect(resetPart(snapshotOf(vec.buffers))).toEqual(resetPart(ref.reset(seeds)));
      for (const row of actions) expect(snapshotOf(vec.step(row))).toEqual(ref.step(row));
    });
  });

  it('stepAsync returns what step returns', async () => {
    await withVec(spec(), N, mode, async (vec) => {
      const ref = reference(N);
      vec.reset({ seed: 8 });
      ref.reset(8);
      for (const row of actionSequence(10, N, 4, 5))
        expect(snapshotOf(await vec.stepAsync(row))).toEqual(ref.step(row));
    });
  });

  it('refuses bad actions before any sub-env steps, naming the sub-env, and stays usable', () => {
    vec.reset({ seed: 1 });
    const before = snapshotOf(vec.buffers);
    const bad = () => vec.step([0, 1, 4, 0, 0]);
    expect(bad).toThrow(VectorInvalidActionError);
    expect(bad).toThrow(InvalidActionError);
    expect(bad).toThrow(/sub-env 2: action 4 is not in the action space/);
    expect(() => vec.step([0, 1, 0.5, 0, 0])).toThrow(VectorInvalidActionError);
    expect(() => vec.step([0, 1, 2])).toThrow(ShapeMismatchError);
    expect(snapshotOf(vec.buffers)).toEqual(before);
    expect(() => vec.step([0, 0, 0, 0, 0])).not.toThrow();
  });

  it('checks seeds and reset masks', () => {
    expect(() => vec.reset({ seed: [1, 2] })).toThrow(VectorEnvConfigError);
    expect(() => vec.reset({ seed: -1 })).toThrow(VectorEnvConfigError);
    expect(() => vec.reset({ seed: 1.5 })).toThrow(VectorEnvConfigError);
    expect(() => vec.reset({ resetMask: [true, false] })).toThrow(VectorEnvConfigError);
    expect(() => vec.reset({ resetMask: [false, false, false, false, false] })).toThrow(/at least one/);
  });
});

describe.each(MODES)('next-step autoreset, exactly (%s)', (_name, mode) => {
  it('resets on the step after termination: reset obs, reward 0, flags false, action ignored, no frames emulated', async () => {
    const options: FakeEnvOptions = { episodeLength: 3 };
    const vec = await createVectorEnv(spec(options), 2, mode);
    try {
      // What the sub-envs do, stepped by hand: episode of 3 steps, then an unseeded reset.
      const hand = [0, 1].map((i) => makeFakeEnv(FAKE_ID, options, { index: i }));
      vec.reset({ seed: 10 });
      for (const [i, env] of hand.entries()) env.reset({ seed: 10 + i });
      const actions = [2, 3];
      for (let t = 1; t <= 3; t++) {
        const s = vec.step(actions);
        const want = hand.map((env, i) => env.step(actions[i]!));
        expect(Array.from(s.terminated)).toEqual(t === 3 ? [1, 1] : [0, 0]);
        expect(Array.from(s.rewards)).toEqual(want.map((w) => w.reward));
      }
      const frameAtEnd = Array.from(vec.buffers.info.frame_number);
      expect(Array.from(vec.buffers.info.lives)).toEqual([0, 0]);

      // The autoreset step ignores its actions (a step would have emulated frames and changed the obs).
      const s = vec.step([1, 0]);
      const resets = hand.map((env) => env.reset());
      expect(Array.from(s.obs)).toEqual(resets.flatMap((r) => Array.from(r.obs)));
      expect(Array.from(s.rewards)).toEqual([0, 0]);
      expect(Array.from(s.terminated)).toEqual([0, 0]);
      expect(Array.from(s.truncated)).toEqual([0, 0]);
      expect(Array.from(s.info.lives)).toEqual([3, 3]);
      expect(Array.from(s.info.episode_frame_number)).toEqual([0, 0]);
      expect(Array.from(s.info.frame_number)).toEqual(frameAtEnd);

      // The next step is an ordinary first step of the new episode.
      const next = vec.step([3, 1]);
      const want = [hand[0]!.step(3), hand[1]!.step(1)];
      expect(Array.from(next.obs)).toEqual(want.flatMap((w) => Array.from(w.obs)));
      expect(Array.from(next.rewards)).toEqual(want.map((w) => w.reward));
      expect(Array.from(next.info.episode_frame_number)).toEqual([4, 4]);
    } finally {
      await vec.close();
    }
  });

  it('autoresets after truncation the same way', async () => {
    const options: FakeEnvOptions = { episodeLength: 5, maxEpisodeSteps: 2 };
    const vec = await createVectorEnv(spec(options), 2, mode);
    try {
      vec.reset({ seed: 3 });
      vec.step([0, 0]);
      const end = vec.step([0, 0]);
      expect(Array.from(end.truncated)).toEqual([1, 1]);
      expect(Array.from(end.terminated)).toEqual([0, 0]);
      const hand = [0, 1].map((i) => makeFakeEnv(FAKE_ID, options, { index: i }));
      hand.forEach((env, i) => {
        env.reset({ seed: 3 + i });
        env.step(0);
        env.step(0);
      });
      const s = vec.step([3, 3]);
      expect(Array.from(s.obs)).toEqual(hand.flatMap((env) => Array.from(env.reset().obs)));
      expect(Array.from(s.rewards)).toEqual([0, 0]);
      expect(Array.from(s.truncated)).toEqual([0, 0]);
      expect(Array.from(s.info.episode_frame_number)).toEqual([0, 0]);
    } finally {
      await vec.close();
    }
  });

  it('a masked reset resets only the selected sub-envs; the others keep a pending autoreset', async () => {
    const options: FakeEnvOptions = { episodeLength: 2 };
    const vec = await createVectorEnv(spec(options), 3, mode);
    try {
      const ref = reference(3, options);
      vec.reset({ seed: 20 });
      ref.reset(20);
      for (const row of [
        [1, 1, 1],
        [2, 2, 2],
      ])
        expect(snapshotOf(vec.step(row))).toEqual(ref.step(row));
      expect(Array.from(vec.buffers.terminated)).toEqual([1, 1, 1]);
      const mask = [false, true, false];
      const before = snapshotOf(vec.buffers);
      vec.reset({ seed: [undefined, 77, undefined], resetMask: mask });
      const got = snapshotOf(vec.buffers);
      const want = ref.reset([undefined, 77, undefined], mask);
      expect(resetPart(got)).toEqual(resetPart(want));
      // Sub-envs outside the mask keep their entries; sub-env 1's flags are cleared.
      expect(got.obs.slice(0, 24)).toEqual(before.obs.slice(0, 24));
      expect(got.terminated).toEqual([1, 0, 1]);
      // Sub-envs 0 and 2 autoreset on this step; sub-env 1 takes its first step.
      const s = snapshotOf(vec.step([3, 3, 3]));
      expect(s).toEqual(ref.step([3, 3, 3]));
      expect(s.rewards[0]).toBe(0);
      expect(s.episodeFrameNumber).toEqual([0, 4, 0]);
    } finally {
      await vec.close();
    }
  });

  it('refuses to step sub-envs that were never reset', async () => {
    const vec = await createVectorEnv(spec(), 2, mode);
    try {
      expect(() => vec.step([0, 0])).toThrow(ResetNeededError);
      vec.reset({ seed: 0, resetMask: [true, false] });
      expect(() => vec.step([0, 0])).toThrow(/sub-env\(s\) 1 were ever reset/);
      vec.reset({ seed: 0, resetMask: [false, true] });
      expect(() => vec.step([0, 0])).not.toThrow();
    } finally {
      await vec.close();
    }
  });
});

describe('float32 observations', () => {
  it('come back as one Float32Array [n, ...shape] equal to the in-process envs', async () => {
    const options: FakeEnvOptions = { dtype: 'float32', obsShape: [1, 5, 5] };
    const vec = await createVectorEnv(spec(options), 3, { envsPerWorker: 2, inParent: 0 });
    try {
      expect(vec).toBeInstanceOf(WorkerVectorEnv);
      expect((vec as WorkerVectorEnv).numWorkers).toBe(2);
      expect(vec.observationSpace.shape).toEqual([3, 1, 5, 5]);
      expect(vec.observationSpace.dtype).toBe('float32');
      const ref = reference(3, options);
      const r = vec.reset({ seed: 4 });
      expect(r.obs).toBeInstanceOf(Float32Array);
      expect(r.obs.length).toBe(75);
      const want = ref.reset(4);
      expect(Array.from(r.obs)).toEqual(Array.from(new Float32Array(want.obs)));
      for (const row of actionSequence(12, 3, 4, 2)) {
        const got = snapshotOf(vec.step(row));
        const exp = ref.step(row);
        expect({ ...got, obs: undefined }).toEqual({ ...exp, obs: undefined });
        expect(got.obs).toEqual(Array.from(new Float32Array(exp.obs)));
      }
    } finally {
      await vec.close();
    }
  });
});
