/**
 * Imitation of a scripted expert with DAgger (Ross, Gordon & Bagnell 2011): each iteration, envs are
 * played by a mixture of expert and learner (the expert's action with probability β_i, the learner's
 * greedy action otherwise), every visited observation is labelled with the expert's action, added to
 * one growing dataset, and the learner is trained on all of it by cross-entropy. Iteration 0 has
 * β = 1 (plain behaviour cloning data); β_i = betaDecay^i afterwards, so later data comes from the
 * states the learner itself reaches, which is what fixes behaviour cloning's compounding errors.
 *
 * The envs run in this thread, because the expert reads each env's own state (e.g. its RAM); the
 * learner's forward pass is batched over them.
 */
import * as tf from '@tensorflow/tfjs';
import type { Env } from '../envs/types.js';
import type { PolicyModel } from '../models/model.js';
import { mulberry32 } from '../models/params.js';
import { DAGGER_DEFAULTS, type DaggerConfig } from './defaults.js';
import type { FinishedEpisode } from './episode-stats.js';
import { NonFiniteLossError, RlConfigError } from './errors.js';
import { isGameOver } from './evaluate.js';
import type { Expert } from './experts.js';
import { FrameDataset } from './frame-dataset.js';
import { framesToInput } from './input.js';
import { crossEntropyLoss } from './losses/cross-entropy.js';
import { clippedStep, setLearningRate } from './optim.js';
import { argmaxRow } from './sampling.js';

export { DAGGER_DEFAULTS, type DaggerConfig } from './defaults.js';

export interface DaggerIterationStats {
  readonly iteration: number;
  readonly beta: number;
  readonly datasetSize: number;
  /** How often the learner's greedy action matched the expert's on this iteration's states, before training on them. */
  readonly agreement: number;
  /** Mean cross-entropy and accuracy over this iteration's training minibatches. */
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** Games finished while collecting (played by the β-mixture). */
  readonly games: readonly FinishedEpisode[];
  readonly collectSeconds: number;
  readonly trainSeconds: number;
}

function checkConfig(c: DaggerConfig): void {
  for (const k of ['iterations', 'stepsPerIteration', 'gradientSteps', 'batchSize'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1)
      throw new RlConfigError(`DAgger: ${k} must be a positive integer, got ${c[k]}`);
  }
  if (!(c.betaDecay >= 0 && c.betaDecay <= 1))
    throw new RlConfigError(`DAgger: betaDecay must lie in [0, 1], got ${c.betaDecay}`);
  for (const k of ['learningRate', 'maxGradNorm', 'inputScale'] as const) {
    if (!(c[k] > 0)) throw new RlConfigError(`DAgger: ${k} must be > 0, got ${c[k]}`);
  }
  if (!(c.finalLearningRate > 0 && c.finalLearningRate <= c.learningRate)) {
    throw new RlConfigError(`DAgger: finalLearningRate must lie in (0, learningRate], got ${c.finalLearningRate}`);
  }
}

export class DaggerTrainer {
  readonly config: DaggerConfig;
  readonly dataset: FrameDataset;
  private readonly frame: readonly [number, number, number];
  private readonly obsSize: number;
  private readonly optimizer: tf.Optimizer;
  private readonly uniform: () => number;
  private readonly vars: tf.Variable[];
  private readonly current: Uint8Array[];
  private readonly gameReturn: Float64Array;
  private readonly gameLength: Int32Array;
  private started = false;
  private stepsTaken = 0;
  private trainStepsDone = 0;

  constructor(
    readonly envs: readonly Env[],
    readonly expert: Expert,
    readonly model: PolicyModel,
    config: Partial<DaggerConfig> = {},
  ) {
    this.config = { ...DAGGER_DEFAULTS, ...config };
    checkConfig(this.config);
    if (envs.length === 0) throw new RlConfigError('DAgger needs at least one env');
    if (model.stateSize > 0) throw new RlConfigError('DAgger here trains feed-forward models only');
    this.frame = model.inputShape;
    for (const env of envs) {
      const space = env.observationSpace;
      if (space.dtype !== 'uint8' || space.shape.length !== 3 || space.shape.some((d, i) => d !== this.frame[i])) {
        throw new RlConfigError(
          `DAgger: the env's observations are ${space.dtype} [${space.shape}], the model needs uint8 [${this.frame}]`,
        );
      }
      if (env.actionSpace.n !== model.numActions) {
        throw new RlConfigError(`DAgger: the env has ${env.actionSpace.n} actions, the model ${model.numActions}`);
      }
    }
    this.obsSize = this.frame[0] * this.frame[1] * this.frame[2];
    this.dataset = new FrameDataset(this.frame);
    this.optimizer = tf.train.adam(this.config.learningRate);
    this.uniform = mulberry32(this.config.seed);
    // The value head is not imitated: leave it out so Adam does not keep state for it.
    this.vars = model.params.filter((p) => !p.name.startsWith('value.')).map((p) => p.variable);
    this.current = new Array(envs.length);
    this.gameReturn = new Float64Array(envs.length);
    this.gameLength = new Int32Array(envs.length);
  }

