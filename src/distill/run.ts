/**
 * The library's entry points for whole jobs: collect a dataset, distill a student (offline from a
 * dataset, or online with collection overlapped), and evaluate policies. The CLI commands are thin
 * layers over these.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MakeEnvOptions } from '../envs/make-env.js';
import { makeVectorEnv } from '../envs/make-env.js';
import { isPresetName, type PresetName } from '../envs/presets.js';
import type { VectorEnv } from '../envs/vector/types.js';
import { buildModel, getWeights } from '../models/build.js';
import type { PolicyModel } from '../models/model.js';
import type { ArchitectureSpec } from '../models/spec.js';
import { Teacher } from '../teachers/teacher.js';
import type { TeacherData } from '../teachers/teacher-file.js';
import { writeTeacherFile } from '../teachers/teacher-file.js';
import { type BackendChoice, type BackendName, selectBackend } from '../tf/backend.js';
import { VERSION } from '../version.js';
import type { ActPolicy } from './acting.js';
import { latestCheckpoint, listCheckpoints, readCheckpoint } from './checkpoint.js';
import { Collector, type CollectStats, DEFAULT_MAX_HISTORY } from './collect.js';
import { splitEpisodes } from './dataset/dataset.js';
import { type DatasetManifest, DatasetWriter, MANIFEST_FILE, readDataset, writeDataset } from './dataset/io.js';
import { CheckpointError, DistillConfigError } from './errors.js';
import { type Agent, RandomAgent, StudentAgent, TeacherAgent } from './evaluate/agents.js';
import type { OfflineMetrics } from './evaluate/offline.js';
import { returnRatio } from './evaluate/ratio.js';
import { evaluateReturns, presetBaseOptions, protocolFor, type ReturnsResult } from './evaluate/returns.js';
import { sha256 } from './fs.js';
import { presetPadding } from './observations.js';
import { type OnlineConfig, OnlineData, type RoundRecord } from './online.js';
import { type DistillReport, writeReport } from './report.js';
import type { TrainConfig } from './train/config.js';
import { InlineTargets, type TargetProvider } from './train/targets.js';
import { epochData, type MetricsRecord, Trainer } from './train/trainer.js';
import { TeacherWorker } from './worker/client.js';

/** Vector steps per collection chunk (progress and shard writes happen between chunks). */
const COLLECT_CHUNK_STEPS = 64;
/**
 * Worker vector env settings for a 2-core machine: one sub-env in the calling thread and a short
 * spin (measured 1.95× one env, against 1.02× with every sub-env in a worker; src/envs/vector).
 */
const TWO_CORE_VECTOR = { inParent: 1, spinMicros: 30 } as const;

export interface EnvChoice {
  readonly envId: string;
  /** The preset the teacher expects (default: the teacher's own). */
  readonly preset?: PresetName | 'none';
  /** Other makeEnv options (romDir, romPath, registration, …). */
  readonly envOptions?: Omit<MakeEnvOptions, 'preset' | 'max_episode_steps'>;
  /** Overrides the evaluation protocol's step limit (collection uses the same limit). */
  readonly maxEpisodeSteps?: number;
}

function presetOf(choice: EnvChoice, teacher: { preset: string }): PresetName | 'none' {
  const preset = choice.preset ?? teacher.preset;
  if (preset !== 'none' && !isPresetName(preset)) {
    throw new DistillConfigError(
      `unknown preset '${preset}'; use one of sb3-atari, atari-preprocessing, baby-a3c, none`,
    );
  }
  return preset;
}

function envOptionsFor(choice: EnvChoice, preset: PresetName | 'none'): MakeEnvOptions {
  const maxSteps = choice.maxEpisodeSteps ?? protocolFor(choice.envId).maxEpisodeSteps;
  return {
    ...presetBaseOptions(preset, choice.envOptions),
    preset,
    ...(maxSteps !== undefined ? { max_episode_steps: maxSteps } : {}),
  };
}

