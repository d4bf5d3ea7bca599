import * as tf from '@tensorflow/tfjs';
import type { Layer } from './layer.js';

export type ActivationName = 'relu' | 'elu' | 'tanh';

interface ActivationDef {
  forward(x: tf.Tensor): tf.Tensor;
  /**
   * f'(x) from x and y = f(x), written with ops whose own gradients are right, so the derivative's
   * dependence on the parameters (through x or y) is exact under first-order autodiff.
   */
  derivative(x: tf.Tensor, y: tf.Tensor): tf.Tensor;
}

/** ELU's alpha as PyTorch's F.elu and nn.ELU default it. */
const ELU_ALPHA = 1;

export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationDef>> = {
  // relu'(0) = 0, as in PyTorch; step(y) = step(x) since y > 0 exactly where x > 0, and step has a
  // zero gradient, matching relu'' = 0 almost everywhere.
  relu: { forward: (x) => tf.relu(x), derivative: (_x, y) => tf.step(y) },
  // For x <= 0, y = exp(x) - 1 so f'(x) = y + 1 = min(y, 0) + 1; for x > 0, y > 0 and f'(x) = 1.
  // Through y it carries elu''(x) = exp(x) (x < 0) into parameter gradients.
  elu: { forward: (x) => tf.elu(x), derivative: (_x, y) => tf.add(tf.minimum(y, 0), ELU_ALPHA) },
  tanh: { forward: (x) => tf.tanh(x), derivative: (_x, y) => tf.sub(1, tf.square(y)) },
};

/** An elementwise activation layer. */
export class Activation implements Layer {
  readonly params = [];
  private readonly def: ActivationDef;

  constructor(readonly kind: ActivationName) {
    this.def = ACTIVATIONS[kind];
  }

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.def.forward(x);
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    const y = this.def.forward(x);
    return { y, dy: tf.mul(dx, this.def.derivative(x, y)) };
  }

  vjp(x: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    return tf.mul(dy, this.def.derivative(x, y));
  }
}
