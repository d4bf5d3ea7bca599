/**
 * One optimisation step as PyTorch training loops take it: gradients of a scalar loss, clipped by
 * their global L2 norm (torch.nn.utils.clip_grad_norm_), then applied by the optimiser. tfjs has no
 * gradient clipping in `minimize`, hence this.
 */
import * as tf from '@tensorflow/tfjs';

/** PyTorch clip_grad_norm_ adds this to the norm before dividing. */
const CLIP_EPSILON = 1e-6;

export interface StepResult {
  readonly loss: number;
  /** The global gradient norm before clipping. */
  readonly gradNorm: number;
}

/**
 * Minimises `loss` over `vars` by one step of `optimizer`, with the gradient scaled down to global
 * norm `maxGradNorm` when it is larger (no clipping when undefined). `loss` runs inside the tape:
 * tensors it wants to return besides the scalar must be `tf.keep`-ed by it and disposed by the caller.
 */
export function clippedStep(
  optimizer: tf.Optimizer,
  vars: readonly tf.Variable[],
  loss: () => tf.Scalar,
  maxGradNorm?: number,
): StepResult {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, [...vars]);
    const names = Object.keys(grads);
    const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))));
    const gradNorm = norm.dataSync()[0]!;
    let applied: tf.NamedTensorMap = grads;
    if (maxGradNorm !== undefined && gradNorm > maxGradNorm) {
      const scale = maxGradNorm / (gradNorm + CLIP_EPSILON);
      applied = Object.fromEntries(names.map((n) => [n, tf.mul(grads[n]!, scale)]));
    }
    optimizer.applyGradients(applied);
    return { loss: value.dataSync()[0]!, gradNorm };
  });
}

/** Sets an optimiser's learning rate (tfjs reads it on every step; its field is not in the public type). */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
