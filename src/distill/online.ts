/**
 * Online distillation: collection in the teacher worker overlaps training in the learner.
 *
 * Rounds: round r collects `envSteps` vector steps with teacher probability β_r (DAgger's mixture)
 * and the student's weights as they were when the round started. The learner trains
 * `updatesPerRound` steps per round on everything collected so far (uniform batches), and round
 * r + 1 is collected while it trains on rounds ≤ r. Because each round's inputs (weights, β, the
 * env streams) are fixed at its start, the run is deterministic for a seed however fast each side
 * is; the learner waits only when a round is not ready when it needs it.
 */
import { getWeights } from '../models/build.js';
import type { CollectStats } from './collect.js';
import { Dataset, episodeSplitKey } from './dataset/dataset.js';
import type { DatasetInfo, Segment } from './dataset/types.js';
import { DistillConfigError } from './errors.js';
import { type BetaSchedule, betaAt, checkBetaSchedule } from './schedules.js';
import { uniformBatch } from './train/sampler.js';
import type { Trainer, TrainingData } from './train/trainer.js';
import type { TeacherWorker } from './worker/client.js';

export interface OnlineConfig {
  /** Vector steps per collection round. */
  readonly envSteps: number;
  /** Learner updates per round. */
  readonly updatesPerRound: number;
  readonly beta: BetaSchedule;
  /** Fraction of episodes held out for testing (by a hash of the episode id). */
  readonly testFraction: number;
}

export interface RoundRecord {
  readonly round: number;
  readonly beta: number;
  readonly stats: CollectStats;
  readonly seconds: number;
}

export class OnlineData implements TrainingData {
  readonly dataset: Dataset;
  readonly rounds: RoundRecord[] = [];
  private pending:
    | Promise<{ round: number; beta: number; segments: Segment[]; stats: CollectStats; seconds: number }>
    | undefined;
  private collectedRounds = 0;
  private readonly totalRounds: number;

  constructor(
    private readonly worker: TeacherWorker,
    info: DatasetInfo,
    private readonly config: OnlineConfig,
    private readonly seed: number,
    private readonly batchSize: number,
    totalSteps: number,
  ) {
    checkBetaSchedule(config.beta);
    if (!(Number.isInteger(config.envSteps) && config.envSteps > 0))
      throw new DistillConfigError(`steps per round must be a positive integer, got ${config.envSteps}`);
    if (!(Number.isInteger(config.updatesPerRound) && config.updatesPerRound > 0))
      throw new DistillConfigError(`updates per round must be a positive integer, got ${config.updatesPerRound}`);
    this.dataset = new Dataset(info);
    this.totalRounds = Math.ceil(totalSteps / config.updatesPerRound);
  }

  private startRound(round: number, trainer: Trainer): void {
    const beta = betaAt(this.config.beta, round, this.totalRounds);
    const weights = beta < 1 ? getWeights(trainer.student) : undefined;
    this.pending = this.worker.collect(this.config.envSteps, beta, weights).then((r) => ({ round, beta, ...r }));
  }

  /** At each round boundary: take the round in flight (waiting if needed) and start the next. */
  async beforeStep(step: number, trainer: Trainer): Promise<number> {
    if (step % this.config.updatesPerRound !== 0) return 0;
    const round = step / this.config.updatesPerRound;
    if (round === 0 && !this.pending) this.startRound(0, trainer);
    const t0 = performance.now();
    const result = await this.pending!;
    const waited = (performance.now() - t0) / 1000;
    this.pending = undefined;
    const test = new Set<number>();
    for (const s of result.segments) {
      if (episodeSplitKey(this.seed, s.episode) < this.config.testFraction) test.add(s.episode);
    }
    this.dataset.append(result.segments, test);
    this.rounds.push({ round: result.round, beta: result.beta, stats: result.stats, seconds: result.seconds });
    this.collectedRounds = round + 1;
    if (round + 1 < this.totalRounds) this.startRound(round + 1, trainer);
    if (this.dataset.index('train').size === 0) {
      throw new DistillConfigError(
        `round ${round} left no training samples (all episodes held out); lower the test fraction or collect more per round`,
      );
    }
    return waited;
  }

  batch(step: number): Int32Array {
    return uniformBatch(this.seed, step, this.dataset.index('train').size, this.batchSize);
  }

  ready(step: number): boolean {
    return (
      step % this.config.updatesPerRound !== 0 && Math.floor(step / this.config.updatesPerRound) < this.collectedRounds
    );
  }

  cursor(step: number): unknown {
    return { round: Math.floor(step / this.config.updatesPerRound), samples: this.dataset.index('train').size };
  }

  /** Waits for a round still in flight (e.g. after training stopped early). */
  async settle(): Promise<void> {
    await this.pending?.catch(() => undefined);
  }
}
