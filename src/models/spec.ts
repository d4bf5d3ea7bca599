/**
 * Architecture specs: plain, serialisable data (stored in teacher files and checkpoints) from which
 * `buildModel` makes a network. Builders below give the published architectures.
 */
import { ArchitectureError } from './errors.js';
import type { ActivationName } from './layers/activations.js';

/** One conv layer, PyTorch's Conv2d arguments. */
export interface ConvLayerSpec {
  readonly channels: number;
  readonly kernel: number;
  readonly stride: number;
  /** Symmetric zero padding (PyTorch `padding`), default 0. */
  readonly padding?: number;
}

/** Per-sample input shape, channels first as in PyTorch: [C, H, W]. */
export type InputShape = readonly [number, number, number];

/**
 * Feed-forward actor-critic: convs (each followed by the activation), flatten in C,H,W order,
 * dense layers (each followed by the activation), then a policy head and an optional value head.
 * Parameters: conv{i}.*, fc{i}.*, policy.*, value.*.
 */
export interface ConvActorCriticSpec {
  readonly kind: 'conv-actor-critic';
  readonly input: InputShape;
  readonly convs: readonly ConvLayerSpec[];
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly numActions: number;
  readonly value: boolean;
}

/**
 * Recurrent actor-critic in the style of baby-a3c: convs (each followed by the activation), flatten
 * in C,H,W order, a GRUCell, then policy and value heads on the new hidden state.
 * Parameters: conv{i}.*, gru.{weight,bias}_{ih,hh}, policy.*, value.*.
 */
export interface ConvGruActorCriticSpec {
  readonly kind: 'conv-gru-actor-critic';
  readonly input: InputShape;
  readonly convs: readonly ConvLayerSpec[];
  readonly activation: ActivationName;
  readonly gruSize: number;
  readonly numActions: number;
  readonly value: boolean;
}

/**
 * IMPALA CNN as in CleanRL's ppo_procgen: per stack, conv 3x3 (padding 1), max-pool 3/2 (padding 1),
 * two residual blocks (relu, conv, relu, conv, + input); then flatten, relu, dense, relu, heads.
 * Parameters: stack{i}.conv.*, stack{i}.res{j}.conv{k}.*, fc.*, policy.*, value.*.
 */
export interface ImpalaCnnSpec {
  readonly kind: 'impala-cnn';
  readonly input: InputShape;
  readonly channels: readonly number[];
  readonly hidden: number;
  readonly numActions: number;
  readonly value: boolean;
}

export type ArchitectureSpec = ConvActorCriticSpec | ConvGruActorCriticSpec | ImpalaCnnSpec;
export type ArchitectureKind = ArchitectureSpec['kind'];

/** The Nature DQN torso (Mnih et al. 2015) used by CleanRL's and SB3's Atari actor-critics. */
export const NATURE_CNN_CONVS: readonly ConvLayerSpec[] = [
  { channels: 32, kernel: 8, stride: 4 },
  { channels: 64, kernel: 4, stride: 2 },
  { channels: 64, kernel: 3, stride: 1 },
];
export const NATURE_CNN_HIDDEN = 512;
/** Atari frames after the SB3/CleanRL WarpFrame + FrameStack(4) pipeline. */
export const ATARI_STACK_INPUT: InputShape = [4, 84, 84];

/** What the fixed-shape builders take: the action count, and optionally the input and the value head. */
export interface FixedArchOptions {
  readonly numActions: number;
  readonly input?: InputShape;
  readonly value?: boolean;
}

/** A ReLU conv actor-critic of fixed layers on 4x84x84 unless `options.input` says otherwise. */
function reluConvActorCritic(
  convs: readonly ConvLayerSpec[],
  hidden: number,
  options: FixedArchOptions,
  value: boolean,
): ConvActorCriticSpec {
  return {
    kind: 'conv-actor-critic',
    input: options.input ?? ATARI_STACK_INPUT,
    convs,
    hidden: [hidden],
    activation: 'relu',
    numActions: options.numActions,
    value: options.value ?? value,
  };
}

export function natureCnn(options: FixedArchOptions): ConvActorCriticSpec {
  return reluConvActorCritic(NATURE_CNN_CONVS, NATURE_CNN_HIDDEN, options, true);
}

/** greydanus/baby-a3c: 4 x (conv 3x3, stride 2, padding 1, 32 channels, ELU) on one 80x80 frame, GRUCell(800, 256). */
export const BABY_A3C_INPUT: InputShape = [1, 80, 80];
export const BABY_A3C_CONVS: readonly ConvLayerSpec[] = Array.from({ length: 4 }, () => ({
  channels: 32,
  kernel: 3,
  stride: 2,
  padding: 1,
}));
export const BABY_A3C_MEMSIZE = 256;

export function babyA3c(options: { numActions: number }): ConvGruActorCriticSpec {
  return {
    kind: 'conv-gru-actor-critic',
    input: BABY_A3C_INPUT,
    convs: BABY_A3C_CONVS,
    activation: 'elu',
    gruSize: BABY_A3C_MEMSIZE,
    numActions: options.numActions,
    value: true,
  };
}

/** CleanRL ppo_procgen's IMPALA CNN: stacks of 16, 32, 32 channels and a 256-unit dense layer, on 64x64 RGB. */
export const IMPALA_CHANNELS: readonly number[] = [16, 32, 32];
export const IMPALA_HIDDEN = 256;
export const PROCGEN_INPUT: InputShape = [3, 64, 64];

