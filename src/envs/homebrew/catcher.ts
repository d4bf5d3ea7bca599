/**
 * Catcher's definition (RAM map, geometry, actions, reward and terminal) is pure data over the
 * emulator's game API, so it lives with the other game definitions in src/ale/games/homebrew;
 * re-exported here next to how the game is assembled and loaded.
 */
export {
  CATCHER_ACTIONS,
  CATCHER_MD5,
  CATCHER_STATE_OVER,
  CatcherGeometry,
  CatcherRam,
  type CatcherRamField,
  catcher,
  catcherScore,
} from '../../ale/games/homebrew/catcher.js';
