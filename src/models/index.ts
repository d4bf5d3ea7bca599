/**
 * src/models: policy networks whose layers know their derivatives (forward, jvp, vjp as ordinary
 * tfjs ops), so losses built from input-derivatives have exact parameter gradients under
 * first-order autodiff. Architectures are serialisable specs; weights move in and out in PyTorch
 * layout under canonical names.
 */
export { type BuildOptions, buildModel, getWeights, type NamedWeights, parameterShapes, setWeights } from './build.js';
export { ArchitectureError, ModelShapeError, WeightsMismatchError } from './errors.js';
export { ACTIVATIONS, Activation, type ActivationName } from './layers/activations.js';
export { Conv2D, type Conv2DOptions } from './layers/conv2d.js';
export { Dense } from './layers/dense.js';
export { Flatten } from './layers/flatten.js';
export { GRUCell, type GruTrace } from './layers/gru-cell.js';
export type { Layer } from './layers/layer.js';
export { LogSoftmax } from './layers/log-softmax.js';
export { MaxPool2D } from './layers/max-pool.js';
export { Residual } from './layers/residual.js';
export { Sequential } from './layers/sequential.js';
export { FeedForwardPolicy, type InputLayout, type PolicyModel, type PolicyOutput, RecurrentPolicy } from './model.js';
export {
  fromTorchLayout,
  mulberry32,
  type Parameter,
  type ParameterInit,
  type ParamLayout,
  pytorchDefaultInit,
  readTorch,
  type TorchTensor,
  toTorchLayout,
} from './params.js';
export {
  type ArchitectureKind,
  type ArchitectureSpec,
  ATARI_STACK_INPUT,
  BABY_A3C_INPUT,
  babyA3c,
  COMPACT_CNN_CONVS,
  COMPACT_CNN_HIDDEN,
  type ConvActorCriticSpec,
  type ConvGruActorCriticSpec,
  type ConvLayerSpec,
  compactCnn,
  type ImpalaCnnSpec,
  type InputShape,
  impalaCnn,
  natureCnn,
  PROCGEN_INPUT,
  studentCnn,
  validateSpec,
} from './spec.js';
