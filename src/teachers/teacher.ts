/**
 * A teacher: a fixed (non-trainable) policy network plus what it expects of its input. It gives
 * logits, actions, and exact derivatives of its log-policy with respect to its input.
 *
 * Observations are NCHW batches [B, C, H, W] in the preset's dtype (uint8 frames or floats), given
 * as a tf.Tensor or as { data, shape }. The network sees them multiplied by `inputScale`; every
 * derivative is with respect to that scaled input (x / 255 for uint8 frames), as in the fixtures.
 * Multiply by `inputScale` to get derivatives with respect to raw pixel values.
 *
 * Recurrent teachers (baby-a3c) take and return their state explicitly; derivatives hold the
 * previous state fixed and differentiate with respect to the current frame only.
 * Every returned tensor belongs to the caller (dispose it, or work inside tf.tidy).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../models/build.js';
import { ModelShapeError } from '../models/errors.js';
import type { PolicyModel } from '../models/model.js';
import { uint8ImagesToNhwc } from '../tf/wasm/input.js';
import type { ActionSet, Provenance, TeacherData } from './teacher-file.js';

const NCHW_TO_NHWC = [0, 2, 3, 1];
const NHWC_TO_NCHW = [0, 3, 1, 2];

/** [B, C, HW] to [B, HW, C], times scale, in one pass: sequential writes, C sequential read streams. */
function nchwToScaledNhwc(
  data: Uint8Array | Float32Array,
  batch: number,
  channels: number,
  pixels: number,
  scale: number,
): Float32Array {
  const out = new Float32Array(batch * channels * pixels);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * channels * pixels;
    for (let p = 0; p < pixels; p++) {
      let src = base + p;
      for (let ch = 0; ch < channels; ch++) {
        out[o++] = data[src]! * scale;
        src += pixels;
      }
    }
  }
  return out;
}

/** Observations as a tensor, or as raw values with their NCHW shape. */
export type Observations = tf.Tensor | { readonly data: Uint8Array | Float32Array; readonly shape: readonly number[] };

export interface ActOptions {
  /** `greedy`: argmax (lowest index on ties); `sample`: draw from softmax(logits / temperature). Default greedy. */
  mode?: 'greedy' | 'sample';
  /** Softmax temperature for sampling (default 1). */
  temperature?: number;
  /** Uniform [0, 1) source for sampling; required for `sample` so runs are reproducible. */
  rng?: () => number;
}

export interface TeacherOutput {
  logits: tf.Tensor2D;
  value?: tf.Tensor1D;
  /** Next recurrent state (recurrent teachers only). */
  state?: tf.Tensor2D;
}

export class Teacher {
  readonly model: PolicyModel;
  readonly preset: string;
  readonly inputScale: number;
  readonly actions: ActionSet;
  readonly provenance: Provenance;

  constructor(readonly data: TeacherData) {
    this.model = buildModel(data.arch, { weights: data.weights, trainable: false });
    this.preset = data.preset;
    this.inputScale = data.inputScale;
    this.actions = data.actions;
    this.provenance = data.provenance;
  }

  get numActions(): number {
    return this.model.numActions;
  }

  get recurrent(): boolean {
    return this.model.stateSize > 0;
  }

  /** The zero state for a batch (undefined for feed-forward teachers). */
  initialState(batch: number): tf.Tensor2D | undefined {
    return this.model.initialState(batch);
  }

  /**
   * The network's input: observations times inputScale, as a float32 NHWC batch (the layout the
   * network runs in). Raw arrays are converted in one pass; tensors with tf ops.
   */
  input(obs: Observations): tf.Tensor4D {
    const [c, h, w] = this.model.inputShape;
    const shape = obs instanceof tf.Tensor ? obs.shape : obs.shape;
    if (shape.length !== 4 || shape[1] !== c || shape[2] !== h || shape[3] !== w) {
      throw new ModelShapeError(`observations must be [B, ${c}, ${h}, ${w}] (NCHW), got [${shape}]`);
    }
    const batch = shape[0]!;
    if (!(obs instanceof tf.Tensor)) {
      if (obs.data.length !== batch * c * h * w) {
        throw new ModelShapeError(
          `observations hold ${obs.data.length} values, shape [${shape}] needs ${batch * c * h * w}`,
        );
      }
      if (obs.data instanceof Uint8Array) {
        const fast = uint8ImagesToNhwc(obs.data, [batch, c, h, w], this.inputScale);
        if (fast) return fast;
      }
      return tf.tensor4d(nchwToScaledNhwc(obs.data, batch, c, h * w, this.inputScale), [batch, h, w, c]);
    }
    return tf.tidy(() => {
      const nhwc = tf.transpose(obs, NCHW_TO_NHWC);
      const f = nhwc.dtype === 'float32' ? nhwc : tf.cast(nhwc, 'float32');
      return (this.inputScale === 1 ? f : tf.mul(f, this.inputScale)) as tf.Tensor4D;
    });
  }

