/** The training configuration: plain data, stored in checkpoints and reports. */
import type { ArchitectureSpec } from '../../models/spec.js';
import { validateSpec } from '../../models/spec.js';
import { DistillConfigError } from '../errors.js';
import type { KlDirection } from '../losses/kl.js';
import { checkLrSchedule, type LrSchedule, type ValueSchedule } from '../schedules.js';
import { ADAM_DEFAULTS, type AdamOptions } from './adam.js';
import { SOBOLEV_KINDS, type SobolevKind } from './targets.js';

export interface TrainConfig {
  readonly seed: number;
  /** Updates in the whole run. */
  readonly steps: number;
  readonly batchSize: number;
  /** Base learning rate, shaped by `lrSchedule`. */
  readonly lr: number;
  readonly lrSchedule: LrSchedule;
  readonly adam: AdamOptions;
  /** Global gradient-norm clip (0: none). */
  readonly clipNorm: number;
  readonly kl: { readonly direction: KlDirection; readonly temperature: number };
  readonly sobolev: SobolevKind;
  /** Directions per sample for vjp/jvp. */
  readonly k: number;
  /** λ over the steps. */
  readonly sobolevWeight: ValueSchedule;
  readonly student: ArchitectureSpec;
  /** Where the teacher's Sobolev targets are computed: a worker thread beside the learner, or the learner. */
  readonly targets: 'worker' | 'learner';
  /** Steps between test-split evaluations (0: only at the end). */
  readonly evalEvery: number;
  /** At most this many test samples per evaluation (0: all). */
  readonly evalSamples: number;
  /** Steps between checkpoints (0: none). */
  readonly checkpointEvery: number;
  readonly keepCheckpoints: number;
}

export const TRAIN_DEFAULTS = {
  seed: 0,
  batchSize: 64,
  lr: 5e-4,
  lrSchedule: { kind: 'cosine', warmupSteps: 100, finalFraction: 0.1 },
  adam: ADAM_DEFAULTS,
  clipNorm: 10,
  kl: { direction: 'forward', temperature: 1 },
  sobolev: 'none',
  k: 1,
  sobolevWeight: { kind: 'constant', start: 1, end: 1 },
  targets: 'worker',
  evalEvery: 0,
  evalSamples: 2000,
  checkpointEvery: 0,
  keepCheckpoints: 2,
} as const satisfies Partial<TrainConfig>;

export function checkTrainConfig(c: TrainConfig): void {
  const positiveInt = (name: string, v: number) => {
    if (!(Number.isInteger(v) && v > 0)) throw new DistillConfigError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt('steps', c.steps);
  positiveInt('batch size', c.batchSize);
  positiveInt('k (directions per sample)', c.k);
  if (!(c.lr > 0)) throw new DistillConfigError(`learning rate must be > 0, got ${c.lr}`);
  checkLrSchedule(c.lrSchedule);
  if (!(c.clipNorm >= 0)) throw new DistillConfigError(`gradient clip must be ≥ 0, got ${c.clipNorm}`);
  if (!SOBOLEV_KINDS.includes(c.sobolev))
    throw new DistillConfigError(`Sobolev term must be one of ${SOBOLEV_KINDS.join(', ')}, got ${c.sobolev}`);
  if (!(c.kl.temperature > 0)) throw new DistillConfigError(`KL temperature must be > 0, got ${c.kl.temperature}`);
  if (c.kl.direction !== 'forward' && c.kl.direction !== 'reverse')
    throw new DistillConfigError(`KL direction must be forward or reverse, got ${c.kl.direction}`);
  if (!(c.sobolevWeight.start >= 0 && c.sobolevWeight.end >= 0))
    throw new DistillConfigError('the Sobolev weight must be ≥ 0');
  if (c.targets !== 'worker' && c.targets !== 'learner')
    throw new DistillConfigError(`targets must be computed in 'worker' or 'learner', got ${c.targets}`);
  validateSpec(c.student);
  if (c.student.kind === 'conv-gru-actor-critic')
    throw new DistillConfigError('students must be feed-forward networks (a recurrent student is not supported)');
}
