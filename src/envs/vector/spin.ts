/**
 * How long the threads of a worker vector env poll shared memory before sleeping in Atomics.wait.
 *
 * A sleep costs a futex wake-up on the other side, and in a VM that wake-up can cost far more than the
 * step it waits for: measured here (2 vCPUs, Firecracker) with the sb3-atari preset on Breakout, two
 * sub-envs gave 1.13× one in-process env with plain sleeps, 1.24× polling 30 µs, 1.62× polling 2 ms and
 * 1.77× polling 10 ms first. Polling burns the core it runs on, which costs nothing when every busy thread
 * has a core of its own, and slows everything down when they share cores (10 ms of polling on a loaded
 * machine: 0.29×). So `'auto'`:
 * - polls only when the vector env's threads (the caller's and the workers') fit the machine's cores;
 * - polls for a number of the thread's own recent batch steps (`AUTO_SPIN.STEPS`), long enough to ride
 *   out an Atari reset in another thread (≈ 90 frames: about 22 agent steps of 4 frames), so the budget
 *   follows the env's speed instead of a fixed time;
 * - stops polling while the process gets clearly less CPU time than its busy threads need (other work on
 *   the same cores: `ContentionMonitor`), and tries again every few seconds.
 */
import { cpuUsage } from 'node:process';

/** `spinMicros` as the options take it: a fixed poll time in microseconds, or `'auto'`. */
export type SpinSetting = number | 'auto';

export const AUTO_SPIN = Object.freeze({
  /** Poll for this many of the thread's recent batch steps (see the module comment). */
  STEPS: 32,
  /** Never poll less than this once polling pays: about a futex round trip on an idle machine. */
  MIN_MICROS: 50,
  /** Never poll longer than this, whatever the env's speed. */
  MAX_MICROS: 50_000,
  /** Weight of a new batch-step duration in the running average. */
  AVERAGE_WEIGHT: 1 / 16,
  /** A duration above this multiple of the average enters it as this multiple (a reset stays one outlier). */
  OUTLIER_FACTOR: 4,
});

export const CONTENTION = Object.freeze({
  /** While polling, wall time between two looks at the CPU share (a few hundred batch steps of an Atari env). */
  WINDOW_MS: 250,
  /** A probe (polling to see whether the cores are free, at the start and after time off) lasts this long. */
  PROBE_MS: 50,
  /** After polling was turned off, probe again after this long: under contention probes cost < 1% of the time. */
  OFF_MS: 6000,
  /** CPU time is read around every this-many-th batch step (a getrusage call each time). */
  SAMPLE_EVERY: 4,
  /**
   * A probe ignores its first batch steps: threads that slept before it wake through the futex (slowly, in
   * a VM) and have not yet measured their own step time, so those steps say nothing about the cores.
   */
  PROBE_SKIP_STEPS: 8,
  /** A probe decides on at least this many sampled steps. */
  PROBE_MIN_SAMPLES: 4,
  /**
   * Inside a batch step every thread either works or polls, so on free cores the process's CPU time grows
   * by (busy threads × wall time); below this share of it, other work shares our cores.
   */
  MIN_CPU_SHARE: 0.75,
});

const MICROS_PER_MS = 1000;

/** One thread's poll budget: fixed, or `'auto'` from the running average of its batch-step durations. */
export class SpinBudget {
  private readonly fixedMs: number | undefined;
  private averageMs = 0;

  constructor(setting: SpinSetting) {
    this.fixedMs = setting === 'auto' ? undefined : setting / MICROS_PER_MS;
  }

  /** Records how long this thread's part of one batch step took (auto budgets only). */
  noteWork(ms: number): void {
    if (this.fixedMs !== undefined) return;
    if (this.averageMs === 0) {
      this.averageMs = ms;
      return;
    }
    const x = Math.min(ms, AUTO_SPIN.OUTLIER_FACTOR * this.averageMs);
    this.averageMs += AUTO_SPIN.AVERAGE_WEIGHT * (x - this.averageMs);
  }

  /** How long to poll before sleeping, in milliseconds. */
  get ms(): number {
    if (this.fixedMs !== undefined) return this.fixedMs;
    const micros = AUTO_SPIN.STEPS * this.averageMs * MICROS_PER_MS;
    return Math.min(Math.max(micros, AUTO_SPIN.MIN_MICROS), AUTO_SPIN.MAX_MICROS) / MICROS_PER_MS;
  }
}

type PollingState = 'probing' | 'on' | 'off';

/**
 * Decides whether polling is allowed: it is while the process gets at least `MIN_CPU_SHARE` of the CPU
 * time its busy threads would use on cores of their own, measured inside batch steps (between steps the
 * caller may well be idle, which says nothing about the cores). It starts with a short probe, looks again
 * every `WINDOW_MS` while polling, and once it has turned polling off (the threads then sleep inside steps
 * too, so CPU time says nothing), probes again after `OFF_MS`.
 */
export class ContentionMonitor {
  private state: PollingState = 'probing';
  private since: number;
  private steps = 0;
  private sampleWall = 0;
  private sampleCpu = 0;
  private sampling = false;
  private wallInSteps = 0;
  private cpuInSteps = 0;
  private samples = 0;
  /** Batch steps left before sampling starts (`PROBE_SKIP_STEPS` at the start of each probe). */
  private skip: number = CONTENTION.PROBE_SKIP_STEPS;

  constructor(
    private readonly busyThreads: number,
    private readonly setAllowed: (allowed: boolean) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly cpuMs: () => number = processCpuMs,
  ) {
    this.since = now();
    setAllowed(true);
  }

  get pollingAllowed(): boolean {
    return this.state !== 'off';
  }

  /** Call as a batch step starts. */
  stepStarted(): void {
    if (this.skip > 0) {
      this.skip--;
      this.sampling = false;
      return;
    }
    this.sampling = this.state !== 'off' && this.steps++ % CONTENTION.SAMPLE_EVERY === 0;
    if (!this.sampling) return;
    this.sampleWall = this.now();
    this.sampleCpu = this.cpuMs();
  }

  /** Call as the batch step ends. */
  stepEnded(): void {
    const now = this.now();
    if (this.sampling) {
      this.wallInSteps += now - this.sampleWall;
      this.cpuInSteps += this.cpuMs() - this.sampleCpu;
      this.samples++;
      this.sampling = false;
    }
    const elapsed = now - this.since;
    if (this.state === 'off') {
      if (elapsed >= CONTENTION.OFF_MS) this.enter('probing', now);
      return;
    }
    // Too few sampled steps yet (a probe's start, a caller that steps rarely): keep looking.
    const probing = this.state === 'probing';
    if (elapsed < (probing ? CONTENTION.PROBE_MS : CONTENTION.WINDOW_MS)) return;
    if (this.samples < (probing ? CONTENTION.PROBE_MIN_SAMPLES : 1)) return;
    const share = this.cpuInSteps / (this.wallInSteps * this.busyThreads);
    this.enter(share >= CONTENTION.MIN_CPU_SHARE ? 'on' : 'off', now);
  }

  private enter(state: PollingState, now: number): void {
    const wasAllowed = this.pollingAllowed;
    this.state = state;
    this.since = now;
    this.wallInSteps = 0;
    this.cpuInSteps = 0;
    this.samples = 0;
    if (state === 'probing') this.skip = CONTENTION.PROBE_SKIP_STEPS;
    if (this.pollingAllowed !== wasAllowed) this.setAllowed(this.pollingAllowed);
  }
}

function processCpuMs(): number {
  const { user, system } = cpuUsage();
  return (user + system) / MICROS_PER_MS;
}
