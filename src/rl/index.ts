/**
 * src/rl: training policies with the toolkit itself. PPO (CleanRL-style) on the vector envs, DAgger
 * imitation of scripted experts that read the game's RAM, evaluation over full games, and the
 * `train-teacher` pipeline that produced teachers/catcher.teacher.
 */
export { type DaggerIterationStats, DaggerTrainer } from './dagger.js';
export {
  CLEANRL_ATARI_PPO,
  DAGGER_DEFAULTS,
  type DaggerConfig,
  type PpoConfig,
  TRAIN_TEACHER_DEFAULTS,
  type TrainTeacherConfig,
} from './defaults.js';
export { EpisodeStats, type FinishedEpisode, mean, std } from './episode-stats.js';
export { NonFiniteLossError, RlConfigError, RlInputError, UnknownExpertError } from './errors.js';
export {
  type BatchPolicy,
  type EvaluateOptions,
  type EvaluationResult,
  evaluateGames,
  greedyPolicy,
  isGameOver,
  randomPolicy,
} from './evaluate.js';
export { type Expert, presetFrameSkip, RAM_EXPERTS, type RamPolicy, ramExpert } from './experts.js';
export { FrameDataset } from './frame-dataset.js';
export { computeGae, type GaeInputs, type GaeResult } from './gae.js';
export { orthogonalGain, orthogonalInit, orthogonalMatrix } from './init.js';
export { type FrameShape, framesToInput } from './input.js';
export * from './losses/index.js';
export { clippedStep, setLearningRate } from './optim.js';
export { PpoTrainer, type PpoUpdateStats } from './ppo.js';
export {
  compactTeacherSpec,
  describeMachine,
  evaluateTeacherAndRandom,
  presetEnvOptions,
  type TrainLog,
  type TrainTeacherResult,
  trainTeacher,
  UINT8_INPUT_SCALE,
} from './train-teacher.js';
