/**
 * Policy networks with exact input-derivatives of their log-policy.
 *
 * Inputs are float32 NCHW batches ([B, C, H, W], PyTorch's layout) by default, already scaled the
 * way the network expects (e.g. frames / 255); derivatives are with respect to that scaled input.
 * Internally images are NHWC; the conversion happens once at the input (and once back for input
 * gradients). Callers that already hold NHWC batches pass `layout: 'NHWC'` to skip both.
 *
 * `jvp` and `vjp` are built from ordinary tfjs ops, so first-order autodiff of any loss made from
 * them (`tf.variableGrads`) gives exact parameter gradients. Call them inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelShapeError } from './errors.js';
import type { Dense } from './layers/dense.js';
import type { GRUCell } from './layers/gru-cell.js';
import { LogSoftmax } from './layers/log-softmax.js';
import type { Sequential } from './layers/sequential.js';
import type { Parameter } from './params.js';
import type { ArchitectureSpec } from './spec.js';

/** Layout of input batches (and of returned input gradients). */
export type InputLayout = 'NCHW' | 'NHWC';

/** What a forward pass gives. */
export interface PolicyOutput {
  /** Unnormalised action scores [B, A]. */
  logits: tf.Tensor2D;
  /** State-value estimates [B], when the network has a value head. */
  value?: tf.Tensor1D;
  /** Next recurrent state [B, S], for recurrent networks. */
  state?: tf.Tensor2D;
}

export interface PolicyModel {
  readonly spec: ArchitectureSpec;
  /** Per-sample input shape, channels first: [C, H, W]. */
  readonly inputShape: readonly [number, number, number];
  readonly numActions: number;
  readonly hasValue: boolean;
  /** Size of the recurrent state; 0 for feed-forward networks. */
  readonly stateSize: number;
  /** All parameters, with canonical (PyTorch-style) names. */
  readonly params: readonly Parameter[];
  /** Zero state for a batch (undefined for feed-forward networks). */
  initialState(batch: number): tf.Tensor2D | undefined;
  forward(x: tf.Tensor4D, state?: tf.Tensor2D, layout?: InputLayout): PolicyOutput;
  /** log π(·|x) [B, A]. */
  logProbs(x: tf.Tensor4D, state?: tf.Tensor2D, layout?: InputLayout): tf.Tensor2D;
  /** log π and its directional derivative along u (x's shape and layout), the state held fixed. */
  jvp(
    x: tf.Tensor4D,
    u: tf.Tensor4D,
    state?: tf.Tensor2D,
    layout?: InputLayout,
  ): { logProbs: tf.Tensor2D; tangent: tf.Tensor2D };
  /**
   * log π and ∂⟨log π(x), v⟩/∂x for v [B, A], the state held fixed; the gradient has x's shape
   * and layout.
   */
  vjp(
    x: tf.Tensor4D,
    v: tf.Tensor2D,
    state?: tf.Tensor2D,
    layout?: InputLayout,
  ): { logProbs: tf.Tensor2D; inputGradient: tf.Tensor4D };
  /** Frees the parameters. */
  dispose(): void;
}

const NCHW_TO_NHWC = [0, 2, 3, 1];
const NHWC_TO_NCHW = [0, 3, 1, 2];

abstract class PolicyBase {
  readonly inputShape: readonly [number, number, number];
  readonly numActions: number;
  protected readonly logSoftmax = new LogSoftmax();

  constructor(
    readonly spec: ArchitectureSpec,
    readonly params: readonly Parameter[],
    protected readonly policy: Dense,
    protected readonly valueHead: Dense | undefined,
  ) {
    this.inputShape = [...spec.input] as [number, number, number];
    this.numActions = spec.numActions;
  }

  get hasValue(): boolean {
    return this.valueHead !== undefined;
  }

