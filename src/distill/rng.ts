/**
 * Seeded random streams for training and collection. Every stream is a pure function of a seed and
 * a path of integers (`stream(seed, STREAM.batches, step)`), so a run that resumes at step t draws
 * exactly what an uninterrupted run draws from step t on: the only random "state" a checkpoint
 * needs is the seed and the step.
 */
import { gymnasiumSeeding } from '../envs/np-random.js';

/** Named stream ids, so two uses of one seed never share a stream. */
export const STREAM = Object.freeze({
  /** Student initialisation. */
  init: 1,
  /** Epoch permutations of the training samples. */
  epochs: 2,
  /** Sobolev directions (v or u) per training step. */
  directions: 3,
  /** Train/test split of episodes. */
  split: 4,
  /** Actions during collection (sampling, ε-greedy, β draws) per env. */
  collection: 5,
  /** Env seeds of collection. */
  envSeeds: 6,
  /** Evaluation episodes (env seed and action sampling per episode). */
  evaluation: 7,
  /** Sobolev directions of offline evaluation. */
  evalDirections: 8,
});

/** splitmix32-style finaliser: a well-mixed 32-bit value from a 32-bit input. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit seed derived from a seed and a path of non-negative integers (order matters). */
export function deriveSeed(seed: number, ...path: readonly number[]): number {
  let h = mix32(seed >>> 0);
  for (const p of path) {
    // Two words per component, so components above 2^32 stay distinct.
    h = mix32(h ^ mix32(p >>> 0));
    h = mix32(h ^ Math.floor(p / 0x100000000));
  }
  return h;
}

/** A uniform stream (mulberry32) with its 32-bit state exposed, plus the draws training needs. */
export class Random {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  get state(): number {
    return this.s;
  }

  /** A uniform float in [0, 1). */
  readonly next = (): number => {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle in place; returns `a`. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

/** Non-negative 31-bit seeds, the range every env accepts. */
const ENV_SEED_MASK = 0x7fffffff;
/** ALE's smallest `random_seed` (−1 = seed from the clock); our ALE build refuses anything lower. */
const MIN_ALE_SEED = -1;
const MAX_SEED_TRIES = 64;

/**
 * An env seed derived from (seed, …path) that the env accepts. Gymnasium's seeding turns a seed into
 * an int32 ALE `random_seed`, which is negative for about half of all seeds; native ALE casts it to
 * uint32, and our ALE build refuses values below −1 (reported to the envs owner). Until both agree,
 * take the first derived seed whose ALE seed is accepted: deterministic, and the plain derived seed
 * whenever it works.
 */
export function envSeed(seed: number, ...path: readonly number[]): number {
  for (let attempt = 0; attempt < MAX_SEED_TRIES; attempt++) {
    const s = deriveSeed(seed, ...path, ...(attempt === 0 ? [] : [0x5eed, attempt])) & ENV_SEED_MASK;
    if (gymnasiumSeeding(s).aleSeed >= MIN_ALE_SEED) return s;
  }
  return deriveSeed(seed, ...path) & ENV_SEED_MASK;
}

/** The stream at `path` under `seed`. */
export function stream(seed: number, ...path: readonly number[]): Random {
  return new Random(deriveSeed(seed, ...path));
}
