import { describe, expect, it } from 'vitest';
import {
  createVectorEnv,
  VectorEnvConfigError,
  type VectorEnvOptions,
  WorkerVectorEnv,
} from '../../../src/envs/vector/index.js';
import { AUTO_SPIN, CONTENTION, ContentionMonitor, SpinBudget } from '../../../src/envs/vector/spin.js';
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
    expect(await topology(3, {})).toEqual([1, 2]);
    expect(await topology(5, { envsPerWorker: 2, inParent: 'auto' })).toEqual([2, 2]);
    expect(await topology(1, {})).toEqual([0, 1]);
    expect(await topology(2, { inParent: 0 })).toEqual([0, 2]);
  });

  it('rejects inParent and spinMicros values that are neither a number in range nor auto', async () => {
    const bad = [
      { inParent: 'some' as unknown as number },
      { inParent: 2 },
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

describe('ContentionMonitor', () => {
  const THREADS = 2;
  /** A monitor of 2 busy threads on a fake clock. */
  function fakeMonitor() {
    let wall = 0;
    let cpu = 0;
    const calls: boolean[] = [];
    const monitor = new ContentionMonitor(
      THREADS,
      (allowed) => calls.push(allowed),
      () => wall,
      () => cpu,
    );
    /** One batch step of `ms` during which the process gets `share` of its threads' CPU time. */
    const step = (ms: number, share: number): void => {
      monitor.stepStarted();
      wall += ms;
      cpu += share * THREADS * ms;
      monitor.stepEnded();
    };
    /** Steps of 1 ms at that CPU share for `ms` of wall time. */
    const run = (ms: number, share: number): void => {
      for (let t = 0; t < ms; t++) step(1, share);
    };
    /** The caller away between steps: wall time passes, no CPU time. */
    const idle = (ms: number): void => {
      wall += ms;
    };
    return { monitor, calls, run, step, idle };
  }

  it('probes first, keeps polling while the process gets its CPU time inside steps, stops when it does not', () => {
    const { monitor, calls, run, step, idle } = fakeMonitor();
    expect(calls).toEqual([true]);
    run(CONTENTION.PROBE_MS, 0.95);
    run(3 * CONTENTION.WINDOW_MS, CONTENTION.MIN_CPU_SHARE);
    // A caller that spends most of its time between steps is not contention.
    for (let i = 0; i < 10; i++) {
      step(1, 1);
      idle(200);
    }
    expect(monitor.pollingAllowed).toBe(true);
    expect(calls).toEqual([true]);
    run(2 * CONTENTION.WINDOW_MS, 0.5);
    expect(monitor.pollingAllowed).toBe(false);
    expect(calls).toEqual([true, false]);
  });

  it('decides within a short probe at the start, and probes again OFF_MS after turning polling off', () => {
    const { monitor, calls, run } = fakeMonitor();
    run(CONTENTION.PROBE_MS, 0.4);
    expect(monitor.pollingAllowed).toBe(false);
    expect(calls).toEqual([true, false]);
    run(CONTENTION.OFF_MS - 1, 0.3);
    expect(monitor.pollingAllowed).toBe(false);
    run(1, 0.3);
    expect(monitor.pollingAllowed).toBe(true);
    // Still contended during the probe: off again after PROBE_MS, for another OFF_MS.
    run(CONTENTION.PROBE_MS, 0.45);
    expect(monitor.pollingAllowed).toBe(false);
    run(CONTENTION.OFF_MS, 0.3);
    expect(monitor.pollingAllowed).toBe(true);
    run(CONTENTION.PROBE_MS + 2 * CONTENTION.WINDOW_MS, 0.98);
    expect(monitor.pollingAllowed).toBe(true);
    expect(calls).toEqual([true, false, true, false, true]);
  });

  it('ignores the first steps of a probe, where sleeping threads wake up through the futex', () => {
    const { monitor, calls, step, run } = fakeMonitor();
    for (let i = 0; i < CONTENTION.PROBE_SKIP_STEPS; i++) step(20, 0.3);
    run(CONTENTION.PROBE_MS, 0.97);
    expect(monitor.pollingAllowed).toBe(true);
    expect(calls).toEqual([true]);
  });
});
