import * as tf from '@tensorflow/tfjs';
import { ModelShapeError } from '../errors.js';
import type { Layer } from './layer.js';

/** NHWC to NCHW, and back. */
const TO_CHANNELS_FIRST = [0, 3, 1, 2];
const TO_CHANNELS_LAST = [0, 2, 3, 1];

/**
 * Flattens NHWC feature maps in PyTorch's C, H, W order, so the dense layer after it takes
 * PyTorch's weights unchanged.
 */
export class Flatten implements Layer {
  readonly kind = 'flatten';
  readonly params = [];

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3) throw new ModelShapeError(`flatten expects [H, W, C] per sample, got [${inputShape}]`);
    return [inputShape.reduce((a, b) => a * b, 1)];
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.reshape(tf.transpose(x, TO_CHANNELS_FIRST), [x.shape[0]!, -1]);
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    return { y: this.forward(x), dy: this.forward(dx) };
  }

  vjp(x: tf.Tensor, _y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    return tf.transpose(tf.reshape(dy, [n, c, h, w]), TO_CHANNELS_LAST);
  }
}
