/**
 * Frames to network input on the wasm backend: uint8 NCHW bytes are copied into the heap as they
 * are (a quarter of the float32 size) and widened, scaled and transposed to NHWC by our kernel in
 * one pass. Much cheaper than converting in JS and uploading floats, or than cast + mul + transpose.
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, kernelsFor, release, type WasmBackendLike } from './module.js';

/** The float32 NHWC batch `bytes * scale`, or undefined when the active backend is not wasm. */
export function uint8ImagesToNhwc(
  bytes: Uint8Array,
  shape: readonly [number, number, number, number],
  scale: number,
): tf.Tensor4D | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend() as unknown as WasmBackendLike;
  const [n, c, h, w] = shape;
  const out = backend.makeOutput([n, h, w, c], 'float32');
  const scratch = backend.makeOutput([Math.ceil(bytes.length / Float32Array.BYTES_PER_ELEMENT)], 'float32');
  // Read HEAPU8 after allocating: the heap may have grown and replaced its buffer.
  backend.wasm.HEAPU8.set(bytes, addressOf(backend, scratch));
  kernelsFor(backend).u8PlanesToNhwc(addressOf(backend, scratch), addressOf(backend, out), n, c, h * w, scale);
  release(backend, scratch);
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}
