/**
 * Random unit directions for the stochastic Sobolev terms: each row is a standard normal vector
 * scaled to unit L2 norm (uniform on the sphere), drawn from a seeded uniform source.
 */
import * as tf from '@tensorflow/tfjs';

/** Standard normal via Box–Muller from a uniform [0, 1) source. */
function normal(rng: () => number): number {
  const u1 = 1 - rng(); // in (0, 1]: log is finite
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** `rows` unit vectors with `shape` per row: a tensor [rows, ...shape]. */
export function unitDirections(rows: number, shape: readonly number[], rng: () => number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let i = 0; i < size; i++) {
      const z = normal(rng);
      data[r * size + i] = z;
      norm += z * z;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < size; i++) data[r * size + i]! *= scale;
  }
  return tf.tensor(data, [rows, ...shape], 'float32');
}
