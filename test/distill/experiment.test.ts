import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/distill/dataset/dataset.js';
import { readDataset } from '../../src/distill/dataset/io.js';
import { type Agent, type ObservationBatch, TeacherAgent } from '../../src/distill/evaluate/agents.js';
import { evaluateReturns } from '../../src/distill/evaluate/returns.js';
import {
  joinTrainTest,
  meanStdSample,
  type PaperResult,
  plotPathFor,
  prefixDataset,
  rerenderPaper,
  runPaperExperiment,
} from '../../src/distill/experiment.js';
import type { ObservationLayout } from '../../src/distill/observations.js';
import { teacherObservations } from '../../src/distill/observations.js';
import type { Random } from '../../src/distill/rng.js';
import { importTeacher } from '../../src/teachers/load.js';
import { Teacher } from '../../src/teachers/teacher.js';
import { selectBackend } from '../../src/tf/backend.js';
import { describeRoms, describeShared, ROM_DIR, sharedPath } from '../helpers/shared.js';
import { syntheticDataset, tinySpec, tinyTeacher } from './helpers.js';

describe('experiment datasets', () => {
  let teacher: Teacher;
  let source: Dataset;
  beforeAll(async () => {
    await selectBackend('wasm');
    teacher = tinyTeacher(tinySpec({ stack: 2 }));
    source = syntheticDataset(teacher, { episodes: 3, length: (e) => 10 + 5 * e, testFraction: 0 });
  });
  afterAll(() => teacher?.dispose());

  it('takes the first N samples in dataset order, cutting the last segment short', () => {
    const prefix = prefixDataset(source, 17);
    expect(prefix.samples).toBe(17);
    expect(prefix.testEpisodeIds).toEqual([]);
    expect(prefix.segments.at(-1)!.length).toBe(7);
    expect(prefix.segments.at(-1)!.end).toBe('running');
    const ids = Int32Array.from({ length: 17 }, (_, i) => i);
    const fs = source.frameSize;
    const a = source.info.numActions;
    // Identical stacks (history included) and logits to the source's first 17 samples.
    expect(prefix.gatherStacks(prefix.index('train'), ids, 2, new Uint8Array(17 * 2 * fs))).toEqual(
      source.gatherStacks(source.index('train'), ids, 2, new Uint8Array(17 * 2 * fs)),
    );
    expect(prefix.gatherLogits(prefix.index('train'), ids, new Float32Array(17 * a))).toEqual(
      source.gatherLogits(source.index('train'), ids, new Float32Array(17 * a)),
    );
    expect(() => prefixDataset(source, source.samples + 1)).toThrow(/fewer than/);
  });

  it('joins a training set and a test set with their episodes kept apart', () => {
    const train = prefixDataset(source, 12);
    const test = syntheticDataset(teacher, { episodes: 2, length: () => 6, seed: 9, testFraction: 0 });
    const joined = joinTrainTest(train, test);
    expect(joined.index('train').size).toBe(12);
    expect(joined.index('test').size).toBe(12);
    const trainEpisodes = new Set(train.segments.map((s) => s.episode));
    for (const e of joined.testEpisodeIds) expect(trainEpisodes.has(e)).toBe(false);
    const ids = Int32Array.from({ length: 12 }, (_, i) => i);
    const fs = source.frameSize;
    expect(joined.gatherStacks(joined.index('test'), ids, 2, new Uint8Array(12 * 2 * fs))).toEqual(
      test.gatherStacks(test.index('train'), ids, 2, new Uint8Array(12 * 2 * fs)),
    );
  });

  it('gives the sample standard deviation over seeds', () => {
    expect(meanStdSample([1, 3])).toEqual({ mean: 2, std: Math.SQRT2, n: 2 });
    expect(meanStdSample([5])).toEqual({ mean: 5, std: 0, n: 1 });
  });
});

// The reduced experiment: Pong, the smallest dataset, one seed, a few updates, one return episode.
const SIZE = 300;
const TEST_SAMPLES = 200;
const STEPS = 20;

