/**
 * src/envs: Gymnasium-shaped Atari envs, the standard preprocessing wrappers and presets, exact
 * preprocessing ops, and replay storage. `makeEnv`/`makeVectorEnv` build on these (see types.ts for
 * what wrappers need from a base env).
 */
export {
  ATARI_ENV_DEFAULTS,
  AtariEnv,
  type AtariEnvConfig,
  type AtariEnvInfo,
  type AtariEnvKwargs,
  checkFrameskip,
  type Frameskip,
  OBS_TYPES,
  type ObsType,
} from './atari-env.js';
export {
  EnvClosedError,
  EnvConfigError,
  InvalidActionError,
  ReplayIndexError,
  ReplayOrderError,
  ResetNeededError,
  RomNotFoundError,
  ShapeMismatchError,
  UnknownEnvIdError,
  WrapperConfigError,
} from './errors.js';
export {
  createEnvForWorker,
  MAKE_ENV_FACTORY,
  type MakeEnvOptions,
  makeEnv,
  makeVectorEnv,
  resolveRom,
} from './make-env.js';
export { type GymnasiumSeeds, gymnasiumSeeding, NumpyGenerator, Pcg64, SeedSequence } from './np-random.js';
export * from './preprocess/index.js';
export {
  type ApplyPresetOptions,
  applyPreset,
  applyWrapper,
  applyWrappers,
  isPresetName,
  PRESETS,
  type Preset,
  type PresetName,
  type WrapperSpec,
} from './presets.js';
export {
  closeEnvIds,
  type EnvIdSpec,
  ID_FAMILIES,
  LEGACY_GAMES,
  listEnvIds,
  MAX_FRAMES_PER_EPISODE,
  REGISTRATIONS,
  type Registration,
  resolveEnvId,
} from './registry.js';
export { FrameReplay, type FrameReplayOptions, type ReplayBatch } from './replay.js';
export { FastScreenAle, screenToGray, screenToRGB } from './screen.js';
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