async function openVectorEnv(choice: EnvChoice, preset: PresetName | 'none', numEnvs: number): Promise<VectorEnv> {
  return makeVectorEnv(
    choice.envId,
    numEnvs,
    envOptionsFor(choice, preset),
    numEnvs === 1 ? { mode: 'sync' } : TWO_CORE_VECTOR,
  );
}

// ---------------------------------------------------------------------------------------------
// collect

export interface CollectOptions extends EnvChoice {
  readonly teacher: Teacher;
  /** Samples (env steps over all sub-envs) to record. */
  readonly samples: number;
  readonly numEnvs: number;
  readonly seed: number;
  readonly teacherPolicy: ActPolicy;
  /** Probability that the teacher acts (1: teacher-driven; < 1 needs a student). */
  readonly beta?: number;
  readonly student?: PolicyModel;
  readonly studentPolicy?: ActPolicy;
  readonly maxHistory?: number;
  readonly testFraction: number;
  readonly out: string;
  readonly overwrite?: boolean;
  readonly shardSamples?: number;
  /** Recorded in the manifest: where the teacher came from, the command line, … */
  readonly source?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (samples: number, total: number) => void;
}

export interface CollectSummary {
  readonly manifest: DatasetManifest;
  readonly episodesFinished: number;
  /** Mean env return (after the preset's wrappers) of the episodes that finished. */
  readonly meanEpisodeReturn: number | undefined;
  readonly seconds: number;
}

export async function collectDataset(options: CollectOptions): Promise<CollectSummary> {
  if (!(Number.isInteger(options.samples) && options.samples > 0))
    throw new DistillConfigError(`samples must be a positive integer, got ${options.samples}`);
  if (!(Number.isInteger(options.numEnvs) && options.numEnvs > 0))
    throw new DistillConfigError(`envs must be a positive integer, got ${options.numEnvs}`);
  const t0 = performance.now();
  const preset = presetOf(options, options.teacher);
  const env = await openVectorEnv(options, preset, options.numEnvs);
  try {
    const collector = new Collector({
      env,
      teacher: options.teacher,
      seed: options.seed,
      padding: presetPadding(preset),
      teacherPolicy: options.teacherPolicy,
      ...(options.student ? { student: options.student } : {}),
      ...(options.studentPolicy ? { studentPolicy: options.studentPolicy } : {}),
      maxHistory: options.maxHistory ?? DEFAULT_MAX_HISTORY,
    });
    const writer = await DatasetWriter.create(options.out, collector.info, {
      ...(options.shardSamples ? { shardSamples: options.shardSamples } : {}),
      overwrite: options.overwrite ?? false,
    });
    const totalSteps = Math.ceil(options.samples / options.numEnvs);
    const returns: number[] = [];
    const episodes = new Set<number>();
    for (let done = 0; done < totalSteps; ) {
      const steps = Math.min(COLLECT_CHUNK_STEPS, totalSteps - done);
      const { segments, stats } = collector.collect(steps, options.beta ?? 1);
      for (const s of segments) episodes.add(s.episode);
      returns.push(...stats.episodeReturns);
      await writer.add(segments);
      done += steps;
      options.onProgress?.(done * options.numEnvs, totalSteps * options.numEnvs);
    }
    const test = splitEpisodes([...episodes], options.testFraction, options.seed);
    const manifest = await writer.finish(
      { testFraction: options.testFraction, seed: options.seed, test: [...test] },
      {
        env: options.envId,
        preset,
        envOptions: envOptionsFor(options, preset),
        numEnvs: options.numEnvs,
        seed: options.seed,
        teacherPolicy: options.teacherPolicy,
        beta: options.beta ?? 1,
        teacher: options.teacher.provenance,
        ...options.source,
      },
    );
    return {
      manifest,
      episodesFinished: returns.length,
      meanEpisodeReturn: returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : undefined,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await env.close();
  }
}

// ---------------------------------------------------------------------------------------------
// evaluate

export interface EvaluationSettings {
  readonly episodes: number;
  readonly policy: ActPolicy;
  readonly seed: number;
  readonly numEnvs?: number;
}

/**
 * The returns of `agent` (a TeacherAgent, StudentAgent or RandomAgent) over `settings.episodes`
 * games by the env id's evaluation protocol (evaluate/returns.ts: the preset's wrappers, a whole game
 * per episode, the game's own score, per-episode seeds). Exported from the package root as `evaluate`.
 */
export function evaluateAgent(
  agent: Agent,
  choice: EnvChoice & { preset: PresetName | 'none' },
  settings: EvaluationSettings,
  onEpisode?: (done: number, total: number) => void,
): ReturnsResult {
  return evaluateReturns(agent, {
    envId: choice.envId,
    preset: choice.preset,
    ...(choice.envOptions ? { envOptions: choice.envOptions } : {}),
    ...(choice.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: choice.maxEpisodeSteps } : {}),
    episodes: settings.episodes,
    seed: settings.seed,
    ...(settings.numEnvs ? { numEnvs: settings.numEnvs } : {}),
    ...(onEpisode ? { onEpisode } : {}),
  });
}

