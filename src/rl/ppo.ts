/**
 * Proximal policy optimisation (Schulman et al. 2017) in the style of CleanRL's ppo_atari.py: a
 * rollout of `numSteps` steps from every sub-env of a vector env, GAE advantages, then
 * `updateEpochs` passes over the rollout in `numMinibatches` shuffled minibatches, each one Adam step
 * on clipped surrogate − entCoef · entropy + vfCoef · value loss, with the gradient clipped to global
 * norm `maxGradNorm`, advantages normalised per minibatch and the learning rate annealed linearly.
 *
 * Differences from CleanRL, both forced by Gymnasium ≥ 1.0's next-step autoreset (see gae.ts): the
 * autoreset transitions (action ignored) are left out of every minibatch, and truncated episodes are
 * bootstrapped from V(final observation) instead of being treated as terminal.
 *
 * `valueWarmupUpdates` (0 in CleanRL) trains only the value head, with its own Adam, for the first
 * updates: for fine-tuning an imitated policy whose value head knows nothing yet, so that early
 * advantages are not noise that pulls the policy away from what it imitated.
 */
import * as tf from '@tensorflow/tfjs';
import type { VectorEnv } from '../envs/vector/types.js';
import type { PolicyModel } from '../models/model.js';
import { mulberry32 } from '../models/params.js';
import { CLEANRL_ATARI_PPO, type PpoConfig } from './defaults.js';
import { EpisodeStats, type FinishedEpisode } from './episode-stats.js';
import { NonFiniteLossError, RlConfigError } from './errors.js';
import { computeGae } from './gae.js';
import { framesToInput } from './input.js';
import { actionLogProbs } from './losses/action-log-probs.js';
import { clippedSurrogateLoss } from './losses/clipped-surrogate.js';
import { policyEntropy } from './losses/entropy.js';
import { valueLoss } from './losses/value-loss.js';
import { clippedStep, setLearningRate } from './optim.js';
import { logSoftmaxRow, sampleFromLogProbs, shuffle } from './sampling.js';

export { CLEANRL_ATARI_PPO, type PpoConfig } from './defaults.js';

/** Added to the advantages' standard deviation before dividing (CleanRL). */
const ADVANTAGE_EPSILON = 1e-8;

export interface PpoUpdateStats {
  readonly update: number;
  readonly numUpdates: number;
  /** Env steps so far, over all sub-envs (CleanRL `global_step`). */
  readonly globalStep: number;
  readonly learningRate: number;
  readonly policyLoss: number;
  readonly valueLoss: number;
  readonly entropy: number;
  readonly approxKl: number;
  readonly clipFraction: number;
  readonly explainedVariance: number;
  readonly gradNorm: number;
  /** Whether this update trained the value head only. */
  readonly valueWarmup: boolean;
  /** Learner episodes (ended by any terminated/truncated) and full games finished during the rollout. */
  readonly episodes: readonly FinishedEpisode[];
  readonly games: readonly FinishedEpisode[];
  /** Seconds spent collecting and learning in this update. */
  readonly collectSeconds: number;
  readonly learnSeconds: number;
}

interface Rollout {
  readonly obs: Uint8Array;
  readonly actions: Int32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly valid: Uint8Array;
  readonly nextValues: Float32Array;
}

function checkConfig(c: PpoConfig): void {
  const positiveInts = ['numSteps', 'numMinibatches', 'updateEpochs'] as const;
  for (const k of positiveInts) {
    if (!Number.isInteger(c[k]) || c[k] < 1)
      throw new RlConfigError(`PPO: ${k} must be a positive integer, got ${c[k]}`);
  }
  const unit = ['gamma', 'gaeLambda'] as const;
  for (const k of unit)
    if (!(c[k] >= 0 && c[k] <= 1)) throw new RlConfigError(`PPO: ${k} must lie in [0, 1], got ${c[k]}`);
  if (!(c.clipCoef > 0 && c.clipCoef < 1))
    throw new RlConfigError(`PPO: clipCoef must lie in (0, 1), got ${c.clipCoef}`);
  const nonNegative = ['entCoef', 'vfCoef', 'valueWarmupUpdates'] as const;
  for (const k of nonNegative) if (!(c[k] >= 0)) throw new RlConfigError(`PPO: ${k} must be ≥ 0, got ${c[k]}`);
  const positive = ['maxGradNorm', 'learningRate', 'adamEpsilon', 'inputScale'] as const;
  for (const k of positive) if (!(c[k] > 0)) throw new RlConfigError(`PPO: ${k} must be > 0, got ${c[k]}`);
  if (c.targetKl !== undefined && !(c.targetKl > 0))
    throw new RlConfigError(`PPO: targetKl must be > 0, got ${c.targetKl}`);
}

