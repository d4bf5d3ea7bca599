/**
 * The vector-env contract, shaped like Gymnasium's `VectorEnv` (gymnasium/vector/vector_env.py) with its
 * default autoreset mode, `AutoresetMode.NEXT_STEP`:
 * - `reset({ seed, options, resetMask })` resets every sub-env (or those in `resetMask`) and returns the
 *   batched observations and infos;
 * - `step(actions)` steps every sub-env once. A sub-env whose previous step ended its episode (terminated or
 *   truncated) is not stepped: it is reset without a seed and without options, its action is ignored, and
 *   it reports the reset's observation and info with reward 0, terminated false, truncated false
 *   (SyncVectorEnv.step in Gymnasium ≥ 1.0).
 *
 * Results live in one typed array per field, [numEnvs, ...] row-major, allocated once: every call returns
 * the same arrays (and the same result object), overwritten in place. Copy what you need to keep past the
 * next `reset`/`step`.
 *
 * Besides lockstep `step`, every vector env has EnvPool's asynchronous interface (`asyncReset`, `send`,
 * `recv`): each sub-env steps at its own pace and `recv` returns those that finished, with the same
 * next-step autoreset, so a sub-env's trajectory does not depend on which interface drives it.
 */
import type { Box, Discrete, Observation } from '../spaces.js';
import type { Env } from '../types.js';

/**
 * How a worker builds a sub-env: `factory` names a module and one of its exports, `'<module>#<export>'`.
 * The module is an absolute `file:` URL, an absolute path, or a package specifier; the export is an
 * `EnvFactory`, called as `factory(id, options, { index })`. `options` must survive `structuredClone`
 * (it crosses to the worker by postMessage). Build the string with `factoryRef(new URL(...), name)`.
 */
export interface EnvSpec {
  readonly factory: string;
  readonly id: string;
  readonly options?: unknown;
}

/** What a sub-env's factory learns besides the id and options. */
export interface EnvFactoryContext {
  /** The sub-env's index in the vector env, 0..numEnvs−1. */
  readonly index: number;
}

/**
 * The export an `EnvSpec.factory` names. The env it builds may return the same observation array from every
 * call, but must leave the array alone until its own next call: a vector env copies a sub-env's observation
 * out after other sub-envs have run (as Gymnasium's SyncVectorEnv does).
 */
export type EnvFactory = (id: string, options: unknown, context: EnvFactoryContext) => Env | Promise<Env>;

/** Gymnasium `reset(seed=..., options=...)` for a vector env. */
export interface VectorResetArgs {
  /**
   * A single seed s seeds sub-env i with s + i; an array gives one seed per sub-env (null/undefined: that
   * sub-env continues its current random streams); omitted: no sub-env is reseeded.
   */
  readonly seed?: number | readonly (number | null | undefined)[];
  /** Passed to every sub-env's `reset`. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Gymnasium's `options["reset_mask"]`: reset only the sub-envs whose entry is true/non-zero (at least one).
   * The others keep their state, their pending autoreset and their entries in the result arrays.
   */
  readonly resetMask?: ArrayLike<boolean | number>;
}

/** Infos as Gymnasium's ALE env reports them, one entry per sub-env. */
export interface VectorInfo {
  readonly lives: Int32Array;
  /** Float64 so that counts stay exact past 2^31 frames. */
  readonly episode_frame_number: Float64Array;
  readonly frame_number: Float64Array;
}

/** Every result array of a vector env. Each is its own typed array, [numEnvs, ...] row-major. */
export interface VectorBuffers<O extends Observation = Observation> {
  /** [numEnvs, ...singleObservationSpace.shape], the sub-envs' observations back to back. */
  readonly obs: O;
  /** Float64, as Gymnasium's vector envs store rewards. */
  readonly rewards: Float64Array;
  /** 1 where the sub-env's episode ended inside the MDP on this step, else 0. */
  readonly terminated: Uint8Array;
  /** 1 where the sub-env's episode was cut short on this step, else 0. */
  readonly truncated: Uint8Array;
  readonly info: VectorInfo;
}

export interface VectorResetResult<O extends Observation = Observation> {
  readonly obs: O;
  readonly info: VectorInfo;
}

export interface VectorStepResult<O extends Observation = Observation> {
  readonly obs: O;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly info: VectorInfo;
}

/**
 * `asyncReset`'s arguments: those of `reset`. `resetMask` selects the sub-envs to reset (default: all); each
 * selected sub-env must be idle (no request in flight, no result waiting to be received).
 */
export type VectorAsyncResetArgs = VectorResetArgs;

/** What `recv` waits for and how much it returns. */
export interface VectorRecvArgs {
  /** Wait until at least this many sub-envs have a result not yet received (default 1). */
  readonly minEnvs?: number;
  /** Return at most this many results, those that finished first (default numEnvs); the rest stay for the next `recv`. */
  readonly maxEnvs?: number;
}

