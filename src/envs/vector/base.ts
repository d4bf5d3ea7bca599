/**
 * What in-process and worker vector envs share: spaces, result arrays, argument checks and the life cycle
 * (fresh → running → closed, or broken after a sub-env failure). Subclasses only run the commands.
 */
import { ResetNeededError, ShapeMismatchError } from '../errors.js';
import type { Box, Discrete, Observation } from '../spaces.js';
import { batchSpace } from './buffers.js';
import { VectorEnvStateError, VectorInvalidActionError } from './errors.js';
import { planReset, type ResetPlan } from './reset-plan.js';
import type {
  AutoresetMode,
  VectorBuffers,
  VectorEnv,
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
    const { obs, rewards, terminated, truncated, info } = buffers;
    this.resetResult = Object.freeze({ obs, info });
    this.stepResult = Object.freeze({ obs, rewards, terminated, truncated, info });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<O> {
    this.checkUsable('reset');
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

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.runClose(this.failure !== undefined);
  }

  /** Resets the sub-envs `plan.mask` selects. */
  protected abstract runReset(plan: ResetPlan): void;
  /** Steps every sub-env with `actionsBuffer`. */
  protected abstract runStep(): void;
  protected abstract runStepAsync(): Promise<void>;
  /** Closes the sub-envs; `broken`: a sub-env failed earlier, so don't expect every sub-env to answer. */
  protected abstract runClose(broken: boolean): Promise<void>;

  private prepareStep(actions: ArrayLike<number>): void {
    this.checkUsable('step');
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
