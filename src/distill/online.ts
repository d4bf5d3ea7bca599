/**
 * Online distillation: collection in the teacher worker overlaps training in the learner.
 *
 * Rounds: round r collects `envSteps` vector steps with teacher probability β_r (DAgger's mixture)
 * and the student's weights as they were when the round started. The learner trains
 * `updatesPerRound` steps per round on everything collected so far (uniform batches), and round
 * r + 1 is collected while it trains on rounds ≤ r. Because each round's inputs (weights, β, the
 * env streams, fresh action streams per round) are fixed at its start, the run is deterministic for
 * a seed however fast each side is; the learner waits only when a round is not ready when it needs it.
 *
 * Resuming: each round is written to `roundsDir` (atomically) when the learner takes it, and the
 * checkpoint's cursor holds the round in flight (its number, β and the weights it started with). A
 * resumed run reads the rounds taken, replays their recorded actions in the worker's envs (checking
 * that the replay rebuilds the same episodes, frame for frame), and starts the in-flight round again
 * with the same inputs: it goes on exactly as the uninterrupted run did.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import { getWeights } from '../models/build.js';
import type { TorchTensor } from '../models/params.js';
import { decodeWeights, type EncodedTensor, encodeWeights } from './checkpoint.js';
import { type CollectStats, roundScript } from './collect.js';
import { Dataset, episodeSplitKey } from './dataset/dataset.js';
import { segmentsDigest } from './dataset/digest.js';
import { decodeShard, encodeShard } from './dataset/io.js';
import type { DatasetInfo, Segment } from './dataset/types.js';
import { CheckpointError, DistillConfigError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import { type BetaSchedule, betaAt, checkBetaSchedule } from './schedules.js';
import { uniformBatch } from './train/sampler.js';
import type { Trainer, TrainingData } from './train/trainer.js';
import type { TeacherWorker } from './worker/client.js';

const ROUND_FORMAT = 'sobolev-distill/online-round';
const ROUND_FORMAT_VERSION = 1;
const packr = new Packr({ useRecords: false });
const roundFile = (round: number) => `round-${String(round).padStart(5, '0')}.msgpack`;

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

/** The round in flight when a checkpoint was written: what it takes to start it again. */
interface InFlightCursor {
  readonly round: number;
  readonly beta: number;
  readonly weights?: Record<string, EncodedTensor>;
}

/** What an online run's checkpoint holds about its data. */
interface OnlineCursor {
  readonly round: number;
  readonly samples: number;
  readonly roundsTaken: number;
  readonly inFlight: InFlightCursor | null;
  readonly online: OnlineConfig;
}

interface RoundResult {
  round: number;
  beta: number;
  segments: Segment[];
  stats: CollectStats;
  seconds: number;
}

export class OnlineData implements TrainingData {
  readonly dataset: Dataset;
  readonly rounds: RoundRecord[] = [];
  private pending: Promise<RoundResult> | undefined;
  private inFlight: { round: number; beta: number; weights?: Map<string, TorchTensor> } | undefined;
  private collectedRounds = 0;
  private readonly totalRounds: number;

  /** `roundsDir`: where rounds are kept for resuming (none: the run cannot resume). */
  constructor(
    private readonly worker: TeacherWorker,
    info: DatasetInfo,
    private readonly config: OnlineConfig,
    private readonly seed: number,
    private readonly batchSize: number,
    totalSteps: number,
    private readonly roundsDir?: string,
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
    this.launch(round, beta, beta < 1 ? getWeights(trainer.student) : undefined);
  }