export class PpoTrainer {
  readonly config: PpoConfig;
  readonly numEnvs: number;
  /** Env steps taken so far, over all sub-envs. */
  globalStep = 0;
  private readonly obsSize: number;
  private readonly frame: readonly [number, number, number];
  private readonly numActions: number;
  private readonly optimizer: tf.Optimizer;
  private readonly warmupOptimizer: tf.Optimizer;
  private readonly uniform: () => number;
  private readonly stats: EpisodeStats;
  private readonly rollout: Rollout;
  private started = false;
  private updatesDone = 0;

  constructor(
    readonly env: VectorEnv,
    readonly model: PolicyModel,
    config: Partial<PpoConfig> = {},
  ) {
    this.config = { ...CLEANRL_ATARI_PPO, ...config };
    checkConfig(this.config);
    if (!model.hasValue) throw new RlConfigError('PPO needs a model with a value head (spec value: true)');
    if (model.stateSize > 0) throw new RlConfigError('PPO here trains feed-forward models only, not recurrent ones');
    const space = env.singleObservationSpace;
    const frame = model.inputShape;
    if (space.dtype !== 'uint8' || space.shape.length !== 3 || space.shape.some((d, i) => d !== frame[i])) {
      throw new RlConfigError(
        `PPO: the env's observations are ${space.dtype} [${space.shape}], the model needs uint8 [${frame}] (e.g. the sb3-atari preset)`,
      );
    }
    if (env.singleActionSpace.n !== model.numActions) {
      throw new RlConfigError(`PPO: the env has ${env.singleActionSpace.n} actions, the model ${model.numActions}`);
    }
    this.numEnvs = env.numEnvs;
    this.frame = frame;
    this.obsSize = frame[0] * frame[1] * frame[2];
    this.numActions = model.numActions;
    const { learningRate, adamEpsilon } = this.config;
    // PyTorch's Adam defaults, β = (0.9, 0.999).
    this.optimizer = tf.train.adam(learningRate, 0.9, 0.999, adamEpsilon);
    this.warmupOptimizer = tf.train.adam(learningRate, 0.9, 0.999, adamEpsilon);
    this.uniform = mulberry32(this.config.seed);
    this.stats = new EpisodeStats(this.numEnvs);
    const size = this.config.numSteps * this.numEnvs;
    this.rollout = {
      obs: new Uint8Array(size * this.obsSize),
      actions: new Int32Array(size),
      logProbs: new Float32Array(size),
      values: new Float32Array(size),
      rewards: new Float32Array(size),
      terminated: new Uint8Array(size),
      truncated: new Uint8Array(size),
      valid: new Uint8Array(size),
      nextValues: new Float32Array(this.numEnvs),
    };
  }

  /** Env steps per update (CleanRL `batch_size`). */
  get batchSize(): number {
    return this.config.numSteps * this.numEnvs;
  }

  /** Runs updates until `totalSteps` env steps are done (CleanRL `total_timesteps`); calls `onUpdate` after each. */
  async train(
    totalSteps: number,
    onUpdate?: (stats: PpoUpdateStats) => void | Promise<void>,
  ): Promise<PpoUpdateStats[]> {
    const numUpdates = Math.floor(totalSteps / this.batchSize);
    if (numUpdates < 1) {
      throw new RlConfigError(`PPO: totalSteps ${totalSteps} is less than one rollout (${this.batchSize} steps)`);
    }
    const history: PpoUpdateStats[] = [];
    for (let update = 1; update <= numUpdates; update++) {
      const s = await this.update(update, numUpdates);
      history.push(s);
      await onUpdate?.(s);
    }
    return history;
  }

  /** One collect + learn cycle; `update` counts from 1 to `numUpdates` (for the learning-rate schedule). */
  async update(update: number, numUpdates: number): Promise<PpoUpdateStats> {
    const t0 = performance.now();
    this.collect();
    const t1 = performance.now();
    const { episodes, games } = this.stats.drain();
    const learned = this.learn(update, numUpdates);
    const t2 = performance.now();
    this.updatesDone++;
    return {
      ...learned,
      update,
      numUpdates,
      globalStep: this.globalStep,
      episodes,
      games,
      collectSeconds: (t1 - t0) / 1000,
      learnSeconds: (t2 - t1) / 1000,
    };
  }

  /** Logits and values of the sub-envs' current observations. */
  private evaluate(obs: Uint8Array): { logits: Float32Array; values: Float32Array } {
    return tf.tidy(() => {
      const x = framesToInput(obs, this.numEnvs, this.frame, this.config.inputScale);
      const out = this.model.forward(x, undefined, 'NHWC');
      return { logits: out.logits.dataSync() as Float32Array, values: out.value!.dataSync() as Float32Array };
    });
  }

