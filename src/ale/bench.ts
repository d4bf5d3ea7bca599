/**
 * The throughput benchmark of FORMAT.md: a fixed random policy (a 32-bit LCG) acting on one game,
 * `resetGame()` whenever the game ends, timed over wall-clock time including the resets. The same
 * policy drew the actions of the native-ALE traces, so the figures compare to the native ALE's.
 */
import type { GameDefinition } from './games/types.js';
import { ALEInterface } from './interface.js';
import { LcgPolicy } from './lcg-policy.js';

export interface BenchOptions {
  readonly steps: number;
  readonly seed: number;
  readonly hold: number;
  readonly frameSkip: number;
  /** The game, for a ROM outside ALE's list (the homebrew games); default: identified by MD5. */
  readonly game?: GameDefinition;
  /**
   * Read the screen (`getScreen`) after every act, as an agent that looks at every frame does. The
   * native figures read none; without reads, frames run without drawing pixels (lazy screens).
   */
  readonly readScreens?: boolean;
}

export interface BenchResult {
  game: string;
  steps: number;
  seconds: number;
  steps_per_second: number;
}

/** Loads `rom`, then times `steps` act() calls of the LCG policy (loading is not timed). */
export function runBench(rom: Uint8Array | string, options: BenchOptions): BenchResult {
  const ale = new ALEInterface();
  ale.setInt('random_seed', options.seed);
  // The native figures were measured without sticky actions, like the frameskip1 traces.
  ale.setFloat('repeat_action_probability', 0);
  ale.setInt('frame_skip', options.frameSkip);
  ale.loadROM(rom, options.game ? { game: options.game } : {});
  const policy = new LcgPolicy(options.seed, ale.getMinimalActionSet(), options.hold);
  const screen = options.readScreens ? new Uint8Array(ale.getScreenHeight() * ale.getScreenWidth()) : undefined;
  const start = process.hrtime.bigint();
  for (let t = 0; t < options.steps; t++) {
    ale.act(policy.nextAction());
    if (screen) ale.getScreen(screen);
    if (ale.gameOver()) ale.resetGame();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { game: ale.game.id, steps: options.steps, seconds, steps_per_second: options.steps / seconds };
}