  /** Runs every iteration, calling `onIteration` after each. */
  async run(onIteration?: (s: DaggerIterationStats) => void | Promise<void>): Promise<DaggerIterationStats[]> {
    const history: DaggerIterationStats[] = [];
    for (let i = 0; i < this.config.iterations; i++) {
      const s = this.iteration(i);
      history.push(s);
      await onIteration?.(s);
    }
    return history;
  }

  /** One iteration: collect with β = betaDecay^i, then train. */
  iteration(i: number): DaggerIterationStats {
    const beta = this.config.betaDecay ** i;
    const t0 = performance.now();
    const { agreement, games } = this.collect(beta);
    const t1 = performance.now();
    const { loss, accuracy } = this.train();
    const t2 = performance.now();
    return {
      iteration: i,
      beta,
      datasetSize: this.dataset.size,
      agreement,
      trainLoss: loss,
      trainAccuracy: accuracy,
      games,
      collectSeconds: (t1 - t0) / 1000,
      trainSeconds: (t2 - t1) / 1000,
    };
  }

  /** The learner's greedy actions for a batch of observations. */
  private greedy(obs: Uint8Array, batch: number): Int32Array {
    const logits = tf.tidy(
      () =>
        this.model
          .forward(framesToInput(obs, batch, this.frame, this.config.inputScale), undefined, 'NHWC')
          .logits.dataSync() as Float32Array,
    );
    return Int32Array.from({ length: batch }, (_, b) => argmaxRow(logits, b, this.model.numActions));
  }

  /** Plays `stepsPerIteration` steps with the β-mixture, labelling every observation. */
  collect(beta: number): { agreement: number; games: FinishedEpisode[] } {
    const { envs } = this;
    const n = envs.length;
    if (!this.started) {
      envs.forEach((env, i) => {
        this.current[i] = env.reset({ seed: this.config.seed + i }).obs as Uint8Array;
      });
      this.started = true;
    }
    const batch = new Uint8Array(n * this.obsSize);
    const games: FinishedEpisode[] = [];
    let agree = 0;
    let labelled = 0;
    const rounds = Math.ceil(this.config.stepsPerIteration / n);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < n; i++) batch.set(this.current[i]!, i * this.obsSize);
      const learner = this.greedy(batch, n);
      for (let i = 0; i < n; i++) {
        const env = envs[i]!;
        const label = this.expert.act(env);
        this.dataset.add(i, this.current[i]!, label);
        labelled++;
        if (learner[i] === label) agree++;
        const action = this.uniform() < beta ? label : learner[i]!;
        const step = env.step(action);
        this.stepsTaken++;
        this.gameReturn[i]! += step.reward;
        this.gameLength[i]! += 1;
        this.current[i] = step.obs as Uint8Array;
        if (step.terminated || step.truncated) {
          if (isGameOver(env, step.truncated)) {
            games.push({ env: i, return: this.gameReturn[i]!, length: this.gameLength[i]! });
            this.gameReturn[i] = 0;
            this.gameLength[i] = 0;
          }
          this.current[i] = env.reset().obs as Uint8Array;
        }
      }
    }
    return { agreement: agree / labelled, games };
  }

  /** `gradientSteps` Adam steps on minibatches drawn uniformly from the whole dataset. */
  train(): { loss: number; accuracy: number } {
    const c = this.config;
    const obs = new Uint8Array(c.batchSize * this.obsSize);
    const indices = new Int32Array(c.batchSize);
    const totalSteps = c.iterations * c.gradientSteps;
    let lossSum = 0;
    let correct = 0;
    for (let s = 0; s < c.gradientSteps; s++) {
      const done = this.trainStepsDone++;
      const progress = totalSteps > 1 ? Math.min(1, done / (totalSteps - 1)) : 1;
      setLearningRate(this.optimizer, c.learningRate + (c.finalLearningRate - c.learningRate) * progress);
      for (let j = 0; j < c.batchSize; j++) indices[j] = Math.floor(this.uniform() * this.dataset.size);
      this.dataset.gather(indices, obs);
      const labels = this.dataset.labels(indices);
      let logits: tf.Tensor2D | undefined;
      const x = framesToInput(obs, c.batchSize, this.frame, c.inputScale);
      const y = tf.tensor1d(labels, 'int32');
      try {
        const step = clippedStep(
          this.optimizer,
          this.vars,
          () => {
            const out = this.model.forward(x, undefined, 'NHWC').logits;
            logits = tf.keep(out);
            return crossEntropyLoss(out, y);
          },
          c.maxGradNorm,
        );
        if (!Number.isFinite(step.loss)) throw new NonFiniteLossError(done, 'cross-entropy', step.loss);
        lossSum += step.loss;
        const values = logits!.dataSync();
        for (let j = 0; j < c.batchSize; j++) if (argmaxRow(values, j, this.model.numActions) === labels[j]) correct++;
      } finally {
        tf.dispose([x, y]);
        logits?.dispose();
      }
    }
    return { loss: lossSum / c.gradientSteps, accuracy: correct / (c.gradientSteps * c.batchSize) };
  }

  /** Env steps taken so far. */
  get steps(): number {
    return this.stepsTaken;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