describeShared('experiment paper, reduced (needs ../shared/teachers)', () => {
  describeRoms('on Pong-v4 (needs ROMs)', () => {
    let dir: string;
    let result: PaperResult;
    const paths = () => ({ markdownPath: join(dir, 'docs/results.md'), jsonPath: join(dir, 'docs/results.json') });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'paper-'));
      result = await runPaperExperiment({
        games: ['pong'],
        teacherGames: [],
        teacherDir: sharedPath('teachers'),
        sizes: [SIZE],
        testSamples: TEST_SAMPLES,
        seeds: 1,
        seed: 0,
        train: { steps: STEPS, batchSize: 32, lr: 1e-3, warmup: 5, sobolevWeight: 1e-4, evalEvery: 10 },
        episodes: 1,
        teacherEpisodes: 0,
        collectPolicy: { mode: 'sample' },
        evalPolicy: { mode: 'greedy' },
        collectEnvs: 2,
        evalEnvs: 2,
        workDir: join(dir, 'work'),
        ...paths(),
        romDir: ROM_DIR!,
        backend: 'wasm',
        invocation: 'sobolev-distill experiment paper (test)',
      });
    }, 600_000);
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('writes the markdown, its SVG plot and the raw numbers', () => {
      const { markdownPath, jsonPath } = paths();
      expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
      const svg = readFileSync(plotPathFor(markdownPath), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      const md = readFileSync(markdownPath, 'utf8');
      expect(md).toContain('sobolev-distill experiment paper (test)');
      expect(md).toContain('![students vs training-set size](results.svg)');
      const g = result.games[0]!;
      for (const row of g.summary) {
        // One seed: the table's mean is the run's own number.
        const run = g.runs.find((r) => r.loss === row.loss)!;
        expect(row.test_kl).toEqual({ mean: run.test.kl, std: 0, n: 1 });
        expect(md).toContain(`| ${row.test_kl.mean.toFixed(4)} ± 0.0000 | ${row.agreement.mean.toFixed(3)} ± 0.000 |`);
      }
      // Atomic writes leave no temp files behind.
      expect(readdirSync(join(dir, 'docs')).sort()).toEqual(['results.json', 'results.md', 'results.svg']);
    });

    it('trains one KL and one KL + Sobolev student on the same data, both improving on their init', () => {
      const g = result.games[0]!;
      expect(g.data.pool_samples).toBe(SIZE);
      expect(g.data.test_samples).toBe(TEST_SAMPLES);
      expect(g.runs.map((r) => r.loss)).toEqual(['kl', 'kl+sobolev']);
      // Same seed, same init: the untrained students are the same network.
      expect(g.runs[0]!.init_test).toEqual(g.runs[1]!.init_test);
      for (const r of g.runs) {
        expect(r.train_samples).toBe(SIZE);
        expect(r.test.samples).toBe(TEST_SAMPLES);
        expect(Number.isFinite(r.test.kl) && r.test.kl >= 0).toBe(true);
        expect(r.test.kl).toBeLessThan(r.init_test.kl);
        expect(r.test.agreement).toBeGreaterThanOrEqual(0);
        expect(r.test.agreement).toBeLessThanOrEqual(1);
        expect(r.history.map((h) => h.step)).toEqual([10, 20]);
        expect(r.returns.episodes).toBe(1);
        // Pong scores lie in [-21, 21].
        expect(Math.abs(r.returns.mean_return)).toBeLessThanOrEqual(21);
      }
      expect(g.runs[0]!.history.every((h) => h.sobolev === 0)).toBe(true);
      expect(g.runs[1]!.history.every((h) => h.sobolev > 0)).toBe(true);
      expect(g.teacher_returns.mean_return).toBeGreaterThan(g.runs[0]!.returns.mean_return);
    });

    it("records the teacher's own outputs: recomputed from the stored frames and states, it agrees with itself", async () => {
      await selectBackend('wasm');
      const { dataset } = await readDataset(join(dir, 'work/pong/test'));
      const teacher = new Teacher(
        await importTeacher(sharedPath('teachers/babya3c_pong_v4.safetensors'), {
          arch: 'babya3c',
          preset: 'baby-a3c',
        }),
      );
      try {
        const n = 64;
        const index = dataset.index('train');
        const ids = Int32Array.from({ length: n }, (_, i) => i);
        const [h, w] = dataset.info.frameShape;
        const frames = dataset.gatherStacks(index, ids, 1, new Uint8Array(n * h * w));
        const states = dataset.gatherStates(index, ids, new Float32Array(n * dataset.info.stateSize));
        const stored = dataset.gatherLogits(index, ids, new Float32Array(n * dataset.info.numActions));
        const stateIn = tf.tensor2d(states, [n, dataset.info.stateSize]);
        const out = teacher.logits(teacherObservations(dataset.info.observation, frames, [n, 1, h, w]), stateIn);
        const again = out.logits.dataSync() as Float32Array;
        tf.dispose([stateIn, out.logits, out.value, out.state].filter((t) => t !== undefined));
        for (let i = 0; i < stored.length; i++) expect(again[i]).toBeCloseTo(stored[i]!, 4);
      } finally {
        teacher.dispose();
      }
    });

    it('re-renders the markdown from the JSON alone, with notes', async () => {
      await rerenderPaper({ ...paths(), notes: 'A note from the test.' });
      const md = readFileSync(paths().markdownPath, 'utf8');
      expect(md).toContain('## Discussion\n\nA note from the test.');
      expect(existsSync(plotPathFor(paths().markdownPath))).toBe(true);
    });
  });
});

