import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  createVectorEnv,
  VectorEnvConfigError,
  type VectorEnvOptions,
  WorkerVectorEnv,
} from '../../../src/envs/vector/index.js';
import { AUTO_SPIN, POLL_TUNING, PollingTuner, SpinBudget } from '../../../src/envs/vector/spin.js';
import { FAKE_FACTORY, FAKE_ID } from './fake-env.js';

const SPEC = { factory: FAKE_FACTORY, id: FAKE_ID };

async function topology(numEnvs: number, options: VectorEnvOptions): Promise<[number, number]> {
  const vec = (await createVectorEnv(SPEC, numEnvs, options)) as WorkerVectorEnv;
  try {
    expect(vec).toBeInstanceOf(WorkerVectorEnv);
    vec.reset({ seed: 1 });
    vec.step(new Array<number>(numEnvs).fill(1));
    return [vec.inParent, vec.numWorkers];
  } finally {
    await vec.close();
  }
}

describe('worker vector env defaults', () => {
  it("inParent 'auto' gives the calling thread a worker's share: min(envsPerWorker, numEnvs − 1)", async () => {
    expect(await topology(3, { envsPerWorker: 1 })).toEqual([1, 2]);
    expect(await topology(5, { envsPerWorker: 2, inParent: 'auto' })).toEqual([2, 2]);
    expect(await topology(1, {})).toEqual([0, 1]);
    expect(await topology(2, { envsPerWorker: 1, inParent: 0 })).toEqual([0, 2]);
  });

  it("envsPerWorker 'auto' spreads the sub-envs over as many threads as there are cores", async () => {
    const cores = availableParallelism();
    // One sub-env per thread while they fit: the caller's and cores − 1 workers.
    expect(await topology(cores, {})).toEqual(cores === 1 ? [0, 1] : [1, cores - 1]);
    // Two per thread once they do not: ⌈(cores + 1) / cores⌉ = 2 (for cores ≥ 2).
    if (cores >= 2) {
      expect(await topology(cores + 1, {})).toEqual([2, Math.ceil((cores - 1) / 2)]);
      expect(await topology(2 * cores, { envsPerWorker: 'auto' })).toEqual([2, cores - 1]);
    }
  });

  it('rejects inParent and spinMicros values that are neither a number in range nor auto', async () => {
    const bad = [
      { inParent: 'some' as unknown as number },
      { inParent: 2 },
      { envsPerWorker: 0 },
      { envsPerWorker: 'many' as unknown as number },
      { spinMicros: -1 },
      { spinMicros: 'fast' as unknown as number },
    ];
    for (const options of bad) {
      await expect(createVectorEnv(SPEC, 2, options)).rejects.toThrow(VectorEnvConfigError);
    }
  });
});

describe('SpinBudget', () => {
  it('a fixed setting polls that long whatever the work', () => {
    const budget = new SpinBudget(250);
    budget.noteWork(40);
    expect(budget.ms).toBe(0.25);
    expect(new SpinBudget(0).ms).toBe(0);
  });

  it("'auto' polls for AUTO_SPIN.STEPS of the thread's batch steps, within its bounds", () => {
    const budget = new SpinBudget('auto');
    expect(budget.ms).toBe(AUTO_SPIN.MIN_MICROS / 1000);
    budget.noteWork(0.5);
    expect(budget.ms).toBeCloseTo(AUTO_SPIN.STEPS * 0.5, 9);
    for (let i = 0; i < 200; i++) budget.noteWork(0.3);
    expect(budget.ms).toBeCloseTo(AUTO_SPIN.STEPS * 0.3, 3);
    // A reset 50× longer than a step moves the average by at most (OUTLIER_FACTOR − 1) × AVERAGE_WEIGHT.
    const before = budget.ms;
    budget.noteWork(15);
    expect(budget.ms).toBeCloseTo(before * (1 + (AUTO_SPIN.OUTLIER_FACTOR - 1) * AUTO_SPIN.AVERAGE_WEIGHT), 9);
    const slow = new SpinBudget('auto');
    slow.noteWork(1000);
    expect(slow.ms).toBe(AUTO_SPIN.MAX_MICROS / 1000);
    const fast = new SpinBudget('auto');
    fast.noteWork(0.0001);
    expect(fast.ms).toBe(AUTO_SPIN.MIN_MICROS / 1000);
  });
});

