/** Builds a PolicyModel from an ArchitectureSpec, and moves weights in and out in PyTorch layout. */
import { ArchitectureError, ModelShapeError, WeightsMismatchError } from './errors.js';
import { Activation, type ActivationName } from './layers/activations.js';
import { Conv2D } from './layers/conv2d.js';
import { Dense } from './layers/dense.js';
import { Flatten } from './layers/flatten.js';
import { GRUCell } from './layers/gru-cell.js';
import type { Layer } from './layers/layer.js';
import { MaxPool2D } from './layers/max-pool.js';
import { Residual } from './layers/residual.js';
import { Sequential } from './layers/sequential.js';
import { FeedForwardPolicy, type PolicyModel, RecurrentPolicy } from './model.js';
import {
  assignTorch,
  type ParameterFactory as Factory,
  ParameterFactory,
  pytorchDefaultInit,
  readTorch,
  type TorchTensor,
  zeroInit,
} from './params.js';
import {
  type ArchitectureSpec,
  type ConvActorCriticSpec,
  type ConvGruActorCriticSpec,
  type ConvLayerSpec,
  type ImpalaCnnSpec,
  type InputShape,
  validateSpec,
} from './spec.js';

/** Weights by canonical parameter name, in PyTorch layout. */
export type NamedWeights = ReadonlyMap<string, TorchTensor>;

export interface BuildOptions {
  /** Initial weights (all parameters); without them, PyTorch's default init from `seed`. */
  weights?: NamedWeights;
  /** Seed of the default initialisation (default 0). */
  seed?: number;
  /** Whether tf.variableGrads sees the parameters (default true; teachers are built with false). */
  trainable?: boolean;
}

/** IMPALA's pooling: window 3, stride 2, padding 1 (CleanRL ConvSequence). */
const IMPALA_POOL = { window: 3, stride: 2, padding: 1 } as const;
/** IMPALA's convs: 3x3, padding 1. */
const IMPALA_KERNEL = 3;
const IMPALA_PADDING = 1;
const IMPALA_RESIDUAL_BLOCKS = 2;

/** NHWC per-sample shape of a CHW input. */
const nhwc = (input: InputShape): number[] => [input[1], input[2], input[0]];

/** Convs each followed by the activation; ReLU is fused into the conv. */
function convStack(
  factory: Factory,
  convs: readonly ConvLayerSpec[],
  inChannels: number,
  activation: ActivationName,
): Layer[] {
  const layers: Layer[] = [];
  let channels = inChannels;
  convs.forEach((c, i) => {
    const fuse = activation === 'relu';
    layers.push(
      new Conv2D(factory, `conv${i}`, {
        inChannels: channels,
        outChannels: c.channels,
        kernel: c.kernel,
        stride: c.stride,
        padding: c.padding ?? 0,
        relu: fuse,
      }),
    );
    if (!fuse) layers.push(new Activation(activation));
    channels = c.channels;
  });
  return layers;
}

/** A dense layer followed by the activation; ReLU is fused into the layer. */
function denseWith(
  factory: Factory,
  name: string,
  inFeatures: number,
  outFeatures: number,
  activation: ActivationName,
): Layer[] {
  const fuse = activation === 'relu';
  const dense = new Dense(factory, name, inFeatures, outFeatures, true, fuse);
  return fuse ? [dense] : [dense, new Activation(activation)];
}

function flatSize(layers: readonly Layer[], input: InputShape): number {
  try {
    const shape = new Sequential(layers).outputShape(nhwc(input));
    return shape.reduce((a, b) => a * b, 1);
  } catch (e) {
    if (e instanceof ModelShapeError)
      throw new ArchitectureError(`input [${input}] does not fit the architecture: ${e.message}`);
    throw e;
  }
}

function heads(
  factory: Factory,
  features: number,
  spec: ArchitectureSpec,
): { policy: Dense; value: Dense | undefined } {
  const policy = new Dense(factory, 'policy', features, spec.numActions);
  const value = spec.value ? new Dense(factory, 'value', features, 1) : undefined;
  return { policy, value };
}

function buildConvActorCritic(spec: ConvActorCriticSpec, factory: Factory): PolicyModel {
  const layers = convStack(factory, spec.convs, spec.input[0], spec.activation);
  layers.push(new Flatten());
  let features = flatSize(layers, spec.input);
  spec.hidden.forEach((size, i) => {
    layers.push(...denseWith(factory, `fc${i}`, features, size, spec.activation));
    features = size;
  });
  const { policy, value } = heads(factory, features, spec);
  return new FeedForwardPolicy(spec, factory.params, new Sequential(layers), policy, value);
}

