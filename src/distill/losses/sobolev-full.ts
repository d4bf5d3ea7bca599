/**
 * The full Sobolev term: match the whole Jacobian of log π with respect to the input,
 *   L = mean_b ‖J_T(x_b) − J_S(x_b)‖²_F,   J [A, C, H, W] per sample.
 * The student's Jacobian is A VJPs with one-hot cotangents in one batch, so this costs A times the
 * VJP form: meant for small action sets. Teacher Jacobians come from Teacher.jacobian.
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../models/model.js';
import { LossInputError } from './errors.js';

export function sobolevFullLoss(
  student: PolicyModel,
  x: tf.Tensor4D,
  teacherJacobian: tf.Tensor,
  state?: tf.Tensor2D,
): tf.Scalar {
  const [b, c, h, w] = x.shape;
  const a = student.numActions;
  if (!tf.util.arraysEqual(teacherJacobian.shape, [b, a, c, h, w])) {
    throw new LossInputError(`teacher Jacobian must be [${[b, a, c, h, w]}], got [${teacherJacobian.shape}]`);
  }
  return tf.tidy(() => {
    // Row b * A + i carries sample b with cotangent e_i.
    const xs = tf.reshape(tf.tile(tf.expandDims(x, 1), [1, a, 1, 1, 1]), [b * a, c, h, w]) as tf.Tensor4D;
    const v = tf.tile(tf.eye(a), [b, 1]) as tf.Tensor2D;
    const s = state ? (tf.reshape(tf.tile(tf.expandDims(state, 1), [1, a, 1]), [b * a, -1]) as tf.Tensor2D) : undefined;
    const studentJacobian = tf.reshape(student.vjp(xs, v, s).inputGradient, [b, -1]);
    return tf.mean(tf.sum(tf.squaredDifference(tf.reshape(teacherJacobian, [b, -1]), studentJacobian), 1)) as tf.Scalar;
  });
}