/**
 * The results `recv` returns, one row per sub-env in `envIds`, in the order the sub-envs finished. Each array
 * has `envIds.length` rows ([envIds.length, ...singleObservationSpace.shape] for `obs`); a row of an
 * `asyncReset` or of an autoreset step has reward 0 and both flags 0, as in `step`.
 *
 * These are copies out of the vector env's result arrays, into arrays the vector env owns: `send` and the
 * sub-envs' further steps never touch them, so a learner may read them while the sub-envs it just sent to
 * run. They are valid until the next `recv`, which overwrites them in place (results with the same number of
 * rows come back in the very same typed arrays and result object): copy what you need to keep longer. In
 * asynchronous use, read results here, not in `buffers`, whose rows the sub-envs overwrite as they step.
 */
export interface VectorRecvResult<O extends Observation = Observation> {
  readonly envIds: Int32Array;
  readonly obs: O;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly info: VectorInfo;
}

/** Gymnasium's `metadata["autoreset_mode"]`; only the default, next-step, is implemented. */
export type AutoresetMode = 'next_step';

export interface VectorEnv<O extends Observation = Observation> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  /** One sub-env's observation space; every sub-env has this one. */
  readonly singleObservationSpace: Box;
  /** One sub-env's action space; every sub-env has this one. */
  readonly singleActionSpace: Discrete;
  /** The batched observation space: [numEnvs, ...singleObservationSpace.shape]. */
  readonly observationSpace: Box;
  /** The result arrays that `reset` and `step` fill; the same arrays for the vector env's whole life. */
  readonly buffers: VectorBuffers<O>;
  /** Whether `close` has been called. */
  readonly closed: boolean;
  reset(args?: VectorResetArgs): VectorResetResult<O>;
  /**
   * Steps every sub-env with its action (`actions.length === numEnvs`). Throws ResetNeededError before the
   * first `reset`, and an InvalidActionError (`VectorInvalidActionError`, naming the sub-env) for an action
   * outside the action space, before any sub-env steps.
   */
  step(actions: ArrayLike<number>): VectorStepResult<O>;
  /** Like `step`, but waits without blocking the event loop (worker vector envs; in-process ones step at once). */
  stepAsync(actions: ArrayLike<number>): Promise<VectorStepResult<O>>;
  /**
   * EnvPool-style asynchronous use (`async_reset`, `send`, `recv`): each sub-env steps at its own pace
   * instead of in lockstep. A sub-env is busy from `asyncReset` or `send` until `recv` has returned its
   * result; `step`, `stepAsync` and `reset` need every sub-env idle. Every sub-env follows the same
   * next-step autoreset as under `step`, so with the same seeds and the same actions per sub-env its
   * trajectory is the one `step` gives, whatever the order in which results come back.
   *
   * `asyncReset` starts resetting the sub-envs `resetMask` selects (default all) with `reset`'s seeding
   * rules; their reset observations come back through `recv`, with reward 0 and flags 0.
   */
  asyncReset(args?: VectorAsyncResetArgs): void;
  /**
   * Starts stepping sub-envs `envIds[k]` with `actions[k]` (`envIds` omitted: every sub-env, one action
   * each). Returns at once; results come back through `recv`. Throws, before anything is sent:
   * SubEnvBusyError for a sub-env that is busy, VectorInvalidActionError for an action outside the action
   * space, ResetNeededError for a sub-env never reset, VectorEnvConfigError for an envId out of range or
   * repeated, ShapeMismatchError when the lengths differ.
   */
  send(actions: ArrayLike<number>, envIds?: ArrayLike<number>): void;
  /**
   * Waits until at least `minEnvs` (default 1) busy sub-envs have a result not yet received, and returns
   * those results (up to `maxEnvs`), see VectorRecvResult for how long its arrays stay valid. Throws
   * NothingInFlightError when fewer than `minEnvs` sub-envs are busy (it would wait forever), and, like
   * `step`, SubEnvError, WorkerCrashedError or VectorEnvTimeoutError when a sub-env or a worker fails.
   */
  recv(args?: VectorRecvArgs): VectorRecvResult<O>;
  /**
   * Like `recv`, but waits for the workers without blocking the event loop (sub-envs of the calling thread,
   * `inParent`, still step in it). A pending Atomics.waitAsync does not keep Node alive by itself.
   */
  recvAsync(args?: VectorRecvArgs): Promise<VectorRecvResult<O>>;
  /** Sub-envs that are busy: sent to (or async-reset) and not yet received. */
  readonly busyEnvs: number;
  /** Closes every sub-env; for worker vector envs, resolves once every worker thread has exited. Idempotent. */
  close(): Promise<void>;
}
