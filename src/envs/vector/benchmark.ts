/**
 * Micro-benchmark of vector envs for bench/envs.ts: steps/s of one env stepped in-process (the baseline), of
 * an in-process vector env of 1 (the API's own cost), and of a worker vector env of `numEnvs` (default 2).
 * After a warm-up, the three run in turn for a fixed wall time each, in rounds (a drifting load disturbs them
 * alike), with a fixed pseudo-random action sequence. An autoreset step counts as a step of the vector env (it
 * returns a transition-shaped result), while the single-env loop resets outside its count: with the sb3-atari
 * preset on Breakout and random actions, where EpisodicLife ends an episode at each lost life, that is 3% more
 * counted steps. `lockstepBound` takes it into account.
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
  /** Options of the worker vector env (envsPerWorker, inParent, spinMicros, ...; default: its defaults). */
  readonly vector?: WorkerVectorEnvOptions;
  /** Measured seconds per configuration, all rounds together (default 3). */
  readonly seconds?: number;
  /** Unmeasured seconds of each configuration before the rounds (default 0.5). */
  readonly warmupSeconds?: number;
  /** Seed of the first reset (sub-env i: seed + i). */
  readonly seed?: number;
  /**
   * The measured seconds are split into this many rounds (default 5), and each round measures every
   * configuration in turn, so that a drifting load on the machine disturbs all of them alike.
   */
  readonly rounds?: number;
}

export interface Throughput {
  /** Env steps per second (for a vector env: batch steps × numEnvs). */
  readonly stepsPerSecond: number;
  /** Wall time of one call of `step`, in microseconds. */
  readonly microsPerCall: number;
  readonly steps: number;
  readonly seconds: number;
}

/** What the single env spent on resets, for the lockstep bound. */
export interface ResetShare {
  /** Resets per counted step. */
  readonly resetsPerStep: number;
  /** Time in `reset` over time in `step`. */
  readonly resetTimeOverStepTime: number;
}

export interface VectorBenchmarkResult {
  readonly numEnvs: number;
  readonly numWorkers: number;
  /** Sub-envs the calling thread stepped (the resolved `inParent`). */
  readonly inParent: number;
  /** One env built in this thread, `env.step` in a loop. */
  readonly single: Throughput & ResetShare;
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
    /** workers.stepsPerSecond / single.stepsPerSecond (bench:envs' `vector2_lockstep_over_single` with numEnvs 2). */
    readonly workers_over_single: number;
    readonly sync_vector1_over_single: number;
    /**
     * The most `workers_over_single` can be when every sub-env has a core (`lockstepBound`), from the single
     * env's share of time in resets.
     */
    readonly lockstep_bound: number;
  };
}

const ACTION_TABLE_SIZE = 4096;
const CLOCK_CHECK_EVERY = 32;
const MICROS_PER_SECOND = 1e6;
const MS_PER_SECOND = 1000;
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
function timeLoop(seconds: number, step: () => void): { calls: number; seconds: number } {
  const start = performance.now();
  const end = start + seconds * MS_PER_SECOND;
  let calls = 0;
  for (;;) {
    for (let k = 0; k < CLOCK_CHECK_EVERY; k++, calls++) step();
    const now = performance.now();
    if (now >= end) return { calls, seconds: (now - start) / 1000 };
  }
}

function throughput(calls: number, seconds: number, envsPerCall: number): Throughput {
  const steps = calls * envsPerCall;
  return { stepsPerSecond: steps / seconds, microsPerCall: (seconds * MICROS_PER_SECOND) / calls, steps, seconds };
}

/** An env or vector env being stepped: `run` steps it for a while, continuing where the last run stopped. */
interface Runner {
  run(seconds: number): { calls: number; seconds: number };
}

