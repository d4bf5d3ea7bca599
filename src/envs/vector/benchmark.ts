/**
 * Micro-benchmark of vector envs for bench/envs.ts: steps/s of one env stepped in-process (the baseline), of
 * an in-process vector env of 1 (the API's own cost), and of a worker vector env of `numEnvs` (default 2).
 * Each measurement runs for a fixed wall time after a warm-up, with a fixed pseudo-random action sequence.
 * An autoreset step counts as a step of the vector env (it returns a transition-shaped result), while the
 * single-env loop resets outside its count; with Atari-length episodes the difference is negligible.
 */
import type { Env } from '../types.js';
import { buildEnv } from './spec.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { EnvSpec, VectorEnv } from './types.js';
import { WorkerVectorEnv, type WorkerVectorEnvOptions } from './worker-vector-env.js';

export interface VectorBenchmarkOptions {
  readonly spec: EnvSpec;
  /** Sub-envs of the worker vector env (default 2: the issue's `vector2`). */
  readonly numEnvs?: number;
  /** Options of the worker vector env (envsPerWorker, inParent, spinMicros, ...). */
  readonly vector?: WorkerVectorEnvOptions;
  /** Measured seconds per configuration (default 3). */
  readonly seconds?: number;
  /** Unmeasured seconds before each measurement (default 0.5). */
  readonly warmupSeconds?: number;
  /** Seed of the first reset (sub-env i: seed + i). */
  readonly seed?: number;
}

export interface Throughput {
  /** Env steps per second (for a vector env: batch steps × numEnvs). */
  readonly stepsPerSecond: number;
  /** Wall time of one call of `step`, in microseconds. */
  readonly microsPerCall: number;
  readonly steps: number;
  readonly seconds: number;
}

export interface VectorBenchmarkResult {
  readonly numEnvs: number;
  readonly numWorkers: number;
  /** One env built in this thread, `env.step` in a loop. */
  readonly single: Throughput;
  /** SyncVectorEnv of one sub-env. */
  readonly syncVector1: Throughput;
  /** WorkerVectorEnv of `numEnvs` sub-envs. */
  readonly workers: Throughput;
  /**
   * What a batch step costs beyond the env work it runs: worker batch-call time minus the most sub-envs
   * one thread steps (max of envsPerWorker and inParent) × one in-process step, in microseconds (can read
   * negative within noise).
   */
  readonly overheadMicrosPerBatchStep: number;
  readonly ratios: {
    /** workers.stepsPerSecond / single.stepsPerSecond; with numEnvs 2 this is the issue's `vector2_over_single`. */
    readonly workers_over_single: number;
    readonly sync_vector1_over_single: number;
  };
}

const ACTION_TABLE_SIZE = 4096;
const CLOCK_CHECK_EVERY = 32;
const MICROS_PER_SECOND = 1e6;
/** Knuth's MMIX LCG multiplier and increment, for a reproducible action sequence. */
const LCG_A = 6364136223846793005n;
const LCG_C = 1442695040888963407n;
const MASK64 = (1n << 64n) - 1n;

function actionTable(numActions: number, seed: number): Int32Array {
  const table = new Int32Array(ACTION_TABLE_SIZE);
  let state = BigInt(seed) & MASK64;
  for (let i = 0; i < table.length; i++) {
    state = (state * LCG_A + LCG_C) & MASK64;
    table[i] = Number((state >> 33n) % BigInt(numActions));
  }
  return table;
}

/** Calls `step` until `seconds` have passed; returns the calls made and the exact elapsed seconds. */
function timeLoop(seconds: number, step: (i: number) => void): { calls: number; seconds: number } {
  const start = performance.now();
  const end = start + seconds * 1000;
  let calls = 0;
  for (;;) {
    for (let k = 0; k < CLOCK_CHECK_EVERY; k++) step(calls++);
    const now = performance.now();
    if (now >= end) return { calls, seconds: (now - start) / 1000 };
  }
}

function throughput(calls: number, seconds: number, envsPerCall: number): Throughput {
  const steps = calls * envsPerCall;
  return { stepsPerSecond: steps / seconds, microsPerCall: (seconds * MICROS_PER_SECOND) / calls, steps, seconds };
}

function measureSingle(env: Env, actions: Int32Array, seed: number, warmup: number, seconds: number): Throughput {
  env.reset({ seed });
  // Observations render lazily (atari-env.ts): read one byte of each, as a learner and a vector env's copy do,
  // so the baseline does the same work per step as a sub-env.
  let sink = 0;
  const step = (i: number): void => {
    const r = env.step(actions[i % ACTION_TABLE_SIZE]!);
    sink ^= (r.obs as ArrayLike<number>)[0]!;
    if (r.terminated || r.truncated) env.reset();
  };
  timeLoop(warmup, step);
  const { calls, seconds: elapsed } = timeLoop(seconds, step);
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the observation reads alive');
  return throughput(calls, elapsed, 1);
}

function measureVector(vec: VectorEnv, actions: Int32Array, seed: number, warmup: number, seconds: number): Throughput {
  const n = vec.numEnvs;
  const batch = new Int32Array(n);
  vec.reset({ seed });
  const step = (i: number): void => {
    for (let e = 0; e < n; e++) batch[e] = actions[(i * n + e) % ACTION_TABLE_SIZE]!;
    vec.step(batch);
  };
  timeLoop(warmup, step);
  const { calls, seconds: elapsed } = timeLoop(seconds, step);
  return throughput(calls, elapsed, n);
}

/** The most sub-envs any one thread steps per batch. */
function busiestThread(numEnvs: number, vector: WorkerVectorEnvOptions): number {
  const inParent = vector.inParent ?? 0;
  return Math.max(inParent, Math.min(vector.envsPerWorker ?? 1, numEnvs - inParent));
}

export async function benchmarkVectorEnv(options: VectorBenchmarkOptions): Promise<VectorBenchmarkResult> {
  const { spec, numEnvs = 2, vector = {}, seconds = 3, warmupSeconds = 0.5, seed = 0 } = options;
  const env = await buildEnv(spec, { index: 0 });
  const actions = actionTable(env.actionSpace.n, seed);
  let single: Throughput;
  try {
    single = measureSingle(env, actions, seed, warmupSeconds, seconds);
  } finally {
    env.close();
  }
  const sync = await SyncVectorEnv.create(spec, 1);
  let syncVector1: Throughput;
  try {
    syncVector1 = measureVector(sync, actions, seed, warmupSeconds, seconds);
  } finally {
    await sync.close();
  }
  const workerEnv = await WorkerVectorEnv.create(spec, numEnvs, vector);
  let workers: Throughput;
  try {
    workers = measureVector(workerEnv, actions, seed, warmupSeconds, seconds);
  } finally {
    await workerEnv.close();
  }
  return {
    numEnvs,
    numWorkers: workerEnv.numWorkers,
    single,
    syncVector1,
    workers,
    overheadMicrosPerBatchStep: workers.microsPerCall - busiestThread(numEnvs, vector) * single.microsPerCall,
    ratios: {
      workers_over_single: workers.stepsPerSecond / single.stepsPerSecond,
      sync_vector1_over_single: syncVector1.stepsPerSecond / single.stepsPerSecond,
    },
  };
}
