/** Minimal action sets shared by several games (ALE ids, ascending). */
import { Action, ALL_ACTIONS } from '../actions.js';

const {
  NOOP,
  FIRE,
  UP,
  RIGHT,
  LEFT,
  DOWN,
  UPRIGHT,
  UPLEFT,
  DOWNRIGHT,
  DOWNLEFT,
  UPFIRE,
  RIGHTFIRE,
  LEFTFIRE,
  DOWNFIRE,
} = Action;

/** All 18 actions. */
export const ALL = ALL_ACTIONS;
/** Move left/right and fire: shooters with a cannon on the bottom row. */
export const SIDEWAYS_FIRE = [NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE] as const;
/** Move left/right, fire without moving. */
export const SIDEWAYS_OR_FIRE = [NOOP, FIRE, RIGHT, LEFT] as const;
/** Move up/down and fire. */
export const UPDOWN_FIRE = [NOOP, FIRE, UP, DOWN, UPFIRE, DOWNFIRE] as const;
/** Four directions, no fire. */
export const FOUR_WAY = [NOOP, UP, RIGHT, LEFT, DOWN] as const;
/** Four directions or fire. */
export const FOUR_WAY_OR_FIRE = [NOOP, FIRE, UP, RIGHT, LEFT, DOWN] as const;
/** Four directions, each with or without fire. */
export const FOUR_WAY_FIRE = [NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE] as const;
/** Eight directions, no fire. */
export const EIGHT_WAY = [NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT] as const;
/** Eight directions or fire (board games' cursor). */
export const EIGHT_WAY_OR_FIRE = [NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT] as const;
/** Up/down to choose, fire to confirm (card games with paddles). */
export const UPDOWN_OR_FIRE = [NOOP, FIRE, UP, DOWN] as const;
