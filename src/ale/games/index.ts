/**
 * Game definitions for every game of ALE 0.12's list, keyed by ROM MD5:
 * reward, game over, lives, minimal and starting actions, modes and
 * difficulties, and the cartridge properties the emulator needs.
 */

export { envNameOf } from './define.js';
export {
  MissingCartridgeBusError,
  ModeSelectError,
  TrackerStateError,
  UnsupportedModeError,
  UnsupportedRomError,
} from './errors.js';
export { findHomebrewGameByMd5, HOMEBREW_DEFINITIONS } from './homebrew/index.js';
export { type CartProperties, cartPropertiesForMd5, DEFAULT_CART_PROPERTIES, usesPaddles } from './properties.js';
export {
  findGameById,
  findGameByMd5,
  findGameLikeAle,
  GAMES,
  nearestRomFile,
  romStem,
} from './registry.js';
export type { Controller, GameDefinition, GameHost, GameTracker, MappedMemory, Ram } from './types.js';
