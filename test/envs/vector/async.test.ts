import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResetNeededError, ShapeMismatchError } from '../../../src/envs/errors.js';
import {
  createVectorEnv,
  NothingInFlightError,
  SubEnvBusyError,
  SubEnvError,
  SyncVectorEnv,
  type VectorEnv,
  VectorEnvConfigError,
  type VectorEnvOptions,
  VectorEnvStateError,
  VectorEnvTimeoutError,
  VectorInvalidActionError,
  type VectorRecvResult,
  WorkerCrashedError,
  type WorkerVectorEnv,
} from '../../../src/envs/vector/index.js';
import { FAKE_EXIT_CODE, FAKE_FACTORY, FAKE_ID, type FakeEnvOptions, FakeFaultError, makeFakeEnv } from './fake-env.js';
import { actionSequence } from './reference.js';

const N = 5;
/** Episodes of 3–9 steps, truncated at 6: every sub-env's run sees terminations, truncations and autoresets. */
const ENV_OPTIONS: FakeEnvOptions = { episodeLength: [3, 9], maxEpisodeSteps: 6 };
const STEPS = 30;

function spec(options: FakeEnvOptions = ENV_OPTIONS) {
  return { factory: FAKE_FACTORY, id: FAKE_ID, options };
}

/** One sub-env's result, as plain numbers. */
interface Row {
  readonly obs: number[];
  readonly reward: number;
  readonly terminated: number;
  readonly truncated: number;
  readonly lives: number;
  readonly episodeFrameNumber: number;
  readonly frameNumber: number;
}

function rowOf(
  r: {
    obs: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };
    rewards: ArrayLike<number>;
    terminated: ArrayLike<number>;
    truncated: ArrayLike<number>;
    info: { lives: ArrayLike<number>; episode_frame_number: ArrayLike<number>; frame_number: ArrayLike<number> };
  },
  k: number,
  size: number,
): Row {
  return {
    obs: Array.from(r.obs.subarray(k * size, (k + 1) * size)),
    reward: r.rewards[k]!,
    terminated: r.terminated[k]!,
    truncated: r.truncated[k]!,
    lives: r.info.lives[k]!,
    episodeFrameNumber: r.info.episode_frame_number[k]!,
    frameNumber: r.info.frame_number[k]!,
  };
}

/** Per sub-env: its reset row, then one row per step, driven by `step()` in lockstep (SyncVectorEnv). */
async function lockstepTrajectories(
  options: FakeEnvOptions,
  n: number,
  seed: number,
  actions: number[][],
): Promise<Row[][]> {
  const vec = await SyncVectorEnv.create(spec(options), n);
  try {
    const size = vec.singleObservationSpace.size;
    const out: Row[][] = Array.from({ length: n }, () => []);
    const r = vec.reset({ seed });
    const first = {
      ...r,
      rewards: vec.buffers.rewards,
      terminated: vec.buffers.terminated,
      truncated: vec.buffers.truncated,
    };
    for (let e = 0; e < n; e++) out[e]!.push(rowOf(first, e, size));
    for (const row of actions) {
      const s = vec.step(row);
      for (let e = 0; e < n; e++) out[e]!.push(rowOf(s, e, size));
    }
    return out;
  } finally {
    await vec.close();
  }
}

/** mulberry32, for reproducible scheduling choices. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Per sub-env: its reset row, then one row per step, driven by asyncReset/send/recv. Sub-env e's t-th step
 * gets `actions[t][e]`, as under lockstep, but which sub-envs are sent to when, and how many results recv
 * waits for, are drawn at random: results are held back and sent later, recv waits for 1 to all busy ones.
 */
async function asyncTrajectories(
  vec: VectorEnv,
  seed: number,
  actions: number[][],
  scheduleSeed: number,
  useRecvAsync = false,
): Promise<Row[][]> {
  const n = vec.numEnvs;
  const size = vec.singleObservationSpace.size;
  const random = rng(scheduleSeed);
  const out: Row[][] = Array.from({ length: n }, () => []);
  const held: number[] = [];
  const sendSome = (candidates: number[], all: boolean): void => {
    const ids: number[] = [];
    const acts: number[] = [];
    for (const e of candidates) {
      const t = out[e]!.length - 1;
      if (t >= actions.length) continue;
      if (all || random() < 0.6) {
        ids.push(e);
        acts.push(actions[t]![e]!);
      } else {
        held.push(e);
      }
    }
    if (ids.length > 0) vec.send(acts, ids);
  };
  vec.asyncReset({ seed });
  while (out.some((rows) => rows.length < actions.length + 1)) {
    if (vec.busyEnvs === 0) sendSome(held.splice(0), true);
    const busy = vec.busyEnvs;
    const minEnvs = 1 + Math.floor(random() * busy);
    const r = useRecvAsync ? await vec.recvAsync({ minEnvs }) : vec.recv({ minEnvs });
    expect(r.envIds.length).toBeGreaterThanOrEqual(minEnvs);
    const got = Array.from(r.envIds);
    for (let k = 0; k < got.length; k++) out[got[k]!]!.push(rowOf(r, k, size));
    sendSome([...held.splice(0), ...got], false);
  }
  return out;
}

