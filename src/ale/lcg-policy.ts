/**
 * The random policy that drew the actions of the native-ALE traces and drives the throughput
 * benchmark (../shared/ale-traces/FORMAT.md): a 32-bit LCG picks an index into the minimal action set
 * every `hold` steps.
 */

/** FORMAT.md: `s = seed * 2654435761 + 1`, then `s = s * 1664525 + 1013904223`, output `s >>> 8` (all mod 2^32). */
const LCG_SEED_MULTIPLIER = 2654435761;
const LCG_MULTIPLIER = 1664525;
const LCG_INCREMENT = 1013904223;
const LCG_OUTPUT_SHIFT = 8;

/** The trace recorder's random policy: a new action every `hold` steps, drawn from the minimal set. */
export class LcgPolicy {
  private state: number;
  private index = 0;
  private step = 0;

  constructor(
    seed: number,
    private readonly actions: readonly number[],
    private readonly hold: number,
  ) {
    this.state = (Math.imul(seed >>> 0, LCG_SEED_MULTIPLIER) + 1) >>> 0;
  }

  private next(): number {
    this.state = (Math.imul(this.state, LCG_MULTIPLIER) + LCG_INCREMENT) >>> 0;
    return this.state >>> LCG_OUTPUT_SHIFT;
  }

  /** The action for the next step (t = 1, 2, …). */
  nextAction(): number {
    if (this.step % this.hold === 0) this.index = this.next() % this.actions.length;
    this.step++;
    return this.actions[this.index]!;
  }
}
