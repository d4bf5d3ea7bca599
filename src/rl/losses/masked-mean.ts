/**
 * The mean of per-sample values over the samples a mask keeps. Rollouts with Gymnasium's next-step
 * autoreset hold transitions whose action was never executed (the step that resets a finished
 * sub-env); the mask gives them weight 0 so they add nothing to a loss or its gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { RlInputError } from '../errors.js';

/** Checks that every tensor is [B] for one B; `what` names the caller in the error. */
export function checkVectors(what: string, tensors: Readonly<Record<string, tf.Tensor | undefined>>): number {
  let batch: number | undefined;
  for (const [name, t] of Object.entries(tensors)) {
    if (t === undefined) continue;
    if (t.rank !== 1) throw new RlInputError(`${what}: ${name} must be [B], got [${t.shape}]`);
    if (batch !== undefined && t.shape[0] !== batch) {
      throw new RlInputError(`${what}: ${name} has ${t.shape[0]} samples, the others ${batch}`);
    }
    batch = t.shape[0];
  }
  return batch ?? 0;
}

/** mean_b x[b] where mask[b] = 1 (mask of 0s and 1s, or weights); the plain mean without a mask. */
export function maskedMean(x: tf.Tensor1D, mask?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    if (!mask) return tf.mean(x) as tf.Scalar;
    // max(Σ mask, 1): a minibatch without a kept sample contributes zero, never NaN.
    return tf.div(tf.sum(tf.mul(x, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
