/**
 * PPO's clipped surrogate objective (Schulman et al. 2017, eq. 7), as a loss to minimise:
 *   r = exp(log π_new(a|s) − log π_old(a|s)),
 *   L = mean_b max(−A_b r_b, −A_b clip(r_b, 1 − ε, 1 + ε)),
 * which is CleanRL's `pg_loss`. Advantages are used as given: normalising them (CleanRL's
 * `norm_adv`) is the caller's choice.
 */
import * as tf from '@tensorflow/tfjs';
import { RlInputError } from '../errors.js';
import { checkVectors, maskedMean } from './masked-mean.js';

export interface ClippedSurrogateInputs {
  /** log π_new of the taken actions [B] (depends on the trainable parameters). */
  readonly logProbs: tf.Tensor1D;
  /** log π_old of the same actions, recorded at collection [B]. */
  readonly oldLogProbs: tf.Tensor1D;
  readonly advantages: tf.Tensor1D;
  /** ε, the clip range of the probability ratio (CleanRL `clip_coef`, 0.1 for Atari). */
  readonly clip: number;
  /** 1 for samples that count, 0 for those that do not (see masked-mean.ts). */
  readonly mask?: tf.Tensor1D;
}

export function clippedSurrogateLoss(inputs: ClippedSurrogateInputs): tf.Scalar {
  const { logProbs, oldLogProbs, advantages, clip, mask } = inputs;
  checkVectors('clippedSurrogateLoss', { logProbs, oldLogProbs, advantages, mask });
  if (!(clip > 0 && clip < 1)) throw new RlInputError(`clippedSurrogateLoss: clip must be in (0, 1), got ${clip}`);
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProbs, oldLogProbs));
    const unclipped = tf.mul(tf.neg(advantages), ratio);
    const clipped = tf.mul(tf.neg(advantages), tf.clipByValue(ratio, 1 - clip, 1 + clip));
    return maskedMean(tf.maximum(unclipped, clipped) as tf.Tensor1D, mask);
  });
}
