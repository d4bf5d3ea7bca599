/**
 * The result arrays of a vector env, allocated once. Worker vector envs place them in SharedArrayBuffers so
 * that workers write results where the parent reads them; `VectorBufferMemory` is what crosses to a worker
 * (the buffers themselves, which postMessage shares rather than copies).
 */
import { Box, type BoxDType, Discrete, type Observation } from '../spaces.js';
import type { VectorBuffers } from './types.js';

export interface VectorBufferMemory {
  readonly numEnvs: number;
  readonly obsDType: BoxDType;
  readonly obs: ArrayBufferLike;
  readonly rewards: ArrayBufferLike;
  readonly terminated: ArrayBufferLike;
  readonly truncated: ArrayBufferLike;
  readonly lives: ArrayBufferLike;
  readonly episodeFrameNumber: ArrayBufferLike;
  readonly frameNumber: ArrayBufferLike;
}

const OBS_BYTES: Readonly<Record<BoxDType, number>> = { uint8: 1, float32: 4 };

/** Allocates the memory for `numEnvs` sub-envs of observation space `space`. */
export function allocateBufferMemory(space: Box, numEnvs: number, shared: boolean): VectorBufferMemory {
  const alloc = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    numEnvs,
    obsDType: space.dtype,
    obs: alloc(numEnvs * space.size * OBS_BYTES[space.dtype]),
    rewards: alloc(numEnvs * Float64Array.BYTES_PER_ELEMENT),
    terminated: alloc(numEnvs),
    truncated: alloc(numEnvs),
    lives: alloc(numEnvs * Int32Array.BYTES_PER_ELEMENT),
    episodeFrameNumber: alloc(numEnvs * Float64Array.BYTES_PER_ELEMENT),
    frameNumber: alloc(numEnvs * Float64Array.BYTES_PER_ELEMENT),
  };
}

/** Typed-array views over buffer memory (in the thread that calls it). */
export function viewBuffers(memory: VectorBufferMemory): VectorBuffers {
  const obs: Observation = memory.obsDType === 'uint8' ? new Uint8Array(memory.obs) : new Float32Array(memory.obs);
  return {
    obs,
    rewards: new Float64Array(memory.rewards),
    terminated: new Uint8Array(memory.terminated),
    truncated: new Uint8Array(memory.truncated),
    info: {
      lives: new Int32Array(memory.lives),
      episode_frame_number: new Float64Array(memory.episodeFrameNumber),
      frame_number: new Float64Array(memory.frameNumber),
    },
  };
}

/** A space as plain data, to cross threads (class instances lose their prototype in structuredClone). */
export interface SpacesDescription {
  readonly obs: {
    readonly shape: readonly number[];
    readonly dtype: BoxDType;
    readonly low: number;
    readonly high: number;
  };
  readonly action: { readonly n: number; readonly meanings: readonly string[] };
}

export function describeSpaces(observationSpace: Box, actionSpace: Discrete): SpacesDescription {
  return {
    obs: {
      shape: [...observationSpace.shape],
      dtype: observationSpace.dtype,
      low: observationSpace.low,
      high: observationSpace.high,
    },
    action: { n: actionSpace.n, meanings: [...actionSpace.meanings] },
  };
}

export function spacesFrom(description: SpacesDescription): { observation: Box; action: Discrete } {
  const { obs, action } = description;
  return {
    observation: new Box(obs.shape, obs.dtype, obs.low, obs.high),
    action: new Discrete(action.n, action.meanings.length > 0 ? action.meanings : undefined),
  };
}

/** Whether two action spaces are the same (count and meanings). */
export function sameActionSpace(a: Discrete, b: Discrete): boolean {
  return a.n === b.n && a.meanings.length === b.meanings.length && a.meanings.every((m, i) => m === b.meanings[i]);
}

/** The batched observation space of `numEnvs` sub-envs. */
export function batchSpace(single: Box, numEnvs: number): Box {
  return new Box([numEnvs, ...single.shape], single.dtype, single.low, single.high);
}
