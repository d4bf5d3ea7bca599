import * as tf from '@tensorflow/tfjs';
import { ArchitectureError, ModelShapeError } from '../errors.js';
import type { Parameter, ParameterFactory } from '../params.js';
import type { Layer } from './layer.js';

/** Linear layer, y = x Wᵀ + b in PyTorch's terms; `weight` is [in, out] internally, [out, in] in PyTorch. */
export class Dense implements Layer {
  readonly kind = 'dense';
  readonly params: Parameter[];
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;

  constructor(
    factory: ParameterFactory,
    readonly name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    bias = true,
    /** A ReLU fused into the layer, as in Conv2D. */
    readonly relu = false,
  ) {
    if (![inFeatures, outFeatures].every((v) => Number.isInteger(v) && v > 0)) {
      throw new ArchitectureError(
        `dense ${name}: sizes must be positive integers, got ${inFeatures} -> ${outFeatures}`,
      );
    }
    this.weight = factory.create(`${name}.weight`, 'linear', [outFeatures, inFeatures], inFeatures);
    this.bias = bias ? factory.create(`${name}.bias`, 'vector', [outFeatures], inFeatures) : undefined;
    this.params = this.bias ? [this.weight, this.bias] : [this.weight];
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1 || inputShape[0] !== this.inFeatures) {
      throw new ModelShapeError(`dense ${this.name} expects [${this.inFeatures}] per sample, got [${inputShape}]`);
    }
    return [this.outFeatures];
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.fused.matMul({
      a: x as tf.Tensor2D,
      b: this.weight.variable as tf.Tensor2D,
      ...(this.bias ? { bias: this.bias.variable } : {}),
      activation: this.relu ? 'relu' : 'linear',
    });
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    const y = this.forward(x);
    const dz = tf.matMul(dx as tf.Tensor2D, this.weight.variable as tf.Tensor2D);
    return { y, dy: this.relu ? tf.mul(dz, tf.step(y)) : dz };
  }

  vjp(_x: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    const dz = this.relu ? tf.mul(dy, tf.step(y)) : dy;
    return tf.matMul(dz as tf.Tensor2D, this.weight.variable as tf.Tensor2D, false, true);
  }
}
