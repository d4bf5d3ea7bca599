/**
 * Plays Catcher episodes in 6502.ts the way ALE v5 environments do: power
 * on, 60 no-op frames, RESET held for 4 frames, then agent steps that repeat
 * an action for `frameSkip` frames, with optional sticky actions and no-op
 * starts. Reward is the change of the displayed score, as the game
 * definition reads it.
 */
import { Action } from '../../../src/ale/actions.js';
import { CATCHER_STATE_OVER, CatcherRam, catcherScore } from '../../../src/envs/homebrew/catcher.js';
import { mulberry32 } from '../../../src/models/params.js';
import { type JoystickInput, StellaHarness } from './stella-harness.js';

/** ALE's reset: 60 no-op frames after power on, then RESET held for 4 frames. */
const RESET_NOOP_FRAMES = 60;
const RESET_HOLD_FRAMES = 4;

/** Joystick positions of the ALE actions Catcher uses (and FIRE). */
const JOYSTICK: Readonly<Record<number, JoystickInput>> = {
  [Action.NOOP]: {},
  [Action.FIRE]: { fire: true },
  [Action.RIGHT]: { right: true },
  [Action.LEFT]: { left: true },
  [Action.RIGHTFIRE]: { right: true, fire: true },
  [Action.LEFTFIRE]: { left: true, fire: true },
};

export type Policy = (ram: Uint8Array) => number;

export interface EpisodeOptions {
  readonly frameSkip?: number;
  /** Probability of repeating the previous action instead (ALE v5: 0.25). */
  readonly stickyProbability?: number;
  /** No-op agent steps before the policy takes over. */
  readonly noopSteps?: number;
  /** Stop (truncate) after this many frames. */
  readonly maxFrames?: number;
  /** Uniform [0, 1) draws for sticky actions. */
  readonly random?: () => number;
}

export interface EpisodeResult {
  readonly score: number;
  readonly frames: number;
  readonly steps: number;
  readonly terminated: boolean;
  /** Lives at each life lost, as (frame, lives left). */
  readonly livesLost: readonly { frame: number; lives: number }[];
  /** Frames at which the score went up. */
  readonly scoreFrames: readonly number[];
}

/** A small seeded generator (mulberry32) so test episodes are reproducible. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}

/** Powers on a fresh console and runs ALE's reset sequence. */
export function resetConsole(rom: Uint8Array, render = false): StellaHarness {
  const vcs = StellaHarness.create(rom, { render });
  for (let i = 0; i < RESET_NOOP_FRAMES; i++) vcs.runFrame({});
  for (let i = 0; i < RESET_HOLD_FRAMES; i++) vcs.runFrame({ reset: true });
  return vcs;
}

export function playEpisode(rom: Uint8Array, policy: Policy, options: EpisodeOptions = {}): EpisodeResult {
  const { frameSkip = 4, stickyProbability = 0, noopSteps = 0, maxFrames = 20_000, random = Math.random } = options;
  const vcs = resetConsole(rom);
  const ram = vcs.ram();
  let score = catcherScore(ram);
  let lives = ram[CatcherRam.lives & 0x7f] as number;
  let frames = 0;
  let steps = 0;
  let previous: number = Action.NOOP;
  const livesLost: { frame: number; lives: number }[] = [];
  const scoreFrames: number[] = [];
  while (frames < maxFrames) {
    const chosen = steps < noopSteps ? Action.NOOP : policy(ram);
    const input = JOYSTICK[chosen];
    if (input === undefined) throw new RangeError(`action ${chosen} is not one Catcher uses`);
    for (let f = 0; f < frameSkip && frames < maxFrames; f++) {
      // ALE draws stickiness once per frame: the previous frame's action stays with this probability.
      if (!(random() < stickyProbability)) previous = chosen;
      vcs.runFrame(JOYSTICK[previous]);
      frames++;
      vcs.ram(ram);
      const now = catcherScore(ram);
      if (now > score) scoreFrames.push(frames);
      score = now;
      const l = ram[CatcherRam.lives & 0x7f] as number;
      if (l < lives) livesLost.push({ frame: frames, lives: l });
      lives = l;
      if (ram[CatcherRam.state & 0x7f] === CATCHER_STATE_OVER) {
        return { score, frames, steps: steps + 1, terminated: true, livesLost, scoreFrames };
      }
    }
    steps++;
  }
  return { score, frames, steps, terminated: false, livesLost, scoreFrames };
}
