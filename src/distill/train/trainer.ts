/**
 * The learner: trains a student on a dataset (fixed, or growing during online collection) with the
 * configured loss, Adam, clipping and schedules, evaluates on the held-out episodes, checkpoints,
 * and resumes exactly.
 *
 * Pipelining: the batch of step t+1 is a pure function of (seed, t+1) and the data present, so its
 * teacher targets are requested before step t runs. With the teacher in a worker thread, the
 * teacher's derivative work overlaps the learner's step; the learner only waits ("idle") when the
 * worker is slower. Results are identical whichever thread computes the targets.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, getWeights, setWeights } from '../../models/build.js';
import type { PolicyModel } from '../../models/model.js';
import { type CheckpointData, saveCheckpoint } from '../checkpoint.js';
import type { Dataset, SampleIndex } from '../dataset/dataset.js';
import { CheckpointError, DatasetMismatchError } from '../errors.js';
import { type OfflineMetrics, offlineMetrics } from '../evaluate/offline.js';
import { unitDirections } from '../losses/directions.js';
import { bytesToInput } from '../observations.js';
import { deriveSeed, STREAM, stream } from '../rng.js';
import { learningRateAt, valueAt } from '../schedules.js';
import { Adam } from './adam.js';
import { checkTrainConfig, type TrainConfig } from './config.js';
import { EpochSampler } from './sampler.js';
import { type LossConfig, trainStep } from './step.js';
import type { TargetProvider, TargetRequest } from './targets.js';

/** One row of the metrics history. */
export interface MetricsRecord {
  readonly step: number;
  readonly lr: number;
  readonly sobolev_weight: number;
  /** Means over the steps since the previous record. */
  readonly loss: number;
  readonly kl: number;
  readonly sobolev: number;
  readonly grad_norm: number;
  readonly wall_s: number;
  readonly samples_seen: number;
  readonly test?: OfflineMetrics;
}

/** Where batches come from: a fixed dataset (epochs) or a growing one (online rounds). */
export interface TrainingData {
  readonly dataset: Dataset;
  /** Batch sample ids (in dataset.index('train')) of a step. */
  batch(step: number): Int32Array;
  /** Whether step's data is in place now (so its targets may be requested ahead). */
  ready(step: number): boolean;
  /** Called before each step; may add data (and wait for it). Returns seconds spent waiting. */
  beforeStep?(step: number, trainer: Trainer): Promise<number>;
  cursor(step: number): unknown;
}

export interface TrainerOptions {
  readonly config: TrainConfig;
  readonly data: TrainingData;
  readonly targets: TargetProvider;
  /** Checkpoint folder (with config.checkpointEvery > 0). */
  readonly checkpointDir?: string;
  /** Dataset reference stored in checkpoints. */
  readonly datasetRef?: { readonly dir: string; readonly manifestSha256: string };
  /** Called after every step (progress bars). */
  readonly onStep?: (step: number, trainer: Trainer) => void;
  /** Called after each checkpoint is written. */
  readonly onCheckpoint?: (path: string, step: number) => void;
  /** Called after each evaluation record. */
  readonly onRecord?: (record: MetricsRecord) => void;
}

interface Prepared {
  readonly ids: Int32Array;
  readonly frames: Uint8Array;
  readonly logits: Float32Array;
  readonly directions?: Float32Array;
  readonly targets?: Promise<Float32Array>;
}

interface Accumulator {
  steps: number;
  loss: number;
  kl: number;
  sobolev: number;
  gradNorm: number;
}

const emptyAccumulator = (): Accumulator => ({ steps: 0, loss: 0, kl: 0, sobolev: 0, gradNorm: 0 });

export class Trainer {
  readonly student: PolicyModel;
  readonly optimizer: Adam;
  readonly config: TrainConfig;
  readonly history: MetricsRecord[] = [];
  /** Updates done. */
  step = 0;
  /** Seconds the learner spent waiting for targets or data; and in all, since `run` started. */
  idleSeconds = 0;
  busySeconds = 0;
  private readonly lossConfig: LossConfig;
  private readonly prepared = new Map<number, Prepared>();
  private acc = emptyAccumulator();
  private wallOffset = 0;
  private started = 0;

  constructor(private readonly options: TrainerOptions) {
    const { config, data } = options;
    checkTrainConfig(config);
    const info = data.dataset.info;
    const [k, h, w] = config.student.input;
    if (h !== info.frameShape[0] || w !== info.frameShape[1] || config.student.numActions !== info.numActions) {
      throw new DatasetMismatchError(
        `the student takes [${config.student.input}] with ${config.student.numActions} actions; the dataset has [k, ${info.frameShape}] frames and ${info.numActions} actions`,
      );
    }
    if (k < info.envStack) {
      throw new DatasetMismatchError(
        `the student stacks ${k} frames, fewer than the teacher's ${info.envStack}: its input must contain the teacher's`,
      );
    }
    data.dataset.checkStack(k);
    this.config = config;
    this.student = buildModel(config.student, { seed: deriveSeed(config.seed, STREAM.init) });
    this.optimizer = new Adam(this.student.params, config.adam);
    this.lossConfig = { kl: config.kl, sobolev: config.sobolev, k: config.k, teacherChannels: info.envStack };
  }

