/**
 * `defineGame` turns one row of the game table into a `GameDefinition`:
 * it fills in what follows from ALE's conventions (ROM file name, Gymnasium
 * name, default mode and difficulty, controller from the cartridge
 * properties) and checks the row, so a typo fails at load time.
 */
import { ALL_ACTIONS, NUM_ACTIONS, RESET_ACTION } from '../actions.js';
import { UnsupportedModeError } from './errors.js';
import type { ModeSwitch } from './modes.js';
import { cartPropertiesForMd5, usesPaddles } from './properties.js';
import { type BaseState, RecordTracker, type TrackerSpec } from './tracker.js';
import type { GameDefinition, GameHost, GameTracker } from './types.js';

export interface GameSpec<S extends BaseState> {
  /** ALE's snake_case id (= ROM file stem). */
  readonly id: string;
  readonly name: string;
  /** ALE's MD5 first, then other known dumps of the same game. */
  readonly md5: readonly [string, ...string[]];
  /** ALE's minimal action set. */
  readonly actions: readonly number[];
  /** Actions ALE refuses (turned into NOOP); default none. */
  readonly illegal?: readonly number[];
  readonly startingActions?: readonly number[];
  /** Default [0]: ALE's base `getAvailableModes`. */
  readonly modes?: readonly number[];
  /** Default [0]: ALE's base `getAvailableDifficulties`. */
  readonly difficulties?: readonly number[];
  /** How the mode is chosen; default: nothing (ALE's base `setMode` for single-mode games). */
  readonly setMode?: ModeSwitch<S>;
  readonly paddleMax?: number;
  readonly tracker: TrackerSpec<S>;
}

const MD5_PATTERN = /^[0-9a-f]{32}$/;

/** The difficulty ALE's state starts with (`ALEState::m_difficulty`). */
const ALE_INITIAL_DIFFICULTY = 0;

/** Gymnasium's name for an ALE id: Python's `rom.title().replace('_', '')`. */
export function envNameOf(id: string): string {
  return id.replace(/[a-z]+/gi, (word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase()).replace(/_/g, '');
}

export function defineGame<S extends BaseState>(spec: GameSpec<S>): GameDefinition {
  const { id } = spec;
  const fail = (what: string): never => {
    throw new Error(`game definition ${id}: ${what}`);
  };
  for (const md5 of spec.md5) if (!MD5_PATTERN.test(md5)) fail(`bad MD5 ${md5}`);
  const isAction = (a: number) => Number.isInteger(a) && a >= 0 && a < NUM_ACTIONS;
  if (!spec.actions.every(isAction)) fail('minimal actions must be ids 0..17');
  const starting = spec.startingActions ?? [];
  if (!starting.every((a) => isAction(a) || a === RESET_ACTION)) fail('bad starting action');

  const illegal = new Set(spec.illegal ?? []);
  const legalActions = Object.freeze(ALL_ACTIONS.filter((a) => !illegal.has(a)));
  // ALE's getMinimalActionSet keeps only legal actions, in id order.
  const minimalActions = Object.freeze([...new Set(spec.actions)].filter((a) => !illegal.has(a)).sort((a, b) => a - b));
  const modes = Object.freeze([...(spec.modes ?? [0])]);
  const difficulties = Object.freeze([...(spec.difficulties ?? [0])]);
  const [aleMd5] = spec.md5;
  const controller = usesPaddles(cartPropertiesForMd5(aleMd5)) ? 'paddles' : 'joystick';
  const modeSwitch = spec.setMode;

  const definition: GameDefinition = {
    id,
    name: spec.name,
    envName: envNameOf(id),
    romFile: `${id}.bin`,
    md5: Object.freeze([...spec.md5]),
    aleMd5,
    minimalActions,
    legalActions,
    startingActions: Object.freeze([...starting]),
    modes,
    defaultMode: modes[0] as number,
    difficulties,
    defaultDifficulty: ALE_INITIAL_DIFFICULTY,
    controller,
    ...(spec.paddleMax === undefined ? {} : { paddleMax: spec.paddleMax }),
    readsCartridgeRam: spec.tracker.readsCartridgeRam === true,
    createTracker: () => new RecordTracker(id, spec.tracker),
    setMode(mode: number, host: GameHost, tracker: GameTracker): void {
      if (!modes.includes(mode)) throw new UnsupportedModeError(id, mode, modes);
      if (!modeSwitch) return;
      if (!(tracker instanceof RecordTracker) || tracker.game !== id) {
        throw new TypeError(`${id}.setMode needs a tracker made by ${id}.createTracker().`);
      }
      modeSwitch(mode, host, tracker.state as S, id);
    },
  };
  return Object.freeze(definition);
}
