/**
 * The in-process vector env: the sub-envs run one after another in the calling thread, with the same API,
 * result arrays and autoreset as the worker vector env. For debugging (stack traces point into the env),
 * for platforms without worker threads, and as the `vector1` baseline of the benchmark.
 *
 * Its asynchronous interface (send/recv) has the worker vector env's semantics with every sub-env in this
 * thread: `send` only queues, and `recv` runs the queued requests, first sent first, until `minEnvs` results
 * are in. Code written against send/recv runs unchanged on either kind.
 */
import type { Observation } from '../spaces.js';
import type { Env } from '../types.js';
import { type AsyncBackend, runRequest } from './async.js';
import { VectorEnvBase } from './base.js';
import { allocateBufferMemory, sameActionSpace, viewBuffers } from './buffers.js';
import { subEnvErrorFrom, VectorEnvConfigError } from './errors.js';
import type { ResetPlan } from './reset-plan.js';
import { buildEnv } from './spec.js';
import { runEach, SubEnvSlot } from './sub-env.js';
import type { EnvSpec, VectorBuffers } from './types.js';

/** Throws VectorEnvConfigError unless every env has env 0's observation and action spaces. */
export function checkSameSpaces(envs: readonly Env[], what: string): void {
  const first = envs[0];
  if (!first) throw new VectorEnvConfigError(`${what} needs at least one env`);
  envs.forEach((env, i) => {
    if (!env.observationSpace.equals(first.observationSpace)) {
      throw new VectorEnvConfigError(
        `${what}: env ${i} has observation space ${env.observationSpace.toString()}, env 0 has ${first.observationSpace.toString()}; every sub-env needs the same one`,
      );
    }
    if (!sameActionSpace(env.actionSpace, first.actionSpace)) {
      throw new VectorEnvConfigError(
        `${what}: env ${i} has action space ${env.actionSpace.toString()} [${env.actionSpace.meanings.join(', ')}], env 0 has ${first.actionSpace.toString()} [${first.actionSpace.meanings.join(', ')}]; every sub-env needs the same one`,
      );
    }
  });
}

/** Builds the sub-envs `indices` from a spec in this thread; on failure closes those built and throws SubEnvError. */
export async function buildEnvs(spec: EnvSpec, indices: readonly number[]): Promise<Env[]> {
  const envs: Env[] = [];
  for (const index of indices) {
    try {
      envs.push(await buildEnv(spec, { index }));
    } catch (error) {
      for (const env of envs) env.close();
      throw subEnvErrorFrom(index, 'create', error);
    }
  }
  return envs;
}

export class SyncVectorEnv<O extends Observation = Observation> extends VectorEnvBase<O> {
  private readonly slots: readonly SubEnvSlot[];

  /** Wraps already-built envs, which must share one observation space and one action space. */
  constructor(envs: readonly Env[]) {
    checkSameSpaces(envs, 'SyncVectorEnv');
    const first = envs[0]!;
    const buffers = viewBuffers(allocateBufferMemory(first.observationSpace, envs.length, false)) as VectorBuffers<O>;
    super(first.observationSpace, first.actionSpace, buffers, new Int32Array(envs.length));
    this.slots = envs.map((env, i) => new SubEnvSlot(env, i, buffers));
  }

  /** Builds `numEnvs` sub-envs from a spec in this thread (sub-env i gets `{ index: i }`). */
  static async create<O extends Observation = Observation>(spec: EnvSpec, numEnvs: number): Promise<SyncVectorEnv<O>> {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) {
      throw new VectorEnvConfigError(`numEnvs must be an integer ≥ 1, got ${numEnvs}`);
    }
    const envs = await buildEnvs(
      spec,
      Array.from({ length: numEnvs }, (_, i) => i),
    );
    try {
      return new SyncVectorEnv<O>(envs);
    } catch (error) {
      for (const env of envs) env.close();
      throw error;
    }
  }

  protected runReset(plan: ResetPlan): void {
    runEach(this.slots, 'reset', (slot) => {
      if (plan.mask[slot.index]) slot.reset(plan.seeds[slot.index], plan.options);
    });
  }

  protected runStep(): void {
    const actions = this.actionsBuffer;
    runEach(this.slots, 'step', (slot) => slot.step(actions[slot.index]!));
  }

  protected async runStepAsync(): Promise<void> {
    this.runStep();
  }

  protected asyncBackend(): AsyncBackend {
    const slots = this.slots;
    const actions = this.actionsBuffer;
    const remote = (): never => {
      throw new Error('internal: SyncVectorEnv has no worker sub-envs');
    };
    return {
      isLocal: () => true,
      runLocal: (env, command, reset) => runRequest(slots[env]!, command, actions[env]!, reset),
      postRemote: remote,
      flushRemote: () => {},
      signal: () => 0,
      remoteDone: remote,
      waitRemote: remote,
      waitRemoteAsync: remote,
      lingerMs: () => 0,
      noteRecv: () => {},
      observation: (env) => slots[env]!.resultObs,
    };
  }

  protected async runClose(): Promise<void> {
    runEach(this.slots, 'close', (slot) => slot.close(), true);
  }
}
