/** Typed errors of vector envs. Each names the sub-env or worker at fault and says what to do next. */
import { InvalidActionError } from '../errors.js';

/** What a sub-env was doing when it failed. */
export type SubEnvPhase = 'create' | 'reset' | 'step' | 'close';

/** A vector env was configured with options it cannot honour (n, envsPerWorker, seeds, masks, timeouts). */
export class VectorEnvConfigError extends Error {
  override readonly name = 'VectorEnvConfigError';
}

/** An `EnvSpec.factory` string is malformed, its module cannot be loaded, or the export is not a function. */
export class EnvSpecError extends Error {
  override readonly name = 'EnvSpecError';
}

/**
 * A sub-env threw. In a worker the original error cannot cross threads as itself, so its name, message and
 * stack come as `causeName`, `causeMessage` and `causeStack`; in-process, `cause` is the original error.
 */
export class SubEnvError extends Error {
  override readonly name = 'SubEnvError';
  constructor(
    readonly envIndex: number,
    readonly phase: SubEnvPhase,
    readonly causeName: string,
    readonly causeMessage: string,
    readonly causeStack: string | undefined,
    cause?: unknown,
  ) {
    super(
      `sub-env ${envIndex} threw ${causeName} during ${phase}: ${causeMessage}` +
        (phase === 'create' ? '' : '; the vector env is now unusable: close() it and create a new one'),
      cause === undefined ? undefined : { cause },
    );
  }
}

/** Wraps what a sub-env threw in this thread, keeping it as the cause. */
export function subEnvErrorFrom(envIndex: number, phase: SubEnvPhase, error: unknown): SubEnvError {
  if (error instanceof SubEnvError) return error;
  const e = error instanceof Error ? error : new Error(String(error));
  return new SubEnvError(envIndex, phase, e.name, e.message, e.stack, error);
}

/** A worker thread ended while the vector env still needed it (process.exit, an uncaught error, a fatal error). */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError';
  constructor(
    readonly workerIndex: number,
    /** The sub-envs that ran in the worker. */
    readonly envIndices: readonly number[],
    /** The worker's exit code, when the worker could report it. */
    readonly exitCode: number | undefined,
  ) {
    super(
      `worker ${workerIndex} (sub-envs ${envIndices.join(', ')}) exited` +
        (exitCode === undefined ? '' : ` with code ${exitCode}`) +
        ' while the vector env was waiting for it; the vector env is now unusable: close() it and create a new one',
    );
  }
}

/** The workers did not answer a command within `timeoutMs` (a hung sub-env, or a worker killed without notice). */
export class VectorEnvTimeoutError extends Error {
  override readonly name = 'VectorEnvTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
    /** The workers that had not answered. */
    readonly pendingWorkers: readonly number[],
  ) {
    super(
      `vector env ${command}: worker(s) ${pendingWorkers.join(', ')} did not answer within ${timeoutMs} ms; ` +
        'the vector env is now unusable: close() it (which terminates the workers) and create a new one, ' +
        'or raise timeoutMs if a sub-env legitimately takes this long',
    );
  }
}

/** The vector env was used after `close()`, or after a sub-env failure made it unusable. */
export class VectorEnvStateError extends Error {
  override readonly name = 'VectorEnvStateError';
}

/** An action outside the action space, naming the sub-env it was meant for. */
export class VectorInvalidActionError extends InvalidActionError {
  constructor(
    readonly envIndex: number,
    action: unknown,
    actionCount: number,
    meanings?: readonly string[],
  ) {
    super(action, actionCount, meanings);
    this.message = `sub-env ${envIndex}: ${this.message}`;
  }
}

/**
 * Asynchronous use (send/recv) out of order: a request to a sub-env that is still busy (sent to or
 * async-reset, its result not yet received), or `step`/`reset` while sub-envs are busy. Nothing was sent;
 * the vector env stays usable.
 */
export class SubEnvBusyError extends Error {
  override readonly name = 'SubEnvBusyError';
  constructor(
    /** The busy sub-envs in question. */
    readonly envIndices: readonly number[],
    what: string,
  ) {
    super(
      `vector env: ${what}: sub-env(s) ${envIndices.join(', ')} still busy (sent to or async-reset, result not yet received); ` +
        'recv() their results first',
    );
  }
}

/** `recv` with fewer busy sub-envs than `minEnvs`: it would wait forever. The vector env stays usable. */
export class NothingInFlightError extends Error {
  override readonly name = 'NothingInFlightError';
  constructor(
    readonly minEnvs: number,
    readonly busyEnvs: number,
  ) {
    super(
      busyEnvs === 0
        ? 'vector env: recv() with no request in flight; send() actions or asyncReset() first'
        : `vector env: recv({ minEnvs: ${minEnvs} }) but only ${busyEnvs} sub-env(s) are busy, so it would wait forever; ` +
            'send() to more sub-envs first or lower minEnvs',
    );
  }
}
