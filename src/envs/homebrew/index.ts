/**
 * The project's own Atari 2600 games (assembled from envs/<id>/<id>.asm at
 * build time), their ALE-style definitions and scripted experts.
 */
export { type AssembledGame, assembleGame, CARTRIDGE_BYTES } from './assemble.js';
export {
  CATCHER_ACTIONS,
  CATCHER_MD5,
  CATCHER_STATE_OVER,
  CatcherGeometry,
  CatcherRam,
  catcher,
  catcherScore,
} from './catcher.js';
export {
  GameAssemblyError,
  GameImageSizeError,
  GameRomMismatchError,
  GameRomMissingError,
  HashFileError,
} from './errors.js';
export { catcherExpertAction, catcherTarget, DEFAULT_FRAME_SKIP } from './expert.js';
export { HOMEBREW_GAMES, type HomebrewGame, loadHomebrewRom, PACKAGE_ROOT, readRecordedSha256 } from './rom.js';
