/**
 * Scores of full games: a policy plays `episodes` games on in-process envs (one batched policy call
 * per step over the envs still playing) and each game's return is summed over all its lives.
 *
 * A game ends when the game is really over: with EpisodicLife in the stack, a lost life ends the
 * learner's episode but not the game, so the env is reset (EpisodicLife then takes a no-op step and
 * play goes on) and the game continues; `truncated` (the id's frame cap) ends it too. Rewards are
 * those the env reports: after sb3-atari's ClipReward (the identity for Catcher, whose rewards are +1).
 */
import * as tf from '@tensorflow/tfjs';
import type { Env } from '../envs/types.js';
import { Wrapper } from '../envs/wrapper.js';
import { EpisodicLife } from '../envs/wrappers/episodic-life.js';
import type { PolicyModel } from '../models/model.js';
import { mulberry32 } from '../models/params.js';
import { mean, std } from './episode-stats.js';
import { RlConfigError } from './errors.js';
import { framesToInput } from './input.js';
import { argmaxRow } from './sampling.js';

/**
 * Actions for a batch of observations given back to back (`batch` of them); `envs[j]` is the index
 * of the env that row j came from (for policies that look at the env itself, such as RAM experts).
 */
export type BatchPolicy = (obs: Uint8Array, batch: number, envs: readonly number[]) => ArrayLike<number>;

export interface EvaluateOptions {
  /** Games to play (spread over the envs). */
  readonly episodes: number;
  /** Env i's first reset gets seed + i; later resets continue its random streams. */
  readonly seed: number;
  /**
   * End a game after this many agent steps, counting it as it stands (default: no cap beyond the
   * env's). An env whose game was capped plays no further games (EpisodicLife cannot restart a game
   * that is not over), so pass as many envs as episodes when capping.
   */
  readonly maxSteps?: number;
}

export interface EvaluationResult {
  readonly returns: readonly number[];
  readonly lengths: readonly number[];
  readonly mean: number;
  readonly std: number;
  /** Games ended by `maxSteps` rather than by the game. */
  readonly capped: number;
  readonly seconds: number;
}

/** Whether an env's episode end (terminated or truncated) is the end of the game. */
export function isGameOver(env: Env, truncated: boolean): boolean {
  if (truncated) return true;
  for (let e: Env = env; e instanceof Wrapper; e = e.env) {
    if (e instanceof EpisodicLife) return e.realDone;
  }
  return true;
}

export function evaluateGames(envs: readonly Env[], policy: BatchPolicy, options: EvaluateOptions): EvaluationResult {
  const { episodes, seed, maxSteps } = options;
  if (envs.length === 0) throw new RlConfigError('evaluateGames needs at least one env');
  if (!Number.isInteger(episodes) || episodes < 1) {
    throw new RlConfigError(`evaluateGames: episodes must be a positive integer, got ${episodes}`);
  }
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 1)) {
    throw new RlConfigError(`evaluateGames: maxSteps must be a positive integer, got ${maxSteps}`);
  }
  const start = performance.now();
  const obsSize = envs[0]!.observationSpace.size;
  const n = envs.length;
  const playing = new Uint8Array(n);
  const ret = new Float64Array(n);
  const len = new Int32Array(n);
  const current: Uint8Array[] = new Array(n);
  const returns: number[] = [];
  const lengths: number[] = [];
  let started = 0;
  let capped = 0;
  const begin = (i: number, first: boolean) => {
    if (started >= episodes) {
      playing[i] = 0;
      return;
    }
    started++;
    playing[i] = 1;
    ret[i] = 0;
    len[i] = 0;
    current[i] = envs[i]!.reset(first ? { seed: seed + i } : {}).obs as Uint8Array;
  };
  for (let i = 0; i < n; i++) begin(i, true);
  const batch = new Uint8Array(n * obsSize);
  const rows: number[] = [];
  while (playing.some((p) => p === 1)) {
    rows.length = 0;
    for (let i = 0; i < n; i++) {
      if (!playing[i]) continue;
      batch.set(current[i]!, rows.length * obsSize);
      rows.push(i);
    }
    const actions = policy(batch.subarray(0, rows.length * obsSize), rows.length, rows);
    rows.forEach((i, j) => {
      const env = envs[i]!;
      const r = env.step(actions[j]!);
      ret[i]! += r.reward;
      len[i]! += 1;
      current[i] = r.obs as Uint8Array;
      const ended = r.terminated || r.truncated;
      const over = ended && isGameOver(env, r.truncated);
      const hitCap = !over && maxSteps !== undefined && len[i]! >= maxSteps;
      if (over || hitCap) {
        returns.push(ret[i]!);
        lengths.push(len[i]!);
        if (hitCap) {
          // EpisodicLife resets only a game that is over, so a capped env cannot start a fresh one.
          capped++;
          playing[i] = 0;
        } else begin(i, false);
      } else if (ended) {
        current[i] = env.reset().obs as Uint8Array;
      }
    });
  }
  if (returns.length < episodes) {
    throw new RlConfigError(
      `evaluateGames: maxSteps cut a game short on every env after ${returns.length} of ${episodes} games, and a capped env cannot start a new game; pass at least as many envs as episodes when capping`,
    );
  }
  return {
    returns,
    lengths,
    mean: mean(returns),
    std: std(returns),
    capped,
    seconds: (performance.now() - start) / 1000,
  };
}

/** The model's greedy action (argmax of the logits) for each observation. */
export function greedyPolicy(model: PolicyModel, inputScale: number): BatchPolicy {
  const frame = model.inputShape;
  return (obs, batch) => {
    const logits = tf.tidy(
      () =>
        model
          .forward(framesToInput(obs, batch, frame, inputScale), undefined, 'NHWC')
          .logits.dataSync() as Float32Array,
    );
    return Int32Array.from({ length: batch }, (_, b) => argmaxRow(logits, b, model.numActions));
  };
}

/** Uniformly random actions from a seeded source. */
export function randomPolicy(numActions: number, seed: number): BatchPolicy {
  const uniform = mulberry32(seed);
  return (_obs, batch) => Int32Array.from({ length: batch }, () => Math.floor(uniform() * numActions));
}
