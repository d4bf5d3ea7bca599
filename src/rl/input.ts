/**
 * Observation batches to network input: uint8 frames [B, C, H, W] (as the sb3-atari preset and the
 * vector envs deliver them) become the float32 NHWC batch `frames × scale` the models run on. On the
 * wasm backend our kernel does it in one pass; elsewhere tf ops do.
 */
import * as tf from '@tensorflow/tfjs';
import { uint8ImagesToNhwc } from '../tf/wasm/input.js';
import { RlInputError } from './errors.js';

export type FrameShape = readonly [number, number, number];

/** Frames × scale as float32 NHWC; `bytes` holds `batch` observations of `frame` = [C, H, W] back to back. */
export function framesToInput(bytes: Uint8Array, batch: number, frame: FrameShape, scale: number): tf.Tensor4D {
  const [c, h, w] = frame;
  if (bytes.length !== batch * c * h * w) {
    throw new RlInputError(`framesToInput: ${bytes.length} bytes for ${batch} observations of [${frame}]`);
  }
  const shape: [number, number, number, number] = [batch, c, h, w];
  const fast = uint8ImagesToNhwc(bytes, shape, scale);
  if (fast) return fast;
  return tf.tidy(
    () => tf.mul(tf.transpose(tf.tensor4d(Float32Array.from(bytes), shape), [0, 2, 3, 1]), scale) as tf.Tensor4D,
  );
}
