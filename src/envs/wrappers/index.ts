export {
  ATARI_PREPROCESSING_DEFAULTS,
  AtariPreprocessing,
  type AtariPreprocessingOptions,
} from './atari-preprocessing.js';
export { BabyA3CObservation } from './baby-a3c.js';
export { ClipReward, signOf } from './clip-reward.js';
export { EpisodicLife } from './episodic-life.js';
export { FIRE_ACTION, FIRE_RESET_SECOND_ACTION, FireReset } from './fire-reset.js';
export { FrameStack, type StackPadding } from './frame-stack.js';
export { MaxAndSkip } from './max-and-skip.js';
export { MaxAndSkipWarp, SCREEN_TRANSPARENT } from './max-and-skip-warp.js';
export { NOOP_ACTION, NoopReset, requireNoopAction } from './noop-reset.js';
export { TimeLimit } from './time-limit.js';
export { WarpFrame, type WarpOrder } from './warp-frame.js';
