/**
 * Adam (Kingma & Ba 2015) with global-norm gradient clipping, over a model's parameters. Written out
 * with tf ops instead of tf.train.adam so that the learning rate can change every step (schedules)
 * and the moments can be saved and restored exactly (checkpoints). The update, per parameter:
 *   m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,
 *   p ← p − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)       (t counts updates from 1).
 */
import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../../models/params.js';
import { CheckpointError } from '../errors.js';

export interface AdamOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** PyTorch's and Kingma & Ba's defaults. */
export const ADAM_DEFAULTS: AdamOptions = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

/** Adam's state in plain arrays (internal layout of each parameter), for checkpoints. */
export interface AdamState {
  readonly t: number;
  readonly m: ReadonlyMap<string, Float32Array>;
  readonly v: ReadonlyMap<string, Float32Array>;
}

export class Adam {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    readonly params: readonly Parameter[],
    readonly options: AdamOptions = ADAM_DEFAULTS,
  ) {
    this.m = params.map((p) => tf.variable(tf.zerosLike(p.variable), false));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p.variable), false));
  }

  /** Updates applied so far. */
  get steps(): number {
    return this.t;
  }

  /** Applies one update with learning rate `lr`; `grads[i]` belongs to `params[i]`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    this.t += 1;
    const { beta1, beta2, epsilon } = this.options;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i]!;
        const m = tf.add(tf.mul(this.m[i]!, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        p.variable.assign(tf.sub(p.variable, tf.mul(update, lr)));
      });
    });
  }

  state(): AdamState {
    const read = (vars: tf.Variable[]) =>
      new Map(this.params.map((p, i) => [p.name, new Float32Array(vars[i]!.dataSync() as Float32Array)] as const));
    return { t: this.t, m: read(this.m), v: read(this.v) };
  }

  load(state: AdamState): void {
    for (const [which, vars, source] of [
      ['m', this.m, state.m],
      ['v', this.v, state.v],
    ] as const) {
      this.params.forEach((p, i) => {
        const data = source.get(p.name);
        if (!data || data.length !== p.variable.size) {
          throw new CheckpointError(
            `optimizer state ${which} for ${p.name} is ${data ? `${data.length} values, expected ${p.variable.size}` : 'missing'}: the checkpoint belongs to another student architecture`,
          );
        }
        vars[i]!.assign(tf.tensor(data, p.variable.shape, 'float32'));
      });
    }
    this.t = state.t;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}

/**
 * Scales gradients so their global L2 norm is at most `maxNorm` (PyTorch's clip_grad_norm_: factor
 * maxNorm / (norm + 1e-6) when it is below 1). Returns the new gradients (the caller disposes them)
 * and the norm before clipping as a scalar tensor. maxNorm ≤ 0 or Infinity: no clipping.
 */
export function clipByGlobalNorm(
  grads: readonly tf.Tensor[],
  maxNorm: number,
): { grads: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
    if (!(maxNorm > 0 && Number.isFinite(maxNorm))) return { grads: grads.map((g) => tf.clone(g)), norm };
    // PyTorch's clip_grad_norm_ adds 1e-6 to the norm in the factor.
    const factor = tf.minimum(1, tf.div(maxNorm, tf.add(norm, CLIP_EPSILON)));
    return { grads: grads.map((g) => tf.mul(g, factor)), norm };
  });
}

const CLIP_EPSILON = 1e-6;
