/**
 * Helpers for the tests of src/models, src/teachers and src/distill/losses against the PyTorch
 * fixtures in ../shared/fixtures: reading tensors (through our own safetensors reader) and the
 * fixtures' tolerances (../shared/fixtures/README.md).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { parseSafetensors, type SafetensorsFile } from '../../src/teachers/formats/safetensors.js';
import { toFloat32 } from '../../src/teachers/formats/tensors.js';
import { sharedPath } from '../helpers/shared.js';

/** Values and logits: within 1e-4 relative, or 1e-5 absolute near zero. */
export const VALUE_RTOL = 1e-4;
export const VALUE_ATOL = 1e-5;
/** Input- and parameter-gradients: relative L2 error of the whole tensor within 1e-3. */
export const GRADIENT_RTOL = 1e-3;

export function readFixture(...parts: string[]): SafetensorsFile {
  const path = sharedPath(...parts);
  return parseSafetensors(new Uint8Array(readFileSync(path)), path);
}

/** A fixture tensor as float32 values and shape (float64 references are rounded to float32). */
export function values(file: SafetensorsFile, name: string): { data: Float32Array; shape: number[] } {
  const t = file.tensors.get(name);
  if (!t) throw new Error(`fixture has no tensor ${name}; it has ${[...file.tensors.keys()].join(', ')}`);
  return { data: toFloat32(t, name), shape: [...t.shape] };
}

/** A fixture tensor as a tf.Tensor (float32). */
export function fixtureTensor(file: SafetensorsFile, name: string): tf.Tensor {
  const v = values(file, name);
  return tf.tensor(v.data, v.shape, 'float32');
}

/** The worst |a − b| − (atol + rtol |b|) over all elements (≤ 0 means within tolerance). */
export function worstExcess(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = VALUE_RTOL,
  atol = VALUE_ATOL,
): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!)));
  }
  return worst;
}

/** ‖a − b‖₂ / ‖b‖₂. */
export function relativeL2(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += (actual[i]! - expected[i]!) ** 2;
    den += expected[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** Reads a tensor's values and disposes it. */
export function take(t: tf.Tensor): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}
