/**
 * Our wasm training kernels against references: conv input gradients, transposed matmuls and
 * batched transposes against the tfjs `cpu` backend; conv filter gradients against a float64 loop
 * written from the definition (tfjs-cpu's own filter gradient takes seconds on these shapes), and
 * against tfjs-cpu on the small odd-shaped cases.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/tf/index.js';
import { asBatchedTranspose } from '../../src/tf/wasm/training-kernels.js';

/** Seeded pseudo-random floats in [-1, 1) (xorshift32), so failures reproduce. */
function randoms(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function relL2(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += (actual[i]! - expected[i]!) ** 2;
    den += expected[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

/** Runs `f` on a backend and returns the result's values. */
async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}

const pairOf = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/**
 * dW[kh][kw][ci][co] = Σ x[n][oh·sh + kh − pt][ow·sw + kw − pl][ci] · dy[n][oh][ow][co], in float64,
 * taps outside the input counting as zero padding.
 */
function filterGradientByDefinition(
  x: Float32Array,
  xShape: readonly number[],
  dy: Float32Array,
  dyShape: readonly number[],
  filter: readonly number[],
  stride: [number, number],
  padTop: number,
  padLeft: number,
): Float64Array {
  const [n, h, w, ci] = xShape as [number, number, number, number];
  const [, oh, ow, co] = dyShape as [number, number, number, number];
  const [kh, kw] = filter as [number, number];
  const out = new Float64Array(kh * kw * ci * co);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let a = 0; a < kh; a++) {
          const y = i * stride[0] + a - padTop;
          if (y < 0 || y >= h) continue;
          for (let c = 0; c < kw; c++) {
            const z = j * stride[1] + c - padLeft;
            if (z < 0 || z >= w) continue;
            for (let p = 0; p < ci; p++) {
              const xv = x[((b * h + y) * w + z) * ci + p]!;
              const o = ((a * kw + c) * ci + p) * co;
              const d = ((b * oh + i) * ow + j) * co;
              for (let q = 0; q < co; q++) out[o + q]! += xv * dy[d + q]!;
            }
          }
        }
  return out;
}

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
}

const CONV_CASES: ConvCase[] = [
  { x: [1, 84, 84, 4], filter: [8, 8, 4, 32], stride: 4, pad: 'valid' }, // Nature CNN conv1
  { x: [1, 20, 20, 32], filter: [4, 4, 32, 64], stride: 2, pad: 'valid' }, // Nature CNN conv2
  { x: [2, 9, 9, 64], filter: [3, 3, 64, 64], stride: 1, pad: 'valid' }, // Nature CNN conv3
  { x: [2, 80, 80, 1], filter: [3, 3, 1, 32], stride: 2, pad: 1 }, // baby-a3c conv1
  { x: [2, 11, 13, 5], filter: [3, 2, 5, 7], stride: [2, 1], pad: 'same' }, // odd everything
  {
    x: [1, 7, 6, 3],
    filter: [2, 3, 3, 13],
    stride: [1, 3],
    pad: [
      [0, 0],
      [2, 1],
      [2, 0],
      [0, 0],
    ],
  },
  { x: [2, 16, 16, 16], filter: [3, 3, 16, 32], stride: 1, pad: 1 }, // IMPALA-style
];