/** One env in this thread, `env.step` in a loop; also times its resets (for the lockstep bound). */
function singleRunner(env: Env, actions: Int32Array, seed: number): Runner & { readonly resets: ResetTally } {
  env.reset({ seed });
  // Observations render lazily (atari-env.ts): read one byte of each, as a learner and a vector env's copy do,
  // so the baseline does the same work per step as a sub-env.
  let sink = 0;
  let next = 0;
  const resets: ResetTally = { count: 0, ms: 0 };
  const step = (): void => {
    const r = env.step(actions[next++ % ACTION_TABLE_SIZE]!);
    sink ^= (r.obs as ArrayLike<number>)[0]!;
    if (r.terminated || r.truncated) {
      const started = performance.now();
      sink ^= (env.reset().obs as ArrayLike<number>)[0]!;
      resets.ms += performance.now() - started;
      resets.count++;
    }
  };
  return {
    resets,
    run(seconds) {
      const result = timeLoop(seconds, step);
      if (Number.isNaN(sink)) throw new Error('unreachable: keeps the observation reads alive');
      return result;
    },
  };
}

interface ResetTally {
  count: number;
  ms: number;
}

function vectorRunner(vec: VectorEnv, actions: Int32Array, seed: number): Runner {
  const n = vec.numEnvs;
  const batch = new Int32Array(n);
  let next = 0;
  vec.reset({ seed });
  const step = (): void => {
    for (let e = 0; e < n; e++) batch[e] = actions[next++ % ACTION_TABLE_SIZE]!;
    vec.step(batch);
  };
  return { run: (seconds) => timeLoop(seconds, step) };
}

/**
 * The most a vector env of `numEnvs` sub-envs, each on a core of its own and at no cost per batch, can gain
 * over one env when its sub-envs behave like the measured single env: a batch step lasts as long as its
 * slowest sub-env, and an autoreset step (next-step autoreset) costs a whole reset while the other sub-envs'
 * steps finish early and wait. With f = reset time / step time and k = resets per step of the single env,
 * an autoreset is a fraction k/(1 + k) of a sub-env's counted steps; with resets too rare to coincide, a
 * batch costs a reset with probability n·k/(1 + k) and a step otherwise, so the gain is
 * n(1 + f)(1 + k) / (1 + k − n·k + n·f).
 */
export function lockstepBound(numEnvs: number, share: ResetShare): number {
  const f = share.resetTimeOverStepTime;
  const k = share.resetsPerStep;
  const n = numEnvs;
  return (n * (1 + f) * (1 + k)) / (1 + k - n * k + n * f);
}

/** The most sub-envs any one thread steps per batch (workers get equal shares but the last). */
function busiestThread(numEnvs: number, inParent: number, numWorkers: number): number {
  return Math.max(inParent, Math.ceil((numEnvs - inParent) / numWorkers));
}

/**
 * Runs `runners` one after another, round after round, and sums each one's calls and seconds: a machine
 * whose load drifts disturbs all of them alike.
 */
function alternate(runners: readonly Runner[], rounds: number, seconds: number): RunTotals[] {
  const totals: RunTotals[] = runners.map(() => ({ calls: 0, seconds: 0, rounds: [] }));
  for (let r = 0; r < rounds; r++) {
    runners.forEach((runner, i) => {
      const { calls, seconds: elapsed } = runner.run(seconds / rounds);
      const t = totals[i]!;
      t.calls += calls;
      t.seconds += elapsed;
      t.rounds.push(calls / elapsed);
    });
  }
  return totals;
}

/** A runner's calls and seconds over all rounds, and its calls per second in each round. */
interface RunTotals {
  calls: number;
  seconds: number;
  readonly rounds: number[];
}

