/**
 * `npm run bench:envs`: what the env layer costs on top of the emulator, and what worker threads buy.
 *
 * 1. Wrapper overhead. An env is stepped with a fixed pseudo-random action sequence (resetting when an
 *    episode ends) while the time spent inside its emulator (ALE `act`, `resetGame` and each frame of
 *    `resetGameInPieces`, `loadROM`) is summed.
 *    The overhead is (wall time − emulator time) / emulator time: everything the env and its wrappers add,
 *    as a fraction of env time, over exactly the frames they emulated. Measured for the `sb3-atari` preset (the default,
 *    fused stack, and the reference stack of SB3's wrappers one by one) on `<Game>NoFrameskip-v4`, and for
 *    the plain `ALE/<Game>-v5` env reading its RGB observation every step.
 * 2. Throughput of a vector env on 2 threads, over one `sb3-atari` env stepped in this thread
 *    (src/envs/vector/benchmark.ts). The issue's target: "a vector env of 2 workers on these 2 cores delivers
 *    ≥ 1.8× the steps/s of one env in-process".
 *    - `vector2_over_single`, the headline: 8 sub-envs (SB3's and CleanRL's Atari setting) on the 2 threads
 *      the defaults give a 2-core machine (4 in the calling thread, 4 in one worker; pinned, so the figure
 *      means the same on any machine), driven by the asynchronous interface (EnvPool-style send/recv: recv
 *      whatever is ready with minEnvs 1, choose those sub-envs' actions, send them back), each sub-env with
 *      its own action stream (bench/action-stream.ts, seed + e), over one env on the same stream.
 *    - `vector8_lockstep_over_single`: the same vector env through `step()` on the same streams.
 *    - `vector2_lockstep_over_single`: 2 sub-envs through `step()` with the defaults (1 in the calling
 *      thread, 1 in a worker), and `vector2_lockstep_bound`: what any vector env that steps 2 sub-envs in
 *      lockstep could reach on 2 free cores, given the single env's share of time in resets (an autoreset
 *      step stalls the batch: about 1.8 on Breakout, so `step()` cannot meet the target there). It counts resets
 *      only: the spread of ordinary step times stalls a batch too (resampling one env's recorded step times,
 *      resets included, as two independent sub-envs in lockstep gave about 1.55 here, and 1.66 for 4 + 4).
 *    - `vector2_async2_over_single`: 2 sub-envs through send/recv (the worker's sub-env waits for the
 *      calling thread's step to end before it gets its next action).
 *    - `vector2_workers_only_over_single`: 8 sub-envs in 2 workers of 4 with the calling thread asleep in
 *      recv (`inParent: 0`, EnvPool's layout), through send/recv: every result costs the calling thread a
 *      futex wake-up and a core.
 *    - `vector2_fixed_work_over_single`: the headline's vector env and single env on an env of fixed CPU work
 *      per step instead of emulation (bench/busy-env.ts, as long a step as the single env's): what the vector
 *      env itself costs, with little of the host's noise (2 would be free).
 * 3. The machine's ceiling for two threads (`parallel2_ceiling`, bench/parallel-ceiling.ts): two independent
 *    envs stepped at once in two processes, over one alone. Two vCPUs that share a core, or a busy host,
 *    hold it well below 2, and no vector env can beat it; `vector2_over_ceiling` is the headline's share.
 *
 * The game is Breakout from ALE_ROM_DIR (or ../shared/roms), else the homebrew Catcher; ENVS_BENCH_GAME
 * picks another (Gymnasium name, e.g. Pong). ENVS_BENCH_SECONDS sets the measured seconds per figure (the
 * headline gets 3 times as many, in 20 rounds).
 * Last line: {"bench":"envs", ..., "ratios":{"vector2_over_single":…,"vector2_lockstep_over_single":…,"preset_overhead":…}}.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findGameById } from '../src/ale/games/index.js';
import { MAKE_ENV_FACTORY, type MakeEnvOptions, makeEnv } from '../src/envs/make-env.js';
import type { Env } from '../src/envs/types.js';
import { benchmarkAsyncVectorEnv, benchmarkVectorEnv } from '../src/envs/vector/benchmark.js';
import { actionStream, stepFor } from './action-stream.js';
import { BUSY_ENV_FACTORY, BUSY_ENV_ID, busyIterationsFor } from './busy-env.js';
import { parallelCeiling } from './parallel-ceiling.js';
import { percentile } from './stats.js';

const DEFAULT_SECONDS = 4;
const WARMUP_SECONDS = 0.5;
const SEED = 16;
const MS_PER_SECOND = 1000;
/** Measure in rounds and report the median round, which a noisy shared machine disturbs least. */
const ROUNDS = 5;
/** The sb3-atari target of issue 5: wrappers cost at most this fraction of env time. */
const PRESET_OVERHEAD_TARGET = 0.15;
/** The vector target of issue 5: a vector env on 2 threads over one env in-process. */
const VECTOR2_TARGET = 1.8;
/** Sub-envs of the headline figure: CleanRL's and SB3's Atari PPO step 8 envs. */
const HEADLINE_ENVS = 8;
/**
 * The 2 threads of the headline, as the defaults lay them out on 2 cores (envsPerWorker ⌈8 / 2⌉, the calling
 * thread a worker's share), pinned so that more cores would not change what is measured.
 */
