/**
 * Every layer's derivatives: the JVP against central differences of the forward pass, and the
 * VJP as the JVP's adjoint, ⟨vjp(v), u⟩ = ⟨v, jvp(u)⟩, on random inputs (wasm backend).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation } from '../../src/models/layers/activations.js';
import { Conv2D } from '../../src/models/layers/conv2d.js';
import { Dense } from '../../src/models/layers/dense.js';
import { Flatten } from '../../src/models/layers/flatten.js';
import type { Layer } from '../../src/models/layers/layer.js';
import { LogSoftmax } from '../../src/models/layers/log-softmax.js';
import { MaxPool2D } from '../../src/models/layers/max-pool.js';
import { Residual } from '../../src/models/layers/residual.js';
import { Sequential } from '../../src/models/layers/sequential.js';
import { ParameterFactory, pytorchDefaultInit } from '../../src/models/params.js';
import { selectBackend } from '../../src/tf/index.js';

/** Relative tolerance of the adjoint identity (float32 dot products of a few hundred terms). */
const ADJOINT_RTOL = 1e-5;
/** Central differences of a float32 forward pass with step 1e-2: O(h²) ≈ 1e-4, rounding ≈ 1e-5. */
const JVP_RTOL = 2e-3;
const STEP = 1e-2;

const dot = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(a, b)).dataSync()[0]!);

function relL2(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.norm(tf.sub(a, b)).dataSync()[0]! / tf.norm(b).dataSync()[0]!);
}

interface Case {
  name: string;
  layer: () => Layer;
  inputShape: number[];
  /** Smooth at the sampled inputs, so central differences apply. */
  smooth: boolean;
}

const factory = () => new ParameterFactory(true, pytorchDefaultInit(42));

const CASES: Case[] = [
  {
    name: 'conv2d stride 2, padding 1',
    layer: () => new Conv2D(factory(), 'c', { inChannels: 3, outChannels: 5, kernel: 3, stride: 2, padding: 1 }),
    inputShape: [2, 9, 11, 3],
    smooth: true,
  },
  {
    name: 'conv2d non-square kernel and stride',
    layer: () =>
      new Conv2D(factory(), 'c', { inChannels: 2, outChannels: 3, kernel: [3, 2], stride: [1, 2], padding: [1, 0] }),
    inputShape: [2, 7, 8, 2],
    smooth: true,
  },
  { name: 'dense', layer: () => new Dense(factory(), 'd', 7, 4), inputShape: [3, 7], smooth: true },
  { name: 'relu', layer: () => new Activation('relu'), inputShape: [3, 10], smooth: false },
  { name: 'elu', layer: () => new Activation('elu'), inputShape: [3, 10], smooth: false },
  { name: 'tanh', layer: () => new Activation('tanh'), inputShape: [3, 10], smooth: true },
  { name: 'flatten (C,H,W order)', layer: () => new Flatten(), inputShape: [2, 3, 4, 5], smooth: true },
  { name: 'log-softmax', layer: () => new LogSoftmax(), inputShape: [3, 6], smooth: true },
  { name: 'max-pool 3/2 padding 1', layer: () => new MaxPool2D(3, 2, 1), inputShape: [2, 9, 8, 3], smooth: false },
  {
    name: 'residual block',
    layer: () =>
      new Residual(
        new Sequential([
          new Activation('tanh'),
          new Conv2D(factory(), 'a', { inChannels: 3, outChannels: 3, kernel: 3, padding: 1 }),
          new Activation('tanh'),
          new Conv2D(factory(), 'b', { inChannels: 3, outChannels: 3, kernel: 3, padding: 1 }),
        ]),
      ),
    inputShape: [2, 6, 6, 3],
    smooth: true,
  },
];

describe('layer derivatives', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  for (const c of CASES) {
    it(`${c.name}: vjp is the adjoint of jvp${c.smooth ? ', jvp matches central differences' : ''}`, () => {
      const layer = c.layer();
      tf.tidy(() => {
        const x = tf.randomNormal(c.inputShape, 0, 1, 'float32', 1);
        const u = tf.randomNormal(c.inputShape, 0, 1, 'float32', 2);
        const { y, dy } = layer.jvp(x, u);
        expect(y.shape).toEqual([c.inputShape[0], ...layer.outputShape(c.inputShape.slice(1))]);
        expect(relL2(y, layer.forward(x))).toBeLessThan(1e-7);
        const v = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
        const lhs = dot(layer.vjp(x, y, v), u);
        const rhs = dot(v, dy);
        expect(Math.abs(lhs - rhs) / Math.abs(rhs)).toBeLessThan(ADJOINT_RTOL);
        if (c.smooth) {
          const fd = tf.div(
            tf.sub(layer.forward(tf.add(x, tf.mul(u, STEP))), layer.forward(tf.sub(x, tf.mul(u, STEP)))),
            2 * STEP,
          );
          expect(relL2(dy, fd)).toBeLessThan(JVP_RTOL);
        }
      });
      for (const p of layer.params) p.variable.dispose();
    });
  }

  it('max-pool matches PyTorch semantics: −∞ padding, first maximum takes the derivative', () => {
    const pool = new MaxPool2D(3, 2, 1);
    tf.tidy(() => {
      // One 4x4 channel with a tie between (0, 0) and (0, 1) in the first window.
      const x = tf.tensor4d([5, 5, 1, 2, 0, -1, 3, 4, -2, 6, -3, 7, 1, 1, 1, -9], [1, 4, 4, 1]);
      expect(Array.from(pool.forward(x).dataSync())).toEqual([5, 5, 6, 7]);
      const g = pool.vjp(x, pool.forward(x), tf.tensor4d([1, 10, 100, 1000], [1, 2, 2, 1]));
      // Window (0,0) holds both 5s and takes (0,0), the first in row-major order; window (0,1)
      // (columns 1-3) takes the 5 at (0,1); the lower windows take 6 at (2,1) and 7 at (2,3).
      expect(Array.from(g.dataSync())).toEqual([1, 10, 0, 0, 0, 0, 0, 0, 0, 100, 0, 1000, 0, 0, 0, 0]);
    });
  });

  it('flattens in PyTorch C,H,W order', () => {
    tf.tidy(() => {
      // NHWC [1, 1, 2, 3]: channel c at column w holds 10 c + w.
      const x = tf.tensor4d([0, 10, 20, 1, 11, 21], [1, 1, 2, 3]);
      expect(Array.from(new Flatten().forward(x).dataSync())).toEqual([0, 1, 10, 11, 20, 21]);
    });
  });
});
