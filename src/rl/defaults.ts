/**
 * Default settings of the trainers, as plain data with no tfjs import, so the CLI can show them in
 * `--help` without loading the training code.
 */
import type { PresetName } from '../envs/presets.js';
import type { BackendChoice } from '../tf/backend.js';

export interface DaggerConfig {
  readonly iterations: number;
  /** Env steps collected per iteration, over all envs. */
  readonly stepsPerIteration: number;
  /** β_i = betaDecay^i: the probability that the expert's action is the one executed. */
  readonly betaDecay: number;
  /** Adam steps on the aggregated dataset per iteration. */
  readonly gradientSteps: number;
  readonly batchSize: number;
  /** Learning rate at the first step, decayed linearly to `finalLearningRate` at the last. */
  readonly learningRate: number;
  readonly finalLearningRate: number;
  readonly maxGradNorm: number;
  /** Observations are multiplied by this before the network. */
  readonly inputScale: number;
  /** Seeds the env resets (env i: seed + i), the β draws and the minibatches. */
  readonly seed: number;
}

/**
 * DAgger defaults tuned on Catcher. teachers/catcher.teacher was trained with 8 iterations of 1,000 steps,
 * not these (its exact command is in teachers/README.md). Adam at 5e-4 had
 * behaviour cloning at 80% held-out accuracy after 3000 steps where 1.5e-3 reached 88%.
 */
export const DAGGER_DEFAULTS: DaggerConfig = Object.freeze({
  iterations: 10,
  stepsPerIteration: 8000,
  betaDecay: 0.5,
  gradientSteps: 1500,
  batchSize: 64,
  learningRate: 1.5e-3,
  finalLearningRate: 1e-4,
  maxGradNorm: 1,
  inputScale: 1 / 255,
  seed: 1,
});

export interface PpoConfig {
  /** Steps per sub-env per rollout (CleanRL `num_steps`). */
  readonly numSteps: number;
  readonly gamma: number;
  readonly gaeLambda: number;
  readonly numMinibatches: number;
  readonly updateEpochs: number;
  /** ε of the clipped surrogate, also the value clip range (CleanRL `clip_coef`). */
  readonly clipCoef: number;
  readonly clipValueLoss: boolean;
  readonly entCoef: number;
  readonly vfCoef: number;
  readonly maxGradNorm: number;
  readonly learningRate: number;
  /** Anneal the learning rate linearly to 0 over the run. */
  readonly annealLr: boolean;
  /** Adam ε (CleanRL sets 1e-5). */
  readonly adamEpsilon: number;
  readonly normAdvantages: boolean;
  /** Stop an update's epochs once the approximate KL exceeds this (CleanRL `target_kl`); undefined: never. */
  readonly targetKl: number | undefined;
  /** Observations are multiplied by this before the network (1/255 for uint8 frames). */
  readonly inputScale: number;
  /** Seeds the env reset, action sampling and minibatch shuffling. */
  readonly seed: number;
  /** Updates at the start that train only the value head (see above). */
  readonly valueWarmupUpdates: number;
}

/** CleanRL ppo_atari.py's defaults (num_envs 8 is the vector env's business). */
export const CLEANRL_ATARI_PPO: PpoConfig = Object.freeze({
  numSteps: 128,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  clipCoef: 0.1,
  clipValueLoss: true,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  learningRate: 2.5e-4,
  annealLr: true,
  adamEpsilon: 1e-5,
  normAdvantages: true,
  targetKl: undefined,
  inputScale: 1 / 255,
  seed: 1,
  valueWarmupUpdates: 0,
});

export interface TrainTeacherConfig {
  readonly envId: string;
  readonly preset: PresetName;
  /** Where to write the teacher file. */
  readonly out: string;
  readonly seed: number;
  /** Envs played side by side (DAgger in this thread; PPO on worker vector envs). */
  readonly numEnvs: number;
  /** A teacher file to start from (same architecture and preset); omitted: fresh orthogonal weights. */
  readonly init?: string;
  /** DAgger iterations (0: no imitation, e.g. PPO only, for games without a scripted expert). */
  readonly daggerIterations: number;
  readonly daggerStepsPerIteration: number;
  readonly daggerGradientSteps: number;
  readonly daggerBatchSize: number;
  readonly daggerLearningRate: number;
  readonly daggerFinalLearningRate: number;
  readonly betaDecay: number;
  /** PPO env steps after imitation (0: none). */
  readonly ppoSteps: number;
  readonly ppoLearningRate: number;
  readonly ppoNumSteps: number;
  readonly ppoEntCoef: number;
  readonly ppoValueWarmupUpdates: number;
  readonly evalEpisodes: number;
  /** Evaluation env i gets seed evalSeed + i; keep it apart from the training seeds. */
  readonly evalSeed: number;
  /** Cap on agent steps per evaluation game (0: the env's own limit only). */
  readonly evalMaxSteps: number;
  readonly backend: BackendChoice;
  /** The command line, recorded in the teacher's provenance. */
  readonly command?: string;
}

export const TRAIN_TEACHER_DEFAULTS: Omit<TrainTeacherConfig, 'out'> = Object.freeze({
  envId: 'ALE/Catcher-v5',
  preset: 'sb3-atari',
  seed: 1,
  numEnvs: 8,
  daggerIterations: DAGGER_DEFAULTS.iterations,
  daggerStepsPerIteration: DAGGER_DEFAULTS.stepsPerIteration,
  daggerGradientSteps: DAGGER_DEFAULTS.gradientSteps,
  daggerBatchSize: DAGGER_DEFAULTS.batchSize,
  daggerLearningRate: DAGGER_DEFAULTS.learningRate,
  daggerFinalLearningRate: DAGGER_DEFAULTS.finalLearningRate,
  betaDecay: DAGGER_DEFAULTS.betaDecay,
  ppoSteps: 0,
  ppoLearningRate: 1e-4,
  ppoNumSteps: CLEANRL_ATARI_PPO.numSteps,
  ppoEntCoef: CLEANRL_ATARI_PPO.entCoef,
  ppoValueWarmupUpdates: 5,
  evalEpisodes: 10,
  evalSeed: 1_000_000,
  evalMaxSteps: 0,
  backend: 'wasm',
});
