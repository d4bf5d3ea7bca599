/**
 * What in-process and worker vector envs share: spaces, result arrays, argument checks and the life cycle
 * (fresh → running → closed, or broken after a sub-env failure). Subclasses only run the commands.
 */
import { ResetNeededError, ShapeMismatchError } from '../errors.js';
import type { Box, Discrete, Observation } from '../spaces.js';
import { type AsyncBackend, AsyncScheduler } from './async.js';
import { batchSpace } from './buffers.js';
import { NothingInFlightError, VectorEnvConfigError, VectorEnvStateError, VectorInvalidActionError } from './errors.js';
import { planReset, type ResetPlan } from './reset-plan.js';
import type {
  AutoresetMode,
  VectorAsyncResetArgs,
  VectorBuffers,
  VectorEnv,
  VectorRecvArgs,
  VectorRecvResult,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './types.js';

export abstract class VectorEnvBase<O extends Observation = Observation> implements VectorEnv<O> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode = 'next_step';
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Discrete;
  readonly observationSpace: Box;
  readonly buffers: VectorBuffers<O>;
  /** Where `step` copies the actions before dispatching them. */
  protected readonly actionsBuffer: Int32Array;
  private readonly resetResult: VectorResetResult<O>;
  private readonly stepResult: VectorStepResult<O>;
  /** Which sub-envs have been reset at least once (a masked reset can leave some out). */
  private readonly everReset: Uint8Array;
  private resetCount = 0;
  private failure: Error | undefined;
  private isClosed = false;
  /** Asynchronous use (send/recv), created on first use. */
  private scheduler: AsyncScheduler<O> | undefined;
  /** `send`'s scratch: the sub-envs to step, and which were named already. */
  private readonly sendIds: Int32Array;
  private readonly sendMarks: Uint8Array;

  protected constructor(
    observationSpace: Box,
    actionSpace: Discrete,
    buffers: VectorBuffers<O>,
    actionsBuffer: Int32Array,
  ) {
    this.numEnvs = actionsBuffer.length;
    this.singleObservationSpace = observationSpace;
    this.singleActionSpace = actionSpace;
    this.observationSpace = batchSpace(observationSpace, this.numEnvs);
    this.buffers = buffers;
    this.actionsBuffer = actionsBuffer;
    this.everReset = new Uint8Array(this.numEnvs);
    this.sendIds = new Int32Array(this.numEnvs);
    this.sendMarks = new Uint8Array(this.numEnvs);
    const { obs, rewards, terminated, truncated, info } = buffers;
    this.resetResult = Object.freeze({ obs, info });
    this.stepResult = Object.freeze({ obs, rewards, terminated, truncated, info });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<O> {
    this.checkUsable('reset');
    this.scheduler?.checkIdle('reset()');
    const plan = planReset(args, this.numEnvs);
    this.guard(() => this.runReset(plan));
    this.noteReset(plan);
    return this.resetResult;
  }

  step(actions: ArrayLike<number>): VectorStepResult<O> {
    this.prepareStep(actions);
    this.guard(() => this.runStep());
    return this.stepResult;
  }

  async stepAsync(actions: ArrayLike<number>): Promise<VectorStepResult<O>> {
    this.prepareStep(actions);
    try {
      await this.runStepAsync();
    } catch (error) {
      this.failure = error as Error;
      throw error;
    }
    return this.stepResult;
  }

  get busyEnvs(): number {
    return this.scheduler?.busy ?? 0;
  }

  asyncReset(args: VectorAsyncResetArgs = {}): void {
    this.checkUsable('asyncReset');
    const plan = planReset(args, this.numEnvs);
    const scheduler = this.asyncScheduler();
    const selected: number[] = [];
    for (let e = 0; e < this.numEnvs; e++) if (plan.mask[e]) selected.push(e);
    scheduler.checkIdle('asyncReset()', selected);
    this.guard(() => scheduler.startResets(plan));
    this.noteReset(plan);
  }

  send(actions: ArrayLike<number>, envIds?: ArrayLike<number>): void {
    this.checkUsable('send');
    const count = this.checkSendTargets(actions, envIds);
    const ids = this.sendIds;
    const scheduler = this.asyncScheduler();
    scheduler.checkIdle('send()', ids, count);
    const n = this.singleActionSpace.n;
    for (let k = 0; k < count; k++) {
      const a = actions[k]!;
      if (!Number.isInteger(a) || a < 0 || a >= n) {
        throw new VectorInvalidActionError(ids[k]!, a, n, this.singleActionSpace.meanings);
      }
    }
    for (let k = 0; k < count; k++) this.actionsBuffer[ids[k]!] = actions[k]!;
    this.guard(() => scheduler.startSteps(ids, count));
  }

  recv(args: VectorRecvArgs = {}): VectorRecvResult<O> {
    const scheduler = this.prepareRecv('recv', args);
    let result: VectorRecvResult<O> | undefined;
    this.guard(() => {
      result = scheduler.recv(args.minEnvs ?? 1, args.maxEnvs ?? this.numEnvs);
    });
    return result!;
  }

  async recvAsync(args: VectorRecvArgs = {}): Promise<VectorRecvResult<O>> {
    const scheduler = this.prepareRecv('recvAsync', args);
    try {
      return await scheduler.recvAsync(args.minEnvs ?? 1, args.maxEnvs ?? this.numEnvs);
    } catch (error) {
      this.failure = error as Error;
      throw error;
    }
  }

  /** Checks `recv`'s arguments and that enough sub-envs are busy (usage errors leave the vector env usable). */
  private prepareRecv(what: string, args: VectorRecvArgs): AsyncScheduler<O> {
    this.checkUsable(what);
    const { minEnvs = 1, maxEnvs = this.numEnvs } = args;
    if (!Number.isInteger(minEnvs) || minEnvs < 1 || minEnvs > this.numEnvs) {
      throw new VectorEnvConfigError(
        `${what}: minEnvs must be an integer from 1 to numEnvs = ${this.numEnvs}, got ${minEnvs}`,
      );
    }
    if (!Number.isInteger(maxEnvs) || maxEnvs < minEnvs || maxEnvs > this.numEnvs) {
      throw new VectorEnvConfigError(
        `${what}: maxEnvs must be an integer from minEnvs = ${minEnvs} to numEnvs = ${this.numEnvs}, got ${maxEnvs}`,
      );
    }
    const scheduler = this.asyncScheduler();
    if (scheduler.busy < minEnvs) throw new NothingInFlightError(minEnvs, scheduler.busy);
    return scheduler;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.scheduler?.abandon();
    await this.runClose(this.failure !== undefined);
  }

  /** How this vector env runs asynchronous requests. */
  protected abstract asyncBackend(): AsyncBackend;

  /** Resets the sub-envs `plan.mask` selects. */
  protected abstract runReset(plan: ResetPlan): void;
  /** Steps every sub-env with `actionsBuffer`. */
  protected abstract runStep(): void;
  protected abstract runStepAsync(): Promise<void>;
  /** Closes the sub-envs; `broken`: a sub-env failed earlier, so don't expect every sub-env to answer. */
  protected abstract runClose(broken: boolean): Promise<void>;

  private asyncScheduler(): AsyncScheduler<O> {
    this.scheduler ??= new AsyncScheduler<O>(this.asyncBackend(), this.buffers, this.numEnvs);
    return this.scheduler;
  }

  /**
   * Checks `send`'s sub-envs (in range, each once, ever reset) and lengths; leaves them in `sendIds` and
   * returns how many.
   */
  private checkSendTargets(actions: ArrayLike<number>, envIds: ArrayLike<number> | undefined): number {
    const n = this.numEnvs;
    const count = envIds === undefined ? n : envIds.length;
    if (actions.length !== count) {
      throw new ShapeMismatchError(
        envIds === undefined
          ? `vector env: send() without envIds needs one action per sub-env (numEnvs = ${n}), got ${actions.length}`
          : `vector env: send() needs one action per envId, got ${actions.length} actions for ${count} envIds`,
      );
    }
    if (count > n) {
      throw new VectorEnvConfigError(`vector env: send() to ${count} sub-envs, but there are only ${n}`);
    }
    const marks = this.sendMarks;
    marks.fill(0);
    for (let k = 0; k < count; k++) {
      const e = envIds === undefined ? k : envIds[k]!;
      if (!Number.isInteger(e) || e < 0 || e >= n) {
        throw new VectorEnvConfigError(`vector env: send(): envIds[${k}] = ${e} is not a sub-env (0..${n - 1})`);
      }
      if (marks[e]) throw new VectorEnvConfigError(`vector env: send(): sub-env ${e} appears twice in envIds`);
      marks[e] = 1;
      this.sendIds[k] = e;
    }
    if (this.resetCount < n) {
      const missing: number[] = [];
      for (let k = 0; k < count; k++) if (this.everReset[this.sendIds[k]!] === 0) missing.push(this.sendIds[k]!);
      if (missing.length > 0) {
        throw new ResetNeededError(
          `vector env: send() to sub-env(s) ${missing.join(', ')} that were never reset; call asyncReset() (or reset()) first`,
        );
      }
    }
    return count;
  }

  private prepareStep(actions: ArrayLike<number>): void {
    this.checkUsable('step');
    this.scheduler?.checkIdle('step()');
    if (this.resetCount < this.numEnvs) {
      const missing = [...this.everReset.keys()].filter((i) => this.everReset[i] === 0);
      throw new ResetNeededError(
        `vector env: step() before sub-env(s) ${missing.join(', ')} were ever reset; call reset() first`,
      );
    }
    if (actions.length !== this.numEnvs) {
      throw new ShapeMismatchError(
        `vector env: step() needs one action per sub-env (numEnvs = ${this.numEnvs}), got ${actions.length}`,
      );
    }
    const n = this.singleActionSpace.n;
    const out = this.actionsBuffer;
    for (let i = 0; i < out.length; i++) {
      const a = actions[i]!;
      if (!Number.isInteger(a) || a < 0 || a >= n) {
        throw new VectorInvalidActionError(i, a, n, this.singleActionSpace.meanings);
      }
      out[i] = a;
    }
  }

  private noteReset(plan: ResetPlan): void {
    for (let i = 0; i < this.numEnvs; i++) {
      if (plan.mask[i] && this.everReset[i] === 0) {
        this.everReset[i] = 1;
        this.resetCount++;
      }
    }
  }

  /** Runs a command; a failure leaves sub-envs in unknown states, so it makes the vector env unusable. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.failure = error as Error;
      throw error;
    }
  }

  private checkUsable(what: string): void {
    if (this.isClosed) {
      throw new VectorEnvStateError(`vector env: ${what}() after close(); create a new vector env`);
    }
    if (this.failure) {
      throw new VectorEnvStateError(
        `vector env: ${what}() after an earlier failure (${this.failure.name}: ${this.failure.message}); close() it and create a new one`,
        { cause: this.failure },
      );
    }
  }
}
