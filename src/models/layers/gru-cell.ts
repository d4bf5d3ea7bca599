import * as tf from '@tensorflow/tfjs';
import { ArchitectureError, ModelShapeError } from '../errors.js';
import type { Parameter, ParameterFactory } from '../params.js';

/** What the forward pass keeps for the derivatives. */
export interface GruTrace {
  /** Next hidden state h'. */
  h: tf.Tensor2D;
  r: tf.Tensor;
  z: tf.Tensor;
  n: tf.Tensor;
  /** W_hn h + b_hn, the part of n's pre-activation the reset gate scales. */
  hn: tf.Tensor;
  /** The previous hidden state. */
  hPrev: tf.Tensor2D;
}

/**
 * PyTorch's GRUCell, gate order r, z, n in weight_ih / weight_hh / bias_ih / bias_hh:
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h.
 * Derivatives are with respect to the input x with the previous state h held fixed.
 */
export class GRUCell {
  readonly kind = 'gru-cell';
  readonly params: Parameter[];
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter;
  readonly biasHh: Parameter;

  constructor(
    factory: ParameterFactory,
    readonly name: string,
    readonly inputSize: number,
    readonly hiddenSize: number,
  ) {
    if (![inputSize, hiddenSize].every((v) => Number.isInteger(v) && v > 0)) {
      throw new ArchitectureError(`GRU ${name}: sizes must be positive integers, got ${inputSize}, ${hiddenSize}`);
    }
    const gates = 3 * hiddenSize;
    // PyTorch initialises every GRU tensor uniformly in ±1/sqrt(hidden_size).
    this.weightIh = factory.create(`${name}.weight_ih`, 'linear', [gates, inputSize], hiddenSize);
    this.weightHh = factory.create(`${name}.weight_hh`, 'linear', [gates, hiddenSize], hiddenSize);
    this.biasIh = factory.create(`${name}.bias_ih`, 'vector', [gates], hiddenSize);
    this.biasHh = factory.create(`${name}.bias_hh`, 'vector', [gates], hiddenSize);
    this.params = [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
  }

  checkShapes(x: tf.Tensor, h: tf.Tensor): void {
    if (x.rank !== 2 || x.shape[1] !== this.inputSize) {
      throw new ModelShapeError(`GRU ${this.name} expects input [B, ${this.inputSize}], got [${x.shape}]`);
    }
    if (h.rank !== 2 || h.shape[1] !== this.hiddenSize || h.shape[0] !== x.shape[0]) {
      throw new ModelShapeError(`GRU ${this.name} expects state [${x.shape[0]}, ${this.hiddenSize}], got [${h.shape}]`);
    }
  }

  private inputGates(x: tf.Tensor2D): tf.Tensor {
    return tf.fused.matMul({ a: x, b: this.weightIh.variable as tf.Tensor2D, bias: this.biasIh.variable });
  }

  trace(x: tf.Tensor2D, hPrev: tf.Tensor2D): GruTrace {
    this.checkShapes(x, hPrev);
    const [ir, iz, inn] = tf.split(this.inputGates(x), 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const gh = tf.fused.matMul({ a: hPrev, b: this.weightHh.variable as tf.Tensor2D, bias: this.biasHh.variable });
    const [hr, hz, hn] = tf.split(gh, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const r = tf.sigmoid(tf.add(ir, hr));
    const z = tf.sigmoid(tf.add(iz, hz));
    const n = tf.tanh(tf.add(inn, tf.mul(r, hn)));
    const h = tf.add(n, tf.mul(z, tf.sub(hPrev, n))) as tf.Tensor2D;
    return { h, r, z, n, hn, hPrev };
  }

  forward(x: tf.Tensor2D, hPrev: tf.Tensor2D): tf.Tensor2D {
    return this.trace(x, hPrev).h;
  }

  /** dh' for an input tangent dx (dh = 0). */
  jvpFromTrace(t: GruTrace, dx: tf.Tensor2D): tf.Tensor2D {
    const [dr0, dz0, dn0] = tf.split(tf.matMul(dx, this.weightIh.variable as tf.Tensor2D), 3, 1);
    const dr = tf.mul(dr0!, tf.mul(t.r, tf.sub(1, t.r)));
    const dz = tf.mul(dz0!, tf.mul(t.z, tf.sub(1, t.z)));
    const dn = tf.mul(tf.add(dn0!, tf.mul(dr, t.hn)), tf.sub(1, tf.square(t.n)));
    // h' = n + z (h − n)  ⇒  dh' = dn (1 − z) + dz (h − n)
    return tf.add(tf.mul(dn, tf.sub(1, t.z)), tf.mul(dz, tf.sub(t.hPrev, t.n))) as tf.Tensor2D;
  }

  /** ∂⟨h', g⟩/∂x with h held fixed. */
  vjpFromTrace(t: GruTrace, g: tf.Tensor2D): tf.Tensor2D {
    const aN = tf.mul(tf.mul(g, tf.sub(1, t.z)), tf.sub(1, tf.square(t.n)));
    const aZ = tf.mul(tf.mul(g, tf.sub(t.hPrev, t.n)), tf.mul(t.z, tf.sub(1, t.z)));
    const aR = tf.mul(tf.mul(aN, t.hn), tf.mul(t.r, tf.sub(1, t.r)));
    return tf.matMul(tf.concat([aR, aZ, aN], 1), this.weightIh.variable as tf.Tensor2D, false, true);
  }
}
