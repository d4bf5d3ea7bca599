import * as tf from '@tensorflow/tfjs';
import { ArchitectureError, ModelShapeError } from '../errors.js';
import type { Parameter, ParameterFactory } from '../params.js';
import type { Layer } from './layer.js';

export interface Conv2DOptions {
  inChannels: number;
  outChannels: number;
  kernel: number | readonly [number, number];
  stride?: number | readonly [number, number];
  /** Zero padding on each side, PyTorch's `padding` (symmetric). */
  padding?: number | readonly [number, number];
  bias?: boolean;
  /**
   * A ReLU fused into the layer (y = relu(conv(x) + b)): one pass instead of two in the forward
   * pass, and the mask comes from y (relu(x) > 0 exactly where x > 0).
   */
  relu?: boolean;
}

type Conv2DPad = 'valid' | [[number, number], [number, number], [number, number], [number, number]];

const pair = (v: number | readonly [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : [v[0], v[1]];

/**
 * Conv2d with PyTorch semantics (cross-correlation, symmetric zero padding, floor output size).
 * Weights are HWIO internally; `weight` maps to PyTorch's [out, in, kh, kw].
 */
export class Conv2D implements Layer {
  readonly kind = 'conv2d';
  readonly params: Parameter[];
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly relu: boolean;
  private readonly pad: Conv2DPad;

  constructor(
    factory: ParameterFactory,
    readonly name: string,
    readonly options: Conv2DOptions,
  ) {
    this.kernel = pair(options.kernel);
    this.stride = pair(options.stride ?? 1);
    this.padding = pair(options.padding ?? 0);
    this.relu = options.relu ?? false;
    const all = [options.inChannels, options.outChannels, ...this.kernel, ...this.stride];
    if (!all.every((v) => Number.isInteger(v) && v > 0) || !this.padding.every((p) => Number.isInteger(p) && p >= 0)) {
      throw new ArchitectureError(
        `conv ${name}: sizes must be positive integers and padding >= 0, got ${JSON.stringify(options)}`,
      );
    }
    const [ph, pw] = this.padding;
    // Explicit padding: tfjs sizes a numeric pad from the filter height and row stride only.
    this.pad =
      ph === 0 && pw === 0
        ? 'valid'
        : [
            [0, 0],
            [ph, ph],
            [pw, pw],
            [0, 0],
          ];
    const fanIn = options.inChannels * this.kernel[0] * this.kernel[1];
    this.weight = factory.create(
      `${name}.weight`,
      'conv',
      [options.outChannels, options.inChannels, ...this.kernel],
      fanIn,
    );
    this.bias =
      options.bias === false ? undefined : factory.create(`${name}.bias`, 'vector', [options.outChannels], fanIn);
    this.params = this.bias ? [this.weight, this.bias] : [this.weight];
  }

  outputShape(inputShape: readonly number[]): number[] {
    const [h, w, c] = inputShape;
    if (inputShape.length !== 3 || c !== this.options.inChannels) {
      throw new ModelShapeError(
        `conv ${this.name} expects [H, W, ${this.options.inChannels}] per sample, got [${inputShape}]`,
      );
    }
    const out = (size: number, i: 0 | 1) =>
      Math.floor((size + 2 * this.padding[i] - this.kernel[i]) / this.stride[i]) + 1;
    const oh = out(h!, 0);
    const ow = out(w!, 1);
    if (oh < 1 || ow < 1)
      throw new ModelShapeError(`conv ${this.name}: input [${inputShape}] is smaller than its kernel`);
    return [oh, ow, this.options.outChannels];
  }

  private conv(x: tf.Tensor): tf.Tensor4D {
    return tf.conv2d(x as tf.Tensor4D, this.weight.variable as tf.Tensor4D, this.stride, this.pad);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: this.weight.variable as tf.Tensor4D,
      strides: this.stride,
      pad: this.pad,
      ...(this.bias ? { bias: this.bias.variable } : {}),
      activation: this.relu ? 'relu' : 'linear',
    });
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    const y = this.forward(x);
    const dz = this.conv(dx);
    return { y, dy: this.relu ? tf.mul(dz, tf.step(y)) : dz };
  }

  vjp(x: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    return tf.conv2dTranspose(
      (this.relu ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor4D,
      this.weight.variable as tf.Tensor4D,
      x.shape as [number, number, number, number],
      this.stride,
      this.pad,
    );
  }
}
