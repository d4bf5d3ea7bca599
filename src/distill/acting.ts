/** How a policy turns logits into an action: greedy, sampled with a temperature, or ε-greedy. */
import { chooseActions } from '../teachers/teacher.js';
import { DistillConfigError } from './errors.js';

export type ActMode = 'greedy' | 'sample' | 'epsilon-greedy';
export const ACT_MODES: readonly ActMode[] = ['greedy', 'sample', 'epsilon-greedy'];

export interface ActPolicy {
  readonly mode: ActMode;
  /** Softmax temperature of `sample` (default 1). */
  readonly temperature?: number;
  /** Probability of a uniformly random action under `epsilon-greedy`. */
  readonly epsilon?: number;
}

export function checkActPolicy(p: ActPolicy, who: string): void {
  if (!ACT_MODES.includes(p.mode)) throw new DistillConfigError(`${who} policy must be one of ${ACT_MODES.join(', ')}`);
  if (p.temperature !== undefined && !(p.temperature > 0))
    throw new DistillConfigError(`${who} temperature must be > 0, got ${p.temperature}`);
  if (p.epsilon !== undefined && !(p.epsilon >= 0 && p.epsilon <= 1))
    throw new DistillConfigError(`${who} epsilon must be in [0, 1], got ${p.epsilon}`);
}

/**
 * The action for row `row` of a [B, A] logits array. Draws from `rng` only when the mode needs it
 * (sample: one draw; ε-greedy: one draw, and a second for the random action), so greedy play
 * leaves the stream untouched.
 */
export function selectAction(
  logits: Float32Array,
  row: number,
  numActions: number,
  policy: ActPolicy,
  rng: () => number,
): number {
  const rowLogits = logits.subarray(row * numActions, (row + 1) * numActions);
  switch (policy.mode) {
    case 'greedy':
      return chooseActions(rowLogits, 1, numActions)[0]!;
    case 'sample':
      return chooseActions(rowLogits, 1, numActions, { mode: 'sample', temperature: policy.temperature ?? 1, rng })[0]!;
    case 'epsilon-greedy':
      if (rng() < (policy.epsilon ?? 0)) return Math.floor(rng() * numActions);
      return chooseActions(rowLogits, 1, numActions)[0]!;
  }
}