/** A student model from a checkpoint file (its architecture comes from the checkpoint's config). */
export async function loadStudentCheckpoint(
  path: string,
): Promise<{ model: PolicyModel; config: TrainConfig; step: number }> {
  const c = await readCheckpoint(path);
  const config = c.config as TrainConfig;
  if (!config?.student) throw new CheckpointError(`${path}: the checkpoint has no student architecture`);
  const model = buildModel(config.student as ArchitectureSpec, { weights: c.weights, trainable: false });
  return { model, config, step: c.step };
}

// ---------------------------------------------------------------------------------------------
// distill

export interface DistillHooks {
  readonly log?: (line: string) => void;
  readonly onCollect?: (samples: number, total: number) => void;
  readonly onStep?: (step: number, total: number, trainer: Trainer) => void;
  readonly onRecord?: (record: MetricsRecord) => void;
  readonly onCheckpoint?: (path: string, step: number) => void;
  readonly onEvaluation?: (who: string, done: number, total: number) => void;
}

/** Online runs keep their collection rounds here (in the run folder), to resume from. */
export const ONLINE_ROUNDS_DIR = 'online-rounds';

export interface DistillOptions extends EnvChoice {
  readonly teacher: TeacherData;
  /** Run folder: checkpoints, dataset (when collected here), report.json, metrics.csv, learning-curve.html. */
  readonly runDir: string;
  readonly mode: 'offline' | 'online';
  /** Offline: an existing dataset folder; without it a dataset is collected into runDir/dataset. */
  readonly datasetDir?: string;
  /** Offline collection when no dataset is given. */
  readonly collect: {
    readonly samples: number;
    readonly numEnvs: number;
    readonly teacherPolicy: ActPolicy;
    readonly testFraction: number;
    readonly maxHistory?: number;
  };
  /** Online: rounds, β schedule, envs and the acting policies. */
  readonly online?: OnlineConfig & {
    readonly numEnvs: number;
    readonly teacherPolicy: ActPolicy;
    readonly studentPolicy: ActPolicy;
  };
  readonly train: TrainConfig;
  readonly resume?: boolean;
  readonly evaluation: EvaluationSettings & { readonly teacher: boolean; readonly random: boolean };
  readonly backend: BackendChoice;
  readonly hooks?: DistillHooks;
  /** Recorded in the report (e.g. the command line). */
  readonly invocation?: string;
}

export interface DistillResult {
  readonly report: DistillReport;
  readonly runDir: string;
}

async function manifestDigest(dir: string): Promise<string> {
  return sha256(await readFile(join(dir, MANIFEST_FILE)));
}

