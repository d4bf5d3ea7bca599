/**
 * A schedule of screen reads that changes pattern every PHASE steps (long unread runs broken by a
 * single read, every step, SB3's last-two-of-four, irregular), so that the lazy screens'
 * guess of which screens will be read is often wrong (src/ale/core/lazy-screen.ts).
 */
/** Steps per pattern; the four patterns repeat in turn over the whole trace. */
const PHASE = 150;
const PATTERNS = 4;
/** In the sparse pattern, one read every this many steps. */
const SPARSE_EVERY = 37;
/** SB3's MaxAndSkip(4) reads frames 3 and 4 of each group of 4. */
const GROUP = 4;
/** Irregular pattern: read when a hash of t falls under this share. */
const IRREGULAR_SHARE = 0.3;

/** Whether the replay reads the screen after step t. */
export function readsScreen(t: number): boolean {
  if (t === 0) return true;
  switch (Math.floor(t / PHASE) % PATTERNS) {
    case 0:
      return t % SPARSE_EVERY === 0;
    case 1:
      return true;
    case 2:
      return t % GROUP >= GROUP - 2;
    default:
      // Knuth's multiplicative hash: reads at no fixed period.
      return (Math.imul(t, 2654435761) >>> 0) / 2 ** 32 < IRREGULAR_SHARE;
  }
}