const TWO_THREADS = { inParent: 4, envsPerWorker: 4 } as const;
/** EnvPool's layout: 2 workers of 4 sub-envs each; the calling thread only waits in recv and chooses actions. */
const WORKERS_ONLY = { inParent: 0, envsPerWorker: 4 } as const;
/**
 * The headline's measured time and rounds, as multiples of the other figures': on this shared host the same
 * emulation runs 30% slower or faster from one second to the next (neighbours on the physical cores; a pure
 * ALU loop stays within 2%), so the headline alternates single and vector in short rounds for longer.
 */
const HEADLINE_TIME_FACTOR = 3;
const HEADLINE_ROUNDS = 20;
const MICROS_PER_SECOND = 1e6;
/** Episode length of the fixed-work env: Breakout's sb3-atari episodes (a lost life) last about this long. */
const BUSY_EPISODE_STEPS = 40;
const FIXED_WORK_ROUNDS = 10;
const FIXED_WORK_WARMUP_SECONDS = 1;

function romDir(): string | undefined {
  const dir = process.env.ALE_ROM_DIR ?? resolve(import.meta.dirname, '../../shared/roms');
  return existsSync(dir) ? dir : undefined;
}

function chooseGame(dir: string | undefined): string {
  const asked = process.env.ENVS_BENCH_GAME;
  if (asked) return asked;
  const breakout = findGameById('breakout')!;
  return dir && existsSync(resolve(dir, breakout.romFile)) ? breakout.envName : 'Catcher';
}

interface OverheadFigures {
  readonly overhead: number;
  readonly stepsPerSecond: number;
  readonly rounds: readonly number[];
}

/** The emulator's own work: what `measureOverhead` counts as env time. */
const EMULATOR_CALLS = ['act', 'resetGame', 'loadROM'] as const;
/** ALE's reset as a generator of frames (`ALEInterface.resetGameInPieces`), timed piece by piece. */
const RESET_IN_PIECES = 'resetGameInPieces';

/**
 * Steps `env` and sums the time spent inside its emulator: ALE's `act` (the frames), `resetGame` and the
 * pieces of `resetGameInPieces` (the reset sequence: 60 no-op frames, soft resets, starting actions) and
 * `loadROM` (seeded resets). Those methods are replaced on this instance by timed calls to the originals
 * (two clock reads per call or piece).
 */