export async function distill(options: DistillOptions): Promise<DistillResult> {
  const t0 = performance.now();
  const log = options.hooks?.log ?? (() => undefined);
  const backend: BackendName = await selectBackend(options.backend);
  const teacher = new Teacher(options.teacher);
  const preset = presetOf(options, teacher);
  await mkdir(options.runDir, { recursive: true });
  const checkpointDir = join(options.runDir, 'checkpoints');
  const existing = await listCheckpoints(checkpointDir);
  if (existing.length > 0 && !options.resume) {
    throw new DistillConfigError(
      `${options.runDir} already holds checkpoints of a run; pass --resume to continue it, or choose another output folder`,
    );
  }
  let provider: TargetProvider | undefined;
  let worker: TeacherWorker | undefined;
  let trainer: Trainer | undefined;
  let online: OnlineData | undefined;
  let datasetDir: string | undefined;
  let collectSeconds = 0;
  try {
    const needsWorker = options.train.targets === 'worker' && options.train.sobolev !== 'none';
    if (options.mode === 'offline') {
      datasetDir = options.datasetDir ?? join(options.runDir, 'dataset');
      if (!existsSync(join(datasetDir, MANIFEST_FILE))) {
        if (options.datasetDir) throw new DistillConfigError(`${datasetDir}: no dataset there (no ${MANIFEST_FILE})`);
        log(`collecting ${options.collect.samples} samples into ${datasetDir}`);
        const summary = await collectDataset({
          teacher,
          envId: options.envId,
          preset,
          ...(options.envOptions ? { envOptions: options.envOptions } : {}),
          ...(options.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: options.maxEpisodeSteps } : {}),
          samples: options.collect.samples,
          numEnvs: options.collect.numEnvs,
          seed: options.train.seed,
          teacherPolicy: options.collect.teacherPolicy,
          maxHistory: Math.max(options.collect.maxHistory ?? DEFAULT_MAX_HISTORY, options.train.student.input[0] - 1),
          testFraction: options.collect.testFraction,
          out: datasetDir,
          overwrite: true,
          ...(options.hooks?.onCollect ? { onProgress: options.hooks.onCollect } : {}),
        });
        collectSeconds = summary.seconds;
        log(
          `collected ${summary.manifest.counts.samples} samples, ${summary.manifest.counts.episodes} episodes in ${summary.seconds.toFixed(1)} s`,
        );
      }
      const { dataset } = await readDataset(datasetDir);
      provider = needsWorker
        ? await TeacherWorker.start({ teacher: options.teacher, backend })
        : new InlineTargets(teacher);
      trainer = new Trainer({
        config: options.train,
        data: epochData(dataset, options.train.seed, options.train.batchSize),
        targets: provider,
        checkpointDir,
        datasetRef: { dir: datasetDir, manifestSha256: await manifestDigest(datasetDir) },
        ...trainerHooks(options),
      });
    } else {
      const o = options.online;
      if (!o) throw new DistillConfigError('online mode needs its settings (rounds, β, envs)');
      worker = await TeacherWorker.start({
        teacher: options.teacher,
        backend,
        collection: {
          envId: options.envId,
          envOptions: envOptionsFor(options, preset),
          numEnvs: o.numEnvs,
          seed: options.train.seed,
          padding: presetPadding(preset),
          teacherPolicy: o.teacherPolicy,
          studentPolicy: o.studentPolicy,
          student: options.train.student,
          maxHistory: Math.max(DEFAULT_MAX_HISTORY, options.train.student.input[0] - 1),
        },
      });
      provider = options.train.targets === 'worker' ? worker : new InlineTargets(teacher);
      online = new OnlineData(
        worker,
        worker.info!,
        o,
        options.train.seed,
        options.train.batchSize,
        options.train.steps,
        join(options.runDir, ONLINE_ROUNDS_DIR),
      );
      if (existing.length === 0) await online.clearRounds();
      trainer = new Trainer({
        config: options.train,
        data: online,
        targets: provider,
        checkpointDir,
        ...trainerHooks(options),
      });
    }
    if (options.resume) {
      const latest = await latestCheckpoint(checkpointDir);
      if (latest) {
        const ref = latest.data.dataset;
        if (ref && datasetDir && ref.manifestSha256 !== (await manifestDigest(datasetDir))) {
          throw new CheckpointError(
            `${latest.path} was trained on another dataset than ${datasetDir} (manifest digests differ); resume with the same dataset`,
          );
        }
        trainer.restore(latest.data);
        if (online) {
          const { rounds, replaySeconds } = await online.restore(latest.data.dataCursor);
          log(`replayed ${rounds} collection rounds in the envs in ${replaySeconds.toFixed(1)} s`);
        }
        log(`resumed from ${latest.path} at step ${latest.data.step}`);
      }
    }
    const startStep = trainer.step;
    const trainStart = performance.now();
    await trainer.run();
    const trainSeconds = (performance.now() - trainStart) / 1000;
    await online?.settle();
    if (online && online.dataset.segments.length > 0) {
      datasetDir = join(options.runDir, 'dataset');
      await writeDataset(
        datasetDir,
        online.dataset,
        { testFraction: options.online!.testFraction, seed: options.train.seed },
        {
          env: options.envId,
          preset,
          online: true,
        },
        { overwrite: true },
      );
    }
    // Final evaluation: all test samples (up to evalSamples), and returns by the same protocol for each policy.
    // The trainer evaluated the test split after its last step; a resumed run that had already finished did not.
    const lastRecord = trainer.history.at(-1);
    const test: OfflineMetrics | undefined =
      trainer.dataset.index('test').size === 0
        ? undefined
        : lastRecord?.step === trainer.step && lastRecord.test
          ? lastRecord.test
          : await trainer.evaluateTest();
    if (!test) log('no held-out episodes: test metrics are left out (raise the test fraction)');
    const choice = { ...options, preset };
    const evalStudent = evaluateAgent(
      new StudentAgent(trainer.student, options.evaluation.policy),
      choice,
      options.evaluation,
      (d, t) => options.hooks?.onEvaluation?.('student', d, t),
    );
    const evalTeacher = options.evaluation.teacher
      ? evaluateAgent(new TeacherAgent(teacher, options.evaluation.policy), choice, options.evaluation, (d, t) =>
          options.hooks?.onEvaluation?.('teacher', d, t),
        )
      : undefined;
    const evalRandom = options.evaluation.random
      ? evaluateAgent(new RandomAgent(teacher.numActions), choice, options.evaluation, (d, t) =>
          options.hooks?.onEvaluation?.('random', d, t),
        )
      : undefined;
    const studentFile = await maybeWriteStudentTeacher(options, trainer, preset);
    const report: DistillReport = {
      format: 'sobolev-distill/report',
      version: 1,
      codeVersion: VERSION,
      created: new Date().toISOString(),
      backend,
      invocation: options.invocation ?? '',
      env: { id: options.envId, preset, options: envOptionsFor(options, preset) },
      mode: options.mode,
      config: options.train,
      ...(options.online ? { online: options.online } : {}),
      dataset: {
        dir: datasetDir ?? '',
        samples: trainer.dataset.samples,
        episodes: trainer.dataset.episodeIds().length,
        train_samples: trainer.dataset.index('train').size,
        test_samples: trainer.dataset.index('test').size,
      },
      teacher: { provenance: options.teacher.provenance, ...(evalTeacher ? { returns: evalTeacher } : {}) },
      ...(evalRandom ? { random: { returns: evalRandom } } : {}),
      student: {
        ...(studentFile ? { file: studentFile } : {}),
        checkpointDir,
        ...(test ? { test } : {}),
        returns: evalStudent,
      },
      final: {
        test_kl: test?.kl ?? null,
        action_agreement: test?.agreement ?? null,
        ...(test?.sobolev_error !== undefined ? { sobolev_error: test.sobolev_error } : {}),
        ...(test?.sobolev_relative_error !== undefined ? { sobolev_relative_error: test.sobolev_relative_error } : {}),
        mean_return: evalStudent.mean_return,
        ...(evalTeacher
          ? {
              teacher_mean_return: evalTeacher.mean_return,
              ...ratioFields(evalStudent, evalTeacher),
            }
          : {}),
        ...(evalRandom ? { random_mean_return: evalRandom.mean_return } : {}),
      },
      timing: {
        wall_s: (performance.now() - t0) / 1000,
        collect_s: collectSeconds,
        train_s: trainSeconds,
        train_steps_per_s: (options.train.steps - startStep) / Math.max(trainSeconds, 1e-9),
        learner_idle_fraction: trainer.idleFraction,
        ...(worker || provider instanceof TeacherWorker
          ? {
              worker_target_s: (provider as TeacherWorker).targetSeconds ?? 0,
              worker_collect_s: worker?.collectSeconds ?? 0,
            }
          : {}),
      },
      ...(online ? { rounds: online.rounds.map(roundSummary) } : {}),
      history: trainer.history,
    };
    await writeReport(options.runDir, report);
    // The rounds served resuming; the finished run's data now lives in <runDir>/dataset.
    await online?.clearRounds();
    return { report, runDir: options.runDir };
  } finally {
    trainer?.dispose();
    if (provider && provider !== worker) await provider.close();
    await worker?.close();
    teacher.dispose();
  }
}

