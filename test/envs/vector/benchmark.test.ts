import { describe, expect, it } from 'vitest';
import { benchmarkVectorEnv } from '../../../src/envs/vector/index.js';
import { FAKE_FACTORY, FAKE_ID } from './fake-env.js';

// The figures themselves are checked by bench/envs.ts, never by a timed test; this checks the accounting.
describe('benchmarkVectorEnv', () => {
  it('reports consistent throughputs and ratios for each configuration', async () => {
    const result = await benchmarkVectorEnv({
      spec: { factory: FAKE_FACTORY, id: FAKE_ID, options: { episodeLength: 50 } },
      numEnvs: 3,
      vector: { envsPerWorker: 2 },
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
    expect(result.overheadMicrosPerBatchStep).toBeCloseTo(
      result.workers.microsPerCall - 2 * result.single.microsPerCall,
      9,
    );
  });
});
