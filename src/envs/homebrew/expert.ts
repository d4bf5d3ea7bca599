/**
 * A scripted Catcher player that reads the game's RAM: it steers the basket
 * under the falling fruit and out from under the bomb. It is the expert the
 * teacher imitates, and a yardstick for trained policies.
 *
 * It is a pure function of one RAM snapshot (no hidden state), so it runs
 * beside any number of environments.
 */
import { Action } from '../../ale/actions.js';
import { CATCHER_STATE_OVER, CatcherGeometry as G, CatcherRam as R } from './catcher.js';

/** ALE v5 environments repeat each action for 4 frames. */
export const DEFAULT_FRAME_SKIP = 4;
/** Fractional speed byte: 1/256 line per frame. */
const FRACTION = 256;
/** Pixels kept between the basket and the bomb's path, for the frames the bomb moves while we decide. */
const BOMB_MARGIN = 2;
/**
 * A bomb that reaches the rim up to this many frames after the fruit is
 * still avoided while lining up the fruit: after a catch there is no time
 * left to step aside.
 */
const BOMB_FOLLOW_FRAMES = 16;

/** One ALE action and how far it moves the basket per frame. */
const MOVES: readonly { readonly action: number; readonly step: number }[] = [
  { action: Action.NOOP, step: 0 },
  { action: Action.RIGHT, step: G.BASKET_SPEED },
  { action: Action.LEFT, step: -G.BASKET_SPEED },
  { action: Action.RIGHTFIRE, step: G.BASKET_BOOST },
  { action: Action.LEFTFIRE, step: -G.BASKET_BOOST },
];

interface Span {
  readonly lo: number;
  readonly hi: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Basket positions at which an object `width` wide at `x` lands in the basket. */
function catchSpan(x: number, width: number): Span {
  return { lo: clamp(x - (G.BASKET_W - 1), 0, G.BASKET_MAX_X), hi: clamp(x + width - 1, 0, G.BASKET_MAX_X) };
}

/** Points of `span` outside `avoid`, nearest to `goal`; undefined when `avoid` covers it. */
function nearestOutside(span: Span, avoid: Span, goal: number): number | undefined {
  const candidates: number[] = [];
  const g = clamp(goal, span.lo, span.hi);
  if (g < avoid.lo || g > avoid.hi) return g;
  if (avoid.lo - 1 >= span.lo) candidates.push(Math.min(avoid.lo - 1, span.hi));
  if (avoid.hi + 1 <= span.hi) candidates.push(Math.max(avoid.hi + 1, span.lo));
  let best: number | undefined;
  for (const c of candidates) if (best === undefined || Math.abs(c - goal) < Math.abs(best - goal)) best = c;
  return best;
}

/** Frames until an object at `y` crosses the rim at `speed` lines per frame (Infinity if past it). */
function framesToRim(y: number, speed: number): number {
  return y > G.RIM_Y ? (y - G.RIM_Y) / speed : Number.POSITIVE_INFINITY;
}

/** The basket position the expert steers to. */
export function catcherTarget(ram: Uint8Array): number {
  const at = (addr: number) => ram[addr & 0x7f] as number;
  const basket = at(R.basketX);
  const fruitX = at(R.fruitX);
  const speed = at(R.speedHi) + at(R.speedLo) / FRACTION;
  const fruitT = framesToRim(at(R.fruitY), speed);
  const centre = clamp(fruitX + G.FRUIT_W / 2 - G.BASKET_W / 2, 0, G.BASKET_MAX_X);
  const fruit = catchSpan(fruitX, G.FRUIT_W);
  // Past the rim the fruit is decided: wait near the middle for the next one.
  const goal = fruitT === Number.POSITIVE_INFINITY ? G.BASKET_START_X : centre;

  const bombY = at(R.bombY);
  const bombT = bombY === G.BOMB_HIDDEN_Y ? Number.POSITIVE_INFINITY : framesToRim(bombY, speed);
  if (bombT === Number.POSITIVE_INFINITY || bombT > fruitT + BOMB_FOLLOW_FRAMES) {
    return fruitT === Number.POSITIVE_INFINITY ? goal : clamp(goal, fruit.lo, fruit.hi);
  }
  const bomb = catchSpan(at(R.bombX), G.BOMB_W);
  const avoid = { lo: bomb.lo - BOMB_MARGIN, hi: bomb.hi + BOMB_MARGIN };
  const whole = { lo: 0, hi: G.BASKET_MAX_X };
  if (fruitT !== Number.POSITIVE_INFINITY) {
    const safeCatch = nearestOutside(fruit, avoid, goal);
    if (safeCatch !== undefined) return safeCatch;
    // The fruit lies under the bomb's path: catch it first only if it lands first.
    if (fruitT < bombT) return clamp(goal, fruit.lo, fruit.hi);
  }
  return nearestOutside(whole, avoid, basket) ?? basket;
}

/**
 * The expert's ALE action for the next agent step, given the RAM ($80..$FF
 * as 128 bytes) and the number of frames the action will be repeated.
 * Among Catcher's minimal actions it picks the one whose move lands the
 * basket nearest its target, preferring the smaller move on ties.
 */
export function catcherExpertAction(ram: Uint8Array, frameSkip: number = DEFAULT_FRAME_SKIP): number {
  if (!Number.isInteger(frameSkip) || frameSkip < 1) {
    throw new RangeError(`frameSkip must be a positive integer, got ${frameSkip}`);
  }
  if (ram.length < 128) throw new RangeError(`expected the 128 bytes of RAM, got ${ram.length}`);
  if (ram[R.state & 0x7f] === CATCHER_STATE_OVER) return Action.NOOP;
  const basket = ram[R.basketX & 0x7f] as number;
  const delta = catcherTarget(ram) - basket;
  let best = MOVES[0]!;
  let bestMiss = Math.abs(delta);
  for (const move of MOVES) {
    const miss = Math.abs(delta - move.step * frameSkip);
    if (miss < bestMiss) {
      best = move;
      bestMiss = miss;
    }
  }
  return best.action;
}
