/**
 * How games choose a mode, as ALE's `setMode` does it: mostly "press SELECT
 * until a RAM byte shows the mode, then soft-reset". The loops ALE runs
 * unbounded are capped here, so a misbehaving emulator gets an error instead
 * of a hang.
 */
import { ModeSelectError } from './errors.js';
import type { GameHost } from './types.js';

/**
 * A game's mode switch. `state` is the game's tracker state, for the few
 * games that note the chosen mode there (Demon Attack, Video Checkers).
 */
export type ModeSwitch<S = unknown> = (mode: number, host: GameHost, state: S, game: string) => void;

/** More SELECT presses than any game of ALE's list needs to cycle through all of its modes. */
export const MAX_SELECT_PRESSES = 1000;

export interface SelectOptions {
  /** Frames SELECT is held per press (ALE's `pressSelect` argument; ALE's default is 1). */
  readonly hold?: number;
  /** Runs once before the first check (e.g. a press that opens the mode menu). */
  readonly before?: (host: GameHost) => void;
  /** Give up after this many presses (ALE caps only E.T., at 100). */
  readonly maxPresses?: number;
}

/** Presses SELECT (holding `hold` frames) until `reached` holds, then soft-resets. */
export function selectUntil(
  reached: (host: GameHost, mode: number) => boolean,
  options: SelectOptions = {},
): ModeSwitch {
  const hold = options.hold ?? 1;
  const maxPresses = options.maxPresses ?? MAX_SELECT_PRESSES;
  return (mode, host, _state, game) => {
    options.before?.(host);
    pressSelectUntil(host, () => reached(host, mode), hold, maxPresses, game, mode);
    host.softReset();
  };
}

/** The common case: SELECT until the byte at `addr` equals `target(mode)` (default: the mode itself). */
export function selectByte(addr: number, hold = 1, target: (mode: number) => number = (m) => m): ModeSwitch {
  return selectUntil((host, mode) => host.readRam(addr) === target(mode), { hold });
}

/** Presses SELECT until `done()`, throwing `ModeSelectError` after `maxPresses`. */
export function pressSelectUntil(
  host: GameHost,
  done: () => boolean,
  hold: number,
  maxPresses: number,
  game: string,
  mode: number,
): void {
  let presses = 0;
  while (!done()) {
    if (presses >= maxPresses) throw new ModeSelectError(game, mode, presses);
    host.pressSelect(hold);
    presses++;
  }
}

/** `range(4)` → [0, 1, 2, 3]; `range(1, 9)` → [1..8]; `range(0, 48, 4)` → [0, 4, .., 44]. */
export function range(startOrCount: number, end?: number, step = 1): number[] {
  const [start, stop] = end === undefined ? [0, startOrCount] : [startOrCount, end];
  const out: number[] = [];
  for (let v = start; v < stop; v += step) out.push(v);
  return out;
}

/** A C `unsigned char` of `value` (ALE compares some mode bytes after subtracting 1). */
export function uchar(value: number): number {
  return value & 0xff;
}

/** Most agent steps a menu walk may take before giving up (menus need a handful). */
export const MAX_MENU_STEPS = 1000;

/**
 * Takes the agent steps `actions` (one `host.act` each) over and over until
 * `done()`, as ALE's menu-driving loops do; throws `ModeSelectError` after
 * `MAX_MENU_STEPS` rounds.
 */
export function actUntil(
  host: GameHost,
  done: () => boolean,
  actions: readonly number[],
  game: string,
  mode: number,
): void {
  for (let rounds = 0; !done(); rounds++) {
    if (rounds >= MAX_MENU_STEPS) throw new ModeSelectError(game, mode, rounds);
    for (const action of actions) host.act(action);
  }
}