describe('PollingTuner', () => {
  const TRIAL_STEPS = 400;
  /**
   * A tuner on a fake clock, over batch steps whose in-step time depends on whether polling is allowed:
   * `stepMs(polling, i)` for the i-th step.
   */
  function fakeTuner(stepMs: (polling: boolean, i: number) => number) {
    let wall = 0;
    let i = 0;
    const calls: boolean[] = [];
    const tuner = new PollingTuner(
      (allowed) => calls.push(allowed),
      () => wall,
    );
    const run = (steps: number): void => {
      for (let k = 0; k < steps; k++) {
        tuner.stepStarted();
        wall += stepMs(tuner.pollingAllowed, i++);
        tuner.stepEnded();
      }
    };
    /** Steps until `done()` holds (at most `limit` steps). */
    const runUntil = (done: () => boolean, limit = 100_000): void => {
      for (let k = 0; k < limit && !done(); k++) run(1);
    };
    /** The caller away between steps. */
    const idle = (ms: number): void => {
      wall += ms;
    };
    return { tuner, calls, run, runUntil, idle };
  }
  /** Steps until the first decision when every step takes `ms`: enough for all the trial windows. */
  const trialsFor = (ms: number): number =>
    POLL_TUNING.ORDER.length * (Math.max(POLL_TUNING.MIN_STEPS, Math.ceil(POLL_TUNING.TRIAL_MS / ms)) + 1);

  it('tries polling on, off, off, on, then keeps polling where it makes steps faster (free cores)', () => {
    const { tuner, calls, runUntil, run } = fakeTuner((polling) => (polling ? 0.3 : 0.5));
    expect(calls).toEqual([true]);
    runUntil(() => calls.length === 3);
    // The fourth window polls too, and the decision keeps it.
    run(trialsFor(0.3));
    expect(calls).toEqual([true, false, true]);
    expect(tuner.pollingAllowed).toBe(true);
  });

  it('turns polling off where it makes steps slower (cores shared with other work)', () => {
    const { tuner, calls, run } = fakeTuner((polling) => (polling ? 1.5 : 0.5));
    run(trialsFor(0.5));
    expect(tuner.pollingAllowed).toBe(false);
    expect(calls).toEqual([true, false, true, false]);
  });

  it('keeps polling off unless it gains at least MIN_GAIN', () => {
    const { tuner, run } = fakeTuner((polling) => (polling ? 0.5 * (1 - POLL_TUNING.MIN_GAIN / 2) : 0.5));
    run(trialsFor(0.45));
    expect(tuner.pollingAllowed).toBe(false);
  });

  it('judges by the median step: resets that stall a few steps do not decide, wherever they fall', () => {
    // A reset (one step in 25) costs 20 ms, and resets fall only in the polling windows: the mean would turn polling off.
    const { tuner, run } = fakeTuner((polling, i) => (polling && i % 25 === 0 ? 20 : polling ? 0.3 : 0.5));
    run(trialsFor(0.3) + TRIAL_STEPS);
    expect(tuner.pollingAllowed).toBe(true);
  });

  it('is not fooled by the slow first steps of each window, where sleeping threads wake up through the futex', () => {
    let sinceSwitch = 0;
    let last: boolean | undefined;
    const { tuner, run } = fakeTuner((polling) => {
      if (polling !== last) sinceSwitch = 0;
      last = polling;
      // Slow steps right after every switch to polling: counted, they would make polling lose.
      return sinceSwitch++ < 4 && polling ? 30 : polling ? 0.3 : 0.5;
    });
    run(trialsFor(0.3) + TRIAL_STEPS);
    expect(tuner.pollingAllowed).toBe(true);
  });

  it('holds a decision for HOLD_MS of wall time, tries again, and doubles the hold while the decision repeats', () => {
    let contended = true;
    const { tuner, calls, run, runUntil, idle } = fakeTuner((polling) => (polling === contended ? 1.5 : 0.5));
    // on, off, on (the last window), off (the decision)
    runUntil(() => calls.length === 4);
    expect(tuner.pollingAllowed).toBe(false);
    // The caller pausing between steps counts toward the hold but not toward any step time.
    idle(POLL_TUNING.HOLD_MS - 1);
    run(1);
    expect(calls.length).toBe(4);
    idle(1);
    run(1);
    expect(calls.length).toBe(5); // trials again: polling on
    runUntil(() => calls.length === 8);
    expect(tuner.pollingAllowed).toBe(false);
    // Same decision: the next hold is twice as long.
    idle(2 * POLL_TUNING.HOLD_MS - 1);
    run(1);
    expect(calls.length).toBe(8);
    // The load goes away: the next trials keep polling on.
    contended = false;
    idle(1);
    run(trialsFor(0.5));
    expect(calls.length).toBe(11);
    expect(tuner.pollingAllowed).toBe(true);
  });

  it('decides the same way from durations noted directly (asynchronous use), and restart() starts over polling', () => {
    let wall = 0;
    const calls: boolean[] = [];
    const tuner = new PollingTuner(
      (allowed) => calls.push(allowed),
      () => wall,
    );
    const note = (steps: number): void => {
      for (let k = 0; k < steps; k++) {
        const ms = tuner.pollingAllowed ? 1.5 : 0.5;
        wall += ms;
        tuner.noteDuration(ms);
      }
    };
    note(trialsFor(0.5));
    expect(calls).toEqual([true, false, true, false]);
    expect(tuner.pollingAllowed).toBe(false);
    // Within the hold nothing changes; restart() allows polling at once and runs the trials again.
    tuner.restart();
    expect(calls).toEqual([true, false, true, false, true]);
    note(trialsFor(0.5));
    expect(calls).toEqual([true, false, true, false, true, false, true, false]);
  });
});
