import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/tf/index.js';
import { uint8ImagesToNhwc } from '../../src/tf/wasm/input.js';

describe('uint8ImagesToNhwc', () => {
  afterAll(async () => {
    await selectBackend('wasm');
  });

  for (const shape of [
    [2, 4, 84, 84],
    [3, 1, 5, 7],
    [1, 3, 2, 9],
  ] as [number, number, number, number][]) {
    it(`widens, scales and transposes ${shape} frames exactly like tf ops`, async () => {
      await selectBackend('wasm');
      const bytes = new Uint8Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => (i * 131 + 7) % 256);
      const fast = uint8ImagesToNhwc(bytes, shape, 1 / 255)!;
      const reference = tf.tidy(() =>
        tf.mul(tf.transpose(tf.tensor4d(bytes, shape, 'int32').toFloat(), [0, 2, 3, 1]), 1 / 255),
      );
      expect(fast.shape).toEqual([shape[0], shape[2], shape[3], shape[1]]);
      expect(Array.from(fast.dataSync())).toEqual(Array.from(reference.dataSync()));
      tf.dispose([fast, reference]);
    });
  }

  it('leaves other backends to the caller', async () => {
    await selectBackend('cpu');
    expect(uint8ImagesToNhwc(new Uint8Array(4), [1, 1, 2, 2], 1)).toBeUndefined();
  });
});
