/**
 * Model parameters. Each is a tf.Variable in our internal layout plus the PyTorch name and shape it
 * corresponds to, so weights come in from and go out to PyTorch state_dicts (and fixtures' grad_*
 * tensors compare) without anyone re-deriving layouts.
 *
 * Layouts: conv weights are PyTorch [out, in, kh, kw] and ours [kh, kw, in, out] (tfjs HWIO);
 * linear weights are PyTorch [out, in] and ours [in, out]; vectors are the same in both.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelShapeError } from './errors.js';

export type ParamLayout = 'conv' | 'linear' | 'vector';

/** How to go from PyTorch's layout to ours (and back, with the inverse permutation). */
const TO_INTERNAL_PERM: Readonly<Record<ParamLayout, readonly number[] | undefined>> = {
  conv: [2, 3, 1, 0],
  linear: [1, 0],
  vector: undefined,
};
const TO_TORCH_PERM: Readonly<Record<ParamLayout, readonly number[] | undefined>> = {
  conv: [3, 2, 0, 1],
  linear: [1, 0],
  vector: undefined,
};

/** A weight array in PyTorch layout (row-major, float32). */
export interface TorchTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** One parameter of a model. */
export interface Parameter {
  /** Canonical name, PyTorch-style (`conv0.weight`); importers map each source's names onto these. */
  readonly name: string;
  /** Shape in PyTorch layout. */
  readonly torchShape: readonly number[];
  readonly layout: ParamLayout;
  /** The value, in our internal layout. */
  readonly variable: tf.Variable;
}

export const shapeSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function internalShape(layout: ParamLayout, torchShape: readonly number[]): number[] {
  const perm = TO_INTERNAL_PERM[layout];
  return perm ? perm.map((axis) => torchShape[axis]!) : [...torchShape];
}

/** Converts a PyTorch-layout tensor to ours (a new tensor; the caller owns it). */
export function fromTorchLayout(layout: ParamLayout, value: tf.Tensor): tf.Tensor {
  const perm = TO_INTERNAL_PERM[layout];
  return perm ? tf.transpose(value, [...perm]) : tf.clone(value);
}

/** Converts one of our tensors (a parameter value or its gradient) to PyTorch layout. */
export function toTorchLayout(layout: ParamLayout, value: tf.Tensor): tf.Tensor {
  const perm = TO_TORCH_PERM[layout];
  return perm ? tf.transpose(value, [...perm]) : tf.clone(value);
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Produces a parameter's initial value in PyTorch layout. */
export type ParameterInit = (name: string, torchShape: readonly number[], fanIn: number) => Float32Array;

/** Seeded uniform floats in [0, 1) (mulberry32: 32-bit state, full period, fast). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * PyTorch's default initialisation for Conv2d, Linear and GRUCell, seeded: every value uniform in
 * ±1/sqrt(fan_in) (kaiming_uniform with a = sqrt(5) reduces to that bound; biases and GRU weights
 * use it directly). Deterministic for a seed and independent of the backend.
 */
export function pytorchDefaultInit(seed: number): ParameterInit {
  const next = mulberry32(seed);
  return (_name, torchShape, fanIn) => {
    const bound = 1 / Math.sqrt(Math.max(1, fanIn));
    const out = new Float32Array(shapeSize(torchShape));
    for (let i = 0; i < out.length; i++) out[i] = (2 * next() - 1) * bound;
    return out;
  };
}

/** Zero initial values, for models whose weights are about to be loaded. */
export const zeroInit: ParameterInit = (_name, torchShape) => new Float32Array(shapeSize(torchShape));

let nextModelId = 0;

/**
 * Creates parameters for one model. Variable names carry a per-model prefix because tfjs keeps one
 * process-wide variable registry and refuses duplicate names.
 */
export class ParameterFactory {
  readonly params: Parameter[] = [];
  private readonly prefix: string;

  constructor(
    readonly trainable: boolean,
    private readonly init: ParameterInit,
  ) {
    this.prefix = `sd${nextModelId++}/`;
  }

  /** `fanIn` is the layer's input size per output unit, which PyTorch's default init scales by. */
  create(name: string, layout: ParamLayout, torchShape: readonly number[], fanIn: number): Parameter {
    const torchValue = tf.tensor(this.init(name, torchShape, fanIn), [...torchShape], 'float32');
    const internal = fromTorchLayout(layout, torchValue);
    const variable = tf.variable(internal, this.trainable, `${this.prefix}${name}`);
    torchValue.dispose();
    internal.dispose();
    const p: Parameter = { name, torchShape: [...torchShape], layout, variable };
    this.params.push(p);
    return p;
  }
}

/** Assigns a PyTorch-layout value to a parameter after checking its shape. */
export function assignTorch(p: Parameter, value: TorchTensor): void {
  if (!sameShape(value.shape, p.torchShape)) {
    throw new ModelShapeError(
      `parameter ${p.name} has PyTorch shape [${p.torchShape}], the weights give [${value.shape}]`,
    );
  }
  if (value.data.length !== shapeSize(value.shape)) {
    throw new ModelShapeError(`weights for ${p.name}: ${value.data.length} values do not fill shape [${value.shape}]`);
  }
  tf.tidy(() => p.variable.assign(fromTorchLayout(p.layout, tf.tensor(value.data, [...value.shape], 'float32'))));
}

/** Reads a parameter back in PyTorch layout. */
export function readTorch(p: Parameter): TorchTensor {
  const t = tf.tidy(() => toTorchLayout(p.layout, p.variable));
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return { shape: [...p.torchShape], data: new Float32Array(data) };
}