  private launch(round: number, beta: number, weights: Map<string, TorchTensor> | undefined): void {
    this.inFlight = { round, beta, ...(weights ? { weights } : {}) };
    this.pending = this.worker.collect(this.config.envSteps, beta, weights, round).then((r) => ({ round, beta, ...r }));
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
    this.inFlight = undefined;
    if (this.roundsDir) await this.saveRound(result, test);
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

  cursor(step: number): OnlineCursor {
    const f = this.inFlight;
    return {
      round: Math.floor(step / this.config.updatesPerRound),
      samples: this.dataset.index('train').size,
      roundsTaken: this.collectedRounds,
      inFlight: f
        ? {
            round: f.round,
            beta: f.beta,
            ...(f.weights ? { weights: encodeWeights(f.weights) } : {}),
          }
        : null,
      online: this.config,
    };
  }

  /** Clears the rounds folder of an earlier run (a fresh start in the same run folder). */
  async clearRounds(): Promise<void> {
    if (this.roundsDir) await rm(this.roundsDir, { recursive: true, force: true });
  }

  private async saveRound(r: RoundResult, test: ReadonlySet<number>): Promise<void> {
    const dir = this.roundsDir!;
    await mkdir(dir, { recursive: true });
    const bytes = packr.pack({
      format: ROUND_FORMAT,
      version: ROUND_FORMAT_VERSION,
      round: r.round,
      beta: r.beta,
      seconds: r.seconds,
      stats: r.stats,
      test: [...test],
      shard: encodeShard(r.round, this.dataset.info, r.segments),
    });
    await writeFileAtomic(join(dir, roundFile(r.round)), bytes);
  }

  private async loadRound(round: number): Promise<RoundResult & { test: number[] }> {
    const path = join(this.roundsDir!, roundFile(round));
    if (!existsSync(path)) {
      throw new CheckpointError(`${path} is missing: the online run cannot resume without its rounds; start it again`);
    }
    // biome-ignore lint/suspicious/noExplicitAny: decoded msgpack, checked below
    let r: any;
    try {
      r = packr.unpack(await readFile(path));
    } catch (e) {
      throw new CheckpointError(`${path}: not a readable round (${(e as Error).message}); start the run again`);
    }
    if (r?.format !== ROUND_FORMAT || r.version !== ROUND_FORMAT_VERSION || r.round !== round) {
      throw new CheckpointError(`${path}: not round ${round} of a ${ROUND_FORMAT} v${ROUND_FORMAT_VERSION} run`);
    }
    const segments = decodeShard(r.shard, path, this.dataset.info, round);
    return { round, beta: r.beta, segments, stats: r.stats, seconds: r.seconds, test: r.test };
  }

  /**
   * Puts the data side back where a checkpoint left it: the rounds taken (from `roundsDir`), the
   * worker's envs (by replaying those rounds) and the round in flight (started again as it was).
   */
  async restore(cursor: unknown): Promise<{ rounds: number; replaySeconds: number }> {
    const c = cursor as Partial<OnlineCursor> | null;
    if (!this.roundsDir) throw new CheckpointError('this online run keeps no rounds, so it cannot resume');
    if (!c || typeof c.roundsTaken !== 'number' || c.inFlight === undefined || !c.online) {
      throw new CheckpointError('the checkpoint was not written by an online run; resume it in the mode it ran in');
    }
    if (JSON.stringify(c.online) !== JSON.stringify(this.config)) {
      throw new CheckpointError(
        'the checkpoint was written with other online settings (rounds, β); resume with the same options',
      );
    }
    const loaded: (RoundResult & { test: number[] })[] = [];
    for (let r = 0; r < c.roundsTaken; r++) loaded.push(await this.loadRound(r));
    const info = this.dataset.info;
    // Every sub-env plays every step of a round, so each one has segments in each round.
    const envs = loaded.length === 0 ? 0 : Math.max(...loaded[0]!.segments.map((s) => s.env)) + 1;
    const scripts = loaded.map((r) => roundScript(r.segments, envs, this.config.envSteps, info.numActions));
    const { digests, seconds } = await this.worker.replay(scripts);
    for (let i = 0; i < loaded.length; i++) {
      if (digests[i] !== segmentsDigest(loaded[i]!.segments)) {
        throw new CheckpointError(
          `replaying round ${i} in the envs did not rebuild the recorded episodes (another env version or settings?); start the run again`,
        );
      }
    }
    for (const r of loaded) {
      this.dataset.append(r.segments, new Set(r.test));
      this.rounds.push({ round: r.round, beta: r.beta, stats: r.stats, seconds: r.seconds });
    }
    this.collectedRounds = c.roundsTaken;
    if (c.inFlight) {
      const weights = c.inFlight.weights ? decodeWeights(c.inFlight.weights) : undefined;
      this.launch(c.inFlight.round, c.inFlight.beta, weights);
    }
    return { rounds: loaded.length, replaySeconds: seconds };
  }

  /** Waits for a round still in flight (e.g. after training stopped early). */
  async settle(): Promise<void> {
    await this.pending?.catch(() => undefined);
  }
}
