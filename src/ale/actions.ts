/**
 * ALE's action ids. Player A's 18 joystick actions are the ids agents use
 * (ALE `Action` enum 0–17, Gymnasium's `Discrete(18)` order); names are
 * Gymnasium's `get_action_meanings()` spelling.
 *
 * Paddle games use the same ids: ALE moves the paddle with LEFT/RIGHT (scaled
 * by `paddle_strength`) and fires with FIRE, so there are no paddle-only ids.
 */
export const Action = {
  NOOP: 0,
  FIRE: 1,
  UP: 2,
  RIGHT: 3,
  LEFT: 4,
  DOWN: 5,
  UPRIGHT: 6,
  UPLEFT: 7,
  DOWNRIGHT: 8,
  DOWNLEFT: 9,
  UPFIRE: 10,
  RIGHTFIRE: 11,
  LEFTFIRE: 12,
  DOWNFIRE: 13,
  UPRIGHTFIRE: 14,
  UPLEFTFIRE: 15,
  DOWNRIGHTFIRE: 16,
  DOWNLEFTFIRE: 17,
} as const;

export type ActionName = keyof typeof Action;
export type ActionId = (typeof Action)[ActionName];

/** Number of player-A actions (ALE's `PLAYER_A_MAX`); ids 0..17. */
export const NUM_ACTIONS = 18;

/** ALE adds this to a player-A id to get the same action for player B (`PLAYER_B_NOOP` = 18). */
export const PLAYER_B_OFFSET = 18;

/**
 * ALE's console-reset pseudo-action (`RESET` = 40). Agents never send it (ALE
 * turns it into NOOP in `act`), but a few games' starting actions press it
 * (Keystone Kapers, Laser Gates, Sir Lancelot), and ALE's soft reset holds it.
 */
export const RESET_ACTION = 40;

/** Gymnasium's action names, indexed by id. */
export const ACTION_NAMES: readonly ActionName[] = Object.freeze(
  (Object.keys(Action) as ActionName[]).sort((a, b) => Action[a] - Action[b]),
);

/** Every player-A action, 0..17: ALE's legal action set for most games. */
export const ALL_ACTIONS: readonly number[] = Object.freeze(Array.from({ length: NUM_ACTIONS }, (_, i) => i));

/** The 9 actions that press FIRE (FIRE and the 8 direction+FIRE ids). */
export const FIRE_ACTIONS: readonly number[] = Object.freeze([1, 10, 11, 12, 13, 14, 15, 16, 17]);

/** Name of an action id, e.g. 11 → 'RIGHTFIRE'; also names RESET. */
export function actionName(id: number): string {
  if (id === RESET_ACTION) return 'RESET';
  const name = ACTION_NAMES[id];
  if (name === undefined) throw new RangeError(`No ALE action has id ${id}; player-A ids are 0..${NUM_ACTIONS - 1}.`);
  return name;
}