function measureOverhead(env: Env, seconds: number): OverheadFigures {
  const ale = env.unwrapped.ale as unknown as Record<string, (...args: unknown[]) => unknown>;
  let actMs = 0;
  const timed = <T>(run: () => T): T => {
    const t0 = performance.now();
    try {
      return run();
    } finally {
      actMs += performance.now() - t0;
    }
  };
  for (const name of EMULATOR_CALLS) {
    const original = ale[name]!.bind(ale);
    ale[name] = (...args: unknown[]): unknown => timed(() => original(...args));
  }
  // The wrappers reset through ALE's reset in pieces (src/envs/pieces.ts): each piece is emulator time.
  const inPieces = ale[RESET_IN_PIECES]!.bind(ale) as () => Generator<void, void, void>;
  ale[RESET_IN_PIECES] = function* (): Generator<void, void, void> {
    const pieces = inPieces();
    while (!timed(() => pieces.next()).done) yield;
  };
  const next = actionStream(env.actionSpace.n, SEED);
  env.reset({ seed: SEED });
  const run = (forSeconds: number) => {
    actMs = 0;
    const { steps, wallMs } = stepFor(env, next, forSeconds);
    return { wallMs, actMs, steps };
  };
  run(WARMUP_SECONDS);
  const rounds = Array.from({ length: ROUNDS }, () => run(seconds / ROUNDS));
  const overheads = rounds.map((r) => (r.wallMs - r.actMs) / r.actMs);
  const order = overheads.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const median = rounds[order[Math.floor(ROUNDS / 2)]![1]]!;
  return {
    overhead: (median.wallMs - median.actMs) / median.actMs,
    stepsPerSecond: (median.steps / median.wallMs) * MS_PER_SECOND,
    rounds: overheads.map((o) => round(o)),
  };
}

/** First quartile, median and third quartile (nearest rank). */
function quartiles(xs: readonly number[]): [number, number, number] {
  const sorted = [...xs].sort((a, b) => a - b);
  return [percentile(sorted, 0.25), percentile(sorted, 0.5), percentile(sorted, 0.75)];
}

function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits));
}

