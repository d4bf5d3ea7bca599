/**
 * Vector envs: N sub-envs stepped in batch, in worker threads or in-process, with Gymnasium's next-step
 * autoreset (types.ts), stepped in lockstep (`step`) or asynchronously, each sub-env at its own pace
 * (`asyncReset`, `send`, `recv`, EnvPool-style). `createVectorEnv(spec, n, options)` builds either kind from an `EnvSpec`, whose
 * `factory` names the module and export that build one sub-env (`factoryRef(new URL(...), 'makeEnv')`).
 *
 * Where the worker code comes from (launch.ts): from compiled JavaScript, dist/envs/vector/worker.js, the
 * sibling of the module that starts it; from TypeScript sources (tsx, vitest), src/envs/vector/worker.ts,
 * started through a bootstrap that registers tsx in the worker. A factory module must be loadable by the
 * worker: from dist/, point it at a .js file (a .ts factory makes the workers register tsx, which must then
 * be installed).
 */
export {
  type ActionStream,
  type AsyncBenchmarkOptions,
  type AsyncBenchmarkResult,
  benchmarkAsyncVectorEnv,
  benchmarkVectorEnv,
  lockstepBound,
  type ResetShare,
  type Throughput,
  type VectorBenchmarkOptions,
  type VectorBenchmarkResult,
} from './benchmark.js';
export {
  EnvSpecError,
  NothingInFlightError,
  SubEnvBusyError,
  SubEnvError,
  type SubEnvPhase,
  VectorEnvConfigError,
  VectorEnvStateError,
  VectorEnvTimeoutError,
  VectorInvalidActionError,
  WorkerCrashedError,
} from './errors.js';
export type { TypeScriptLoader } from './launch.js';
export { createVectorEnv, type VectorEnvOptions } from './make.js';
export { factoryRef } from './spec.js';
export { SyncVectorEnv } from './sync-vector-env.js';
export type {
  AutoresetMode,
  EnvFactory,
  EnvFactoryContext,
  EnvSpec,
  VectorAsyncResetArgs,
  VectorBuffers,
  VectorEnv,
  VectorInfo,
  VectorRecvArgs,
  VectorRecvResult,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './types.js';
export { WorkerVectorEnv, type WorkerVectorEnvOptions } from './worker-vector-env.js';