  /** Logits (and value, next state) for a batch. */
  logits(obs: Observations, state?: tf.Tensor2D): TeacherOutput {
    return tf.tidy(() => {
      const out = this.model.forward(this.input(obs), state, 'NHWC');
      return {
        logits: out.logits,
        ...(out.value ? { value: out.value } : {}),
        ...(out.state ? { state: out.state } : {}),
      };
    });
  }

  /** log π(·|obs) [B, A]. */
  logProbs(obs: Observations, state?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.model.logProbs(this.input(obs), state, 'NHWC'));
  }

  /** Chooses one action per observation; also returns the next state for recurrent teachers. */
  act(obs: Observations, options: ActOptions = {}, state?: tf.Tensor2D): { actions: Int32Array; state?: tf.Tensor2D } {
    const { logits, state: next } = this.logits(obs, state);
    const values = logits.dataSync() as Float32Array;
    const [batch, n] = logits.shape;
    logits.dispose();
    const actions = chooseActions(values, batch, n, options);
    return next ? { actions, state: next } : { actions };
  }

  /** ∂⟨log π(x), v⟩/∂x for v [B, A]: the VJP, [B, C, H, W]. */
  logitGradients(obs: Observations, v: tf.Tensor2D, state?: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(
      () => tf.transpose(this.model.vjp(this.input(obs), v, state, 'NHWC').inputGradient, NHWC_TO_NCHW) as tf.Tensor4D,
    );
  }

  /** The JVP: d log π(x + εu)/dε at 0, [B, A], for directions u [B, C, H, W] (in scaled-input units). */
  directionalDerivatives(obs: Observations, u: tf.Tensor4D, state?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(
      () => this.model.jvp(this.input(obs), tf.transpose(u, NCHW_TO_NHWC) as tf.Tensor4D, state, 'NHWC').tangent,
    );
  }

  /** Alias of directionalDerivatives. */
  directionalDerivative(obs: Observations, u: tf.Tensor4D, state?: tf.Tensor2D): tf.Tensor2D {
    return this.directionalDerivatives(obs, u, state);
  }

  /**
   * The full Jacobian of log π with respect to the input, [B, A, C, H, W], as A VJPs with one-hot
   * cotangents in one batch. Meant for small action sets and batches: it costs A backward passes.
   */
  jacobian(obs: Observations, state?: tf.Tensor2D): tf.Tensor {
    return tf.tidy(() => {
      const x = this.input(obs);
      const [b, h, w, c] = x.shape;
      const a = this.numActions;
      // Row b * A + i of the tiled batch carries sample b with cotangent e_i.
      const xs = tf.reshape(tf.tile(tf.expandDims(x, 1), [1, a, 1, 1, 1]), [b * a, h, w, c]) as tf.Tensor4D;
      const v = tf.tile(tf.eye(a), [b, 1]) as tf.Tensor2D;
      const s = state
        ? (tf.reshape(tf.tile(tf.expandDims(state, 1), [1, a, 1]), [b * a, -1]) as tf.Tensor2D)
        : undefined;
      const g = tf.transpose(this.model.vjp(xs, v, s, 'NHWC').inputGradient, NHWC_TO_NCHW);
      return tf.reshape(g, [b, a, c, h, w]);
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Zeroes the state rows of samples whose episode ended (`done[i]` true), e.g. before the next reset. */
export function resetStates(state: tf.Tensor2D, done: ArrayLike<boolean | number>): tf.Tensor2D {
  return tf.tidy(() => {
    if (done.length !== state.shape[0])
      throw new ModelShapeError(`${done.length} done flags for ${state.shape[0]} states`);
    const keep = tf.tile(
      tf.tensor2d(
        Array.from(done, (d) => !d),
        [done.length, 1],
        'bool',
      ),
      [1, state.shape[1]],
    );
    return tf.where(keep, state, tf.zerosLike(state)) as tf.Tensor2D;
  });
}

/** Greedy or sampled actions from a row-major [batch, n] array of logits. */
export function chooseActions(logits: Float32Array, batch: number, n: number, options: ActOptions = {}): Int32Array {
  const mode = options.mode ?? 'greedy';
  const out = new Int32Array(batch);
  if (mode === 'greedy') {
    for (let b = 0; b < batch; b++) {
      let best = 0;
      for (let a = 1; a < n; a++) if (logits[b * n + a]! > logits[b * n + best]!) best = a;
      out[b] = best;
    }
    return out;
  }
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  const rng = options.rng;
  if (!rng) throw new TypeError("act({ mode: 'sample' }) needs an rng (a seeded () => number in [0, 1))");
  const p = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < n; a++) max = Math.max(max, logits[b * n + a]! / temperature);
    let total = 0;
    for (let a = 0; a < n; a++) {
      p[a] = Math.exp(logits[b * n + a]! / temperature - max);
      total += p[a]!;
    }
    let r = rng() * total;
    let choice = n - 1;
    for (let a = 0; a < n; a++) {
      r -= p[a]!;
      if (r < 0) {
        choice = a;
        break;
      }
    }
    out[b] = choice;
  }
  return out;
}