function roundSummary(r: RoundRecord): Record<string, unknown> {
  const s: CollectStats = r.stats;
  return {
    round: r.round,
    beta: r.beta,
    steps: s.steps,
    teacher_steps: s.teacherSteps,
    student_steps: s.studentSteps,
    episodes: s.episodeReturns.length,
    seconds: r.seconds,
  };
}

function trainerHooks(options: DistillOptions) {
  const h = options.hooks;
  const total = options.train.steps;
  return {
    ...(h?.onStep ? { onStep: (step: number, t: Trainer) => h.onStep!(step, total, t) } : {}),
    ...(h?.onRecord ? { onRecord: h.onRecord } : {}),
    ...(h?.onCheckpoint ? { onCheckpoint: h.onCheckpoint } : {}),
  };
}

/** The student as a teacher file (student.teacher) when it reads the env's observations as they are. */
async function maybeWriteStudentTeacher(
  options: DistillOptions,
  trainer: Trainer,
  preset: PresetName | 'none',
): Promise<string | undefined> {
  const info = trainer.dataset.info;
  if (trainer.student.inputShape[0] !== info.envStack || preset === 'none') return undefined;
  const path = join(options.runDir, 'student.teacher');
  await writeTeacherFile(path, {
    arch: trainer.config.student,
    preset,
    // The same network input as the teacher's: x = frames / 255.
    inputScale: info.observation === 'uint8' ? 1 / 255 : 1,
    actions: { count: info.numActions, ...(info.actionMeanings ? { meanings: info.actionMeanings } : {}) },
    weights: getWeights(trainer.student),
    provenance: {
      source: `sobolev-distill student of ${options.teacher.provenance.source} (${trainer.config.sobolev === 'none' ? 'KL' : `KL + Sobolev ${trainer.config.sobolev}`})`,
      licence: options.teacher.provenance.licence,
      trainingEnv: options.envId,
    },
  });
  return path;
}

/**
 * The report's flat fields for the student/teacher return ratio: null when the teacher scored 0; its
 * 95% interval needs 2 episodes of each.
 */
function ratioFields(student: ReturnsResult, teacher: ReturnsResult): Record<string, number | null> {
  const r = returnRatio(student.returns, teacher.returns);
  if (!r) return { return_ratio: teacher.mean_return !== 0 ? student.mean_return / teacher.mean_return : null };
  return {
    return_ratio: r.ratio,
    return_ratio_standard_error: r.standard_error,
    return_ratio_ci95_low: r.ci95[0],
    return_ratio_ci95_high: r.ci95[1],
  };
}
