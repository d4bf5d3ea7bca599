/**
 * Finite-difference check of parameter gradients. tfjs has no float64, so the check works along
 * a few unit directions in each parameter tensor (the gradient's own direction, where the signal
 * is largest, and seeded random ones) with the five-point stencil
 *   D(h) = (−f(2h) + 8f(h) − 8f(−h) + f(−2h)) / 12h   (error O(h⁴)),
 * Richardson-extrapolated, (16 D(h/2) − D(h)) / 15 (error O(h⁶)), so h can be large (0.08 along a
 * unit vector) and float32 rounding of the loss (ε|L|/h) stays near 1e-4 of the gradient. Nets must be smooth enough for
 * the loss: tanh everywhere for Sobolev terms (they contain f', so ELU's kink in f'' and ReLU's
 * in f' make differences meaningless); ELU is fine for the KL (first derivatives only).
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyModel } from '../../../src/models/model.js';
import { mulberry32 } from '../../../src/models/params.js';

const STEP = 0.08;
const RANDOM_DIRECTIONS = 2;

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = 1 / Math.sqrt(n);
  return v.map((x) => x * s);
}

/**
 * Worst error, over parameters and directions d, of |FD_d − g·d| / ‖g‖ (absolute |FD_d| when the
 * loss has no gradient for a parameter).
 */
export function centralDifferenceCheck(model: PolicyModel, loss: () => tf.Scalar, seed = 1): number {
  const vars = model.params.map((p) => p.variable);
  const { grads, value } = tf.variableGrads(loss, vars);
  value.dispose();
  const rng = mulberry32(seed);
  const evaluate = () => tf.tidy(() => loss().dataSync()[0]!);
  let worst = 0;
  for (const p of model.params) {
    // A parameter the loss does not depend on (e.g. the value head) gets no gradient: expect zero.
    const g = grads[p.variable.name]?.dataSync() ?? new Float32Array(p.variable.size);
    const w0 = p.variable.dataSync().slice() as Float32Array;
    let gNorm = 0;
    for (const x of g) gNorm += x * x;
    gNorm = Math.sqrt(gNorm);
    const directions = [
      ...(gNorm > 0 ? [unit(Float32Array.from(g))] : []),
      ...Array.from({ length: RANDOM_DIRECTIONS }, () => unit(Float32Array.from(w0, () => 2 * rng() - 1))),
    ];
    for (const d of directions) {
      const at = (t: number) => {
        p.variable.assign(
          tf.tensor(
            w0.map((w, i) => w + t * d[i]!),
            p.variable.shape,
          ),
        );
        return evaluate();
      };
      const stencil = (h: number) => (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
      const fd = (16 * stencil(STEP / 2) - stencil(STEP)) / 15;
      let gd = 0;
      for (let i = 0; i < g.length; i++) gd += g[i]! * d[i]!;
      const err = gNorm > 0 ? Math.abs(fd - gd) / gNorm : Math.abs(fd);
      if (process.env.FD_DEBUG) console.log(p.name, err, gNorm, fd, gd);
      worst = Math.max(worst, err);
    }
    p.variable.assign(tf.tensor(w0, p.variable.shape));
  }
  tf.dispose(Object.values(grads));
  return worst;
}
