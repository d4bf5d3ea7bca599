import * as tf from '@tensorflow/tfjs';
import { ModelShapeError } from '../errors.js';
import type { Layer } from './layer.js';

/** log π = z − logsumexp(z) over the last axis (the policy head's log-probabilities). */
export class LogSoftmax implements Layer {
  readonly kind = 'log-softmax';
  readonly params = [];

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1) throw new ModelShapeError(`log-softmax expects [A] per sample, got [${inputShape}]`);
    return [...inputShape];
  }

  forward(z: tf.Tensor): tf.Tensor {
    return tf.logSoftmax(z);
  }

  /** d log π = dz − Σ_a π_a dz_a. */
  jvp(z: tf.Tensor, dz: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    const y = this.forward(z);
    return { y, dy: tf.sub(dz, tf.sum(tf.mul(tf.exp(y), dz), -1, true)) };
  }

  /** ∂⟨log π, v⟩/∂z = v − π Σ_a v_a. */
  vjp(_z: tf.Tensor, y: tf.Tensor, v: tf.Tensor): tf.Tensor {
    return tf.sub(v, tf.mul(tf.exp(y), tf.sum(v, -1, true)));
  }
}