async function main(): Promise<void> {
  const seconds = Number(process.env.ENVS_BENCH_SECONDS ?? DEFAULT_SECONDS);
  if (!(seconds > 0)) throw new Error(`ENVS_BENCH_SECONDS must be a positive number, got ${seconds}`);
  const dir = romDir();
  const game = chooseGame(dir);
  const romOptions: MakeEnvOptions = dir && game !== 'Catcher' ? { romDir: dir } : {};
  const noFrameskip = `${game}NoFrameskip-v4`;
  const v5 = `ALE/${game}-v5`;
  console.log(`bench:envs on ${game} (${dir && game !== 'Catcher' ? `ROMs from ${dir}` : 'homebrew, no ROM needed'})`);

  const fused = measureOverhead(makeEnv(noFrameskip, { ...romOptions, preset: 'sb3-atari' }), seconds);
  console.log(
    `${noFrameskip} + sb3-atari (fused): overhead ${round(fused.overhead)} of act time (rounds ${fused.rounds.join(', ')}), ${Math.round(fused.stepsPerSecond)} agent steps/s`,
  );
  const reference = measureOverhead(
    makeEnv(noFrameskip, { ...romOptions, preset: 'sb3-atari', fusedPreset: false }),
    seconds,
  );
  console.log(
    `${noFrameskip} + sb3-atari (reference wrappers): overhead ${round(reference.overhead)} (rounds ${reference.rounds.join(', ')}), ${Math.round(reference.stepsPerSecond)} agent steps/s`,
  );
  const plain = measureOverhead(makeEnv(v5, romOptions), seconds);
  console.log(
    `${v5} (rgb obs read every step): overhead ${round(plain.overhead)} (rounds ${plain.rounds.join(', ')}), ${Math.round(plain.stepsPerSecond)} steps/s`,
  );

  const sb3 = { factory: MAKE_ENV_FACTORY, id: noFrameskip, options: { ...romOptions, preset: 'sb3-atari' } };
  const headline = await benchmarkAsyncVectorEnv({
    spec: sb3,
    numEnvs: HEADLINE_ENVS,
    vector: TWO_THREADS,
    seconds: seconds * HEADLINE_TIME_FACTOR,
    rounds: HEADLINE_ROUNDS,
    warmupSeconds: WARMUP_SECONDS,
    seed: SEED,
    actionStream,
  });
  const roundQuartiles = quartiles(headline.asyncOverSingleByRound)
    .map((q) => round(q, 2))
    .join(', ');
  console.log(
    `${noFrameskip} + sb3-atari, vector env of ${HEADLINE_ENVS} on 2 threads (${JSON.stringify(TWO_THREADS)}) driven by send/recv (minEnvs 1): single ${Math.round(headline.single.stepsPerSecond)} steps/s, vector ${Math.round(headline.async.stepsPerSecond)} = ${round(headline.ratios.async_over_single)}× (${round(headline.async.rowsPerRecv, 2)} results per recv; round by round: quartiles ${roundQuartiles}); the same env through step() ${Math.round(headline.lockstep.stepsPerSecond)} = ${round(headline.ratios.lockstep_over_single)}×`,
  );
  const lockstep2 = await benchmarkVectorEnv({
    spec: sb3,
    numEnvs: 2,
    seconds,
    warmupSeconds: WARMUP_SECONDS,
    seed: SEED,
  });
  console.log(
    `${noFrameskip} + sb3-atari, vector env of 2 through step() (defaults: ${lockstep2.inParent} in the calling thread, ${lockstep2.numWorkers} worker): single ${Math.round(lockstep2.single.stepsPerSecond)} steps/s, vector ${Math.round(lockstep2.workers.stepsPerSecond)} = ${round(lockstep2.ratios.workers_over_single)}× (lockstep bound ${round(lockstep2.ratios.lockstep_bound)}×: resets take ${round(lockstep2.single.resetTimeOverStepTime)} of step time, ${round(lockstep2.single.resetsPerStep, 4)} per step; batch overhead ${Math.round(lockstep2.overheadMicrosPerBatchStep)} µs)`,
  );
  const async2 = await benchmarkAsyncVectorEnv({
    spec: sb3,
    numEnvs: 2,
    seconds,
    warmupSeconds: WARMUP_SECONDS,
    seed: SEED,
    actionStream,
  });
  console.log(
    `${noFrameskip} + sb3-atari, vector env of 2 driven by send/recv (defaults: ${async2.inParent} in the calling thread, ${async2.numWorkers} worker): single ${Math.round(async2.single.stepsPerSecond)} steps/s, vector ${Math.round(async2.async.stepsPerSecond)} = ${round(async2.ratios.async_over_single)}× (${round(async2.async.rowsPerRecv, 2)} results per recv)`,
  );
  const workersOnly = await benchmarkAsyncVectorEnv({
    spec: sb3,
    numEnvs: HEADLINE_ENVS,
    vector: WORKERS_ONLY,
    seconds,
    warmupSeconds: WARMUP_SECONDS,
    seed: SEED,
    actionStream,
  });
  console.log(
    `${noFrameskip} + sb3-atari, vector env of ${HEADLINE_ENVS} in 2 workers (${JSON.stringify(WORKERS_ONLY)}; the calling thread sleeps in recv) driven by send/recv: single ${Math.round(workersOnly.single.stepsPerSecond)} steps/s, vector ${Math.round(workersOnly.async.stepsPerSecond)} = ${round(workersOnly.ratios.async_over_single)}× (${round(workersOnly.async.rowsPerRecv, 2)} results per recv)`,
  );
  // The headline's vector env on an env of fixed CPU work per step, as long as the single env's step here.
  const busyMicros = MICROS_PER_SECOND / headline.single.stepsPerSecond;
  const fixedWork = await benchmarkAsyncVectorEnv({
    spec: {
      factory: BUSY_ENV_FACTORY,
      id: BUSY_ENV_ID,
      options: { iterations: busyIterationsFor(busyMicros), episodeSteps: BUSY_EPISODE_STEPS },
    },
    numEnvs: HEADLINE_ENVS,
    vector: TWO_THREADS,
    seconds,
    rounds: FIXED_WORK_ROUNDS,
    // Its workers are new threads whose code the JIT has yet to optimise.
    warmupSeconds: FIXED_WORK_WARMUP_SECONDS,
    seed: SEED,
    actionStream,
  });
  console.log(
    `the same vector env on an env of fixed CPU work per step (${Math.round(busyMicros)} µs, no emulation; bench/busy-env.ts): ${round(fixedWork.ratios.async_over_single)}× one such env (2 would be free; what is missing is the vector env's own cost and the machine's)`,
  );
  const ceiling = await parallelCeiling({
    id: noFrameskip,
    options: { ...romOptions, preset: 'sb3-atari' },
    seconds,
    seed: SEED,
  });
  console.log(
    `two independent ${noFrameskip} + sb3-atari envs at once (this process and a child): ${Math.round(ceiling.pair)} steps/s over one alone ${Math.round(ceiling.single)} = ${round(ceiling.ratio)}× (the machine's ceiling for 2 threads; the vector env on 2 threads reaches ${round(headline.ratios.async_over_single / ceiling.ratio)} of it)`,
  );
  if (headline.ratios.async_over_single < VECTOR2_TARGET) {
    console.log(
      `note: vector2_over_single ${round(headline.ratios.async_over_single)} is below the target ${VECTOR2_TARGET} (machine ceiling here ${round(ceiling.ratio)}; the same vector env on fixed CPU work ${round(fixedWork.ratios.async_over_single)}×: where that is near 2, the shortfall is the machine's speed for emulation, not the vector env; it needs 2 free cores: check uptime)`,
    );
  }
  if (fused.overhead > PRESET_OVERHEAD_TARGET) {
    console.log(`note: preset overhead ${round(fused.overhead)} is above the target ${PRESET_OVERHEAD_TARGET}`);
  }
  console.log(
    JSON.stringify({
      bench: 'envs',
      game,
      seconds,
      steps_per_second: {
        sb3_atari_fused: Math.round(fused.stepsPerSecond),
        sb3_atari_reference: Math.round(reference.stepsPerSecond),
        v5_rgb: Math.round(plain.stepsPerSecond),
        single: Math.round(headline.single.stepsPerSecond),
        vector2: Math.round(headline.async.stepsPerSecond),
        vector8_lockstep: Math.round(headline.lockstep.stepsPerSecond),
        single_lockstep2_run: Math.round(lockstep2.single.stepsPerSecond),
        vector2_lockstep: Math.round(lockstep2.workers.stepsPerSecond),
        single_async2_run: Math.round(async2.single.stepsPerSecond),
        vector2_async2: Math.round(async2.async.stepsPerSecond),
        single_workers_only_run: Math.round(workersOnly.single.stepsPerSecond),
        vector2_workers_only: Math.round(workersOnly.async.stepsPerSecond),
      },
      overhead: {
        sb3_atari_fused: round(fused.overhead),
        sb3_atari_reference: round(reference.overhead),
        v5_rgb: round(plain.overhead),
      },
      target: { preset_overhead: PRESET_OVERHEAD_TARGET, vector2_over_single: VECTOR2_TARGET },
      ratios: {
        vector2_over_single: round(headline.ratios.async_over_single),
        vector8_lockstep_over_single: round(headline.ratios.lockstep_over_single),
        vector2_lockstep_over_single: round(lockstep2.ratios.workers_over_single),
        vector2_lockstep_bound: round(lockstep2.ratios.lockstep_bound),
        vector2_async2_over_single: round(async2.ratios.async_over_single),
        vector2_workers_only_over_single: round(workersOnly.ratios.async_over_single),
        parallel2_ceiling: round(ceiling.ratio),
        vector2_over_ceiling: round(headline.ratios.async_over_single / ceiling.ratio),
        vector2_fixed_work_over_single: round(fixedWork.ratios.async_over_single),
        preset_overhead: round(fused.overhead),
        preset_overhead_reference: round(reference.overhead),
      },
    }),
  );
}

await main();
