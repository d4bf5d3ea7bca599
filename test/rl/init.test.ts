import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, getWeights } from '../../src/models/build.js';
import { mulberry32 } from '../../src/models/params.js';
import { studentCnn } from '../../src/models/spec.js';
import { orthogonalInit, orthogonalMatrix, POLICY_GAIN, VALUE_GAIN } from '../../src/rl/init.js';
import { selectBackend } from '../../src/tf/index.js';

/** Gram matrix of the rows (byRows) or columns of a [rows, cols] matrix. */
function gram(m: Float32Array, rows: number, cols: number, byRows: boolean): number[][] {
  const [count, length] = byRows ? [rows, cols] : [cols, rows];
  const at = (v: number, k: number) => (byRows ? m[v * cols + k]! : m[k * cols + v]!);
  return Array.from({ length: count }, (_, a) =>
    Array.from({ length: count }, (_, b) => {
      let s = 0;
      for (let k = 0; k < length; k++) s += at(a, k) * at(b, k);
      return s;
    }),
  );
}

function expectScaledIdentity(g: number[][], gain: number): void {
  g.forEach((row, a) => {
    row.forEach((v, b) => {
      expect(v).toBeCloseTo(a === b ? gain * gain : 0, 4);
    });
  });
}

describe('orthogonal initialisation', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('gives orthonormal rows for wide matrices and orthonormal columns for tall ones, times the gain', () => {
    expectScaledIdentity(gram(orthogonalMatrix(4, 9, 2, mulberry32(1)), 4, 9, true), 2);
    expectScaledIdentity(gram(orthogonalMatrix(9, 4, 0.5, mulberry32(2)), 9, 4, false), 0.5);
  });

  it("sets CleanRL's gains per layer and zero biases, reproducibly from the seed", () => {
    const spec = studentCnn({
      numActions: 3,
      input: [2, 12, 12],
      convs: [{ channels: 4, kernel: 4, stride: 2 }],
      hidden: [8],
      value: true,
    });
    const model = buildModel(spec, { seed: 3 });
    orthogonalInit(model, 7);
    const w = getWeights(model);
    for (const [name, t] of w) if (name.endsWith('.bias')) expect(t.data.every((v) => v === 0)).toBe(true);
    // policy.weight is [3, 8]: three orthonormal rows scaled by 0.01; value.weight [1, 8] has norm 1.
    expectScaledIdentity(gram(w.get('policy.weight')!.data, 3, 8, true), POLICY_GAIN);
    expectScaledIdentity(gram(w.get('value.weight')!.data, 1, 8, true), VALUE_GAIN);
    // conv0.weight [4, 2, 4, 4] is the wide matrix [4, 32]: rows of norm √2.
    expectScaledIdentity(gram(w.get('conv0.weight')!.data, 4, 32, true), Math.SQRT2);
    const again = buildModel(spec, { seed: 3 });
    orthogonalInit(again, 7);
    expect(getWeights(again).get('fc0.weight')!.data).toEqual(w.get('fc0.weight')!.data);
    model.dispose();
    again.dispose();
  });
});