describe('wasm training kernels match the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  afterAll(async () => {
    await selectBackend('wasm');
  });

  for (const c of CONV_CASES) {
    const label = `x ${c.x} filter ${c.filter} stride ${c.stride} pad ${JSON.stringify(c.pad)}`;
    it(`Conv2DBackpropFilter and Conv2DBackpropInput: ${label}`, async () => {
      const xData = randoms(size(c.x), 1);
      const wData = randoms(size(c.filter), 2);
      const yShape = tf.tidy(
        () => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.stride, c.pad).shape,
      );
      const dyData = randoms(size(yShape), 3);
      const filterGrad = () =>
        tf.tidy(() =>
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropFilter',
              { x: tf.tensor4d(xData, c.x), dy: tf.tensor(dyData, yShape) },
              { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
            ),
        ) as tf.Tensor;
      const inputGrad = () =>
        tf.tidy(() =>
          tf.conv2dTranspose(
            tf.tensor(dyData, yShape) as tf.Tensor4D,
            tf.tensor4d(wData, c.filter),
            c.x,
            c.stride,
            c.pad,
          ),
        );
      const expectedInput = await on('cpu', inputGrad);
      const actualFilter = await on('wasm', filterGrad);
      const actualInput = await on('wasm', inputGrad);
      const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, 1, c.pad as 'valid');
      const byDefinition = filterGradientByDefinition(
        xData,
        c.x,
        dyData,
        yShape,
        c.filter,
        pairOf(c.stride),
        info.padInfo.top,
        info.padInfo.left,
      );
      expect(relL2(actualFilter, byDefinition)).toBeLessThan(1e-5);
      if (size(c.x) < 2000) expect(relL2(actualFilter, await on('cpu', filterGrad))).toBeLessThan(1e-5);
      expect(relL2(actualInput, expectedInput)).toBeLessThan(1e-5);
    });
  }

  it('refuses a geometry tfjs computes wrongly instead of writing out of bounds', () => {
    // tfjs 4.22 sizes numeric padding from the filter height and row stride only.
    const dy = tf.zeros([1, 10, 9, 13]);
    expect(() =>
      tf.conv2dTranspose(dy as tf.Tensor4D, tf.zeros([2, 3, 3, 13]) as tf.Tensor4D, [1, 7, 6, 3], [1, 3], 2),
    ).toThrow(/explicit padding/);
    dy.dispose();
  });

  it('gradients of a conv layer through tf.grads use them and agree with cpu', async () => {
    const xShape: [number, number, number, number] = [2, 12, 12, 3];
    const wShape: [number, number, number, number] = [4, 4, 3, 8];
    const xData = randoms(size(xShape), 4);
    const wData = randoms(size(wShape), 5);
    const grads = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'))),
      )([tf.tensor4d(xData, xShape), tf.tensor4d(wData, wShape)]);
      return [await dx!.data(), await dw!.data()];
    };
    const [ex, ew] = await grads('cpu');
    const [ax, aw] = await grads('wasm');
    expect(relL2(ax!, ex!)).toBeLessThan(1e-5);
    expect(relL2(aw!, ew!)).toBeLessThan(1e-5);
  });

  const MATMULS: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[1, 7, 5], [1, 3, 7], true, true],
    [[2, 8], [40, 8], false, true], // cheaper as (B·Aᵀ)ᵀ
    [[40, 3], [40, 2], true, false],
    [[2, 7, 5], [2, 7, 3], true, false], // batched: falls back to tfjs's own kernel
  ];
  for (const [aShape, bShape, ta, tb] of MATMULS) {
    it(`BatchMatMul a ${aShape}${ta ? 'ᵀ' : ''} b ${bShape}${tb ? 'ᵀ' : ''}`, async () => {
      const a = randoms(size(aShape), 6);
      const b = randoms(size(bShape), 7);
      const f = () => tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb));
      const expected = await on('cpu', f);
      const actual = await on('wasm', f);
      expect(relL2(actual, expected)).toBeLessThan(1e-6);
    });
  }

  const TRANSPOSES: [number[], number[]][] = [
    [
      [4, 6],
      [1, 0],
    ],
    [
      [2, 4, 5, 3],
      [0, 2, 3, 1],
    ], // NCHW -> NHWC
    [
      [2, 5, 3, 4],
      [0, 3, 1, 2],
    ], // NHWC -> NCHW
    [
      [1, 3, 1, 5],
      [3, 1, 2, 0],
    ],
    [
      [2, 3, 4],
      [2, 1, 0],
    ], // not a batched matrix transpose: tfjs's own kernel
  ];
  for (const [shape, perm] of TRANSPOSES) {
    it(`Transpose ${shape} by ${perm}`, async () => {
      const x = randoms(size(shape), 8);
      const f = () => tf.tidy(() => tf.transpose(tf.tensor(x, shape), perm));
      const expected = await on('cpu', f);
      const actual = await on('wasm', f);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    });
  }

  it('recognises batched matrix transposes and nothing else', () => {
    expect(asBatchedTranspose([2, 4, 5, 3], [0, 2, 3, 1])).toEqual({ batch: 2, rows: 4, cols: 15 });
    expect(asBatchedTranspose([2, 5, 3, 4], [0, 3, 1, 2])).toEqual({ batch: 2, rows: 15, cols: 4 });
    expect(asBatchedTranspose([4, 6], [1, 0])).toEqual({ batch: 1, rows: 4, cols: 6 });
    expect(asBatchedTranspose([2, 3, 4], [2, 1, 0])).toBeUndefined();
    expect(asBatchedTranspose([2, 3, 4], [0, 1, 2])).toBeUndefined();
  });
});
