/**
 * Gradient checks of loss terms with respect to their inputs: tf.grad against the five-point
 * central difference (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h, element by element. The losses
 * are float32, so h is large (1e-2) and the stencil's O(h⁴) error keeps the comparison near 1e-5.
 */
import * as tf from '@tensorflow/tfjs';

const STEP = 1e-2;

/** Worst |analytic − numeric| / max(1, ‖analytic‖∞) over the elements of `x0`. */
export function inputGradientError(loss: (x: tf.Tensor) => tf.Scalar, x0: tf.Tensor): number {
  const analytic = tf.tidy(() => tf.grad(loss)(x0).dataSync()) as Float32Array;
  const base = x0.dataSync() as Float32Array;
  const at = (i: number, h: number) =>
    tf.tidy(() => {
      const x = Float32Array.from(base);
      x[i]! += h;
      return loss(tf.tensor(x, x0.shape)).dataSync()[0]!;
    });
  let scale = 1;
  for (const g of analytic) scale = Math.max(scale, Math.abs(g));
  let worst = 0;
  for (let i = 0; i < base.length; i++) {
    const numeric = (-at(i, 2 * STEP) + 8 * at(i, STEP) - 8 * at(i, -STEP) + at(i, -2 * STEP)) / (12 * STEP);
    worst = Math.max(worst, Math.abs(numeric - analytic[i]!) / scale);
  }
  return worst;
}
