/**
 * `npm run bench:ale`: steps per second of our ALE on the five games of issue 3, with the policy and
 * settings of the native figures in ../shared/ale-traces/FORMAT.md (LCG policy, hold 4, frame_skip 1,
 * seed 1, 30,000 act() calls, resetGame() when the game ends), and the ratio to the native ALE, after an
 * untimed warm-up of every game (`WARMUP_STEPS`). Like the native figures, the main run reads no screen;
 * `ratios_reading_every_screen` is the same run reading the screen after every act (an agent that looks at
 * every frame), which draws every frame's pixels.
 * Side by side: set ALE_NATIVE_BENCH to a native-ALE driver you built outside the repository (called as
 * `<driver> <rom> <steps> <seed>`, same protocol, printing a JSON line with `steps_per_second`); it runs
 * just before each game's timed run and `ratios_side_by_side` divides by its figure, measured under the
 * same load.
 * Set ALE_BENCH_STEPS to shorten a run, ALE_BENCH_GAMES (comma-separated ids, e.g. "pong,seaquest") to run
 * only some games. Last line: {"bench":"ale", ..., "ratios": {...}}.
 */
import { execFileSync } from 'node:child_process';
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

const games = process.env.ALE_BENCH_GAMES?.split(',').filter((id) => id !== '') ?? Object.keys(NATIVE_STEPS_PER_SECOND);
const unknown = games.filter((id) => !(id in NATIVE_STEPS_PER_SECOND));
if (unknown.length > 0) {
  throw new Error(
    `ALE_BENCH_GAMES names ${unknown.join(', ')}, which have no native figure; use some of ${Object.keys(NATIVE_STEPS_PER_SECOND).join(', ')}`,
  );
}

/**
 * Untimed steps of each game before the timed run. V8 runs new wasm code in its baseline tier and optimises
 * the hot functions in the background (Liftoff, then TurboFan): the first ~1,500 steps of a fresh process
 * cost 90-200 ms more than later ones, which would land on whichever game runs first. The native ALE is
 * compiled ahead of time, and RL runs take millions of steps, so the ratio compares steady states; the
 * warm-up seconds are reported apart.
 */
const WARMUP_STEPS = 3000;

const warmupSeconds: Record<string, number> = {};
for (const game of games) {
  const warm = runBench(resolve(romDir(), `${game}.bin`), { steps: WARMUP_STEPS, seed: 1, hold: 4, frameSkip: 1 });
  warmupSeconds[game] = Number(warm.seconds.toFixed(3));
}

const nativeDriver = process.env.ALE_NATIVE_BENCH;
/** Steps/s of the native driver on `game`, now. */
function nativeSideBySide(driver: string, game: string): number {
  const out = execFileSync(driver, [resolve(romDir(), `${game}.bin`), String(steps), '1'], { encoding: 'utf8' });
  const last = out.trim().split('\n').at(-1) ?? '';
  const figure = (JSON.parse(last) as { steps_per_second?: unknown }).steps_per_second;
  if (typeof figure !== 'number' || !(figure > 0)) {
    throw new Error(`ALE_NATIVE_BENCH printed no positive steps_per_second for ${game}: ${last}`);
  }
  return figure;
}
const sideBySide: Record<string, number> = {};
const sideBySideRatios: Record<string, number> = {};

const stepsPerSecond: Record<string, number> = {};
const cpuStepsPerSecond: Record<string, number> = {};
const ratios: Record<string, number> = {};
const readingRatios: Record<string, number> = {};
const MICROSECONDS = 1e6;
for (const game of games) {
  const native = NATIVE_STEPS_PER_SECOND[game] as number;
  if (nativeDriver) sideBySide[game] = Math.round(nativeSideBySide(nativeDriver, game));
  // CPU time (including the untimed load) shows how much a loaded machine shrank the wall-clock figure.
  const cpuBefore = process.cpuUsage();
  const result = runBench(resolve(romDir(), `${game}.bin`), { steps, seed: 1, hold: 4, frameSkip: 1 });
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / MICROSECONDS;
  stepsPerSecond[game] = Math.round(result.steps_per_second);
  cpuStepsPerSecond[game] = Math.round(steps / cpuSeconds);
  ratios[game] = Number((result.steps_per_second / native).toFixed(3));
  const reading = runBench(resolve(romDir(), `${game}.bin`), {
    steps,
    seed: 1,
    hold: 4,
    frameSkip: 1,
    readScreens: true,
  });
  readingRatios[game] = Number((reading.steps_per_second / native).toFixed(3));
  const side = sideBySide[game];
  if (side !== undefined) sideBySideRatios[game] = Number((result.steps_per_second / side).toFixed(3));
  console.log(
    `${game}: ${Math.round(result.steps_per_second)} steps/s in ${result.seconds.toFixed(2)} s wall, ` +
      `${cpuStepsPerSecond[game]} steps/s of CPU time (native ${native}; ratio ${ratios[game]}); ` +
      `reading every screen ${Math.round(reading.steps_per_second)} steps/s (ratio ${readingRatios[game]})` +
      (side !== undefined ? `; native side by side ${side} steps/s (ratio ${sideBySideRatios[game]})` : ''),
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
    warmup: { steps: WARMUP_STEPS, seconds: warmupSeconds },
    min_ratio: minRatio,
    ratios_reading_every_screen: readingRatios,
    ...(nativeDriver
      ? { native_side_by_side_steps_per_second: sideBySide, ratios_side_by_side: sideBySideRatios }
      : {}),
    ratios,
  }),
);
