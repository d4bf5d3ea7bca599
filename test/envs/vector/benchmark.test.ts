import { describe, expect, it } from 'vitest';
import { BUSY_ENV_FACTORY, BUSY_ENV_ID, busyIterationsFor, makeBusyEnv } from '../../../bench/busy-env.js';
import {
  benchmarkAsyncVectorEnv,
  benchmarkVectorEnv,
  createVectorEnv,
  lockstepBound,
} from '../../../src/envs/vector/index.js';
import { FAKE_FACTORY, FAKE_ID } from './fake-env.js';

// The figures themselves are checked by bench/envs.ts, never by a timed test; this checks the accounting.
describe('benchmarkVectorEnv', () => {
  it('reports consistent throughputs and ratios for each configuration', async () => {
    const result = await benchmarkVectorEnv({
      spec: { factory: FAKE_FACTORY, id: FAKE_ID, options: { episodeLength: 50 } },
      numEnvs: 3,
      vector: { envsPerWorker: 2, inParent: 0 },
      seconds: 0.2,
      warmupSeconds: 0.05,
    });
    expect(result.numEnvs).toBe(3);
    expect(result.numWorkers).toBe(2);
    for (const t of [result.single, result.syncVector1, result.workers]) {
      expect(t.seconds).toBeGreaterThanOrEqual(0.2);
      expect(t.steps).toBeGreaterThan(0);
      expect(t.stepsPerSecond).toBeCloseTo(t.steps / t.seconds, 6);
    }
    // A worker step call steps all 3 sub-envs.
    expect(result.workers.steps % 3).toBe(0);
    expect(result.workers.microsPerCall).toBeCloseTo((result.workers.seconds * 1e6 * 3) / result.workers.steps, 6);
    expect(result.ratios.workers_over_single).toBeCloseTo(
      result.workers.stepsPerSecond / result.single.stepsPerSecond,
      9,
    );
    // Episodes of 50 steps: one reset per 50 counted steps of the single env.
    expect(result.single.resetsPerStep).toBeGreaterThan(1 / 52);
    expect(result.single.resetsPerStep).toBeLessThan(1 / 48);
    expect(result.single.resetTimeOverStepTime).toBeGreaterThan(0);
    expect(result.ratios.lockstep_bound).toBe(lockstepBound(3, result.single));
    expect(result.inParent).toBe(0);
    expect(result.overheadMicrosPerBatchStep).toBeCloseTo(
      result.workers.microsPerCall - 2 * result.single.microsPerCall,
      9,
    );
  });

  it('lockstepBound is the gain of sub-envs stepped in lockstep, each on its own core, over one env', () => {
    expect(lockstepBound(2, { resetsPerStep: 0, resetTimeOverStepTime: 0 })).toBe(2);
    // Simulate: episodes of L steps of 1 ms, then a reset of R ms; one env alone vs 2 in lockstep whose
    // resets never coincide (sub-env 1 is half an episode behind), next-step autoreset.
    const L = 40;
    const R = 12;
    const batches = 100 * (L + 1);
    const single = { steps: L, ms: L + R };
    let vectorMs = 0;
    for (let b = 0; b < batches; b++) {
      const phases = [b % (L + 1), (b + (L + 1) / 2) % (L + 1)];
      // Phase L is the autoreset step (reset instead of a step).
      vectorMs += Math.max(...phases.map((p) => (Math.floor(p) === L ? R : 1)));
    }
    const simulated = (2 * batches) / vectorMs / (single.steps / single.ms);
    const bound = lockstepBound(2, { resetsPerStep: 1 / L, resetTimeOverStepTime: R / L });
    expect(bound).toBeCloseTo(simulated, 2);
    expect(bound).toBeLessThan(2);
  });
});

describe('benchmarkAsyncVectorEnv', () => {
  it('counts the rows recv returns as steps and reports consistent ratios', async () => {
    const streamsMade: number[] = [];
    const result = await benchmarkAsyncVectorEnv({
      spec: { factory: FAKE_FACTORY, id: FAKE_ID, options: { episodeLength: 50 } },
      numEnvs: 2,
      vector: { envsPerWorker: 1, inParent: 1 },
      seconds: 0.2,
      warmupSeconds: 0.05,
      rounds: 4,
      seed: 7,
      actionStream: (n, seed) => {
        streamsMade.push(seed);
        let t = seed;
        return () => t++ % n;
      },
    });
    // One stream for the single env (seed), one per sub-env (seed + e) for each of the two vector envs.
    expect(streamsMade.sort()).toEqual([7, 7, 7, 8, 8]);
    expect(result).toMatchObject({ numEnvs: 2, numWorkers: 1, inParent: 1 });
    for (const t of [result.single, result.lockstep, result.async]) {
      expect(t.seconds).toBeGreaterThanOrEqual(0.2);
      expect(t.stepsPerSecond).toBeCloseTo(t.steps / t.seconds, 6);
    }
    expect(result.lockstep.steps % 2).toBe(0);
    expect(result.async.rowsPerRecv).toBeGreaterThanOrEqual(1);
    expect(result.async.rowsPerRecv).toBeLessThanOrEqual(2);
    expect(result.async.microsPerCall).toBeCloseTo(
      (result.async.seconds * 1e6 * result.async.rowsPerRecv) / result.async.steps,
      6,
    );
    expect(result.ratios.async_over_single).toBeCloseTo(result.async.stepsPerSecond / result.single.stepsPerSecond, 9);
    expect(result.ratios.async_over_lockstep).toBeCloseTo(
      result.async.stepsPerSecond / result.lockstep.stepsPerSecond,
      9,
    );
    // One ratio per round, each from that round's own single and vector runs.
    expect(result.asyncOverSingleByRound).toHaveLength(4);
    for (const r of result.asyncOverSingleByRound) expect(r).toBeGreaterThan(0);
  });
});

describe("bench:envs' fixed-work env (bench/busy-env.ts)", () => {
  it('runs in workers, ends episodes after episodeSteps, and refuses bad options', async () => {
    const iterations = busyIterationsFor(20);
    expect(Number.isInteger(iterations) && iterations > 0).toBe(true);
    expect(() => makeBusyEnv(BUSY_ENV_ID, { iterations: 0, episodeSteps: 3 })).toThrow(/positive integer/);
    expect(() => makeBusyEnv('Other-v0', { iterations, episodeSteps: 3 })).toThrow(/unknown id/);
    const vec = await createVectorEnv(
      { factory: BUSY_ENV_FACTORY, id: BUSY_ENV_ID, options: { iterations, episodeSteps: 3 } },
      2,
      {
        inParent: 1,
        envsPerWorker: 1,
      },
    );
    try {
      vec.reset({ seed: 0 });
      const ends: number[] = [];
      for (let t = 0; t < 8; t++) ends.push(vec.step([0, 1]).terminated[1]!);
      // Steps 3 and 7 end an episode; the step after each is the autoreset.
      expect(ends).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
    } finally {
      await vec.close();
    }
  });
});
