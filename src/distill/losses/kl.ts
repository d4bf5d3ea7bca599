/**
 * KL divergence between the teacher's and the student's policies, from logits, averaged over the
 * batch: forward KL(π_T‖π_S) = mean_b Σ_a π_T (log π_T − log π_S) (the usual distillation loss), or
 * reverse KL(π_S‖π_T). `temperature` softens (τ > 1) or sharpens (τ < 1) the teacher only,
 * π_T = softmax(z_T / τ), as in policy distillation (Rusu et al. 2016); the student is untempered.
 * Gradients flow into whichever logits depend on trainable variables (normally the student's).
 * Log-probabilities work as logits (softmax(log π) = π), e.g. the `logProbs` of a model's vjp.
 */
import * as tf from '@tensorflow/tfjs';
import { LossInputError } from './errors.js';

export type KlDirection = 'forward' | 'reverse';

export interface KlOptions {
  /** `forward`: KL(teacher‖student) (default); `reverse`: KL(student‖teacher). */
  direction?: KlDirection;
  /** Teacher temperature τ > 0 (default 1). */
  temperature?: number;
}

export function klLoss(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, options: KlOptions = {}): tf.Scalar {
  const direction = options.direction ?? 'forward';
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0)) throw new LossInputError(`temperature must be > 0, got ${temperature}`);
  if (!tf.util.arraysEqual(teacherLogits.shape, studentLogits.shape) || teacherLogits.rank !== 2) {
    throw new LossInputError(
      `teacher and student logits must both be [B, A], got [${teacherLogits.shape}] and [${studentLogits.shape}]`,
    );
  }
  return tf.tidy(() => {
    const logT = tf.logSoftmax(temperature === 1 ? teacherLogits : tf.div(teacherLogits, temperature));
    const logS = tf.logSoftmax(studentLogits);
    const [logP, logQ] = direction === 'forward' ? [logT, logS] : [logS, logT];
    return tf.mean(tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), 1)) as tf.Scalar;
  });
}