const MODES: readonly [string, VectorEnvOptions, FakeEnvOptions][] = [
  ['in-process (sync)', { mode: 'sync' }, ENV_OPTIONS],
  ['workers, one sub-env each, no polling', { inParent: 0, envsPerWorker: 1, spinMicros: 0 }, ENV_OPTIONS],
  ['workers with the default (adaptive) settings', {}, ENV_OPTIONS],
  [
    'workers, two sub-envs each, one in the calling thread, polling',
    { envsPerWorker: 2, inParent: 1, spinMicros: 50 },
    ENV_OPTIONS,
  ],
  // Steps of 300 µs make the threads overlap, so results come back in ever-changing orders.
  [
    'workers, slow steps, two in the calling thread',
    { envsPerWorker: 2, inParent: 2 },
    { ...ENV_OPTIONS, spinMicros: 300 },
  ],
  // Resets in 4 pieces of 300 µs: the calling thread's resets stop between pieces for worker results.
  [
    'workers, resets in pieces, two in the calling thread',
    { envsPerWorker: 2, inParent: 2 },
    { ...ENV_OPTIONS, spinMicros: 300, resetPieces: 4 },
  ],
];

describe.each(MODES)('asynchronous use (%s)', (_name, mode, options) => {
  it('gives every sub-env the trajectory step() gives it with the same seeds and actions (SyncVectorEnv)', async () => {
    const actions = actionSequence(STEPS, N, 4, 9);
    const want = await lockstepTrajectories(options, N, 200, actions);
    // The run must exercise both kinds of episode end, and so the autoresets after them.
    const flat = want.flat();
    expect(flat.some((r) => r.terminated === 1)).toBe(true);
    expect(flat.some((r) => r.truncated === 1)).toBe(true);
    const vec = await createVectorEnv(spec(options), N, mode);
    try {
      for (const scheduleSeed of [1, 2]) {
        // Fresh sub-envs count frames from 0; a second run on the same ones compares frame-number increments.
        // The second run waits with recvAsync.
        const got = await asyncTrajectories(vec, 200, actions, scheduleSeed, scheduleSeed === 2);
        if (scheduleSeed === 1) {
          expect(got).toEqual(want);
        } else {
          const rebased = (rows: Row[][]) =>
            rows.map((r) => r.map((x) => ({ ...x, frameNumber: x.frameNumber - r[0]!.frameNumber })));
          expect(rebased(got)).toEqual(rebased(want));
        }
      }
      // Back to lockstep: step() continues each sub-env from where asynchronous use left it.
      expect(vec.busyEnvs).toBe(0);
      expect(() => vec.step(new Array<number>(N).fill(0))).not.toThrow();
    } finally {
      await vec.close();
    }
  });
});

