/** Element-wise maximum of two frames: the max-pool over the last two frames of a frame skip. */
import { ShapeMismatchError } from '../errors.js';

/** out[i] = max(a[i], b[i]); `out` may be `a` or `b`. Returns `out`. */
export function maxPool2(a: Uint8Array, b: Uint8Array, out: Uint8Array): Uint8Array {
  const n = out.length;
  if (a.length !== n || b.length !== n) {
    throw new ShapeMismatchError(
      `maxPool2: frames of ${a.length} and ${b.length} bytes into ${n}; all three must match`,
    );
  }
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    out[i] = Math.max(x, y);
  }
  return out;
}