function buildConvGru(spec: ConvGruActorCriticSpec, factory: Factory): PolicyModel {
  const layers = convStack(factory, spec.convs, spec.input[0], spec.activation);
  layers.push(new Flatten());
  const features = flatSize(layers, spec.input);
  const gru = new GRUCell(factory, 'gru', features, spec.gruSize);
  const { policy, value } = heads(factory, spec.gruSize, spec);
  return new RecurrentPolicy(spec, factory.params, new Sequential(layers), gru, policy, value);
}

function buildImpala(spec: ImpalaCnnSpec, factory: Factory): PolicyModel {
  const layers: Layer[] = [];
  let channels = spec.input[0];
  spec.channels.forEach((out, i) => {
    const conv = (name: string, cin: number, relu = false) =>
      new Conv2D(factory, name, {
        inChannels: cin,
        outChannels: out,
        kernel: IMPALA_KERNEL,
        padding: IMPALA_PADDING,
        relu,
      });
    layers.push(
      conv(`stack${i}.conv`, channels),
      new MaxPool2D(IMPALA_POOL.window, IMPALA_POOL.stride, IMPALA_POOL.padding),
    );
    for (let j = 0; j < IMPALA_RESIDUAL_BLOCKS; j++) {
      layers.push(
        new Residual(
          new Sequential([
            new Activation('relu'),
            conv(`stack${i}.res${j}.conv0`, out, true),
            conv(`stack${i}.res${j}.conv1`, out),
          ]),
        ),
      );
    }
    channels = out;
  });
  layers.push(new Flatten(), new Activation('relu'));
  const features = flatSize(layers, spec.input);
  layers.push(...denseWith(factory, 'fc', features, spec.hidden, 'relu'));
  const { policy, value } = heads(factory, spec.hidden, spec);
  return new FeedForwardPolicy(spec, factory.params, new Sequential(layers), policy, value);
}

/** Builds the network a spec describes. */
export function buildModel(spec: ArchitectureSpec, options: BuildOptions = {}): PolicyModel {
  validateSpec(spec);
  const factory = new ParameterFactory(
    options.trainable ?? true,
    options.weights ? zeroInit : pytorchDefaultInit(options.seed ?? 0),
  );
  let model: PolicyModel;
  switch (spec.kind) {
    case 'conv-actor-critic':
      model = buildConvActorCritic(spec, factory);
      break;
    case 'conv-gru-actor-critic':
      model = buildConvGru(spec, factory);
      break;
    case 'impala-cnn':
      model = buildImpala(spec, factory);
      break;
  }
  if (options.weights) {
    try {
      setWeights(model, options.weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  return model;
}

/** Canonical names and PyTorch shapes of a spec's parameters (builds and frees a throwaway model). */
export function parameterShapes(spec: ArchitectureSpec): Map<string, readonly number[]> {
  const model = buildModel(spec, { weights: undefined, trainable: false });
  const shapes = new Map(model.params.map((p) => [p.name, p.torchShape] as const));
  model.dispose();
  return shapes;
}

/**
 * Loads weights (canonical names, PyTorch layout) into every parameter. Throws
 * WeightsMismatchError naming missing and unexpected names, ModelShapeError for a wrong shape.
 */
export function setWeights(model: PolicyModel, weights: NamedWeights): void {
  const names = new Set(model.params.map((p) => p.name));
  const missing = [...names].filter((n) => !weights.has(n));
  const unexpected = [...weights.keys()].filter((n) => !names.has(n));
  if (missing.length > 0 || unexpected.length > 0) {
    throw new WeightsMismatchError(
      `weights do not match the ${model.spec.kind} parameters:` +
        (missing.length ? ` missing ${missing.join(', ')};` : '') +
        (unexpected.length ? ` unexpected ${unexpected.join(', ')};` : '') +
        ' check the architecture and the name mapping',
    );
  }
  for (const p of model.params) assignTorch(p, weights.get(p.name)!);
}

/** All weights by canonical name, in PyTorch layout. */
export function getWeights(model: PolicyModel): Map<string, TorchTensor> {
  return new Map(model.params.map((p) => [p.name, readTorch(p)] as const));
}
