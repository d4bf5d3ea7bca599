/**
 * Generalised advantage estimation (Schulman et al. 2016) over a rollout collected from a vector env
 * with Gymnasium's next-step autoreset (src/envs/vector/types.ts).
 *
 * Arrays are [T, N] row-major (index t·N + i: step t of sub-env i). Transition t of sub-env i is
 * (s_t, a_t, r_t, s_{t+1}), with `terminated`/`truncated` the flags step t returned.
 *
 * Next-step autoreset shapes the rollout: when step t ends an episode, the observation stored at t + 1
 * is the episode's final observation, and the step taken from it only resets the sub-env (its action is
 * ignored, its reward is 0). Such transitions are marked invalid: they get no advantage and break the
 * λ-chain. The bonus is that V(final observation) sits in the rollout, so a truncated episode is
 * bootstrapped from its real last state:
 *
 *   δ_t = r_t + γ · (terminated_t ? 0 : V(s_{t+1})) − V(s_t)
 *   A_t = δ_t + (episode ended at t ? 0 : γλ · A_{t+1}),   A_t = 0 for invalid t,
 *
 * with V(s_T) = `nextValues` after the last step. CleanRL's ppo_atari treats truncation as termination;
 * here it bootstraps, which is the correct target (Pardo et al. 2018).
 */
import { RlInputError } from './errors.js';

export interface GaeInputs {
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly rewards: ArrayLike<number>;
  /** V(s_t) as recorded at collection. */
  readonly values: ArrayLike<number>;
  readonly terminated: ArrayLike<number>;
  readonly truncated: ArrayLike<number>;
  /** 1 where a_t was executed, 0 for the autoreset steps of finished sub-envs. */
  readonly valid: ArrayLike<number>;
  /** V(s_T) for each sub-env: the observation after the rollout's last step. */
  readonly nextValues: ArrayLike<number>;
  readonly gamma: number;
  readonly lambda: number;
}

export interface GaeResult {
  readonly advantages: Float32Array;
  /** A_t + V(s_t): the value targets (0 where invalid). */
  readonly returns: Float32Array;
}

export function computeGae(inputs: GaeInputs): GaeResult {
  const { numSteps: T, numEnvs: N, rewards, values, terminated, truncated, valid, nextValues, gamma, lambda } = inputs;
  const size = T * N;
  for (const [name, a] of [
    ['rewards', rewards],
    ['values', values],
    ['terminated', terminated],
    ['truncated', truncated],
    ['valid', valid],
  ] as const) {
    if (a.length !== size) throw new RlInputError(`computeGae: ${name} has ${a.length} entries, [T, N] needs ${size}`);
  }
  if (nextValues.length !== N)
    throw new RlInputError(`computeGae: nextValues needs ${N} entries, got ${nextValues.length}`);
  if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
    throw new RlInputError(`computeGae: gamma and lambda must lie in [0, 1], got ${gamma} and ${lambda}`);
  }
  const advantages = new Float32Array(size);
  const returns = new Float32Array(size);
  for (let i = 0; i < N; i++) {
    let next = 0;
    for (let t = T - 1; t >= 0; t--) {
      const k = t * N + i;
      if (!valid[k]) {
        next = 0;
        continue;
      }
      const nextValue = t + 1 < T ? values[k + N]! : nextValues[i]!;
      const bootstrap = terminated[k] ? 0 : gamma * nextValue;
      const delta = rewards[k]! + bootstrap - values[k]!;
      const ended = terminated[k] || truncated[k];
      const a = delta + (ended ? 0 : gamma * lambda * next);
      advantages[k] = a;
      returns[k] = a + values[k]!;
      next = a;
    }
  }
  return { advantages, returns };
}
