/**
 * CleanRL's `layer_init` for actor-critics: orthogonal weights (PyTorch `nn.init.orthogonal_`) with
 * gain √2 for hidden layers, 0.01 for the policy head (a near-uniform first policy) and 1 for the
 * value head, and zero biases. A weight of PyTorch shape [out, ...] is treated as the matrix
 * [out, fan_in]: its rows are orthonormal when out ≤ fan_in, else its columns.
 */
import type { PolicyModel } from '../models/model.js';
import { assignTorch, mulberry32 } from '../models/params.js';

/** Gains as CleanRL's ppo_atari sets them. */
export const HIDDEN_GAIN = Math.SQRT2;
export const POLICY_GAIN = 0.01;
export const VALUE_GAIN = 1;

/** The gain for a parameter by its canonical name (`policy.weight`, `value.weight`, others hidden). */
export function orthogonalGain(name: string): number {
  if (name.startsWith('policy.')) return POLICY_GAIN;
  if (name.startsWith('value.')) return VALUE_GAIN;
  return HIDDEN_GAIN;
}

/** Standard normal draws from a uniform source (Box–Muller). */
function normals(n: number, uniform: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

/**
 * A [rows, cols] row-major matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols), times
 * `gain`: Gram–Schmidt on Gaussian vectors, the Q of a QR with a positive diagonal, as PyTorch's is.
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, uniform: () => number): Float32Array {
  const [count, length] = rows <= cols ? [rows, cols] : [cols, rows];
  const g = normals(count * length, uniform);
  for (let v = 0; v < count; v++) {
    const vec = g.subarray(v * length, (v + 1) * length);
    // Modified Gram–Schmidt, twice over for float rounding ("twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (let u = 0; u < v; u++) {
        const prev = g.subarray(u * length, (u + 1) * length);
        let dot = 0;
        for (let k = 0; k < length; k++) dot += vec[k]! * prev[k]!;
        for (let k = 0; k < length; k++) vec[k]! -= dot * prev[k]!;
      }
    }
    let norm = 0;
    for (let k = 0; k < length; k++) norm += vec[k]! * vec[k]!;
    const s = 1 / Math.sqrt(norm);
    for (let k = 0; k < length; k++) vec[k]! *= s;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = gain * (rows <= cols ? g[r * cols + c]! : g[c * rows + r]!);
    }
  }
  return out;
}

/** Re-initialises every parameter of `model` as CleanRL's layer_init does, seeded. */
export function orthogonalInit(model: PolicyModel, seed: number): void {
  const uniform = mulberry32(seed);
  for (const p of model.params) {
    const size = p.torchShape.reduce((a, b) => a * b, 1);
    if (p.layout === 'vector') {
      assignTorch(p, { shape: p.torchShape, data: new Float32Array(size) });
      continue;
    }
    const rows = p.torchShape[0]!;
    const data = orthogonalMatrix(rows, size / rows, orthogonalGain(p.name), uniform);
    assignTorch(p, { shape: p.torchShape, data });
  }
}