  get dataset(): Dataset {
    return this.options.data.dataset;
  }

  /** Restores weights, optimizer, step and history from a checkpoint of the same configuration. */
  restore(c: CheckpointData): void {
    const a = JSON.stringify(c.config);
    const b = JSON.stringify(this.config);
    if (a !== b) {
      throw new CheckpointError(
        'the checkpoint was written by a run with another configuration; resume with the same options, or use a new run folder',
      );
    }
    setWeights(this.student, c.weights);
    this.optimizer.load(c.optimizer);
    this.step = c.step;
    this.history.splice(0, this.history.length, ...(c.history as MetricsRecord[]));
    this.wallOffset = (c.extra?.wall_s as number | undefined) ?? 0;
    // The training averages of the next record span the steps since the last one, some of them before the checkpoint.
    this.acc = { ...emptyAccumulator(), ...(c.extra?.accumulated as Accumulator | undefined) };
  }

  checkpointData(): CheckpointData {
    return {
      step: this.step,
      config: this.config,
      weights: getWeights(this.student),
      optimizer: this.optimizer.state(),
      rng: { seed: this.config.seed, step: this.step },
      dataCursor: this.options.data.cursor(this.step),
      history: this.history,
      ...(this.options.datasetRef ? { dataset: this.options.datasetRef } : {}),
      extra: { wall_s: this.wallSeconds(), accumulated: { ...this.acc } },
    };
  }

  wallSeconds(): number {
    return this.wallOffset + (this.started ? (performance.now() - this.started) / 1000 : 0);
  }

  /** Fraction of the learner's time spent waiting for targets or data. */
  get idleFraction(): number {
    const total = this.idleSeconds + this.busySeconds;
    return total > 0 ? this.idleSeconds / total : 0;
  }

  private prepare(step: number): Prepared {
    const existing = this.prepared.get(step);
    if (existing) return existing;
    const { dataset } = this;
    const index: SampleIndex = dataset.index('train');
    const ids = this.options.data.batch(step);
    const [k, h, w] = this.config.student.input;
    const n = ids.length;
    const a = dataset.info.numActions;
    const frames = dataset.gatherStacks(index, ids, k, new Uint8Array(n * k * h * w));
    const logits = dataset.gatherLogits(index, ids, new Float32Array(n * a));
    let prepared: Prepared = { ids, frames, logits };
    const kind = this.config.sobolev;
    if (kind !== 'none') {
      const ct = dataset.info.envStack;
      const rows = n * this.config.k;
      const rng = stream(this.config.seed, STREAM.directions, step);
      const directions =
        kind === 'full'
          ? new Float32Array(0)
          : tf.tidy(() => unitDirections(rows, kind === 'vjp' ? [a] : [h, w, ct], rng.next).dataSync() as Float32Array);
      const teacherFrames = ct === k ? frames : dataset.gatherStacks(index, ids, ct, new Uint8Array(n * ct * h * w));
      const stateSize = dataset.info.stateSize;
      const request: TargetRequest = {
        kind,
        frames: teacherFrames,
        shape: [n, ct, h, w],
        encoding: dataset.info.observation,
        ...(stateSize > 0 ? { states: dataset.gatherStates(index, ids, new Float32Array(n * stateSize)) } : {}),
        k: this.config.k,
        directions,
      };
      prepared = { ...prepared, directions, targets: this.options.targets.request(request) };
    }
    this.prepared.set(step, prepared);
    return prepared;
  }

  /** Trains from the current step to config.steps. */
  async run(): Promise<void> {
    const { config } = this;
    const { data } = this.options;
    this.started = performance.now();
    this.idleSeconds = 0;
    this.busySeconds = 0;
    let mark = performance.now();
    const account = (idle: boolean) => {
      const now = performance.now();
      const dt = (now - mark) / 1000;
      if (idle) this.idleSeconds += dt;
      else this.busySeconds += dt;
      mark = now;
    };
    try {
      while (this.step < config.steps) {
        const t = this.step;
        if (data.beforeStep) {
          account(false);
          await data.beforeStep(t, this);
          account(true);
        }
        const batch = this.prepare(t);
        if (t + 1 < config.steps && data.ready(t + 1) && this.options.targets.concurrent) this.prepare(t + 1);
        let targets: Float32Array | undefined;
        if (batch.targets) {
          account(false);
          targets = await batch.targets;
          account(true);
        }
        this.prepared.delete(t);
        this.update(t, batch, targets);
        this.step = t + 1;
        this.options.onStep?.(this.step, this);
        if (this.shouldRecord()) await this.record(this.step === config.steps || this.isEvalStep());
        if (config.checkpointEvery > 0 && this.options.checkpointDir) {
          if (this.step % config.checkpointEvery === 0 || this.step === config.steps) {
            const path = await saveCheckpoint(
              this.options.checkpointDir,
              this.checkpointData(),
              config.keepCheckpoints,
            );
            this.options.onCheckpoint?.(path, this.step);
          }
        }
      }
      account(false);
    } finally {
      // Let pending target requests settle so a closing worker does not reject them unobserved.
      for (const p of this.prepared.values()) p.targets?.catch(() => undefined);
      this.prepared.clear();
    }
  }

