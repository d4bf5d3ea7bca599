import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../params.js';
import type { Layer } from './layer.js';
import type { Sequential } from './sequential.js';

/** y = x + inner(x): the IMPALA residual block (inner = relu, conv, relu, conv). */
export class Residual implements Layer {
  readonly kind = 'residual';
  readonly params: Parameter[];

  constructor(readonly inner: Sequential) {
    this.params = inner.params;
  }

  outputShape(inputShape: readonly number[]): number[] {
    return this.inner.outputShape(inputShape);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.add(x, this.inner.forward(x));
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    const { y, dy } = this.inner.jvp(x, dx);
    return { y: tf.add(x, y), dy: tf.add(dx, dy) };
  }

  vjp(x: tf.Tensor, _y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    return tf.add(dy, this.inner.vjp(x, _y, dy));
  }
}
