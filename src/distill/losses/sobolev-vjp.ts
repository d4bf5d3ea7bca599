/**
 * The stochastic Sobolev term in VJP form (Czarnecki et al. 2017, "Sobolev Training"): for action
 * space directions v, match the input gradients g(x) = ∂⟨log π(x), v⟩/∂x of teacher and student,
 *   L = mean_b ‖g_T(x_b) − g_S(x_b)‖²   (squared L2 over all input elements).
 * The teacher's gradients are targets (computed beforehand, e.g. Teacher.logitGradients); the
 * student's come from its own VJP, built from ordinary ops, so tf.variableGrads of L is exact.
 * For k directions per sample, repeat each row of x k times with k rows of v.
 *
 * A training step that also needs the student's log-probabilities (for the KL term) should call
 * `student.vjp` once and pass its `logProbs` to klLoss and its `inputGradient` to
 * sobolevVjpPenalty: one forward trace then serves both terms.
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../models/model.js';
import { LossInputError } from './errors.js';

/** mean_b ‖g_T − g_S‖² from the two input gradients ([B, …], any layout as long as both match). */
export function sobolevVjpPenalty(teacherInputGradient: tf.Tensor, studentInputGradient: tf.Tensor): tf.Scalar {
  if (!tf.util.arraysEqual(teacherInputGradient.shape, studentInputGradient.shape)) {
    throw new LossInputError(
      `teacher input gradients [${teacherInputGradient.shape}] and student input gradients [${studentInputGradient.shape}] differ in shape`,
    );
  }
  return tf.tidy(() => {
    const perSample = tf.sum(
      tf.reshape(tf.squaredDifference(teacherInputGradient, studentInputGradient), [
        teacherInputGradient.shape[0]!,
        -1,
      ]),
      1,
    );
    return tf.mean(perSample) as tf.Scalar;
  });
}

export function sobolevVjpLoss(
  student: PolicyModel,
  x: tf.Tensor4D,
  v: tf.Tensor2D,
  teacherInputGradient: tf.Tensor4D,
  state?: tf.Tensor2D,
): tf.Scalar {
  if (!tf.util.arraysEqual(teacherInputGradient.shape, x.shape)) {
    throw new LossInputError(
      `teacher input gradients [${teacherInputGradient.shape}] must have x's shape [${x.shape}]`,
    );
  }
  return tf.tidy(() => {
    const { inputGradient } = student.vjp(x, v, state);
    const perSample = tf.sum(
      tf.reshape(tf.squaredDifference(teacherInputGradient, inputGradient), [x.shape[0], -1]),
      1,
    );
    return tf.mean(perSample) as tf.Scalar;
  });
}
