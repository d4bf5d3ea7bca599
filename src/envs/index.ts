/**
 * src/envs: Gymnasium-shaped Atari envs, the standard preprocessing wrappers and presets, exact
 * preprocessing ops, and replay storage. `makeEnv`/`makeVectorEnv` build on these (see types.ts for
 * what wrappers need from a base env).
 */
export {
  InvalidActionError,
  ReplayIndexError,
  ReplayOrderError,
  ResetNeededError,
  ShapeMismatchError,
  WrapperConfigError,
} from './errors.js';
export { type GymnasiumSeeds, gymnasiumSeeding, NumpyGenerator, Pcg64, SeedSequence } from './np-random.js';
export * from './preprocess/index.js';
export {
  applyPreset,
  applyWrapper,
  applyWrappers,
  isPresetName,
  PRESETS,
  type Preset,
  type PresetName,
  type WrapperSpec,
} from './presets.js';
export { FrameReplay, type FrameReplayOptions, type ReplayBatch } from './replay.js';
export { Box, type BoxArray, type BoxDType, Discrete, type Observation } from './spaces.js';
export type {
  AleAccess,
  AtariBaseEnv,
  Env,
  EnvInfo,
  EnvRandom,
  ResetArgs,
  ResetResult,
  StepResult,
} from './types.js';
export * from './vector/index.js';
export { EpisodeGuard, mergeInfo, ObservationWrapper, RewardWrapper, Wrapper } from './wrapper.js';
export * from './wrappers/index.js';
