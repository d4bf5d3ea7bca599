import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { activeBackend, BackendUnavailableError, selectBackend, WASM_TRAINING_KERNELS } from '../../src/tf/index.js';

describe('selectBackend', () => {
  afterAll(async () => {
    await selectBackend('wasm');
  });

  it('selects wasm by default and registers our training kernels for it', async () => {
    expect(await selectBackend()).toBe('wasm');
    expect(activeBackend()).toBe('wasm');
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });

  it('selects cpu', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto takes tensorflow when installed, else wasm', async () => {
    const installed = await import('@tensorflow/tfjs-node' as string).then(
      () => true,
      () => false,
    );
    expect(await selectBackend('auto')).toBe(installed ? 'tensorflow' : 'wasm');
  });

  it('explains how to get the tensorflow backend when it is missing', async () => {
    const installed = await import('@tensorflow/tfjs-node' as string).then(
      () => true,
      () => false,
    );
    if (installed) expect(await selectBackend('tensorflow')).toBe('tensorflow');
    else await expect(selectBackend('tensorflow')).rejects.toThrow(/npm install @tensorflow\/tfjs-node/);
    await expect(selectBackend('gpu' as never)).rejects.toThrow(BackendUnavailableError);
  });
});
