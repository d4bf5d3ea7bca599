/**
 * TF.js LayersModel import against tfjs-layers itself: a Keras-style policy (channels-last convs,
 * 'same' and 'valid' padding, separate Activation layers, Flatten in H,W,C order, softmax output)
 * saved in the standard model.json + weights.bin layout; our imported teacher's softmax must equal
 * the LayersModel's predictions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedTeacherError } from '../../src/teachers/errors.js';
import { loadTeacher } from '../../src/teachers/load.js';
import { selectBackend } from '../../src/tf/index.js';

let dir: string;

/** Saves a LayersModel as model.json + weights.bin in `folder`, as tfjs's file:// handler does. */
async function save(model: tf.LayersModel, folder: string): Promise<string> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      writeFileSync(join(folder, 'weights.bin'), new Uint8Array(weightData));
      writeFileSync(
        join(folder, 'model.json'),
        JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return join(folder, 'model.json');
}

describe('TF.js LayersModel import', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'tfjs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches tfjs-layers predictions (softmax of our logits)', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [10, 12, 3],
          filters: 4,
          kernelSize: 3,
          strides: 1,
          padding: 'same',
          activation: 'elu',
          seed: 1,
        } as never),
        tf.layers.conv2d({ filters: 5, kernelSize: 4, strides: 2, padding: 'valid' }),
        tf.layers.activation({ activation: 'elu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 7, activation: 'elu' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const path = await save(model, dir);
    const teacher = await loadTeacher(path, { preset: 'test-preset', inputScale: 1 });
    expect(teacher.model.spec).toMatchObject({
      kind: 'conv-actor-critic',
      input: [3, 10, 12],
      activation: 'elu',
      numActions: 3,
    });
    tf.tidy(() => {
      const nhwc = tf.randomUniform([4, 10, 12, 3], 0, 1, 'float32', 7);
      const expected = (model.predict(nhwc) as tf.Tensor).dataSync();
      const ours = tf.softmax(teacher.logits(tf.transpose(nhwc, [0, 3, 1, 2])).logits).dataSync();
      for (let i = 0; i < expected.length; i++) expect(Math.abs(ours[i]! - expected[i]!)).toBeLessThan(1e-5);
    });
    teacher.dispose();
    model.dispose();
  });

  it('refuses layers it cannot represent', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const folder = mkdtempSync(join(dir, 'pool-'));
    const path = await save(model, folder);
    await expect(loadTeacher(path, { preset: 'x' })).rejects.toThrow(UnsupportedTeacherError);
    await expect(loadTeacher(path, { preset: 'x' })).rejects.toThrow(/MaxPooling2D/);
    model.dispose();
  });
});
