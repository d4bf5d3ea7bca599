/** Mean entropy of categorical policies, H = −Σ_a π(a) log π(a), from log-probabilities [B, A]. */
import * as tf from '@tensorflow/tfjs';
import { RlInputError } from '../errors.js';
import { maskedMean } from './masked-mean.js';

export function policyEntropy(logProbs: tf.Tensor2D, mask?: tf.Tensor1D): tf.Scalar {
  if (logProbs.rank !== 2)
    throw new RlInputError(`policyEntropy: log-probabilities must be [B, A], got [${logProbs.shape}]`);
  if (mask && (mask.rank !== 1 || mask.shape[0] !== logProbs.shape[0])) {
    throw new RlInputError(`policyEntropy: mask must be [${logProbs.shape[0]}], got [${mask.shape}]`);
  }
  return tf.tidy(() => maskedMean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1)) as tf.Tensor1D, mask));
}