  private collect(): void {
    const { env, numEnvs: N, obsSize, numActions: A, rollout: r } = this;
    if (!this.started) {
      env.reset({ seed: this.config.seed });
      this.started = true;
    }
    const buffers = env.buffers;
    const actions = new Int32Array(N);
    const logProbs = new Float64Array(A);
    for (let t = 0; t < this.config.numSteps; t++) {
      const obs = buffers.obs as Uint8Array;
      r.obs.set(obs, t * N * obsSize);
      const { logits, values } = this.evaluate(obs);
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        logSoftmaxRow(logits, i, A, logProbs);
        const a = sampleFromLogProbs(logProbs, A, this.uniform());
        actions[i] = a;
        r.actions[k] = a;
        r.logProbs[k] = logProbs[a]!;
        r.values[k] = values[i]!;
        r.valid[k] = this.stats.isResetting(i) ? 0 : 1;
      }
      // step, not stepAsync: nothing else runs meanwhile, and a pending Atomics.waitAsync does not keep
      // Node's event loop alive (measured: the process exits with code 13 mid-rollout).
      const step = env.step(actions);
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        r.rewards[k] = step.rewards[i]!;
        r.terminated[k] = step.terminated[i]!;
        r.truncated[k] = step.truncated[i]!;
      }
      this.stats.record(step.rewards, step.terminated, step.truncated, step.info.lives);
      this.globalStep += N;
    }
    r.nextValues.set(this.evaluate(buffers.obs as Uint8Array).values);
  }

  private learn(
    update: number,
    numUpdates: number,
  ): Omit<
    PpoUpdateStats,
    'update' | 'numUpdates' | 'globalStep' | 'episodes' | 'games' | 'collectSeconds' | 'learnSeconds'
  > {
    const c = this.config;
    const r = this.rollout;
    const { advantages, returns } = computeGae({
      numSteps: c.numSteps,
      numEnvs: this.numEnvs,
      rewards: r.rewards,
      values: r.values,
      terminated: r.terminated,
      truncated: r.truncated,
      valid: r.valid,
      nextValues: r.nextValues,
      gamma: c.gamma,
      lambda: c.gaeLambda,
    });
    const validIndices = Int32Array.from(Array.from(r.valid.keys()).filter((k) => r.valid[k] === 1));
    const warmup = this.updatesDone < c.valueWarmupUpdates;
    const learningRate = c.annealLr ? c.learningRate * (1 - (update - 1) / numUpdates) : c.learningRate;
    const optimizer = warmup ? this.warmupOptimizer : this.optimizer;
    setLearningRate(optimizer, learningRate);
    const vars = this.model.params.filter((p) => !warmup || p.name.startsWith('value.')).map((p) => p.variable);
    const minibatchSize = Math.ceil(validIndices.length / c.numMinibatches);
    const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0, gradNorm: 0, count: 0 };
    const obsBytes = new Uint8Array(minibatchSize * this.obsSize);

    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      shuffle(validIndices, this.uniform);
      let epochKl = 0;
      let epochBatches = 0;
      for (let start = 0; start < validIndices.length; start += minibatchSize) {
        const mb = validIndices.subarray(start, Math.min(start + minibatchSize, validIndices.length));
        const b = mb.length;
        for (let j = 0; j < b; j++) {
          const k = mb[j]!;
          obsBytes.set(r.obs.subarray(k * this.obsSize, (k + 1) * this.obsSize), j * this.obsSize);
        }
        const mbAdvantages = Float32Array.from(mb, (k) => advantages[k]!);
        if (c.normAdvantages && b > 1) normaliseInPlace(mbAdvantages);
        const terms = this.minibatchStep(
          optimizer,
          vars,
          warmup,
          obsBytes.subarray(0, b * this.obsSize),
          Int32Array.from(mb, (k) => r.actions[k]!),
          Float32Array.from(mb, (k) => r.logProbs[k]!),
          mbAdvantages,
          Float32Array.from(mb, (k) => returns[k]!),
          Float32Array.from(mb, (k) => r.values[k]!),
          update,
        );
        sums.policyLoss += terms.policyLoss;
        sums.valueLoss += terms.valueLoss;
        sums.entropy += terms.entropy;
        sums.approxKl += terms.approxKl;
        sums.clipFraction += terms.clipFraction;
        sums.gradNorm += terms.gradNorm;
        sums.count++;
        epochKl += terms.approxKl;
        epochBatches++;
      }
      if (c.targetKl !== undefined && epochKl / epochBatches > c.targetKl) break;
    }
    const n = Math.max(1, sums.count);
    return {
      learningRate,
      policyLoss: sums.policyLoss / n,
      valueLoss: sums.valueLoss / n,
      entropy: sums.entropy / n,
      approxKl: sums.approxKl / n,
      clipFraction: sums.clipFraction / n,
      gradNorm: sums.gradNorm / n,
      explainedVariance: explainedVariance(validIndices, r.values, returns),
      valueWarmup: warmup,
    };
  }

  private minibatchStep(
    optimizer: tf.Optimizer,
    vars: readonly tf.Variable[],
    warmup: boolean,
    obs: Uint8Array,
    actions: Int32Array,
    oldLogProbs: Float32Array,
    advantages: Float32Array,
    returns: Float32Array,
    oldValues: Float32Array,
    update: number,
  ): {
    policyLoss: number;
    valueLoss: number;
    entropy: number;
    approxKl: number;
    clipFraction: number;
    gradNorm: number;
  } {
    const c = this.config;
    const b = actions.length;
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(tf.keep(t));
      return t;
    };
    const inputs = tf.tidy(() => ({
      x: framesToInput(obs, b, this.frame, c.inputScale),
      actions: tf.tensor1d(actions, 'int32'),
      oldLogProbs: tf.tensor1d(oldLogProbs),
      advantages: tf.tensor1d(advantages),
      returns: tf.tensor1d(returns),
      oldValues: tf.tensor1d(oldValues),
    }));
    let step: ReturnType<typeof clippedStep>;
    try {
      step = clippedStep(
        optimizer,
        vars,
        () => {
          const out = this.model.forward(inputs.x, undefined, 'NHWC');
          const logProbs = tf.logSoftmax(out.logits) as tf.Tensor2D;
          const newLogProbs = keep(actionLogProbs(logProbs, inputs.actions));
          const pg = keep(
            clippedSurrogateLoss({
              logProbs: newLogProbs,
              oldLogProbs: inputs.oldLogProbs,
              advantages: inputs.advantages,
              clip: c.clipCoef,
            }),
          );
          const entropy = keep(policyEntropy(logProbs));
          const v = keep(
            valueLoss({
              values: out.value!,
              returns: inputs.returns,
              ...(c.clipValueLoss ? { oldValues: inputs.oldValues, clip: c.clipCoef } : {}),
            }),
          );
          if (warmup) return v;
          return tf.add(tf.sub(pg, tf.mul(c.entCoef, entropy)), tf.mul(c.vfCoef, v)) as tf.Scalar;
        },
        c.maxGradNorm,
      );
      const [newLogProbs, pg, entropy, v] = kept as [tf.Tensor1D, tf.Scalar, tf.Scalar, tf.Scalar];
      const policyLoss = pg.dataSync()[0]!;
      const valueLossValue = v.dataSync()[0]!;
      const entropyValue = entropy.dataSync()[0]!;
      for (const [term, value] of [
        ['total loss', step.loss],
        ['policy loss', policyLoss],
        ['value loss', valueLossValue],
        ['entropy', entropyValue],
        ['gradient norm', step.gradNorm],
      ] as const) {
        if (!Number.isFinite(value)) throw new NonFiniteLossError(update, term, value);
      }
      const logRatio = newLogProbs.dataSync();
      let approxKl = 0;
      let clipped = 0;
      for (let j = 0; j < b; j++) {
        const lr = logRatio[j]! - oldLogProbs[j]!;
        const ratio = Math.exp(lr);
        // Schulman's k3 estimator of KL(old‖new), as CleanRL's approx_kl.
        approxKl += ratio - 1 - lr;
        if (Math.abs(ratio - 1) > c.clipCoef) clipped++;
      }
      return {
        policyLoss,
        valueLoss: valueLossValue,
        entropy: entropyValue,
        approxKl: approxKl / b,
        clipFraction: clipped / b,
        gradNorm: step.gradNorm,
      };
    } finally {
      tf.dispose(kept);
      tf.dispose(Object.values(inputs));
    }
  }

  dispose(): void {
    this.optimizer.dispose();
    this.warmupOptimizer.dispose();
  }
}

/** (x − mean) / (std + ε) with PyTorch's unbiased std, as CleanRL normalises advantages. */
function normaliseInPlace(x: Float32Array): void {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  const sd = Math.sqrt(s / (x.length - 1));
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - m) / (sd + ADVANTAGE_EPSILON);
}

/** 1 − Var(R − V) / Var(R) over the valid samples (NaN when the returns do not vary). */
function explainedVariance(indices: Int32Array, values: Float32Array, returns: Float32Array): number {
  const n = indices.length;
  if (n === 0) return Number.NaN;
  let mr = 0;
  let md = 0;
  for (const k of indices) {
    mr += returns[k]!;
    md += returns[k]! - values[k]!;
  }
  mr /= n;
  md /= n;
  let vr = 0;
  let vd = 0;
  for (const k of indices) {
    vr += (returns[k]! - mr) ** 2;
    vd += (returns[k]! - values[k]! - md) ** 2;
  }
  return vr === 0 ? Number.NaN : 1 - vd / vr;
}
