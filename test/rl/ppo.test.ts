import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncVectorEnv } from '../../src/envs/vector/sync-vector-env.js';
import { buildModel } from '../../src/models/build.js';
import type { PolicyModel } from '../../src/models/model.js';
import { studentCnn } from '../../src/models/spec.js';
import { RlConfigError } from '../../src/rl/errors.js';
import { evaluateGames, greedyPolicy, randomPolicy } from '../../src/rl/evaluate.js';
import { orthogonalInit } from '../../src/rl/init.js';
import { PpoTrainer, type PpoUpdateStats } from '../../src/rl/ppo.js';
import { selectBackend } from '../../src/tf/index.js';
import { CatchGridEnv } from './fake-envs.js';

const GRID = 5;
const NUM_ENVS = 8;
const SCALE = 1 / 255;
/** 80 updates of 128 steps: three seeds tried all reached a perfect greedy policy. */
const UPDATES = 80;

function gridModel(): PolicyModel {
  const model = buildModel(
    studentCnn({
      numActions: 3,
      input: [1, GRID, GRID],
      convs: [{ channels: 8, kernel: 3, stride: 1 }],
      hidden: [32],
      value: true,
    }),
    { seed: 1 },
  );
  orthogonalInit(model, 1);
  return model;
}

const gridEnvs = (n: number, seed: number) => Array.from({ length: n }, (_, i) => new CatchGridEnv(GRID, seed + i));

describe('PPO on CatchGrid (reward only at the end of each 4-step episode)', () => {
  let model: PolicyModel;
  let history: PpoUpdateStats[];

  beforeAll(async () => {
    await selectBackend('wasm');
    model = gridModel();
    const vec = new SyncVectorEnv(gridEnvs(NUM_ENVS, 0));
    const ppo = new PpoTrainer(vec, model, {
      numSteps: 16,
      learningRate: 5e-3,
      clipCoef: 0.2,
      inputScale: SCALE,
      seed: 1,
    });
    history = await ppo.train(UPDATES * ppo.batchSize);
    ppo.dispose();
    await vec.close();
  });

  afterAll(() => model.dispose());

  it('learns to catch: the greedy policy scores near +1, a random one below 0', () => {
    const evalEnvs = gridEnvs(4, 100);
    const random = evaluateGames(evalEnvs, randomPolicy(3, 5), { episodes: 200, seed: 9 });
    const learned = evaluateGames(evalEnvs, greedyPolicy(model, SCALE), { episodes: 200, seed: 9 });
    expect(random.mean).toBeLessThan(0);
    expect(learned.mean).toBeGreaterThan(0.9);
  });

  it('reports what CleanRL logs, with finite values and rising returns', () => {
    expect(history).toHaveLength(UPDATES);
    expect(history.at(-1)!.globalStep).toBe(UPDATES * 16 * NUM_ENVS);
    const meanReturn = (s: readonly PpoUpdateStats[]) => {
      const games = s.flatMap((u) => u.games);
      return games.reduce((a, g) => a + g.return, 0) / games.length;
    };
    expect(meanReturn(history.slice(-10))).toBeGreaterThan(meanReturn(history.slice(0, 5)) + 0.5);
    // Episodes last 4 steps; the autoreset step between them is not counted.
    expect(history.flatMap((u) => u.episodes).every((e) => e.length === GRID - 1)).toBe(true);
    for (const s of history) {
      for (const v of [s.policyLoss, s.valueLoss, s.entropy, s.approxKl, s.clipFraction, s.gradNorm]) {
        expect(Number.isFinite(v)).toBe(true);
      }
    }
    // Entropy falls from near ln 3 as the policy commits.
    expect(history[0]!.entropy).toBeGreaterThan(1.0);
    expect(history.at(-1)!.entropy).toBeLessThan(history[0]!.entropy);
  });
});

describe('PpoTrainer configuration', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('trains only the value head during value warm-up', async () => {
    const model = gridModel();
    const vec = new SyncVectorEnv(gridEnvs(2, 0));
    const ppo = new PpoTrainer(vec, model, { numSteps: 8, valueWarmupUpdates: 1, inputScale: SCALE });
    const before = new Map(model.params.map((p) => [p.name, p.variable.dataSync().slice()]));
    const changed = () =>
      model.params.filter((p) => p.variable.dataSync().some((v, i) => v !== before.get(p.name)![i])).map((p) => p.name);
    const first = await ppo.update(1, 2);
    expect(first.valueWarmup).toBe(true);
    expect(changed().sort()).toEqual(['value.bias', 'value.weight']);
    const second = await ppo.update(2, 2);
    expect(second.valueWarmup).toBe(false);
    expect(changed()).toContain('conv0.weight');
    ppo.dispose();
    await vec.close();
    model.dispose();
  });

  it('rejects models and envs that do not fit, and bad settings', async () => {
    const vec = new SyncVectorEnv(gridEnvs(2, 0));
    const noValue = buildModel(studentCnn({ numActions: 3, input: [1, GRID, GRID], convs: [], hidden: [4] }));
    expect(() => new PpoTrainer(vec, noValue)).toThrow(RlConfigError);
    const wrongInput = buildModel(studentCnn({ numActions: 3, input: [4, 84, 84], value: true }));
    expect(() => new PpoTrainer(vec, wrongInput)).toThrow(/uint8 \[4,84,84\]/);
    const model = gridModel();
    expect(() => new PpoTrainer(vec, model, { clipCoef: 1.5 })).toThrow(RlConfigError);
    expect(() => new PpoTrainer(vec, model, { numMinibatches: 0 })).toThrow(RlConfigError);
    const ppo = new PpoTrainer(vec, model, { numSteps: 8 });
    await expect(ppo.train(10)).rejects.toThrow(/less than one rollout/);
    for (const m of [noValue, wrongInput, model]) m.dispose();
    await vec.close();
  });
});
