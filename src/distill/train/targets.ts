/**
 * The teacher's side of the Sobolev terms: for the directions drawn at a training step, the
 * teacher's derivatives at that step's observations. They are computed on the fly (the dataset
 * holds no input-sized targets) and are pure functions of their inputs, so they may be computed in
 * the learner's thread or ahead of time in the teacher worker, with identical results.
 *
 * Derivatives are with respect to the teacher's network input x = frames / 255, in NHWC layout
 * ([rows, H, W, C_T]), the layout the networks run in:
 *   vjp:  g_T = ∂⟨log π_T(x), v⟩/∂x for v [B·k, A]  → [B·k, H, W, C_T]
 *   jvp:  j_T = d log π_T(x + εu)/dε for u [B·k, H, W, C_T]  → [B·k, A]
 *   full: the Jacobian, row b·A + i = ∂ log π_T(x_b)_i/∂x  → [B·A, H, W, C_T]
 * Rows b·k + j repeat sample b (k directions per sample). Recurrent teachers hold their state fixed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Teacher } from '../../teachers/teacher.js';
import type { ObservationEncoding } from '../dataset/types.js';
import { DistillConfigError } from '../errors.js';
import { teacherObservations } from '../observations.js';

export type SobolevKind = 'none' | 'vjp' | 'jvp' | 'full';
export const SOBOLEV_KINDS: readonly SobolevKind[] = ['none', 'vjp', 'jvp', 'full'];

/** What the teacher needs for one step's targets. Plain arrays: it may cross to a worker thread. */
export interface TargetRequest {
  readonly kind: Exclude<SobolevKind, 'none'>;
  /** Teacher input frames, [B, C_T, H, W] bytes. */
  readonly frames: Uint8Array;
  readonly shape: readonly [number, number, number, number];
  readonly encoding: ObservationEncoding;
  /** Recurrent teachers: input states [B, S]. */
  readonly states?: Float32Array;
  /** Directions per sample (vjp, jvp). */
  readonly k: number;
  /** v [B·k, A] (vjp) or u [B·k, H, W, C_T] (jvp); empty for full. */
  readonly directions: Float32Array;
}

/** Repeats each row of a [B, …] tensor `times` times (rows b·times + j). */
export function repeatRows<T extends tf.Tensor>(x: T, times: number): T {
  if (times === 1) return x;
  return tf.tidy(() => {
    const [b, ...rest] = x.shape;
    const tiled = tf.tile(tf.expandDims(x, 1), [1, times, ...rest.map(() => 1)]);
    return tf.reshape(tiled, [b! * times, ...rest]) as T;
  });
}

/** Computes the targets of a request (see the module comment) as a plain array. */
export function teacherTargets(teacher: Teacher, request: TargetRequest): Float32Array {
  const [b, c, h, w] = request.shape;
  const a = teacher.numActions;
  const k = request.k;
  // Read the result after the tidy scope: reading inside it was measured 10× slower on wasm.
  const result = tf.tidy(() => {
    const x = teacher.input(teacherObservations(request.encoding, request.frames, request.shape));
    const state = request.states ? tf.tensor2d(request.states, [b, teacher.model.stateSize]) : undefined;
    let out: tf.Tensor;
    switch (request.kind) {
      case 'vjp': {
        const v = tf.tensor2d(request.directions, [b * k, a]);
        out = teacher.model.vjp(repeatRows(x, k), v, state && repeatRows(state, k), 'NHWC').inputGradient;
        break;
      }
      case 'jvp': {
        const u = tf.tensor4d(request.directions, [b * k, h, w, c]);
        out = teacher.model.jvp(repeatRows(x, k), u, state && repeatRows(state, k), 'NHWC').tangent;
        break;
      }
      case 'full': {
        const v = tf.tile(tf.eye(a), [b, 1]) as tf.Tensor2D;
        out = teacher.model.vjp(repeatRows(x, a), v, state && repeatRows(state, a), 'NHWC').inputGradient;
        break;
      }
      default:
        throw new DistillConfigError(`unknown Sobolev kind ${String(request.kind)}`);
    }
    return out;
  });
  const data = new Float32Array(result.dataSync() as Float32Array);
  result.dispose();
  return data;
}

/** Where teacher targets are computed. */
export interface TargetProvider {
  /** Starts computing a request's targets; the promise resolves with them. */
  request(request: TargetRequest): Promise<Float32Array>;
  /** Whether requests run beside the learner (so prefetching hides their cost). */
  readonly concurrent: boolean;
  close(): Promise<void>;
}

/** Targets computed in the calling thread when requested. */
export class InlineTargets implements TargetProvider {
  readonly concurrent = false;
  constructor(private readonly teacher: Teacher) {}
  request(request: TargetRequest): Promise<Float32Array> {
    try {
      return Promise.resolve(teacherTargets(this.teacher, request));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  async close(): Promise<void> {}
}