export async function benchmarkVectorEnv(options: VectorBenchmarkOptions): Promise<VectorBenchmarkResult> {
  const { spec, numEnvs = 2, vector = {}, seconds = 3, warmupSeconds = 0.5, seed = 0, rounds = 5 } = options;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be an integer ≥ 1, got ${rounds}`);
  const env = await buildEnv(spec, { index: 0 });
  const actions = actionTable(env.actionSpace.n, seed);
  const sync = await SyncVectorEnv.create(spec, 1);
  let workerEnv: WorkerVectorEnv | undefined;
  try {
    workerEnv = await WorkerVectorEnv.create(spec, numEnvs, vector);
    const singleRun = singleRunner(env, actions, seed);
    const runners = [singleRun, vectorRunner(sync, actions, seed), vectorRunner(workerEnv, actions, seed)];
    alternate(runners, 1, warmupSeconds);
    singleRun.resets.count = 0;
    singleRun.resets.ms = 0;
    const [s, s1, w] = alternate(runners, rounds, seconds);
    const single: Throughput & ResetShare = {
      ...throughput(s!.calls, s!.seconds, 1),
      resetsPerStep: singleRun.resets.count / s!.calls,
      resetTimeOverStepTime: singleRun.resets.ms / (s!.seconds * MS_PER_SECOND - singleRun.resets.ms),
    };
    const syncVector1 = throughput(s1!.calls, s1!.seconds, 1);
    const workers = throughput(w!.calls, w!.seconds, numEnvs);
    return {
      numEnvs,
      numWorkers: workerEnv.numWorkers,
      inParent: workerEnv.inParent,
      single,
      syncVector1,
      workers,
      overheadMicrosPerBatchStep:
        workers.microsPerCall - busiestThread(numEnvs, workerEnv.inParent, workerEnv.numWorkers) * single.microsPerCall,
      ratios: {
        workers_over_single: workers.stepsPerSecond / single.stepsPerSecond,
        sync_vector1_over_single: syncVector1.stepsPerSecond / single.stepsPerSecond,
        lockstep_bound: lockstepBound(numEnvs, single),
      },
    };
  } finally {
    env.close();
    await sync.close();
    await workerEnv?.close();
  }
}

/** A source of actions: `stream(numActions, seed)` returns the next action at each call. */
export type ActionStream = (numActions: number, seed: number) => () => number;

export interface AsyncBenchmarkOptions extends VectorBenchmarkOptions {
  /** Where actions come from: one stream per stepped env (the single env: seed; sub-env e: seed + e). */
  readonly actionStream: ActionStream;
}

export interface AsyncBenchmarkResult {
  readonly numEnvs: number;
  readonly numWorkers: number;
  readonly inParent: number;
  /** One env built in this thread, `env.step` in a loop. */
  readonly single: Throughput;
  /** WorkerVectorEnv of `numEnvs` sub-envs, `step` in lockstep. */
  readonly lockstep: Throughput;
  /** WorkerVectorEnv of `numEnvs` sub-envs, `recv()` (minEnvs 1) and `send` back whatever came. */
  readonly async: Throughput & { readonly rowsPerRecv: number };
  readonly ratios: {
    readonly async_over_single: number;
    readonly lockstep_over_single: number;
    readonly async_over_lockstep: number;
  };
  /**
   * `async_over_single` round by round (each round runs the single env, then the two vector runs): how much
   * the machine's load moved the figure while it was measured.
   */
  readonly asyncOverSingleByRound: readonly number[];
}

/** Calls `step`, which returns how many env steps it made, until `seconds` have passed. */
function timeSteps(seconds: number, step: () => number): { calls: number; steps: number; seconds: number } {
  const start = performance.now();
  const end = start + seconds * MS_PER_SECOND;
  let calls = 0;
  let steps = 0;
  for (;;) {
    for (let k = 0; k < CLOCK_CHECK_EVERY; k++, calls++) steps += step();
    const now = performance.now();
    if (now >= end) return { calls, steps, seconds: (now - start) / MS_PER_SECOND };
  }
}

/** A runner whose `run` reports env steps as its calls, and counts its own calls apart. */
interface StepRunner extends Runner {
  readonly calls: { count: number };
}

/** A runner that times `step` (which returns the env steps it made); `sink` keeps observation reads alive. */
function stepRunner(step: () => number, sink: () => number = () => 0): StepRunner {
  const calls = { count: 0 };
  return {
    calls,
    run(seconds) {
      const result = timeSteps(seconds, step);
      if (Number.isNaN(sink())) throw new Error('unreachable: keeps the observation reads alive');
      calls.count += result.calls;
      return { calls: result.steps, seconds: result.seconds };
    },
  };
}

function singleStreamRunner(env: Env, next: () => number, seed: number): StepRunner {
  env.reset({ seed });
  let sink = 0;
  const step = (): number => {
    const r = env.step(next());
    sink ^= (r.obs as ArrayLike<number>)[0]!;
    if (r.terminated || r.truncated) sink ^= (env.reset().obs as ArrayLike<number>)[0]!;
    return 1;
  };
  return stepRunner(step, () => sink);
}

function lockstepStreamRunner(vec: VectorEnv, streams: readonly (() => number)[], seed: number): StepRunner {
  const n = vec.numEnvs;
  const batch = new Int32Array(n);
  vec.reset({ seed });
  const step = (): number => {
    for (let e = 0; e < n; e++) batch[e] = streams[e]!();
    vec.step(batch);
    return n;
  };
  return stepRunner(step);
}

/**
 * EnvPool's loop: `recv()` whatever is ready (minEnvs 1), read each observation (as a policy would), choose
 * the sub-envs' next actions and `send` them back. Requests stay in flight between runs.
 */
function asyncStreamRunner(vec: VectorEnv, streams: readonly (() => number)[], seed: number): StepRunner {
  const n = vec.numEnvs;
  const size = vec.singleObservationSpace.size;
  const actions = new Int32Array(n);
  const byCount = Array.from({ length: n + 1 }, (_, k) => actions.subarray(0, k));
  let sink = 0;
  vec.asyncReset({ seed });
  const step = (): number => {
    const r = vec.recv();
    const count = r.envIds.length;
    for (let k = 0; k < count; k++) {
      sink ^= r.obs[k * size]!;
      actions[k] = streams[r.envIds[k]!]!();
    }
    vec.send(byCount[count]!, r.envIds);
    return count;
  };
  return stepRunner(step, () => sink);
}

/**
 * Steps/s of the asynchronous interface against one env in this thread and the same worker vector env in
 * lockstep, all three driven by the same kind of action stream (one per env, `actionStream`), measured in
 * turn, round after round, as `benchmarkVectorEnv` does. Rows returned by `recv` count as env steps, the
 * reset rows of the first `asyncReset` excepted (they come before the clock starts).
 */
export async function benchmarkAsyncVectorEnv(options: AsyncBenchmarkOptions): Promise<AsyncBenchmarkResult> {
  const { spec, numEnvs = 2, vector = {}, seconds = 3, warmupSeconds = 0.5, seed = 0, rounds = 5 } = options;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be an integer ≥ 1, got ${rounds}`);
  const env = await buildEnv(spec, { index: 0 });
  const n = env.actionSpace.n;
  const streams = () => Array.from({ length: numEnvs }, (_, e) => options.actionStream(n, seed + e));
  let lockstepEnv: WorkerVectorEnv | undefined;
  let asyncEnv: WorkerVectorEnv | undefined;
  try {
    lockstepEnv = await WorkerVectorEnv.create(spec, numEnvs, vector);
    asyncEnv = await WorkerVectorEnv.create(spec, numEnvs, vector);
    const runners = [
      singleStreamRunner(env, options.actionStream(n, seed), seed),
      lockstepStreamRunner(lockstepEnv, streams(), seed),
      asyncStreamRunner(asyncEnv, streams(), seed),
    ];
    alternate(runners, 1, warmupSeconds);
    for (const r of runners) r.calls.count = 0;
    const [s, l, a] = alternate(runners, rounds, seconds);
    const single = throughput(s!.calls, s!.seconds, 1);
    const lockstep = throughput(l!.calls, l!.seconds, 1);
    const recvCalls = runners[2]!.calls.count;
    const async = {
      ...throughput(a!.calls, a!.seconds, 1),
      microsPerCall: (a!.seconds * MICROS_PER_SECOND) / recvCalls,
      rowsPerRecv: a!.calls / recvCalls,
    };
    return {
      numEnvs,
      numWorkers: asyncEnv.numWorkers,
      inParent: asyncEnv.inParent,
      single,
      lockstep: { ...lockstep, microsPerCall: lockstep.microsPerCall * numEnvs },
      async,
      ratios: {
        async_over_single: async.stepsPerSecond / single.stepsPerSecond,
        lockstep_over_single: lockstep.stepsPerSecond / single.stepsPerSecond,
        async_over_lockstep: async.stepsPerSecond / lockstep.stepsPerSecond,
      },
      asyncOverSingleByRound: a!.rounds.map((x, r) => x / s!.rounds[r]!),
    };
  } finally {
    env.close();
    await lockstepEnv?.close();
    await asyncEnv?.close();
  }
}