describe.each(MODES.slice(0, 4))('send/recv usage (%s)', (_name, mode) => {
  let vec: VectorEnv;
  beforeAll(async () => {
    vec = await createVectorEnv(spec(), N, mode);
  });
  afterAll(async () => {
    await vec?.close();
  });

  it('refuses to send to sub-envs never reset, and recv with nothing in flight', async () => {
    const fresh = await createVectorEnv(spec(), 2, mode);
    try {
      expect(() => fresh.send([0, 0])).toThrow(ResetNeededError);
      expect(() => fresh.recv()).toThrow(NothingInFlightError);
      expect(() => fresh.recv()).toThrow(/send\(\) actions or asyncReset\(\) first/);
      fresh.asyncReset({ seed: 0, resetMask: [true, false] });
      expect(() => fresh.send([0], [1])).toThrow(/sub-env\(s\) 1 that were never reset/);
      expect(Array.from(fresh.recv().envIds)).toEqual([0]);
      expect(() => fresh.send([1], [0])).not.toThrow();
      expect(Array.from(fresh.recv().envIds)).toEqual([0]);
    } finally {
      await fresh.close();
    }
  });

  it('returns reset rows with reward 0 and flags 0, and one row per sub-env that finished', () => {
    vec.asyncReset({ seed: 3 });
    expect(vec.busyEnvs).toBe(N);
    const r = vec.recv({ minEnvs: N });
    expect(r.envIds.length).toBe(N);
    expect([...r.envIds].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(r.obs.length).toBe(N * vec.singleObservationSpace.size);
    expect(Array.from(r.rewards)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(r.terminated)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(r.truncated)).toEqual([0, 0, 0, 0, 0]);
    expect(vec.busyEnvs).toBe(0);
  });

  it('refuses to send to a busy sub-env, step() or reset() while sub-envs are busy; stays usable', () => {
    vec.asyncReset({ seed: 4 });
    vec.recv({ minEnvs: N });
    vec.send([1, 2], [3, 1]);
    expect(() => vec.send([0, 0], [0, 1])).toThrow(SubEnvBusyError);
    expect(() => vec.send([0, 0], [0, 1])).toThrow(/sub-env\(s\) 1 still busy.*recv\(\) their results first/);
    expect(() => vec.step([0, 0, 0, 0, 0])).toThrow(SubEnvBusyError);
    expect(() => vec.reset()).toThrow(SubEnvBusyError);
    expect(() => vec.asyncReset({ resetMask: [0, 0, 0, 1, 0] })).toThrow(/sub-env\(s\) 3 still busy/);
    expect(() => vec.recv({ minEnvs: 3 })).toThrow(NothingInFlightError);
    expect(() => vec.recv({ minEnvs: 3 })).toThrow(/only 2 sub-env\(s\) are busy/);
    // Nothing was sent by the refused calls: exactly sub-envs 1 and 3 come back.
    const r = vec.recv({ minEnvs: 2 });
    expect([...r.envIds].sort()).toEqual([1, 3]);
    expect(vec.busyEnvs).toBe(0);
    expect(() => vec.step([0, 0, 0, 0, 0])).not.toThrow();
  });

  it('resets the sub-envs a mask selects while others step, with their own seeds', () => {
    vec.reset({ seed: 7 });
    vec.send([1, 1], [0, 1]);
    vec.asyncReset({ seed: [undefined, undefined, 50, undefined, 60], resetMask: [0, 0, 1, 0, 1] });
    expect(vec.busyEnvs).toBe(4);
    const r = vec.recv({ minEnvs: 4 });
    const size = vec.singleObservationSpace.size;
    const rows = new Map(Array.from(r.envIds, (e, k) => [e, rowOf(r, k, size)] as const));
    expect([...rows.keys()].sort()).toEqual([0, 1, 2, 4]);
    for (const [e, seed] of [
      [2, 50],
      [4, 60],
    ] as const) {
      const want = makeFakeEnv(FAKE_ID, ENV_OPTIONS, { index: e }).reset({ seed });
      expect(rows.get(e)!.obs).toEqual(Array.from(want.obs));
      expect(rows.get(e)!.episodeFrameNumber).toBe(0);
      expect(rows.get(e)!.reward).toBe(0);
    }
    // Sub-envs 0 and 1 took their first step.
    expect(rows.get(0)!.episodeFrameNumber).toBe(4);
    expect(rows.get(1)!.episodeFrameNumber).toBe(4);
  });

  it('checks envIds, actions and recv arguments before sending anything', () => {
    vec.reset({ seed: 5 });
    expect(() => vec.send([0, 4], [0, 1])).toThrow(VectorInvalidActionError);
    expect(() => vec.send([0, 4], [0, 1])).toThrow(/sub-env 1: action 4 is not in the action space/);
    expect(() => vec.send([0, 0], [0, 0])).toThrow(/sub-env 0 appears twice/);
    expect(() => vec.send([0], [N])).toThrow(VectorEnvConfigError);
    expect(() => vec.send([0], [1.5])).toThrow(VectorEnvConfigError);
    expect(() => vec.send([0, 0], [0])).toThrow(ShapeMismatchError);
    expect(() => vec.send([0, 0])).toThrow(ShapeMismatchError);
    expect(vec.busyEnvs).toBe(0);
    vec.send([0, 1, 2, 3, 0]);
    expect(() => vec.recv({ minEnvs: 0 })).toThrow(VectorEnvConfigError);
    expect(() => vec.recv({ minEnvs: 2, maxEnvs: 1 })).toThrow(VectorEnvConfigError);
    const r = vec.recv({ minEnvs: 2, maxEnvs: 2 });
    expect(r.envIds.length).toBe(2);
    expect(vec.busyEnvs).toBe(3);
    vec.recv({ minEnvs: 3 });
    expect(vec.busyEnvs).toBe(0);
  });

  it("returns copies that sends and the sub-envs' next steps leave alone, in the same arrays for the same row count", async () => {
    vec.reset({ seed: 6 });
    vec.send([1, 1, 1, 1, 1]);
    const r = vec.recv({ minEnvs: N });
    const snapshot = (x: VectorRecvResult) => ({
      ids: Array.from(x.envIds),
      obs: Array.from(x.obs),
      rewards: Array.from(x.rewards),
      frames: Array.from(x.info.frame_number),
    });
    const before = snapshot(r);
    vec.send([2, 2, 2, 2, 2]);
    // The sub-envs step meanwhile (workers at once), overwriting their rows of `buffers`, not `r`.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(snapshot(r)).toEqual(before);
    const next = vec.recv({ minEnvs: N });
    expect(next).toBe(r);
    expect(snapshot(next)).not.toEqual(before);
  });
});

describe('recv with sub-envs in the calling thread', () => {
  it('in-process: runs only as many queued requests as it needs, first sent first', async () => {
    const vec = await SyncVectorEnv.create(spec(), 3);
    try {
      vec.asyncReset({ seed: 1 });
      expect(Array.from(vec.recv({ minEnvs: 3 }).envIds)).toEqual([0, 1, 2]);
      vec.send([1, 1, 1], [2, 0, 1]);
      expect(Array.from(vec.recv().envIds)).toEqual([2]);
      vec.send([1], [2]);
      // Sub-envs 0 and 1 were sent before sub-env 2's second request: they run first.
      expect(Array.from(vec.recv().envIds)).toEqual([0]);
      expect(Array.from(vec.recv({ minEnvs: 2 }).envIds)).toEqual([1, 2]);
    } finally {
      await vec.close();
    }
  });

  it('workers: polls the workers before each request it runs itself', async () => {
    // Sub-envs 0 and 1 in the calling thread take 80 ms a step; sub-env 2, in the worker, no time.
    const options: FakeEnvOptions = { episodeLength: 100, spinMicrosByEnv: [80_000, 80_000, 0] };
    const vec = await createVectorEnv(spec(options), 3, { envsPerWorker: 1, inParent: 2, spinMicros: 0 });
    try {
      vec.asyncReset({ seed: 2 });
      vec.recv({ minEnvs: 3 });
      vec.send([1, 1, 1]);
      // Sub-env 2's result is in by the end of sub-env 0's step (if not before it): recv returns it without
      // running sub-env 1's step, which would hold it up another 80 ms.
      const r = vec.recv();
      expect(Array.from(r.envIds)).toContain(2);
      expect(Array.from(r.envIds)).not.toContain(1);
      expect(vec.busyEnvs).toBe(3 - r.envIds.length);
    } finally {
      await vec.close();
    }
  });
});

/**
 * Drives every sub-env with action 0 through send/recv until something throws, and returns it; recv waits
 * for one result (`minEnvs` 1), or with `all` for every busy sub-env. Gives up after `limit` recv calls.
 */
function recvUntilThrow(vec: VectorEnv, all = false, limit = 10_000): unknown {
  try {
    vec.asyncReset({ seed: 0 });
    for (let t = 0; t < limit; t++) {
      const r = vec.recv({ minEnvs: all ? vec.busyEnvs : 1 });
      vec.send(new Array<number>(r.envIds.length).fill(0), r.envIds);
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('asynchronous use, when things go wrong', () => {
  it('a worker sub-env that throws surfaces in recv as SubEnvError naming it; the vector env then refuses use', async () => {
    const vec = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 2, atStep: 3, kind: 'throw' } }),
      4,
      { envsPerWorker: 2, inParent: 0 },
    )) as WorkerVectorEnv;
    try {
      const error = recvUntilThrow(vec) as SubEnvError;
      expect(error).toBeInstanceOf(SubEnvError);
      expect(error).toMatchObject({ envIndex: 2, phase: 'step', causeName: 'FakeFaultError' });
      expect(error.causeStack).toContain('fake-env.ts');
      expect(() => vec.recv()).toThrow(VectorEnvStateError);
      expect(() => vec.send([0], [0])).toThrow(VectorEnvStateError);
      expect(() => vec.asyncReset()).toThrow(VectorEnvStateError);
    } finally {
      await vec.close();
    }
    expect(vec.liveWorkers).toBe(0);
  });

  it('a sub-env of the calling thread, or of an in-process vector env, keeps the original error as the cause', async () => {
    const options: FakeEnvOptions = { episodeLength: 100, fault: { envIndex: 0, atStep: 2, kind: 'throw' } };
    const workers = await createVectorEnv(spec(options), 2, { envsPerWorker: 1, inParent: 1 });
    const sync = await SyncVectorEnv.create(spec(options), 2);
    try {
      for (const vec of [workers, sync]) {
        const error = recvUntilThrow(vec) as SubEnvError;
        expect(error).toBeInstanceOf(SubEnvError);
        expect(error).toMatchObject({ envIndex: 0, phase: 'step' });
        expect(error.cause).toBeInstanceOf(FakeFaultError);
        expect(() => vec.recv()).toThrow(VectorEnvStateError);
      }
    } finally {
      await workers.close();
      await sync.close();
    }
  });

  it('a worker that dies raises WorkerCrashedError from recv instead of hanging', async () => {
    const vec = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 3, atStep: 2, kind: 'exit' } }),
      4,
      { envsPerWorker: 2, inParent: 0 },
    )) as WorkerVectorEnv;
    try {
      const error = recvUntilThrow(vec);
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error).toMatchObject({ workerIndex: 1, envIndices: [2, 3], exitCode: FAKE_EXIT_CODE });
      expect(() => vec.recv()).toThrow(VectorEnvStateError);
    } finally {
      await vec.close();
    }
    expect(vec.liveWorkers).toBe(0);
  });

  it('a sub-env that hangs raises VectorEnvTimeoutError from a recv that waits for it, naming its worker', async () => {
    const vec = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 1, atStep: 2, kind: 'hang' } }),
      3,
      { timeoutMs: 500, envsPerWorker: 1, inParent: 1 },
    )) as WorkerVectorEnv;
    try {
      const error = recvUntilThrow(vec, true);
      expect(error).toBeInstanceOf(VectorEnvTimeoutError);
      expect(error).toMatchObject({ command: 'recv', timeoutMs: 500, pendingWorkers: [0] });
    } finally {
      await vec.close();
    }
    expect(vec.liveWorkers).toBe(0);
  });

  it('recvAsync surfaces the same errors', async () => {
    const vec = await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 1, atStep: 2, kind: 'exit' } }),
      2,
      {
        envsPerWorker: 1,
        inParent: 1,
      },
    );
    try {
      vec.asyncReset({ seed: 0 });
      let error: unknown;
      for (let t = 0; t < 10_000 && error === undefined; t++) {
        try {
          const r = await vec.recvAsync({ minEnvs: vec.busyEnvs });
          vec.send(new Array<number>(r.envIds.length).fill(0), r.envIds);
        } catch (e) {
          error = e;
        }
      }
      expect(error).toBeInstanceOf(WorkerCrashedError);
      await expect(vec.recvAsync()).rejects.toThrow(VectorEnvStateError);
    } finally {
      await vec.close();
    }
  });

  it('close() while requests are in flight ends every worker; with a hung request it rejects after timeoutMs', async () => {
    const busy = (await createVectorEnv(spec({ episodeLength: 100, spinMicros: 20_000 }), 3, {
      envsPerWorker: 1,
      inParent: 1,
    })) as WorkerVectorEnv;
    busy.asyncReset({ seed: 0 });
    busy.recv({ minEnvs: 3 });
    busy.send([1, 1, 1]);
    await busy.close();
    expect(busy.liveWorkers).toBe(0);
    expect(() => busy.recv()).toThrow(VectorEnvStateError);

    const hung = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 1, atStep: 1, kind: 'hang' } }),
      2,
      {
        timeoutMs: 500,
        envsPerWorker: 1,
        inParent: 0,
      },
    )) as WorkerVectorEnv;
    hung.asyncReset({ seed: 0 });
    hung.recv({ minEnvs: 2 });
    hung.send([1, 1]);
    // Let the worker start the hung step (a close() published first would be served first).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await expect(hung.close()).rejects.toThrow(VectorEnvTimeoutError);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(hung.liveWorkers).toBe(0);
  });
});
