/**
 * The emulator's public API: `ALEInterface` (ALE 0.12's interface over the WebAssembly Atari), its
 * settings and random generator, the action ids, the screen palettes, and the native-ALE trace tools.
 */
export {
  ACTION_NAMES,
  Action,
  type ActionId,
  type ActionName,
  actionName,
  NUM_ACTIONS,
  RESET_ACTION,
} from './actions.js';
export { type BenchOptions, type BenchResult, runBench } from './bench.js';
export { EmulatorCoreError, EmulatorCoreMissingError } from './core-binding.js';
export {
  AleError,
  BufferSizeError,
  DisplayConfigError,
  InvalidActionError,
  InvalidDifficultyError,
  InvalidModeError,
  InvalidRomError,
  InvalidSettingValueError,
  RamIndexError,
  RngStateError,
  RomNotLoadedError,
  RomReadError,
  SettingTypeError,
  StateFormatError,
  TraceFormatError,
  UnknownSettingError,
} from './errors.js';
export { UnsupportedModeError, UnsupportedRomError } from './games/errors.js';
export type { GameDefinition } from './games/types.js';
export { indicesToGrayscale, NTSC_GRAYSCALE } from './grayscale.js';
export { ALEInterface, type CloneStateOptions, type LoadRomOptions } from './interface.js';
export { LcgPolicy } from './lcg-policy.js';
export { ALE_SCREEN_HEIGHT, ALE_SCREEN_WIDTH, indicesToRGB, NTSC_PALETTE, ScreenBufferSizeError } from './palette.js';
export { Mt19937 } from './rng.js';
export { AleSettings, SETTINGS, type SettingName, type SettingsSnapshot } from './settings.js';
export {
  fnv1a64,
  parseTrace,
  readTrace,
  TRACE_SCREEN_HASH_BASIS,
  type Trace,
  type TraceHeader,
  type TraceStep,
  traceScreenHash,
} from './trace.js';
export { type TraceMismatch, type TraceReport, type TraceSummary, verifyTrace } from './trace-verify.js';
