/** log π(a_b | x_b) for the action each sample took, from a [B, A] batch of log-probabilities. */
import * as tf from '@tensorflow/tfjs';
import { RlInputError } from '../errors.js';

export function actionLogProbs(logProbs: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  if (logProbs.rank !== 2 || actions.rank !== 1 || actions.shape[0] !== logProbs.shape[0]) {
    throw new RlInputError(
      `actionLogProbs: log-probabilities [B, A] and actions [B], got [${logProbs.shape}] and [${actions.shape}]`,
    );
  }
  if (actions.dtype !== 'int32') throw new RlInputError(`actionLogProbs: actions must be int32, got ${actions.dtype}`);
  return tf.tidy(() => tf.sum(tf.mul(logProbs, tf.oneHot(actions, logProbs.shape[1])), 1) as tf.Tensor1D);
}
