import * as tf from '@tensorflow/tfjs';
import { ArchitectureError, ModelShapeError } from '../errors.js';
import type { Layer } from './layer.js';

/**
 * PyTorch's max_pool2d with a square window, padding by −∞. Its derivative routes each output to
 * the first maximal element of its window in row-major order (PyTorch's tie rule). The JVP gathers
 * and the VJP scatters through one mask per window tap, built from slices, pads and reshapes only,
 * so both stay differentiable with respect to their tangent or cotangent (the masks are piecewise
 * constant: their own derivative is zero almost everywhere).
 */
export class MaxPool2D implements Layer {
  readonly kind = 'max-pool2d';
  readonly params = [];

  constructor(
    readonly window: number,
    readonly stride: number,
    readonly padding: number,
  ) {
    if (![window, stride].every((v) => Number.isInteger(v) && v > 0) || !Number.isInteger(padding) || padding < 0) {
      throw new ArchitectureError(`max-pool: window and stride must be positive integers, padding >= 0`);
    }
    if (2 * padding > window)
      throw new ArchitectureError('max-pool: padding must be at most half the window (PyTorch rule)');
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3)
      throw new ModelShapeError(`max-pool expects [H, W, C] per sample, got [${inputShape}]`);
    const [h, w, c] = inputShape as [number, number, number];
    return [this.outSize(h), this.outSize(w), c];
  }

  private outSize(size: number): number {
    return Math.floor((size + 2 * this.padding - this.window) / this.stride) + 1;
  }

  forward(x: tf.Tensor): tf.Tensor {
    // A square window and stride: tfjs's numeric padding is sized correctly here.
    return tf.maxPool(x as tf.Tensor4D, this.window, this.stride, this.padding);
  }

  /** Padded size: at least padding + size + padding, rounded up to whole strides past the last window. */
  private paddedSize(out: number): number {
    return (out - 1 + Math.ceil(this.window / this.stride)) * this.stride;
  }

  private padTo(t: tf.Tensor, value: number): tf.Tensor4D {
    const [n, h, w, c] = t.shape as [number, number, number, number];
    const p = this.padding;
    const hp = this.paddedSize(this.outSize(h));
    const wp = this.paddedSize(this.outSize(w));
    // Rows and columns past the last window are never read: drop them, or pad up to whole strides.
    const kept = tf.slice(t, [0, 0, 0, 0], [n, Math.min(h, hp - p), Math.min(w, wp - p), c]);
    const [, hk, wk] = kept.shape as [number, number, number, number];
    return tf.pad(
      kept,
      [
        [0, 0],
        [p, hp - hk - p],
        [p, wp - wk - p],
        [0, 0],
      ],
      value,
    ) as tf.Tensor4D;
  }

  /** Rows i, i + s, …, of the padded map (out of them), then the same along columns. */
  private tap(padded: tf.Tensor4D, i: number, j: number, oh: number, ow: number): tf.Tensor4D {
    const [n, hp, wp, c] = padded.shape;
    const s = this.stride;
    const rows = tf.reshape(padded, [n, hp / s, s, wp * c]);
    const r = tf.slice(rows, [0, Math.floor(i / s), i % s, 0], [n, oh, 1, wp * c]);
    const cols = tf.reshape(r, [n * oh, wp / s, s, c]);
    const cc = tf.slice(cols, [0, Math.floor(j / s), j % s, 0], [n * oh, ow, 1, c]);
    return tf.reshape(cc, [n, oh, ow, c]);
  }

  /** The adjoint of `tap`: places g at the tap's positions of a zero padded map, then crops the padding. */
  private untap(g: tf.Tensor4D, i: number, j: number, h: number, w: number): tf.Tensor4D {
    const [n, oh, ow, c] = g.shape;
    const s = this.stride;
    const hp = this.paddedSize(oh);
    const wp = this.paddedSize(ow);
    const cols = tf.pad(tf.reshape(g, [n * oh, ow, 1, c]), [
      [0, 0],
      [Math.floor(j / s), wp / s - ow - Math.floor(j / s)],
      [j % s, s - 1 - (j % s)],
      [0, 0],
    ]);
    const rows = tf.pad(tf.reshape(cols, [n, oh, 1, wp * c]), [
      [0, 0],
      [Math.floor(i / s), hp / s - oh - Math.floor(i / s)],
      [i % s, s - 1 - (i % s)],
      [0, 0],
    ]);
    const full = tf.reshape(rows, [n, hp, wp, c]);
    const p = this.padding;
    const hk = Math.min(h, hp - p);
    const wk = Math.min(w, wp - p);
    const inner = tf.slice(full, [0, p, p, 0], [n, hk, wk, c]);
    return (
      hk === h && wk === w
        ? inner
        : tf.pad(inner, [
            [0, 0],
            [0, h - hk],
            [0, w - wk],
            [0, 0],
          ])
    ) as tf.Tensor4D;
  }

  /** One {0, 1} mask per tap marking the window element each output takes (first maximum wins). */
  private masks(x: tf.Tensor, y: tf.Tensor): tf.Tensor4D[] {
    const [, oh, ow] = y.shape as [number, number, number, number];
    const padded = this.padTo(x, Number.NEGATIVE_INFINITY);
    const masks: tf.Tensor4D[] = [];
    let taken: tf.Tensor | undefined;
    for (let i = 0; i < this.window; i++) {
      for (let j = 0; j < this.window; j++) {
        // greaterEqual has a (zero) gradient in tfjs, equal has none; the values tie only at the max.
        const hit = tf.cast(tf.greaterEqual(this.tap(padded, i, j, oh, ow), y), 'float32');
        const m = (taken ? tf.mul(hit, tf.sub(1, taken)) : hit) as tf.Tensor4D;
        taken = taken ? tf.add(taken, m) : m;
        masks.push(m);
      }
    }
    return masks;
  }

  private checkSquare(x: tf.Tensor): void {
    if (x.rank !== 4) throw new ModelShapeError(`max-pool expects NHWC input, got [${x.shape}]`);
  }

  jvp(x: tf.Tensor, dx: tf.Tensor): { y: tf.Tensor; dy: tf.Tensor } {
    this.checkSquare(x);
    const y = this.forward(x);
    const [, oh, ow] = y.shape as [number, number, number, number];
    const masks = this.masks(x, y);
    const paddedDx = this.padTo(dx, 0);
    let dy: tf.Tensor | undefined;
    masks.forEach((m, k) => {
      const term = tf.mul(m, this.tap(paddedDx, Math.floor(k / this.window), k % this.window, oh, ow));
      dy = dy ? tf.add(dy, term) : term;
    });
    return { y, dy: dy! };
  }

  vjp(x: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    this.checkSquare(x);
    const [, h, w] = x.shape as [number, number, number, number];
    const masks = this.masks(x, y);
    let dx: tf.Tensor | undefined;
    masks.forEach((m, k) => {
      const term = this.untap(tf.mul(m, dy) as tf.Tensor4D, Math.floor(k / this.window), k % this.window, h, w);
      dx = dx ? tf.add(dx, term) : term;
    });
    return dx!;
  }
}
