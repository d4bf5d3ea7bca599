/**
 * From env observations to stored frames and network inputs.
 *
 * Envs give frame stacks [k, H, W] (or one frame [H, W]) of uint8, or float32 frames of exactly
 * byte/255 (baby-a3c). We store the newest frame of each observation as bytes, and every network
 * input is x = bytes / 255: the derivatives of the teacher and the student are with respect to that
 * x (the `sobolev_reference` fixture's convention).
 */
import * as tf from '@tensorflow/tfjs';
import type { PresetName } from '../envs/presets.js';
import { PRESETS } from '../envs/presets.js';
import type { Box } from '../envs/spaces.js';
import type { StackPadding } from '../envs/wrappers/frame-stack.js';
import { uint8ImagesToNhwc } from '../tf/wasm/input.js';
import type { ObservationEncoding } from './dataset/types.js';
import { DatasetMismatchError } from './errors.js';

/** x = byte · PIXEL_SCALE for every network input. */
export const PIXEL_SCALE = 1 / 255;
const BYTE_MAX = 255;

export interface ObservationLayout {
  readonly encoding: ObservationEncoding;
  /** Frames per observation. */
  readonly stack: number;
  readonly frameShape: readonly [number, number];
  readonly frameSize: number;
}

/** How an env's observations break into frames; throws for observations that are not frames. */
export function observationLayout(space: Box): ObservationLayout {
  const shape = space.shape;
  const encoding: ObservationEncoding | undefined =
    space.dtype === 'uint8' ? 'uint8' : space.dtype === 'float32' && space.high <= 1 ? 'unit' : undefined;
  const dims = shape.length === 2 ? [1, shape[0]!, shape[1]!] : shape.length === 3 ? [...shape] : undefined;
  if (!encoding || !dims || (shape.length === 3 && shape[2] === 3)) {
    throw new DatasetMismatchError(
      `observations ${space.dtype} [${shape}] are not grayscale frames or frame stacks; use a preset (sb3-atari, atari-preprocessing, baby-a3c)`,
    );
  }
  const [stack, h, w] = dims as [number, number, number];
  return { encoding, stack, frameShape: [h, w], frameSize: h * w };
}

/** FrameStack's padding in a preset ('reset' when it has none: single frames need no padding). */
export function presetPadding(preset: PresetName | 'none' | undefined): StackPadding {
  if (!preset || preset === 'none') return 'reset';
  const spec = PRESETS[preset].wrappers.find((w) => w.kind === 'FrameStack');
  return spec && spec.kind === 'FrameStack' ? spec.padding : 'reset';
}

/**
 * Writes the newest frame of observation `row` of a batch into `out` as bytes. For 'unit'
 * observations each value must be exactly float32(byte / 255); anything else is an error (the
 * dataset could not reproduce the observation).
 */
export function newestFrame(
  layout: ObservationLayout,
  obs: Uint8Array | Float32Array,
  row: number,
  out: Uint8Array,
): Uint8Array {
  const { frameSize, stack } = layout;
  const start = (row * stack + stack - 1) * frameSize;
  if (layout.encoding === 'uint8') {
    out.set((obs as Uint8Array).subarray(start, start + frameSize));
    return out;
  }
  for (let i = 0; i < frameSize; i++) {
    const v = obs[start + i]!;
    const byte = Math.round(v * BYTE_MAX);
    if (Math.fround(byte / BYTE_MAX) !== v) {
      throw new DatasetMismatchError(
        `observation value ${v} is not a byte / 255; only uint8 frames or frames of exactly byte/255 can be stored`,
      );
    }
    out[i] = byte;
  }
  return out;
}

/** Stored frames as the teacher's observations: the bytes ('uint8') or float32 byte/255 ('unit'). */
export function teacherObservations(
  encoding: ObservationEncoding,
  bytes: Uint8Array,
  shape: readonly number[],
): { data: Uint8Array | Float32Array; shape: readonly number[] } {
  if (encoding === 'uint8') return { data: bytes, shape };
  const data = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) data[i] = bytes[i]! / BYTE_MAX;
  return { data, shape };
}

/** Byte stacks [B, C, H, W] as a float32 NHWC network input x = bytes / 255 (the caller disposes it). */
export function bytesToInput(bytes: Uint8Array, shape: readonly [number, number, number, number]): tf.Tensor4D {
  const fast = uint8ImagesToNhwc(bytes, shape, PIXEL_SCALE);
  if (fast) return fast;
  return tf.tidy(() =>
    tf.mul(tf.transpose(tf.tensor4d(bytes, [...shape], 'int32'), [0, 2, 3, 1]).toFloat(), PIXEL_SCALE),
  ) as tf.Tensor4D;
}

/** Per-slot history of the newest `k` frames, padded at episode start like FrameStack. */
export class FrameHistory {
  private readonly frames: Uint8Array;
  private readonly filled: Int32Array;

  constructor(
    readonly slots: number,
    readonly k: number,
    readonly frameSize: number,
    readonly padding: StackPadding,
  ) {
    this.frames = new Uint8Array(slots * k * frameSize);
    this.filled = new Int32Array(slots);
  }

  /** Starts a slot's episode from its first frame. */
  begin(slot: number, frame: Uint8Array): void {
    const base = slot * this.k * this.frameSize;
    for (let j = 0; j < this.k; j++) {
      const at = base + j * this.frameSize;
      if (this.padding === 'reset' || j === this.k - 1) this.frames.set(frame, at);
      else this.frames.fill(0, at, at + this.frameSize);
    }
    this.filled[slot] = 1;
  }

  /** Appends a slot's newest frame. */
  push(slot: number, frame: Uint8Array): void {
    const base = slot * this.k * this.frameSize;
    this.frames.copyWithin(base, base + this.frameSize, base + this.k * this.frameSize);
    this.frames.set(frame, base + (this.k - 1) * this.frameSize);
  }

  /** Copies the stacks of `slots` into `out` ([slots.length, k, H, W] bytes). */
  gather(slots: readonly number[], out: Uint8Array): Uint8Array {
    const size = this.k * this.frameSize;
    slots.forEach((s, b) => {
      out.set(this.frames.subarray(s * size, (s + 1) * size), b * size);
    });
    return out;
  }
}
