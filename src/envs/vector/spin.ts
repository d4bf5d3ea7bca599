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
 * - polls only while polling measurably makes batch steps faster (`PollingTuner`): short trials with and
 *   without it, repeated every few seconds. An earlier monitor read CPU shares instead (is the process
 *   getting its cores?); on an idle VM it misjudged the cores as shared and kept polling off, at 0.85×
 *   where polling gave 1.44× in the same window. Comparing the step times decides on what polling is for.
 */
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

export const POLL_TUNING = Object.freeze({
  /**
   * In-step time of one trial window: a few hundred Atari batch steps, so that the window's median step
   * is the env's, whatever resets fall in it.
   */
  TRIAL_MS: 120,
  /** A window decides on at least this many steps (with a slow env a window lasts longer than TRIAL_MS). */
  MIN_STEPS: 16,
  /** A window records at most this many step times (preallocated) and ends there. */
  MAX_STEPS: 1024,
  /** Windows with polling on (true) and off: on, off, off, on, so a load drifting steadily weighs both alike. */
  ORDER: Object.freeze([true, false, false, true]),
  /** Polling burns a core, so it must cut the median batch step by at least this fraction to be kept. */
  MIN_GAIN: 0.05,
  /** Wall time the winner is kept before the next trials; it doubles while the same mode keeps winning. */
  HOLD_MS: 3000,
  /** The longest hold: a load that comes or goes is noticed within this long. */
  MAX_HOLD_MS: 24_000,
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

/**
 * Decides whether the threads of a worker vector env may poll (`'auto'` polling) by trying: windows of
 * batch steps with polling on and off (`POLL_TUNING.ORDER`), then whichever mode gave the shorter median
 * step is kept for a hold that grows while the decision repeats. Steps are timed from request to the last
 * answer; the caller's own time between steps does not count, so a caller that pauses says nothing. The
 * median, not the mean: a sub-env reset stalls a batch step tens of times longer than a step, and how many
 * resets fall in a window is chance; so do the first steps after a switch, while threads that slept wake
 * through the futex.
 */
export class PollingTuner {
  private trial = 0;
  private holding = false;
  private holdMs: number = POLL_TUNING.HOLD_MS;
  private since: number;
  private allowed: boolean | undefined;
  private lastDecision: boolean | undefined;
  private readonly durations = new Float64Array(POLL_TUNING.MAX_STEPS);
  private count = 0;
  private inStepMs = 0;
  private started = 0;
  private readonly medians: number[] = [];

  constructor(
    private readonly setAllowed: (allowed: boolean) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.since = now();
    this.apply(POLL_TUNING.ORDER[0]!);
  }

  get pollingAllowed(): boolean {
    return this.allowed === true;
  }

  /** Call as a batch step starts. */
  stepStarted(): void {
    this.started = this.now();
  }

  /** Call as the batch step ends. */
  stepEnded(): void {
    const now = this.now();
    this.note(now - this.started, now);
  }

  /**
   * Records one duration measured by the caller: asynchronous use (send/recv) has no batch steps, so it
   * records the wall time per result received, from one `recv` to the next.
   */
  noteDuration(ms: number): void {
    this.note(ms, this.now());
  }

  private note(ms: number, now: number): void {
    if (this.holding) {
      if (now - this.since >= this.holdMs) this.startTrials();
      return;
    }
    this.durations[this.count++] = ms;
    this.inStepMs += ms;
    const full = this.count >= POLL_TUNING.MAX_STEPS;
    if (!full && (this.inStepMs < POLL_TUNING.TRIAL_MS || this.count < POLL_TUNING.MIN_STEPS)) return;
    this.medians.push(median(this.durations.subarray(0, this.count)));
    this.trial++;
    if (this.trial < POLL_TUNING.ORDER.length) this.startWindow(POLL_TUNING.ORDER[this.trial]!);
    else this.decide(now);
  }

  /**
   * Forgets the trials and the decision and starts over with polling allowed (`POLL_TUNING.ORDER[0]`), as
   * when built: for a switch between lockstep and asynchronous use, whose durations differ.
   */
  restart(): void {
    this.holding = false;
    this.holdMs = POLL_TUNING.HOLD_MS;
    this.lastDecision = undefined;
    this.since = this.now();
    this.allowed = undefined;
    this.startTrials();
  }

  private decide(now: number): void {
    let on = 0;
    let off = 0;
    let onWindows = 0;
    POLL_TUNING.ORDER.forEach((polling, i) => {
      if (polling) {
        on += this.medians[i]!;
        onWindows++;
      } else {
        off += this.medians[i]!;
      }
    });
    const offWindows = POLL_TUNING.ORDER.length - onWindows;
    const poll = on / onWindows <= (1 - POLL_TUNING.MIN_GAIN) * (off / offWindows);
    this.holdMs = poll === this.lastDecision ? Math.min(2 * this.holdMs, POLL_TUNING.MAX_HOLD_MS) : POLL_TUNING.HOLD_MS;
    this.lastDecision = poll;
    this.holding = true;
    this.since = now;
    this.apply(poll);
  }

  private startTrials(): void {
    this.holding = false;
    this.trial = 0;
    this.medians.length = 0;
    this.startWindow(POLL_TUNING.ORDER[0]!);
  }

  private startWindow(polling: boolean): void {
    this.count = 0;
    this.inStepMs = 0;
    this.apply(polling);
  }

  private apply(polling: boolean): void {
    if (polling === this.allowed) return;
    this.allowed = polling;
    this.setAllowed(polling);
  }
}

/** The median of `values` (sorts them in place). */
function median(values: Float64Array): number {
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