  protected toInternal(x: tf.Tensor, what: string, layout: InputLayout): tf.Tensor4D {
    const [c, h, w] = this.inputShape;
    const expected = layout === 'NCHW' ? [c, h, w] : [h, w, c];
    if (x.rank !== 4 || expected.some((d, i) => x.shape[i + 1] !== d)) {
      throw new ModelShapeError(`${what} must be [B, ${expected.join(', ')}] (${layout}), got [${x.shape}]`);
    }
    if (x.dtype !== 'float32') throw new ModelShapeError(`${what} must be float32, got ${x.dtype}`);
    return (layout === 'NCHW' ? tf.transpose(x, NCHW_TO_NHWC) : x) as tf.Tensor4D;
  }

  protected toExternal(g: tf.Tensor, layout: InputLayout): tf.Tensor4D {
    return (layout === 'NCHW' ? tf.transpose(g, NHWC_TO_NCHW) : g) as tf.Tensor4D;
  }

  protected checkCotangent(v: tf.Tensor, batch: number): void {
    if (v.rank !== 2 || v.shape[0] !== batch || v.shape[1] !== this.numActions) {
      throw new ModelShapeError(`v must be [${batch}, ${this.numActions}], got [${v.shape}]`);
    }
  }

  protected heads(h: tf.Tensor): { logits: tf.Tensor2D; value?: tf.Tensor1D } {
    const logits = this.policy.forward(h) as tf.Tensor2D;
    if (!this.valueHead) return { logits };
    return { logits, value: tf.reshape(this.valueHead.forward(h), [-1]) as tf.Tensor1D };
  }

  /** From features h and their tangent: log π and its tangent. */
  protected headJvp(h: tf.Tensor, dh: tf.Tensor): { logProbs: tf.Tensor2D; tangent: tf.Tensor2D } {
    const { y: z, dy: dz } = this.policy.jvp(h, dh);
    const { y, dy } = this.logSoftmax.jvp(z, dz);
    return { logProbs: y as tf.Tensor2D, tangent: dy as tf.Tensor2D };
  }

  /** From features h and v: log π and ∂⟨log π, v⟩/∂h. */
  protected headVjp(h: tf.Tensor, v: tf.Tensor2D): { logProbs: tf.Tensor2D; featureGradient: tf.Tensor } {
    const z = this.policy.forward(h);
    const logProbs = this.logSoftmax.forward(z) as tf.Tensor2D;
    const gz = this.logSoftmax.vjp(z, logProbs, v);
    return { logProbs, featureGradient: this.policy.vjp(h, z, gz) };
  }

  dispose(): void {
    for (const p of this.params) p.variable.dispose();
  }
}

/** A feed-forward trunk (convs, flatten, dense layers) with policy and optional value heads. */
export class FeedForwardPolicy extends PolicyBase implements PolicyModel {
  readonly stateSize = 0;

  constructor(
    spec: ArchitectureSpec,
    params: readonly Parameter[],
    readonly trunk: Sequential,
    policy: Dense,
    valueHead: Dense | undefined,
  ) {
    super(spec, params, policy, valueHead);
  }

  initialState(): undefined {
    return undefined;
  }

  forward(x: tf.Tensor4D, _state?: tf.Tensor2D, layout: InputLayout = 'NCHW'): PolicyOutput {
    return this.heads(this.trunk.forward(this.toInternal(x, 'x', layout)));
  }

  logProbs(x: tf.Tensor4D, _state?: tf.Tensor2D, layout: InputLayout = 'NCHW'): tf.Tensor2D {
    return this.logSoftmax.forward(
      this.policy.forward(this.trunk.forward(this.toInternal(x, 'x', layout))),
    ) as tf.Tensor2D;
  }

  jvp(
    x: tf.Tensor4D,
    u: tf.Tensor4D,
    _state?: tf.Tensor2D,
    layout: InputLayout = 'NCHW',
  ): { logProbs: tf.Tensor2D; tangent: tf.Tensor2D } {
    if (!tf.util.arraysEqual(u.shape, x.shape))
      throw new ModelShapeError(`u must have x's shape [${x.shape}], got [${u.shape}]`);
    const { y: h, dy: dh } = this.trunk.jvp(this.toInternal(x, 'x', layout), this.toInternal(u, 'u', layout));
    return this.headJvp(h, dh);
  }

