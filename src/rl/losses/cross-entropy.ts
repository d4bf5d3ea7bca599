/**
 * Behaviour cloning's loss: the mean negative log-likelihood of the expert's actions,
 * −mean_b log π(a*_b | x_b), from the policy's logits [B, A] and the expert's action indices [B].
 */
import * as tf from '@tensorflow/tfjs';
import { RlInputError } from '../errors.js';
import { actionLogProbs } from './action-log-probs.js';
import { maskedMean } from './masked-mean.js';

export function crossEntropyLoss(logits: tf.Tensor2D, targets: tf.Tensor1D, mask?: tf.Tensor1D): tf.Scalar {
  if (logits.rank !== 2 || targets.rank !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new RlInputError(
      `crossEntropyLoss: logits [B, A] and targets [B], got [${logits.shape}] and [${targets.shape}]`,
    );
  }
  return tf.tidy(() => tf.neg(maskedMean(actionLogProbs(tf.logSoftmax(logits), targets), mask)));
}
