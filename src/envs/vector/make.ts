/**
 * `createVectorEnv(spec, numEnvs, options)`: the one entry point for both kinds of vector env. `makeEnv`-based
 * callers pass a spec whose factory is src/envs's `makeEnv` export; tests pass their own env module.
 */
import type { Observation } from '../spaces.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { EnvSpec, VectorEnv } from './types.js';
import { WorkerVectorEnv, type WorkerVectorEnvOptions } from './worker-vector-env.js';

export interface VectorEnvOptions extends WorkerVectorEnvOptions {
  /**
   * 'workers' (default): sub-envs in worker_threads, `envsPerWorker` per thread.
   * 'sync': every sub-env in the calling thread, one after another (debugging; the `vector1` baseline).
   */
  readonly mode?: 'workers' | 'sync';
}

export async function createVectorEnv<O extends Observation = Observation>(
  spec: EnvSpec,
  numEnvs: number,
  options: VectorEnvOptions = {},
): Promise<VectorEnv<O>> {
  const { mode = 'workers', ...workerOptions } = options;
  if (mode === 'sync') return SyncVectorEnv.create<O>(spec, numEnvs);
  return WorkerVectorEnv.create<O>(spec, numEnvs, workerOptions);
}
