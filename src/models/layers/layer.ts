/**
 * A layer that knows its derivatives. All three passes are ordinary tfjs ops, so a loss built from
 * any of them (a KL on `forward`, a Sobolev term on `jvp` or `vjp`) has exact parameter gradients
 * under first-order autodiff (`tf.variableGrads`). We never nest `tf.grad`: tfjs's higher-order
 * gradients are wrong.
 *
 * Tensors carry the batch as their first axis; images are NHWC (tfjs's layout).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../params.js';

export interface Layer {
  /** What kind of layer this is (`conv2d`, `dense`, `relu`, …), for messages and summaries. */
  readonly kind: string;
  readonly params: readonly Parameter[];
  /** Per-sample output shape for a per-sample input shape; throws ModelShapeError when they do not fit. */
  outputShape(inputShape: readonly number[]): number[];
  /** y = f(x). */
  forward(x: tf.Tensor): tf.Tensor;
  /** y = f(x) and its tangent dy = f'(x)·dx. */
  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor };
  /** The cotangent f'(x)ᵀ·dy, given x and the y = forward(x) computed from it. */
  vjp(x: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor;
}
