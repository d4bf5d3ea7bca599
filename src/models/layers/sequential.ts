import type * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../params.js';
import type { Layer } from './layer.js';

/** Layers applied in order. Its vjp replays the forward pass to get each layer's input and output. */
export class Sequential implements Layer {
  readonly kind = 'sequential';
  readonly params: Parameter[];

  constructor(readonly layers: readonly Layer[]) {
    this.params = layers.flatMap((l) => l.params);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return this.layers.reduce<number[]>((shape, l) => l.outputShape(shape), [...inputShape]);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.layers.reduce((h, l) => l.forward(h), x);
  }

  /** Every activation: [x, layer0(x), layer1(layer0(x)), …]; the last is the output. */
  trace(x: tf.Tensor): tf.Tensor[] {
    const acts = [x];
    for (const l of this.layers) acts.push(l.forward(acts[acts.length - 1]!));
    return acts;
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    let y = x;
    let dy = dx;
    for (const l of this.layers) ({ y, dy } = l.jvp(y, dy));
    return { y, dy };
  }

  /** The cotangent at the input, from a trace made by `trace(x)`. */
  vjpFromTrace(acts: readonly tf.Tensor[], dy: tf.Tensor): tf.Tensor {
    let g = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i]!.vjp(acts[i]!, acts[i + 1]!, g);
    return g;
  }

  vjp(x: tf.Tensor, _y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    return this.vjpFromTrace(this.trace(x), dy);
  }
}
