/**
 * The Sobolev term in JVP form: for input-space directions u, match the directional derivatives
 * j(x) = d log π(x + εu)/dε of teacher and student,
 *   L = mean_b ‖j_T(x_b) − j_S(x_b)‖²   (squared L2 over actions).
 * The teacher's derivatives are targets (Teacher.directionalDerivatives); the student's come from
 * its JVP, built from ordinary ops, so tf.variableGrads of L is exact. One forward-mode pass per
 * direction: much cheaper than the VJP form for the same number of directions.
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../models/model.js';
import { LossInputError } from './errors.js';

/** mean_b ‖j_T − j_S‖² from the two directional derivatives [B, A]. */
export function sobolevJvpPenalty(teacherTangent: tf.Tensor2D, studentTangent: tf.Tensor2D): tf.Scalar {
  if (!tf.util.arraysEqual(teacherTangent.shape, studentTangent.shape) || teacherTangent.rank !== 2) {
    throw new LossInputError(
      `teacher [${teacherTangent.shape}] and student [${studentTangent.shape}] directional derivatives must both be [B, A]`,
    );
  }
  return tf.tidy(() => tf.mean(tf.sum(tf.squaredDifference(teacherTangent, studentTangent), 1)) as tf.Scalar);
}

export function sobolevJvpLoss(
  student: PolicyModel,
  x: tf.Tensor4D,
  u: tf.Tensor4D,
  teacherTangent: tf.Tensor2D,
  state?: tf.Tensor2D,
): tf.Scalar {
  if (
    teacherTangent.rank !== 2 ||
    teacherTangent.shape[0] !== x.shape[0] ||
    teacherTangent.shape[1] !== student.numActions
  ) {
    throw new LossInputError(
      `teacher directional derivatives must be [${x.shape[0]}, ${student.numActions}], got [${teacherTangent.shape}]`,
    );
  }
  return tf.tidy(() => sobolevJvpPenalty(teacherTangent, student.jvp(x, u, state).tangent));
}
