// Guesses whether the caller will read the screen of the next frame, from which of the last frames it
// read. Callers read in fixed patterns: every frame (trace checks, most agents), never (RAM agents,
// throughput runs), or the last frames of a group (SB3's MaxAndSkip reads frames 3 and 4 of every 4).
// Each candidate period P predicts "as P frames ago"; the period with the longest run of correct
// guesses wins, so any pattern that repeats within PERIODS frames is learnt after a few repeats.

/** Longest read pattern recognised, in frames. */
export const PERIODS: i32 = 8;
/** Cap on a period's run of correct guesses, so a pattern change is followed within a few frames. */
const RUN_CAP: i32 = 16;
/**
 * Correct guesses in a row a period needs before its "not read" is trusted. A wrong "not read" costs
 * a frame run twice; a wrong "read" only costs drawing pixels, which is what every frame cost before.
 */
const TRUSTED_RUN: i32 = 3;

export class ReadPredictor {
  /** Bit k: the screen of the frame k + 1 frames back was read. */
  private history: u32 = 0xffffffff;
  /** runs[P]: correct guesses in a row of "read as P frames ago" (index 0 unused). */
  private readonly runs: StaticArray<i32> = new StaticArray<i32>(PERIODS + 1);

  /** Forgets every pattern (a new ROM or a restored state). */
  clear(): void {
    this.history = 0xffffffff;
    for (let p = 1; p <= PERIODS; p++) unchecked((this.runs[p] = 0));
  }

  /** Records whether the screen of the frame that just ended was read. */
  record(read: bool): void {
    const bit: u32 = read ? 1 : 0;
    for (let p = 1; p <= PERIODS; p++) {
      const guess = (this.history >> <u32>(p - 1)) & 1;
      const run = unchecked(this.runs[p]);
      unchecked((this.runs[p] = guess == bit ? (run < RUN_CAP ? run + 1 : RUN_CAP) : 0));
    }
    this.history = (this.history << 1) | bit;
  }

  /** True when the next frame's screen will, with some confidence, not be read. */
  expectUnread(): bool {
    let best = 1;
    for (let p = 2; p <= PERIODS; p++) if (unchecked(this.runs[p]) > unchecked(this.runs[best])) best = p;
    return ((this.history >> <u32>(best - 1)) & 1) == 0 && unchecked(this.runs[best]) >= TRUSTED_RUN;
  }
}