  vjp(
    x: tf.Tensor4D,
    v: tf.Tensor2D,
    _state?: tf.Tensor2D,
    layout: InputLayout = 'NCHW',
  ): { logProbs: tf.Tensor2D; inputGradient: tf.Tensor4D } {
    this.checkCotangent(v, x.shape[0]);
    const acts = this.trunk.trace(this.toInternal(x, 'x', layout));
    const { logProbs, featureGradient } = this.headVjp(acts[acts.length - 1]!, v);
    return { logProbs, inputGradient: this.toExternal(this.trunk.vjpFromTrace(acts, featureGradient), layout) };
  }
}

/** A conv trunk, a GRUCell and policy/value heads on the new hidden state (baby-a3c). */
export class RecurrentPolicy extends PolicyBase implements PolicyModel {
  readonly stateSize: number;

  constructor(
    spec: ArchitectureSpec,
    params: readonly Parameter[],
    readonly trunk: Sequential,
    readonly gru: GRUCell,
    policy: Dense,
    valueHead: Dense | undefined,
  ) {
    super(spec, params, policy, valueHead);
    this.stateSize = gru.hiddenSize;
  }

  initialState(batch: number): tf.Tensor2D {
    return tf.zeros([batch, this.stateSize]);
  }

  private stateFor(x: tf.Tensor4D, state: tf.Tensor2D | undefined): tf.Tensor2D {
    return state ?? this.initialState(x.shape[0]);
  }

  forward(x: tf.Tensor4D, state?: tf.Tensor2D, layout: InputLayout = 'NCHW'): PolicyOutput {
    const features = this.trunk.forward(this.toInternal(x, 'x', layout)) as tf.Tensor2D;
    const h = this.gru.forward(features, this.stateFor(x, state));
    return { ...this.heads(h), state: h };
  }

  logProbs(x: tf.Tensor4D, state?: tf.Tensor2D, layout: InputLayout = 'NCHW'): tf.Tensor2D {
    return this.logSoftmax.forward(this.forward(x, state, layout).logits) as tf.Tensor2D;
  }

  jvp(
    x: tf.Tensor4D,
    u: tf.Tensor4D,
    state?: tf.Tensor2D,
    layout: InputLayout = 'NCHW',
  ): { logProbs: tf.Tensor2D; tangent: tf.Tensor2D } {
    if (!tf.util.arraysEqual(u.shape, x.shape))
      throw new ModelShapeError(`u must have x's shape [${x.shape}], got [${u.shape}]`);
    const { y: features, dy: dFeatures } = this.trunk.jvp(
      this.toInternal(x, 'x', layout),
      this.toInternal(u, 'u', layout),
    );
    const trace = this.gru.trace(features as tf.Tensor2D, this.stateFor(x, state));
    return this.headJvp(trace.h, this.gru.jvpFromTrace(trace, dFeatures as tf.Tensor2D));
  }

  vjp(
    x: tf.Tensor4D,
    v: tf.Tensor2D,
    state?: tf.Tensor2D,
    layout: InputLayout = 'NCHW',
  ): { logProbs: tf.Tensor2D; inputGradient: tf.Tensor4D } {
    this.checkCotangent(v, x.shape[0]);
    const acts = this.trunk.trace(this.toInternal(x, 'x', layout));
    const trace = this.gru.trace(acts[acts.length - 1] as tf.Tensor2D, this.stateFor(x, state));
    const { logProbs, featureGradient } = this.headVjp(trace.h, v);
    const gFeatures = this.gru.vjpFromTrace(trace, featureGradient as tf.Tensor2D);
    return { logProbs, inputGradient: this.toExternal(this.trunk.vjpFromTrace(acts, gFeatures), layout) };
  }
}