/** Records the actions an agent takes, one list per episode in the order episodes begin. */
class ActionRecorder implements Agent {
  readonly name = 'recorder';
  readonly episodes: number[][] = [];
  private current: number[][] = [];
  constructor(private readonly inner: Agent) {}
  setup(slots: number, layout: ObservationLayout, padding: 'reset' | 'zero'): void {
    this.inner.setup(slots, layout, padding);
    this.current = Array.from({ length: slots }, () => []);
  }
  begin(slot: number, obs: ObservationBatch): void {
    this.current[slot] = [];
    this.episodes.push(this.current[slot]!);
    this.inner.begin(slot, obs);
  }
  observe(slot: number, obs: ObservationBatch): void {
    this.inner.observe(slot, obs);
  }
  act(slots: readonly number[], obs: ObservationBatch, rngs: readonly Random[], out: Int32Array): void {
    this.inner.act(slots, obs, rngs, out);
    slots.forEach((slot, i) => {
      this.current[slot]!.push(out[i]!);
    });
  }
}

/** Never acts: NOOP every step. */
class NoopAgent implements Agent {
  readonly name = 'noop';
  setup(): void {}
  begin(): void {}
  observe(): void {}
  act(slots: readonly number[], _obs: ObservationBatch, _rngs: readonly Random[], out: Int32Array): void {
    out.fill(0, 0, slots.length);
  }
}

describeShared("the teachers' evaluation protocol (needs ../shared/teachers)", () => {
  describeRoms('<Game>-v4 with the baby-a3c preset (needs ROMs)', () => {
    it("zeroes the teacher's GRU state at every episode start: an episode plays the same after another in its env as alone", async () => {
      await selectBackend('wasm');
      const teacher = new Teacher(
        await importTeacher(sharedPath('teachers/babya3c_pong_v4.safetensors'), {
          arch: 'babya3c',
          preset: 'baby-a3c',
        }),
      );
      try {
        const options = { envId: 'Pong-v4', preset: 'baby-a3c' as const, romDir: ROM_DIR!, maxEpisodeSteps: 150 };
        const play = (numEnvs: number) => {
          const recorder = new ActionRecorder(new TeacherAgent(teacher, { mode: 'greedy' }));
          evaluateReturns(recorder, {
            envId: options.envId,
            preset: options.preset,
            envOptions: { romDir: options.romDir },
            maxEpisodeSteps: options.maxEpisodeSteps,
            episodes: 2,
            seed: 4,
            numEnvs,
          });
          return recorder.episodes;
        };
        // One env: episode 1 follows episode 0 in the same slot. Two envs: each starts fresh.
        const sequential = play(1);
        const parallel = play(2);
        expect(sequential.map((e) => e.length)).toEqual([150, 150]);
        expect(sequential).toEqual(parallel);
        // The teacher does not play one fixed action (the check above would be empty otherwise).
        expect(new Set(sequential[1]).size).toBeGreaterThan(1);
      } finally {
        teacher.dispose();
      }
    });

    it('cuts episodes at 10,000 steps: Breakout never served (NOOP) runs exactly that long', () => {
      const result = evaluateReturns(new NoopAgent(), {
        envId: 'Breakout-v4',
        preset: 'baby-a3c',
        envOptions: { romDir: ROM_DIR! },
        episodes: 1,
        seed: 0,
      });
      expect(result.protocol.max_episode_steps).toBe(10_000);
      expect(result.episode_steps).toEqual([10_000]);
      expect(result.returns).toEqual([0]);
    });
  });
});
