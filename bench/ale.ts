/**
 * `npm run bench:ale`: steps per second of our ALE on the five games of issue 3, with the policy and
 * settings of the native figures in ../shared/ale-traces/FORMAT.md (LCG policy, hold 4, frame_skip 1,
 * seed 1, 30,000 act() calls, resetGame() when the game ends), and the ratio to the native ALE.
 * Set ALE_BENCH_STEPS to shorten a run. Last line: {"bench":"ale", ..., "ratios": {...}}.
 */
import { resolve } from 'node:path';
import { runBench } from '../src/ale/bench.js';

/** Native ALE 0.12.1 steps/s per core on this kind of machine (FORMAT.md, "Throughput of the native ALE"). */
const NATIVE_STEPS_PER_SECOND: Readonly<Record<string, number>> = {
  pong: 13308,
  breakout: 6974,
  space_invaders: 8438,
  seaquest: 9355,
  ms_pacman: 8988,
};

const DEFAULT_STEPS = 30000;

function romDir(): string {
  const dir = process.env.ALE_ROM_DIR ?? resolve(import.meta.dirname, '../../shared/roms');
  return dir;
}

const steps = Number(process.env.ALE_BENCH_STEPS ?? DEFAULT_STEPS);
if (!Number.isInteger(steps) || steps < 1) throw new Error(`ALE_BENCH_STEPS must be a positive integer, got ${steps}`);

const stepsPerSecond: Record<string, number> = {};
const cpuStepsPerSecond: Record<string, number> = {};
const ratios: Record<string, number> = {};
const MICROSECONDS = 1e6;
for (const [game, native] of Object.entries(NATIVE_STEPS_PER_SECOND)) {
  // CPU time (including the untimed load) shows how much a loaded machine shrank the wall-clock figure.
  const cpuBefore = process.cpuUsage();
  const result = runBench(resolve(romDir(), `${game}.bin`), { steps, seed: 1, hold: 4, frameSkip: 1 });
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / MICROSECONDS;
  stepsPerSecond[game] = Math.round(result.steps_per_second);
  cpuStepsPerSecond[game] = Math.round(steps / cpuSeconds);
  ratios[game] = Number((result.steps_per_second / native).toFixed(3));
  console.log(
    `${game}: ${Math.round(result.steps_per_second)} steps/s in ${result.seconds.toFixed(2)} s wall, ` +
      `${cpuStepsPerSecond[game]} steps/s of CPU time (native ${native}; ratio ${ratios[game]})`,
  );
}
const minRatio = Math.min(...Object.values(ratios));
console.log(
  JSON.stringify({
    bench: 'ale',
    steps,
    steps_per_second: stepsPerSecond,
    cpu_steps_per_second: cpuStepsPerSecond,
    native_steps_per_second: NATIVE_STEPS_PER_SECOND,
    min_ratio: minRatio,
    ratios,
  }),
);