export function impalaCnn(options: {
  numActions: number;
  input?: InputShape;
  channels?: readonly number[];
  hidden?: number;
  value?: boolean;
}): ImpalaCnnSpec {
  return {
    kind: 'impala-cnn',
    input: options.input ?? PROCGEN_INPUT,
    channels: options.channels ?? IMPALA_CHANNELS,
    hidden: options.hidden ?? IMPALA_HIDDEN,
    numActions: options.numActions,
    value: options.value ?? true,
  };
}

/**
 * A small student CNN (policy only by default). The defaults are the student of
 * ../shared/fixtures/sobolev_reference: conv 16x8x8/4, conv 32x4x4/2, dense 256, ReLU.
 */
export function studentCnn(options: {
  numActions: number;
  input?: InputShape;
  convs?: readonly ConvLayerSpec[];
  hidden?: readonly number[];
  activation?: ActivationName;
  value?: boolean;
}): ConvActorCriticSpec {
  return {
    kind: 'conv-actor-critic',
    input: options.input ?? ATARI_STACK_INPUT,
    convs: options.convs ?? [
      { channels: 16, kernel: 8, stride: 4 },
      { channels: 32, kernel: 4, stride: 2 },
    ],
    hidden: options.hidden ?? [256],
    activation: options.activation ?? 'relu',
    numActions: options.numActions,
    value: options.value ?? false,
  };
}

/**
 * A compact student: three convs (16@8x8/4, 32@4x4/2, 32@3x3/2, ReLU) and a 256-unit dense layer, 154k parameters
 * on 4x84x84 with 5 actions (the embedded Catcher teacher's own shape; a Nature-CNN teacher has 1.68M). The third
 * stride-2 conv shrinks the flattened features to 32x4x4, where studentCnn's two convs flatten 32x9x9 into its
 * dense layer (677k parameters), which overfits DAgger data: on Catcher (seed 1, 6000 updates) train KL 0.088
 * against test KL 0.160, where this shape had 0.107 against 0.128. With 128 dense units it underfits instead:
 * train KL 0.097, test KL 0.115 after 10500 updates.
 */
export const COMPACT_CNN_CONVS: readonly ConvLayerSpec[] = [
  { channels: 16, kernel: 8, stride: 4 },
  { channels: 32, kernel: 4, stride: 2 },
  { channels: 32, kernel: 3, stride: 2 },
];
export const COMPACT_CNN_HIDDEN = 256;

export function compactCnn(options: FixedArchOptions): ConvActorCriticSpec {
  return reluConvActorCritic(COMPACT_CNN_CONVS, COMPACT_CNN_HIDDEN, options, false);
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const ACTIVATION_NAMES: readonly ActivationName[] = ['relu', 'elu', 'tanh'];

function checkInput(input: unknown): void {
  if (!Array.isArray(input) || input.length !== 3 || !input.every(isPositiveInt)) {
    throw new ArchitectureError(`input must be [C, H, W] of positive integers, got ${JSON.stringify(input)}`);
  }
}

function checkConvs(convs: unknown): void {
  if (!Array.isArray(convs)) throw new ArchitectureError('convs must be a list');
  for (const c of convs as ConvLayerSpec[]) {
    const padding = c.padding ?? 0;
    if (
      !isPositiveInt(c.channels) ||
      !isPositiveInt(c.kernel) ||
      !isPositiveInt(c.stride) ||
      !(Number.isInteger(padding) && padding >= 0)
    ) {
      throw new ArchitectureError(
        `conv layer ${JSON.stringify(c)} needs positive integer channels, kernel, stride and padding >= 0`,
      );
    }
  }
}

/** Checks a spec read from a file or built by hand; throws ArchitectureError naming the problem. */
export function validateSpec(spec: ArchitectureSpec): ArchitectureSpec {
  if (typeof spec !== 'object' || spec === null) throw new ArchitectureError('architecture spec must be an object');
  if (!isPositiveInt(spec.numActions))
    throw new ArchitectureError(`numActions must be a positive integer, got ${spec.numActions}`);
  checkInput(spec.input);
  if (typeof spec.value !== 'boolean') throw new ArchitectureError('value must be true or false');
  switch (spec.kind) {
    case 'conv-actor-critic':
      checkConvs(spec.convs);
      if (!Array.isArray(spec.hidden) || !spec.hidden.every(isPositiveInt))
        throw new ArchitectureError('hidden must be a list of positive integers');
      if (!ACTIVATION_NAMES.includes(spec.activation))
        throw new ArchitectureError(`activation must be one of ${ACTIVATION_NAMES.join(', ')}`);
      return spec;
    case 'conv-gru-actor-critic':
      checkConvs(spec.convs);
      if (!isPositiveInt(spec.gruSize)) throw new ArchitectureError('gruSize must be a positive integer');
      if (!ACTIVATION_NAMES.includes(spec.activation))
        throw new ArchitectureError(`activation must be one of ${ACTIVATION_NAMES.join(', ')}`);
      return spec;
    case 'impala-cnn':
      if (!Array.isArray(spec.channels) || !spec.channels.every(isPositiveInt))
        throw new ArchitectureError('channels must be a list of positive integers');
      if (!isPositiveInt(spec.hidden)) throw new ArchitectureError('hidden must be a positive integer');
      return spec;
    default:
      throw new ArchitectureError(
        `unknown architecture kind ${JSON.stringify((spec as { kind?: unknown }).kind)}; known: conv-actor-critic, conv-gru-actor-critic, impala-cnn`,
      );
  }
}
