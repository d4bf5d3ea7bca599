/**
 * Resets in pieces. A reset emulates many frames (ALE's `reset_game` alone runs about 70, SB3's stack adds
 * up to 30 no-ops and two FIRE-reset steps), and a vector env's calling thread that runs one in a single
 * call cannot answer its workers meanwhile: they sit idle without their next actions. An env or wrapper
 * that can stop between frames offers `resetInPieces`, a generator that yields between pieces of a frame
 * or one inner step and returns what `reset` returns; running it to the end is exactly `reset` (same
 * frames, same random draws, same result), since nothing else touches the env in between.
 */
import type { Observation } from './spaces.js';
import type { Env, ResetArgs, ResetResult } from './types.js';

/** Work that yields between its pieces and returns `T` when done. */
export type Pieces<T> = Generator<void, T, void>;

/** Runs `pieces` to the end. */
export function finish<T>(pieces: Pieces<T>): T {
  for (;;) {
    const piece = pieces.next();
    if (piece.done) return piece.value;
  }
}

/** `env.reset(args)` in pieces where the env offers them, else in one piece. */
export function* resetInPieces<O extends Observation>(env: Env<O>, args: ResetArgs): Pieces<ResetResult<O>> {
  if (env.resetInPieces) return yield* env.resetInPieces(args);
  return env.reset(args);
}
