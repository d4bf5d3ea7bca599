/**
 * Runs a game's tracker over the RAM a native-ALE trace recorded, without the
 * emulator, and compares its reward, lives and game-over flag with the trace.
 *
 * Step 0 is the state after `loadROM`, whose reset sequence ALE ends by
 * stepping the tracker on the frame that produced the recorded RAM; the
 * frames before it are not recorded. Replaying `reset()` then one `step` on
 * that RAM reproduces ALE's state for trackers whose fields follow from the
 * last frame (every traced game here). Each later line is one `act`: one frame
 * with frame_skip 1, the last of 4 frames with frame_skip 4, of which only the
 * last RAM is known; the tracker then steps once per line.
 */
import type { GameDefinition } from '../../../src/ale/games/types.js';
import type { TraceStep } from '../../../src/ale/trace.js';

export type Column = 'r' | 'lives' | 'over';

export interface ColumnMismatch {
  readonly t: number;
  readonly field: Column;
  readonly expected: number | boolean;
  readonly actual: number | boolean;
}

export interface ReplayResult {
  readonly steps: number;
  readonly mismatches: readonly ColumnMismatch[];
}

export function replayTracker(
  game: GameDefinition,
  steps: readonly TraceStep[],
  columns: readonly Column[] = ['r', 'lives', 'over'],
): ReplayResult {
  const tracker = game.createTracker();
  const mismatches: ColumnMismatch[] = [];
  const check = (t: number, field: Column, expected: number | boolean, actual: number | boolean) => {
    if (columns.includes(field) && expected !== actual) mismatches.push({ t, field, expected, actual });
  };
  for (const step of steps) {
    if (step.t === 0) tracker.reset();
    tracker.step(step.ram);
    // Step 0's reward is a placeholder (no act happened).
    if (step.t > 0) check(step.t, 'r', step.r, tracker.reward);
    check(step.t, 'lives', step.lives, tracker.lives);
    check(step.t, 'over', step.over, tracker.terminal);
  }
  return { steps: steps.length, mismatches };
}

export function describeMismatches(game: string, result: ReplayResult, shown = 5): string {
  const first = result.mismatches
    .slice(0, shown)
    .map((m) => `t=${m.t} ${m.field}: expected ${m.expected}, got ${m.actual}`)
    .join('; ');
  return `${game}: ${result.mismatches.length} mismatches in ${result.steps} steps; ${first}`;
}
