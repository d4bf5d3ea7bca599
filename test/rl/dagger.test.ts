import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/models/build.js';
import { studentCnn } from '../../src/models/spec.js';
import { DaggerTrainer } from '../../src/rl/dagger.js';
import { RlConfigError } from '../../src/rl/errors.js';
import { evaluateGames, greedyPolicy, randomPolicy } from '../../src/rl/evaluate.js';
import type { Expert } from '../../src/rl/experts.js';
import { selectBackend } from '../../src/tf/index.js';
import { CatchGridEnv, catchGridExpert } from './fake-envs.js';

const GRID = 5;
const SCALE = 1 / 255;
const gridEnvs = (n: number, seed: number) => Array.from({ length: n }, (_, i) => new CatchGridEnv(GRID, seed + i));
const gridExpert: Expert = { name: 'CatchGrid expert', act: (env) => catchGridExpert(env.unwrapped as CatchGridEnv) };
const gridModel = () =>
  buildModel(
    studentCnn({
      numActions: 3,
      input: [1, GRID, GRID],
      convs: [{ channels: 8, kernel: 3, stride: 1 }],
      hidden: [32],
      value: true,
    }),
    { seed: 1 },
  );

describe('DAgger on CatchGrid', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('raises agreement with the expert iteration by iteration and ends up playing like it', async () => {
    const model = gridModel();
    const dagger = new DaggerTrainer(gridEnvs(4, 0), gridExpert, model, {
      iterations: 4,
      stepsPerIteration: 200,
      gradientSteps: 200,
      batchSize: 32,
      learningRate: 3e-3,
      finalLearningRate: 1e-3,
      inputScale: SCALE,
    });
    const history = await dagger.run();
    dagger.dispose();
    const agreement = history.map((s) => s.agreement);
    // Iteration 0 measures the untrained net; each later one the net trained on everything before it.
    expect(agreement[0]).toBeLessThan(0.5);
    expect(agreement.at(-1)).toBeGreaterThan(0.9);
    expect(agreement.at(-1)).toBeGreaterThan(agreement[0]! + 0.4);
    expect(history.map((s) => s.beta)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(history.map((s) => s.datasetSize)).toEqual([200, 400, 600, 800]);
    expect(history.at(-1)!.trainLoss).toBeLessThan(history[0]!.trainLoss);
    const evalEnvs = gridEnvs(4, 100);
    const learned = evaluateGames(evalEnvs, greedyPolicy(model, SCALE), { episodes: 100, seed: 3 });
    const random = evaluateGames(evalEnvs, randomPolicy(3, 4), { episodes: 100, seed: 3 });
    expect(learned.mean).toBeGreaterThan(0.9);
    expect(random.mean).toBeLessThan(0);
    model.dispose();
  });

  it('rejects envs and settings that do not fit', () => {
    const model = gridModel();
    expect(() => new DaggerTrainer([], gridExpert, model)).toThrow(RlConfigError);
    expect(() => new DaggerTrainer(gridEnvs(1, 0), gridExpert, model, { betaDecay: 2 })).toThrow(RlConfigError);
    expect(() => new DaggerTrainer(gridEnvs(1, 0), gridExpert, model, { finalLearningRate: 1 })).toThrow(
      /finalLearningRate/,
    );
    const big = new CatchGridEnv(6, 0);
    expect(() => new DaggerTrainer([big], gridExpert, model)).toThrow(/uint8 \[1,5,5\]/);
    model.dispose();
  });
});
