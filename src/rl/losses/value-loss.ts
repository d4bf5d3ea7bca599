/**
 * PPO's value loss, CleanRL's `v_loss`: 0.5 · mean_b (V(s_b) − R_b)², or with clipping (CleanRL
 * `clip_vloss`, from OpenAI baselines) 0.5 · mean_b max((V − R)², (V_old + clip(V − V_old, −c, c) − R)²),
 * which keeps the new value near the one recorded at collection.
 */
import * as tf from '@tensorflow/tfjs';
import { RlInputError } from '../errors.js';
import { checkVectors, maskedMean } from './masked-mean.js';

export interface ValueLossInputs {
  /** V(s) of the current parameters [B]. */
  readonly values: tf.Tensor1D;
  /** The targets, GAE returns R = A + V_old [B]. */
  readonly returns: tf.Tensor1D;
  /** V_old, recorded at collection [B]; needed with `clip`. */
  readonly oldValues?: tf.Tensor1D;
  /** c, the clip range around V_old; omitted: no clipping. */
  readonly clip?: number;
  readonly mask?: tf.Tensor1D;
}

/** The ½ of the squared error (CleanRL's 0.5 · v_loss). */
const HALF = 0.5;

export function valueLoss(inputs: ValueLossInputs): tf.Scalar {
  const { values, returns, oldValues, clip, mask } = inputs;
  checkVectors('valueLoss', { values, returns, oldValues, mask });
  if (clip !== undefined && !(clip > 0)) throw new RlInputError(`valueLoss: clip must be > 0, got ${clip}`);
  if (clip !== undefined && !oldValues) throw new RlInputError('valueLoss: clipping needs oldValues');
  return tf.tidy(() => {
    const unclipped = tf.square(tf.sub(values, returns));
    if (clip === undefined || !oldValues) return tf.mul(HALF, maskedMean(unclipped as tf.Tensor1D, mask));
    const near = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -clip, clip));
    const clipped = tf.square(tf.sub(near, returns));
    return tf.mul(HALF, maskedMean(tf.maximum(unclipped, clipped) as tf.Tensor1D, mask));
  });
}