  private isEvalStep(): boolean {
    return this.config.evalEvery > 0 && this.step % this.config.evalEvery === 0;
  }

  private shouldRecord(): boolean {
    return this.isEvalStep() || this.step === this.config.steps;
  }

  private update(step: number, batch: Prepared, targets: Float32Array | undefined): void {
    const { config, dataset } = this;
    const [k, h, w] = config.student.input;
    const n = batch.ids.length;
    const a = dataset.info.numActions;
    const ct = dataset.info.envStack;
    const lr = learningRateAt(config.lrSchedule, config.lr, step, config.steps);
    const sobolevWeight = valueAt(config.sobolevWeight, step, config.steps);
    const tensors: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      tensors.push(t);
      return t;
    };
    try {
      const x = keep(bytesToInput(batch.frames, [n, k, h, w]));
      const teacherLogits = keep(tf.tensor2d(batch.logits, [n, a]));
      const rows = n * config.k;
      const kind = config.sobolev;
      const directions =
        kind === 'vjp'
          ? keep(tf.tensor2d(batch.directions!, [rows, a]))
          : kind === 'jvp'
            ? keep(tf.tensor4d(batch.directions!, [rows, h, w, ct]))
            : undefined;
      const targetTensor =
        targets === undefined
          ? undefined
          : kind === 'jvp'
            ? keep(tf.tensor2d(targets, [rows, a]))
            : keep(tf.tensor4d(targets, [kind === 'full' ? n * a : rows, h, w, ct]));
      const result = trainStep(
        this.student,
        this.optimizer,
        {
          x,
          teacherLogits,
          ...(directions ? { directions } : {}),
          ...(targetTensor ? { targets: targetTensor } : {}),
        },
        this.lossConfig,
        { step, lr, sobolevWeight, clipNorm: config.clipNorm },
      );
      this.acc.steps += 1;
      this.acc.loss += result.terms.loss;
      this.acc.kl += result.terms.kl;
      this.acc.sobolev += result.terms.sobolev;
      this.acc.gradNorm += result.gradNorm;
    } finally {
      tf.dispose(tensors);
    }
  }

  /** Appends a history record (with test metrics when `evaluate`). */
  private async record(evaluate: boolean): Promise<void> {
    const { config } = this;
    const n = Math.max(1, this.acc.steps);
    let test: OfflineMetrics | undefined;
    if (evaluate && this.dataset.index('test').size > 0) {
      test = await this.evaluateTest();
    }
    const record: MetricsRecord = {
      step: this.step,
      lr: learningRateAt(config.lrSchedule, config.lr, this.step - 1, config.steps),
      sobolev_weight: valueAt(config.sobolevWeight, this.step - 1, config.steps),
      loss: this.acc.loss / n,
      kl: this.acc.kl / n,
      sobolev: this.acc.sobolev / n,
      grad_norm: this.acc.gradNorm / n,
      wall_s: this.wallSeconds(),
      samples_seen: this.step * config.batchSize,
      ...(test ? { test } : {}),
    };
    this.history.push(record);
    this.acc = emptyAccumulator();
    this.options.onRecord?.(record);
  }

  /** Offline metrics on the test split (with the Sobolev error when the run has a Sobolev term). */
  async evaluateTest(maxSamples = this.config.evalSamples): Promise<OfflineMetrics> {
    return offlineMetrics(this.student, this.dataset, {
      split: 'test',
      ...(maxSamples > 0 ? { maxSamples } : {}),
      targets: this.options.targets,
      seed: this.config.seed,
    });
  }

  dispose(): void {
    this.student.dispose();
    this.optimizer.dispose();
  }
}

/** Batches of a fixed dataset: epochs of the training split. */
export function epochData(dataset: Dataset, seed: number, batchSize: number): TrainingData {
  const size = dataset.index('train').size;
  if (size === 0) {
    throw new DatasetMismatchError(
      'the training split has no samples; collect more episodes or lower the test fraction',
    );
  }
  const sampler = new EpochSampler(seed, size, batchSize);
  return {
    dataset,
    batch: (step) => sampler.batch(step),
    ready: () => true,
    cursor: (step) => sampler.cursor(step),
  };
}
