/**
 * The paper experiment (Czarnecki et al. 2017, "Sobolev Training for Neural Networks", Atari policy
 * distillation): per game, teacher-driven datasets of increasing size, feed-forward students trained
 * with KL alone and with KL + Sobolev at the same budget over several seeds, and their test KL,
 * action agreement and returns next to the teacher's.
 *
 * Data, per game:
 *   - a training pool of max(sizes) samples and a test set of `testSamples` samples, collected by the
 *     teacher with different seeds, so test episodes are disjoint from training episodes (split by
 *     episode);
 *   - the dataset of size N is the first N samples of the pool in recording order (chunks of the
 *     envs in turn), so smaller datasets nest in larger ones;
 *   - every seed trains on the same data: the spread over seeds is the spread of training (init,
 *     batch order, Sobolev directions), not of collection.
 * Same budget: the same updates, batch size, learning-rate schedule and student for both losses.
 */

import { mkdir, readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { PresetName } from '../envs/presets.js';
import type { PolicyModel } from '../models/model.js';
import { type ArchitectureSpec, studentCnn } from '../models/spec.js';
import { importTeacher } from '../teachers/load.js';
import { Teacher } from '../teachers/teacher.js';
import type { TeacherData } from '../teachers/teacher-file.js';
import { type BackendChoice, type BackendName, selectBackend } from '../tf/backend.js';
import { VERSION } from '../version.js';
import type { ActPolicy } from './acting.js';
import { DEFAULT_MAX_HISTORY } from './collect.js';
import { Dataset } from './dataset/dataset.js';
import { readDataset } from './dataset/io.js';
import type { Segment } from './dataset/types.js';
import { DatasetMismatchError, DistillConfigError } from './errors.js';
import { StudentAgent, TeacherAgent } from './evaluate/agents.js';
import type { OfflineMetrics } from './evaluate/offline.js';
import type { ReturnsResult } from './evaluate/returns.js';
import { writeFileAtomic } from './fs.js';
import { collectDataset, type EnvChoice, evaluateAgent } from './run.js';
import { TRAIN_DEFAULTS, type TrainConfig } from './train/config.js';
import { InlineTargets } from './train/targets.js';
import { epochData, type MetricsRecord, Trainer } from './train/trainer.js';

/** The games of the experiment: baby-a3c's published agents (../shared/teachers/README.md). */
export interface PaperGame {
  readonly name: string;
  readonly envId: string;
  /** File name of the teacher in the teachers folder. */
  readonly teacherFile: string;
  readonly arch: 'babya3c';
  readonly preset: PresetName;
  /**
   * The same agents in the native ALE 0.12.1 under the v4 semantics, 10 episodes each
   * (../shared/teachers/README.md): the reference our emulator must reproduce.
   */
  readonly nativeAle: {
    readonly greedy: readonly [mean: number, std: number];
    readonly sample: readonly [mean: number, std: number];
  };
}

export const PAPER_GAMES: readonly PaperGame[] = [
  {
    name: 'pong',
    envId: 'Pong-v4',
    teacherFile: 'babya3c_pong_v4.safetensors',
    arch: 'babya3c',
    preset: 'baby-a3c',
    nativeAle: { greedy: [19.8, 1.2], sample: [18.2, 1.8] },
  },
  {
    name: 'breakout',
    envId: 'Breakout-v4',
    teacherFile: 'babya3c_breakout_v4.safetensors',
    arch: 'babya3c',
    preset: 'baby-a3c',
    nativeAle: { greedy: [321.3, 71.1], sample: [119.9, 58.6] },
  },
  {
    name: 'spaceinvaders',
    envId: 'SpaceInvaders-v4',
    teacherFile: 'babya3c_spaceinvaders_v4.safetensors',
    arch: 'babya3c',
    preset: 'baby-a3c',
    nativeAle: { greedy: [566.5, 133.7], sample: [347.5, 184.2] },
  },
];

export function paperGame(name: string): PaperGame {
  const game = PAPER_GAMES.find((g) => g.name === name.toLowerCase());
  if (!game) {
    throw new DistillConfigError(
      `unknown game '${name}'; the experiment has ${PAPER_GAMES.map((g) => g.name).join(', ')}`,
    );
  }
  return game;
}

/** The losses compared; both at the same budget. */
export const PAPER_LOSSES = ['kl', 'kl+sobolev'] as const;
export type PaperLoss = (typeof PAPER_LOSSES)[number];

/** Frames the student sees: the last 4 preprocessed frames (the teacher sees one, plus its memory). */
export const PAPER_STUDENT_STACK = 4;
/** Offsets of the collection seeds from the base seed: the test set's episodes differ from the pool's. */
const POOL_SEED_OFFSET = 0;
const TEST_SEED_OFFSET = 1_000_003;
/** Seeds of the teacher's evaluation episodes, apart from the students' (seed s evaluates student s). */
const TEACHER_EVAL_SEED_OFFSET = 2_000_003;

export interface PaperTrainSettings {
  readonly steps: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly warmup: number;
  /** λ of the Sobolev term (vjp, k = 1). */
  readonly sobolevWeight: number;
  /** Steps between test evaluations (the learning curves); 0: only at the end. */
  readonly evalEvery: number;
}

export interface PaperExperimentOptions {
  readonly games: readonly string[];
  /** Games whose teacher is evaluated for the teacher table (default: `games`). */
  readonly teacherGames?: readonly string[];
  readonly teacherDir: string;
  /** Training-set sizes in samples, increasing. */
  readonly sizes: readonly number[];
  readonly testSamples: number;
  /** Seeds 0 … seeds−1 (offset by `seed`). */
  readonly seeds: number;
  readonly seed: number;
  readonly train: PaperTrainSettings;
  /** Student return episodes per run (greedy). */
  readonly episodes: number;
  /** Teacher return episodes per acting rule (greedy, sampled); 0: none. */
  readonly teacherEpisodes: number;
  /** How the teacher acts while collecting (baby-a3c's own loop samples). */
  readonly collectPolicy: ActPolicy;
  /** How students and teacher act in the student comparison. */
  readonly evalPolicy: ActPolicy;
  readonly collectEnvs: number;
  readonly evalEnvs: number;
  /** Datasets go here (<workDir>/<game>/{pool,test}). */
  readonly workDir: string;
  /** Markdown output; the plot goes next to it (<name>.svg) and the numbers to `jsonPath`. */
  readonly markdownPath: string;
  readonly jsonPath: string;
  readonly romDir?: string;
  readonly backend: BackendChoice;
  /** The command line, recorded in the outputs. */
  readonly invocation: string;
  /** Markdown included verbatim under "Discussion" (e.g. docs/results-notes.md). */
  readonly notes?: string;
  readonly log?: (line: string) => void;
}

/** Mean and sample standard deviation (n − 1; 0 for one value). */
export interface MeanStd {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

export function meanStdSample(xs: readonly number[]): MeanStd {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

export type ReturnsSummary = Omit<ReturnsResult, 'protocol'> & { readonly wall_s: number };

export interface StudentRun {
  readonly size: number;
  readonly seed: number;
  readonly loss: PaperLoss;
  readonly train_samples: number;
  readonly train_episodes: number;
  /** The untrained student on the test set. */
  readonly init_test: OfflineMetrics;
  readonly test: OfflineMetrics;
  readonly returns: ReturnsSummary;
  readonly train_s: number;
  readonly wall_s: number;
  readonly history: readonly MetricsRecord[];
}

export interface SummaryRow {
  readonly size: number;
  readonly loss: PaperLoss;
  readonly test_kl: MeanStd;
  readonly agreement: MeanStd;
  readonly sobolev_relative_error: MeanStd;
  readonly mean_return: MeanStd;
}

export interface GameResult {
  readonly game: string;
  readonly env: string;
  readonly teacher: {
    readonly file: string;
    readonly parameters: number;
    readonly native_ale: PaperGame['nativeAle'];
  };
  readonly student: { readonly arch: ArchitectureSpec; readonly parameters: number };
  readonly data: {
    readonly pool_samples: number;
    readonly pool_episodes: number;
    readonly test_samples: number;
    readonly test_episodes: number;
    readonly collect_s: number;
    /** Mean return of the collection episodes that finished (after the preset's wrappers). */
    readonly collect_mean_return: number | null;
  };
  /** The teacher under the students' evaluation rule and episode count. */
  readonly teacher_returns: ReturnsSummary;
  readonly runs: readonly StudentRun[];
  readonly summary: readonly SummaryRow[];
}

export interface TeacherEvaluation {
  readonly game: string;
  readonly env: string;
  readonly file: string;
  readonly greedy: ReturnsSummary;
  readonly sample: ReturnsSummary;
  readonly native_ale: PaperGame['nativeAle'];
}

export interface PaperResult {
  readonly format: 'sobolev-distill/paper-experiment';
  readonly version: 1;
  readonly codeVersion: string;
  readonly created: string;
  readonly invocation: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memory_gib: number;
    readonly platform: string;
    readonly node: string;
  };
  readonly backend: BackendName;
  readonly settings: Omit<PaperExperimentOptions, 'log' | 'notes' | 'invocation'>;
  readonly teachers: readonly TeacherEvaluation[];
  readonly games: readonly GameResult[];
  readonly wall_s: number;
}

function checkOptions(o: PaperExperimentOptions): void {
  const positiveInt = (name: string, v: number) => {
    if (!(Number.isInteger(v) && v > 0)) throw new DistillConfigError(`${name} must be a positive integer, got ${v}`);
  };
  if (o.games.length === 0 && (o.teacherGames ?? []).length === 0)
    throw new DistillConfigError('no games: pass at least one of pong, breakout, spaceinvaders');
  for (const g of [...o.games, ...(o.teacherGames ?? [])]) paperGame(g);
  if (o.games.length > 0 && o.sizes.length === 0) throw new DistillConfigError('no dataset sizes given');
  o.sizes.forEach((s, i) => {
    positiveInt('dataset size', s);
    if (i > 0 && s <= o.sizes[i - 1]!) throw new DistillConfigError(`dataset sizes must increase, got ${o.sizes}`);
  });
  positiveInt('test samples', o.testSamples);
  positiveInt('seeds', o.seeds);
  positiveInt('episodes', o.episodes);
  positiveInt('steps', o.train.steps);
  if (!(Number.isInteger(o.teacherEpisodes) && o.teacherEpisodes >= 0))
    throw new DistillConfigError(`teacher episodes must be an integer ≥ 0, got ${o.teacherEpisodes}`);
}

function parameterCount(model: PolicyModel): number {
  return model.params.reduce((n, p) => n + p.torchShape.reduce((a, b) => a * b, 1), 0);
}

function summarizeReturns(r: ReturnsResult, seconds: number): ReturnsSummary {
  const { protocol: _p, ...rest } = r;
  return { ...rest, wall_s: seconds };
}

/**
 * The first `samples` samples of `source` in dataset order (the last segment cut short), as a
 * dataset of training samples only.
 */
export function prefixDataset(source: Dataset, samples: number): Dataset {
  if (source.samples < samples) {
    throw new DatasetMismatchError(`the pool holds ${source.samples} samples, fewer than the ${samples} asked for`);
  }
  const fs = source.frameSize;
  const a = source.info.numActions;
  const s = source.info.stateSize;
  const out: Segment[] = [];
  let left = samples;
  for (const seg of source.segments) {
    if (left === 0) break;
    if (seg.length <= left) {
      out.push(seg);
      left -= seg.length;
      continue;
    }
    const n = left;
    out.push({
      ...seg,
      length: n,
      frames: seg.frames.subarray(0, (seg.history + n) * fs),
      logits: seg.logits.subarray(0, n * a),
      actions: seg.actions.subarray(0, n),
      actors: seg.actors.subarray(0, n),
      rewards: seg.rewards.subarray(0, n),
      ...(seg.states ? { states: seg.states.subarray(0, n * s) } : {}),
      end: 'running',
    });
    left = 0;
  }
  return new Dataset(source.info, out);
}

/** Training samples of `train` and every episode of `test` held out, episode ids kept apart. */
export function joinTrainTest(train: Dataset, test: Dataset): Dataset {
  if (JSON.stringify(train.info) !== JSON.stringify(test.info)) {
    throw new DatasetMismatchError('the training pool and the test set were collected under different settings');
  }
  const offset = Math.max(-1, ...train.segments.map((s) => s.episode)) + 1;
  const held = test.segments.map((s) => ({ ...s, episode: s.episode + offset }));
  return new Dataset(
    train.info,
    [...train.segments, ...held],
    held.map((s) => s.episode),
  );
}

const episodesOf = (d: Dataset) => new Set(d.segments.map((s) => s.episode)).size;

function trainConfig(o: PaperExperimentOptions, student: ArchitectureSpec, loss: PaperLoss, seed: number): TrainConfig {
  const t = o.train;
  const lambda = loss === 'kl' ? 0 : t.sobolevWeight;
  return {
    ...TRAIN_DEFAULTS,
    seed,
    steps: t.steps,
    batchSize: t.batchSize,
    lr: t.lr,
    lrSchedule: { ...TRAIN_DEFAULTS.lrSchedule, warmupSteps: Math.min(t.warmup, t.steps - 1) },
    sobolev: loss === 'kl' ? 'none' : 'vjp',
    k: 1,
    sobolevWeight: { kind: 'constant', start: lambda, end: lambda },
    student,
    targets: 'learner',
    evalEvery: t.evalEvery,
    // Every test sample at every evaluation: the test set's size bounds the cost.
    evalSamples: 0,
    checkpointEvery: 0,
  };
}

function summarize(runs: readonly StudentRun[], sizes: readonly number[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const size of sizes) {
    for (const loss of PAPER_LOSSES) {
      const mine = runs.filter((r) => r.size === size && r.loss === loss);
      if (mine.length === 0) continue;
      rows.push({
        size,
        loss,
        test_kl: meanStdSample(mine.map((r) => r.test.kl)),
        agreement: meanStdSample(mine.map((r) => r.test.agreement)),
        sobolev_relative_error: meanStdSample(mine.map((r) => r.test.sobolev_relative_error ?? Number.NaN)),
        mean_return: meanStdSample(mine.map((r) => r.returns.mean_return)),
      });
    }
  }
  return rows;
}

async function evaluateTeacherBoth(
  teacher: Teacher,
  game: PaperGame,
  o: PaperExperimentOptions,
  log: (line: string) => void,
): Promise<TeacherEvaluation> {
  const choice = envChoiceOf(game, o);
  const play = (mode: 'greedy' | 'sample'): ReturnsSummary => {
    const t0 = performance.now();
    const r = evaluateAgent(new TeacherAgent(teacher, { mode }), choice, {
      episodes: o.teacherEpisodes,
      policy: { mode },
      seed: o.seed,
      numEnvs: o.evalEnvs,
    });
    const out = summarizeReturns(r, (performance.now() - t0) / 1000);
    log(
      `${game.name} teacher ${mode}: ${out.mean_return.toFixed(2)} ± ${out.std_return.toFixed(2)} over ${out.episodes} episodes (${out.wall_s.toFixed(0)} s)`,
    );
    return out;
  };
  return {
    game: game.name,
    env: game.envId,
    file: game.teacherFile,
    greedy: play('greedy'),
    sample: play('sample'),
    native_ale: game.nativeAle,
  };
}

function envChoiceOf(game: PaperGame, o: PaperExperimentOptions): EnvChoice & { preset: PresetName } {
  return { envId: game.envId, preset: game.preset, ...(o.romDir ? { envOptions: { romDir: o.romDir } } : {}) };
}

async function loadGameTeacher(game: PaperGame, o: PaperExperimentOptions): Promise<TeacherData> {
  return importTeacher(resolve(o.teacherDir, game.teacherFile), { arch: game.arch, preset: game.preset });
}

async function runGame(
  game: PaperGame,
  teacherData: TeacherData,
  teacher: Teacher,
  o: PaperExperimentOptions,
  log: (line: string) => void,
): Promise<GameResult> {
  const choice = envChoiceOf(game, o);
  const dir = join(o.workDir, game.name);
  const maxSize = o.sizes[o.sizes.length - 1]!;
  const collect = async (what: 'pool' | 'test', samples: number, seedOffset: number) => {
    const summary = await collectDataset({
      ...choice,
      teacher,
      samples,
      numEnvs: o.collectEnvs,
      seed: o.seed + seedOffset,
      teacherPolicy: o.collectPolicy,
      maxHistory: Math.max(DEFAULT_MAX_HISTORY, PAPER_STUDENT_STACK - 1),
      testFraction: 0,
      out: join(dir, what),
      overwrite: true,
      source: { experiment: 'paper', role: what },
    });
    log(
      `${game.name}: collected ${what} (${summary.manifest.counts.samples} samples, ${summary.manifest.counts.episodes} episodes) in ${summary.seconds.toFixed(1)} s`,
    );
    return summary;
  };
  const poolSummary = await collect('pool', maxSize, POOL_SEED_OFFSET);
  const testSummary = await collect('test', o.testSamples, TEST_SEED_OFFSET);
  const pool = (await readDataset(join(dir, 'pool'))).dataset;
  const testSet = (await readDataset(join(dir, 'test'))).dataset;
  const [, h, w] = teacherData.arch.input;
  const studentSpec = studentCnn({ numActions: teacherData.arch.numActions, input: [PAPER_STUDENT_STACK, h, w] });

  const teacherStart = performance.now();
  const teacherReturns = summarizeReturns(
    evaluateAgent(new TeacherAgent(teacher, o.evalPolicy), choice, {
      episodes: o.episodes,
      policy: o.evalPolicy,
      seed: o.seed + TEACHER_EVAL_SEED_OFFSET,
      numEnvs: o.evalEnvs,
    }),
    (performance.now() - teacherStart) / 1000,
  );

  const runs: StudentRun[] = [];
  let studentParameters = 0;
  const targets = new InlineTargets(teacher);
  for (const size of o.sizes) {
    const data = joinTrainTest(prefixDataset(pool, size), testSet);
    const trainEpisodes = episodesOf(prefixDataset(pool, size));
    for (let s = 0; s < o.seeds; s++) {
      const seed = o.seed + s;
      for (const loss of PAPER_LOSSES) {
        const t0 = performance.now();
        const trainer = new Trainer({
          config: trainConfig(o, studentSpec, loss, seed),
          data: epochData(data, seed, o.train.batchSize),
          targets,
        });
        try {
          studentParameters = parameterCount(trainer.student);
          const initTest = await trainer.evaluateTest(0);
          const trainStart = performance.now();
          await trainer.run();
          const trainSeconds = (performance.now() - trainStart) / 1000;
          const last = trainer.history.at(-1);
          const test = last?.step === trainer.step && last.test ? last.test : await trainer.evaluateTest(0);
          const evalStart = performance.now();
          const r = evaluateAgent(new StudentAgent(trainer.student, o.evalPolicy), choice, {
            episodes: o.episodes,
            policy: o.evalPolicy,
            seed,
            numEnvs: o.evalEnvs,
          });
          const run: StudentRun = {
            size,
            seed,
            loss,
            train_samples: size,
            train_episodes: trainEpisodes,
            init_test: initTest,
            test,
            returns: summarizeReturns(r, (performance.now() - evalStart) / 1000),
            train_s: trainSeconds,
            wall_s: (performance.now() - t0) / 1000,
            history: trainer.history,
          };
          runs.push(run);
          log(
            `${game.name} size ${size} seed ${seed} ${loss}: test KL ${test.kl.toFixed(4)} (init ${initTest.kl.toFixed(4)}), agreement ${test.agreement.toFixed(3)}, return ${run.returns.mean_return.toFixed(2)} ± ${run.returns.std_return.toFixed(2)}; train ${trainSeconds.toFixed(0)} s, all ${run.wall_s.toFixed(0)} s`,
          );
        } finally {
          trainer.dispose();
        }
      }
    }
  }
  return {
    game: game.name,
    env: game.envId,
    teacher: { file: game.teacherFile, parameters: parameterCount(teacher.model), native_ale: game.nativeAle },
    student: { arch: studentSpec, parameters: studentParameters },
    data: {
      pool_samples: pool.samples,
      pool_episodes: episodesOf(pool),
      test_samples: testSet.samples,
      test_episodes: episodesOf(testSet),
      collect_s: poolSummary.seconds + testSummary.seconds,
      collect_mean_return: poolSummary.meanEpisodeReturn ?? null,
    },
    teacher_returns: teacherReturns,
    runs,
    summary: summarize(runs, o.sizes),
  };
}

function machine(): PaperResult['machine'] {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}

/** Runs the experiment and writes the markdown, its plot and the raw numbers (each atomically). */
export async function runPaperExperiment(o: PaperExperimentOptions): Promise<PaperResult> {
  checkOptions(o);
  const t0 = performance.now();
  const log = o.log ?? (() => undefined);
  const backend = await selectBackend(o.backend);
  const teacherGames = [...new Set([...(o.teacherGames ?? o.games)].map((g) => paperGame(g).name))];
  const games = [...new Set(o.games.map((g) => paperGame(g).name))];
  const teachers: TeacherEvaluation[] = [];
  const results: GameResult[] = [];
  for (const name of [...new Set([...teacherGames, ...games])]) {
    const game = paperGame(name);
    const data = await loadGameTeacher(game, o);
    const teacher = new Teacher(data);
    try {
      if (teacherGames.includes(name) && o.teacherEpisodes > 0)
        teachers.push(await evaluateTeacherBoth(teacher, game, o, log));
      if (games.includes(name)) results.push(await runGame(game, data, teacher, o, log));
    } finally {
      teacher.dispose();
    }
  }
  const { log: _l, notes: _n, invocation: _i, ...settings } = o;
  const result: PaperResult = {
    format: 'sobolev-distill/paper-experiment',
    version: 1,
    codeVersion: VERSION,
    created: new Date().toISOString(),
    invocation: o.invocation,
    machine: machine(),
    backend,
    settings,
    teachers,
    games: results,
    wall_s: (performance.now() - t0) / 1000,
  };
  await writePaperOutputs(result, o);
  return result;
}

/** The plot's file: next to the markdown, same name, `.svg`. */
export function plotPathFor(markdownPath: string): string {
  return `${markdownPath.replace(/\.md$/i, '')}.svg`;
}

export interface PaperOutputPaths {
  readonly markdownPath: string;
  readonly jsonPath: string;
  readonly notes?: string;
}

/** Writes the plot and the markdown of `result` (and, with `writeJson`, its JSON), each atomically. */
export async function writePaperOutputs(result: PaperResult, paths: PaperOutputPaths, writeJson = true): Promise<void> {
  const { renderPaperPlot, renderPaperMarkdown } = await import('./experiment-report.js');
  const plotPath = plotPathFor(paths.markdownPath);
  for (const p of [paths.markdownPath, paths.jsonPath]) await mkdir(resolve(p, '..'), { recursive: true });
  const svg = await renderPaperPlot(result);
  if (svg) await writeFileAtomic(plotPath, svg);
  if (writeJson) await writeFileAtomic(paths.jsonPath, `${JSON.stringify(result, null, 1)}\n`);
  await writeFileAtomic(
    paths.markdownPath,
    renderPaperMarkdown(result, {
      plotFile: svg ? plotPath : undefined,
      markdownPath: paths.markdownPath,
      jsonPath: paths.jsonPath,
      ...(paths.notes ? { notes: paths.notes } : {}),
    }),
  );
}

/** Re-renders the markdown and plot from a results JSON written by `runPaperExperiment` (no runs). */
export async function rerenderPaper(paths: PaperOutputPaths): Promise<PaperResult> {
  let result: PaperResult;
  try {
    result = JSON.parse(await readFile(paths.jsonPath, 'utf8')) as PaperResult;
  } catch (e) {
    throw new DistillConfigError(`cannot read the results JSON ${paths.jsonPath}: ${(e as Error).message}`);
  }
  if (result?.format !== 'sobolev-distill/paper-experiment' || result.version !== 1) {
    throw new DistillConfigError(`${paths.jsonPath} is not a paper-experiment results file (format/version differ)`);
  }
  await writePaperOutputs(result, paths, false);
  return result;
}
