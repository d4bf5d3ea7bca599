/**
 * Schedules as data: the learning rate (constant, linear or cosine decay after a linear warmup), the
 * Sobolev weight λ, and DAgger's β (the probability that the teacher acts) over collection rounds.
 */
import { DistillConfigError } from './errors.js';

export type DecayKind = 'constant' | 'linear' | 'cosine';
export const DECAY_KINDS: readonly DecayKind[] = ['constant', 'linear', 'cosine'];

/** Fraction of the way from start to end at progress p ∈ [0, 1], per kind. */
const DECAY: Readonly<Record<DecayKind, (p: number) => number>> = {
  constant: () => 0,
  linear: (p) => p,
  cosine: (p) => (1 - Math.cos(Math.PI * p)) / 2,
};

export interface LrSchedule {
  readonly kind: DecayKind;
  /** Steps of linear warmup from 0 to the base rate (0: none). */
  readonly warmupSteps: number;
  /** The rate at the last step, as a fraction of the base rate (linear and cosine). */
  readonly finalFraction: number;
}

/** Learning rate at `step` (0-based) of `totalSteps`, for base rate `base`. */
export function learningRateAt(schedule: LrSchedule, base: number, step: number, totalSteps: number): number {
  const { warmupSteps, finalFraction } = schedule;
  if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps - 1);
  const p = Math.min(1, (step - warmupSteps) / span);
  return base * (1 + (finalFraction - 1) * DECAY[schedule.kind](p));
}

/** A value that moves from `start` to `end` over a number of steps (or rounds), then stays at `end`. */
export interface ValueSchedule {
  readonly kind: DecayKind;
  readonly start: number;
  /** Ignored by `constant`. */
  readonly end: number;
}

/** Value at `step` of `total` (progress step / (total − 1)). */
export function valueAt(schedule: ValueSchedule, step: number, total: number): number {
  if (schedule.kind === 'constant') return schedule.start;
  const p = total <= 1 ? 1 : Math.min(1, step / (total - 1));
  return schedule.start + (schedule.end - schedule.start) * DECAY[schedule.kind](p);
}

/**
 * DAgger's β per round: `constant` β = start; `linear` from start to end over the rounds;
 * `exponential` β_r = start · decay^r (Ross et al. 2011: β_i = p^(i−1)).
 */
export interface BetaSchedule {
  readonly kind: 'constant' | 'linear' | 'exponential';
  readonly start: number;
  /** linear: β at the last round. */
  readonly end: number;
  /** exponential: factor per round. */
  readonly decay: number;
}

export const BETA_KINDS: readonly BetaSchedule['kind'][] = ['constant', 'linear', 'exponential'];

export function betaAt(schedule: BetaSchedule, round: number, rounds: number): number {
  switch (schedule.kind) {
    case 'constant':
      return schedule.start;
    case 'linear':
      return valueAt({ kind: 'linear', start: schedule.start, end: schedule.end }, round, rounds);
    case 'exponential':
      return schedule.start * schedule.decay ** round;
  }
}

/** Checks a schedule's numbers; throws DistillConfigError naming the bad field. */
export function checkLrSchedule(s: LrSchedule): void {
  if (!DECAY_KINDS.includes(s.kind)) throw new DistillConfigError(`lr schedule must be one of ${DECAY_KINDS}`);
  if (!(Number.isInteger(s.warmupSteps) && s.warmupSteps >= 0))
    throw new DistillConfigError(`warmup steps must be an integer ≥ 0, got ${s.warmupSteps}`);
  if (!(s.finalFraction >= 0 && s.finalFraction <= 1))
    throw new DistillConfigError(`final learning-rate fraction must be in [0, 1], got ${s.finalFraction}`);
}

export function checkBetaSchedule(s: BetaSchedule): void {
  if (!BETA_KINDS.includes(s.kind)) throw new DistillConfigError(`β schedule must be one of ${BETA_KINDS}`);
  for (const [k, v] of [
    ['start', s.start],
    ['end', s.end],
  ] as const) {
    if (!(v >= 0 && v <= 1)) throw new DistillConfigError(`β ${k} must be in [0, 1], got ${v}`);
  }
  if (!(s.decay > 0 && s.decay <= 1)) throw new DistillConfigError(`β decay must be in (0, 1], got ${s.decay}`);
}
