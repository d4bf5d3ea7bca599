/**
 * The scheduler behind the asynchronous interface of vector envs (`asyncReset`, `send`, `recv`; types.ts),
 * in the spirit of EnvPool's `async_reset` / `send(action, env_id)` / `recv()`: each sub-env steps at its
 * own pace, and `recv` returns whichever sub-envs have finished.
 *
 * Every sub-env is idle, queued (it runs in this thread, and its request waits to be run inside `recv`),
 * running (in a worker) or ready (its result is in the vector env's result arrays, not yet received). A
 * backend runs the requests: the in-process vector env runs every sub-env in this thread; the worker vector
 * env posts requests to its workers and runs its `inParent` sub-envs here.
 *
 * `recv` polls the workers before each request it runs in this thread, so a finished worker result waits at
 * most one in-thread request; a reset of this thread (an Atari reset runs about 100 frames) runs in pieces
 * where the backend and the env allow it (src/envs/pieces.ts), and stops between two when worker results are
 * ready, to go on in the next `recv`. Requests go through `SubEnvSlot`, the same code as `step`, so a sub-env's
 * next-step autoreset, and its whole trajectory, do not depend on how it is driven.
 */
import type { Pieces } from '../pieces.js';
import type { Observation } from '../spaces.js';
import { NothingInFlightError, SubEnvBusyError, subEnvErrorFrom } from './errors.js';
import { COMMAND } from './protocol.js';
import type { ResetPlan } from './reset-plan.js';
import type { SubEnvSlot } from './sub-env.js';
import type { VectorBuffers, VectorRecvResult } from './types.js';

/** What a request asks of a sub-env: a step with its action in the actions buffer, or a reset. */
export type AsyncCommand = typeof COMMAND.STEP | typeof COMMAND.RESET;

/** An `asyncReset`'s arguments for one sub-env. */
export interface SubEnvReset {
  readonly seed: number | undefined;
  readonly options: Readonly<Record<string, unknown>> | undefined;
}

/** How a vector env runs requests; the scheduler decides which and when. */
export interface AsyncBackend {
  /** Whether sub-env `env` runs in this thread (its requests wait in a queue until `recv` runs them). */
  isLocal(env: number): boolean;
  /** Runs a request of a sub-env of this thread now, writing its result; throws SubEnvError. */
  runLocal(env: number, command: AsyncCommand, reset: SubEnvReset | undefined): void;
  /**
   * Optional: `runLocal` in pieces (src/envs/pieces.ts), for the slow requests (resets and autoresets), so
   * that `recv` can poll the workers between pieces and return their results while the reset waits.
   */
  runLocalInPieces?(env: number, command: AsyncCommand, reset: SubEnvReset | undefined): Pieces<void>;
  /** Publishes a request to a worker sub-env (a step's action is already in the actions buffer). */
  postRemote(env: number, command: AsyncCommand, reset: SubEnvReset | undefined): void;
  /** Wakes the workers that got requests since the last call. */
  flushRemote(): void;
  /** A number that changes whenever a worker finishes a request or dies: read it before polling. */
  signal(): number;
  /** Whether a worker sub-env's request is done (its result written); throws SubEnvError if it failed. */
  remoteDone(env: number): boolean;
  /**
   * Waits until `signal()` differs from `seen`; throws WorkerCrashedError for a dead worker and
   * VectorEnvTimeoutError once the vector env's timeout has passed since `sinceMs` (performance.now()).
   */
  waitRemote(seen: number, sinceMs: number): void;
  /** `waitRemote` without blocking the event loop (Atomics.waitAsync). */
  waitRemoteAsync(seen: number, sinceMs: number): Promise<void>;
  /**
   * After a request in this thread, how long (ms) to poll for a worker sub-env that is running an ordinary
   * step (see `AsyncScheduler.recv`) before returning without it; 0: don't.
   */
  lingerMs(): number;
  /** Called as `recv` returns `rows` results (the polling trials time asynchronous use by it). */
  noteRecv(rows: number): void;
  /**
   * The observation of a ready sub-env's result: for a sub-env of this thread, `SubEnvSlot.resultObs` (held in
   * the env's own array by `runRequest`); for a worker sub-env, its row of the result arrays.
   */
  observation(env: number): Observation;
}

/** A request of this thread leaves its observation in the env until `recv` copies it (sub-env.ts). */
const HOLD_OBS = true;

/** Runs one request on a sub-env of this thread (step: `action`); throws a SubEnvError naming the sub-env. */
export function runRequest(
  slot: SubEnvSlot,
  command: AsyncCommand,
  action: number,
  reset: SubEnvReset | undefined,
): void {
  try {
    if (command === COMMAND.RESET) slot.reset(reset?.seed, reset?.options, HOLD_OBS);
    else slot.step(action, HOLD_OBS);
  } catch (error) {
    throw subEnvErrorFrom(slot.index, command === COMMAND.RESET ? 'reset' : 'step', error);
  }
}

/** `runRequest` in pieces: a reset, or a step's autoreset, yields between frames where the env allows it. */
export function* requestInPieces(
  slot: SubEnvSlot,
  command: AsyncCommand,
  action: number,
  reset: SubEnvReset | undefined,
): Pieces<void> {
  try {
    if (command === COMMAND.RESET) yield* slot.resetInPieces(reset?.seed, reset?.options, HOLD_OBS);
    else yield* slot.stepInPieces(action, HOLD_OBS);
  } catch (error) {
    throw subEnvErrorFrom(slot.index, command === COMMAND.RESET ? 'reset' : 'step', error);
  }
}

const IDLE = 0;
/** A request for a sub-env of this thread, waiting for `recv` to run it. */
const QUEUED = 1;
const RUNNING = 2;
const READY = 3;

/** A queue of sub-env indices of fixed capacity, allocated once. */
class EnvQueue {
  private readonly items: Int32Array;
  private head = 0;
  length = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
  }

  push(env: number): void {
    this.items[(this.head + this.length) % this.items.length] = env;
    this.length++;
  }

  shift(): number {
    const env = this.items[this.head]!;
    this.head = (this.head + 1) % this.items.length;
    this.length--;
    return env;
  }
}

/** Where `recv` copies results: one row per sub-env at most, allocated on first use. */
interface RecvBuffers<O extends Observation> {
  readonly full: VectorRecvResult<O>;
  /** `byCount[k]`: the result object for k rows (views of `full`), made on first use. */
  readonly byCount: (VectorRecvResult<O> | undefined)[];
}

export class AsyncScheduler<O extends Observation = Observation> {
  private readonly state: Uint8Array;
  private readonly command: Uint8Array;
  private readonly resets: (SubEnvReset | undefined)[];
  /** Whether the sub-env's request is a reset (asked for, or the autoreset after an episode end): slower than a step. */
  private readonly slowRequest: Uint8Array;
  private readonly localQueue: EnvQueue;
  private readonly ready: EnvQueue;
  private readonly obsSize: number;
  private running = 0;
  private busyCount = 0;
  /** A slow request of this thread that stopped between pieces because worker results were ready. */
  private suspended: { readonly env: number; readonly pieces: Pieces<void> } | undefined;
  private out: RecvBuffers<O> | undefined;

  constructor(
    private readonly backend: AsyncBackend,
    private readonly buffers: VectorBuffers<O>,
    readonly numEnvs: number,
  ) {
    this.state = new Uint8Array(numEnvs);
    this.command = new Uint8Array(numEnvs);
    this.slowRequest = new Uint8Array(numEnvs);
    this.resets = new Array<SubEnvReset | undefined>(numEnvs).fill(undefined);
    this.localQueue = new EnvQueue(numEnvs);
    this.ready = new EnvQueue(numEnvs);
    this.obsSize = buffers.obs.length / numEnvs;
  }

  /** Sub-envs sent to or async-reset whose result has not been received. */
  get busy(): number {
    return this.busyCount;
  }

  /** Throws SubEnvBusyError naming the busy sub-envs among `envs` (all sub-envs when omitted). */
  checkIdle(what: string, envs?: ArrayLike<number>, count = envs?.length ?? this.numEnvs): void {
    if (this.busyCount === 0) return;
    const busy: number[] = [];
    for (let k = 0; k < count; k++) {
      const e = envs ? envs[k]! : k;
      if (this.state[e] !== IDLE) busy.push(e);
    }
    if (busy.length > 0) throw new SubEnvBusyError(busy, what);
  }

  /** Starts resetting the sub-envs the plan selects; the caller has checked they are idle. */
  startResets(plan: ResetPlan): void {
    for (let e = 0; e < this.numEnvs; e++) {
      if (!plan.mask[e]) continue;
      this.start(e, COMMAND.RESET, { seed: plan.seeds[e], options: plan.options });
    }
    this.backend.flushRemote();
  }

  /** Starts stepping `envs[0..count)` (their actions are in the actions buffer); the caller has checked them. */
  startSteps(envs: ArrayLike<number>, count: number): void {
    for (let k = 0; k < count; k++) this.start(envs[k]!, COMMAND.STEP, undefined);
    this.backend.flushRemote();
  }

  /**
   * Waits until at least `minEnvs` sub-envs are ready and returns up to `maxEnvs` of them, first finished
   * first. Worker results are polled before each request run in this thread. After such a request, when
   * `minEnvs` results are in but a worker sub-env is still running an ordinary step, recv polls for it a
   * little longer (`lingerMs`): the worker started its step when this thread started its own, so it is
   * likely a moment from done, and returning without it would leave it idle for this thread's whole next
   * request (the two threads would lock into that phase). A reset is slow, so it is not waited for.
   */
  recv(minEnvs: number, maxEnvs: number): VectorRecvResult<O> {
    if (this.busyCount < minEnvs) throw new NothingInFlightError(minEnvs, this.busyCount);
    const since = performance.now();
    const round = { ranLocal: false };
    for (let seen = this.advance(minEnvs, round); seen !== undefined; seen = this.advance(minEnvs, round)) {
      this.backend.waitRemote(seen, since);
    }
    return this.finishRecv(maxEnvs, round.ranLocal);
  }

  /** `recv` that waits for the workers without blocking the event loop (requests of this thread still run in it). */
  async recvAsync(minEnvs: number, maxEnvs: number): Promise<VectorRecvResult<O>> {
    if (this.busyCount < minEnvs) throw new NothingInFlightError(minEnvs, this.busyCount);
    const since = performance.now();
    const round = { ranLocal: false };
    for (let seen = this.advance(minEnvs, round); seen !== undefined; seen = this.advance(minEnvs, round)) {
      await this.backend.waitRemoteAsync(seen, since);
    }
    return this.finishRecv(maxEnvs, round.ranLocal);
  }

  /**
   * Polls the workers and runs this thread's queued requests until `minEnvs` results are ready (returns
   * undefined) or only workers can make progress (returns the signal value to wait past).
   */
  private advance(minEnvs: number, round: { ranLocal: boolean }): number | undefined {
    for (;;) {
      const seen = this.running > 0 ? this.backend.signal() : 0;
      this.pollRemote();
      if (this.ready.length >= minEnvs) return undefined;
      if (this.suspended === undefined && this.localQueue.length === 0) return seen;
      this.runLocalRequest(minEnvs);
      round.ranLocal = true;
    }
  }

  private finishRecv(maxEnvs: number, ranLocal: boolean): VectorRecvResult<O> {
    // With requests of its own still queued this thread has work: lingering would only delay it.
    if (ranLocal && this.running > 0 && this.localQueue.length === 0 && this.suspended === undefined) this.linger();
    const result = this.gather(maxEnvs);
    this.backend.noteRecv(result.envIds.length);
    return result;
  }

  private start(env: number, command: AsyncCommand, reset: SubEnvReset | undefined): void {
    this.command[env] = command;
    this.busyCount++;
    if (command === COMMAND.RESET) this.slowRequest[env] = 1;
    if (this.backend.isLocal(env)) {
      this.resets[env] = reset;
      this.state[env] = QUEUED;
      this.localQueue.push(env);
    } else {
      this.state[env] = RUNNING;
      this.running++;
      this.backend.postRemote(env, command, reset);
    }
  }

  /**
   * Runs this thread's suspended request, or its next queued one, to the end; a slow request runs in pieces
   * where the backend allows it, and stops between two once worker results make `minEnvs` ready.
   */
  private runLocalRequest(minEnvs: number): void {
    let current = this.suspended;
    if (current === undefined) {
      const env = this.localQueue.shift();
      const reset = this.resets[env];
      this.resets[env] = undefined;
      const command = this.command[env] as AsyncCommand;
      const pieces = this.slowRequest[env] === 1 ? this.backend.runLocalInPieces?.(env, command, reset) : undefined;
      if (pieces === undefined) {
        this.backend.runLocal(env, command, reset);
        this.markReady(env);
        return;
      }
      current = { env, pieces };
      this.suspended = current;
    }
    try {
      for (;;) {
        if (current.pieces.next().done) {
          this.suspended = undefined;
          this.markReady(current.env);
          return;
        }
        if (this.running > 0) {
          this.pollRemote();
          if (this.ready.length >= minEnvs) return;
        }
      }
    } catch (error) {
      this.suspended = undefined;
      throw error;
    }
  }

  /** Ends a request left between pieces without running the rest (the vector env is closing). */
  abandon(): void {
    const current = this.suspended;
    this.suspended = undefined;
    current?.pieces.return(undefined);
  }

  private pollRemote(): void {
    if (this.running === 0) return;
    for (let e = 0; e < this.numEnvs; e++) {
      if (this.state[e] === RUNNING && this.backend.remoteDone(e)) {
        this.running--;
        this.markReady(e);
      }
    }
  }

  /** Polls for up to `lingerMs` while a worker sub-env runs an ordinary step (see `recv`). */
  private linger(): void {
    const ms = this.backend.lingerMs();
    if (!(ms > 0) || !this.anyRunningStep()) return;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const before = this.ready.length;
      this.pollRemote();
      if (this.ready.length > before || !this.anyRunningStep()) return;
    }
  }

  private anyRunningStep(): boolean {
    for (let e = 0; e < this.numEnvs; e++) {
      if (this.state[e] === RUNNING && this.slowRequest[e] === 0) return true;
    }
    return false;
  }

  private markReady(env: number): void {
    this.state[env] = READY;
    this.ready.push(env);
    // Next-step autoreset: after an episode end the sub-env's next step is a reset.
    const b = this.buffers;
    this.slowRequest[env] = b.terminated[env]! | b.truncated[env]!;
  }

  private gather(maxEnvs: number): VectorRecvResult<O> {
    this.out ??= this.allocate();
    const out = this.out;
    const count = Math.min(this.ready.length, maxEnvs);
    const { full } = out;
    const b = this.buffers;
    for (let k = 0; k < count; k++) {
      const e = this.ready.shift();
      full.envIds[k] = e;
      full.obs.set(this.backend.observation(e) as ArrayLike<number>, k * this.obsSize);
      full.rewards[k] = b.rewards[e]!;
      full.terminated[k] = b.terminated[e]!;
      full.truncated[k] = b.truncated[e]!;
      full.info.lives[k] = b.info.lives[e]!;
      full.info.episode_frame_number[k] = b.info.episode_frame_number[e]!;
      full.info.frame_number[k] = b.info.frame_number[e]!;
      this.state[e] = IDLE;
      this.busyCount--;
    }
    let result = out.byCount[count];
    if (!result) {
      const rows = <T extends { subarray(start: number, end: number): T }>(a: T, width = 1): T =>
        a.subarray(0, count * width);
      result = Object.freeze({
        envIds: rows(full.envIds),
        obs: rows(full.obs as Observation, this.obsSize) as O,
        rewards: rows(full.rewards),
        terminated: rows(full.terminated),
        truncated: rows(full.truncated),
        info: Object.freeze({
          lives: rows(full.info.lives),
          episode_frame_number: rows(full.info.episode_frame_number),
          frame_number: rows(full.info.frame_number),
        }),
      });
      out.byCount[count] = result;
    }
    return result;
  }

  private allocate(): RecvBuffers<O> {
    const n = this.numEnvs;
    const obs = this.buffers.obs;
    const full: VectorRecvResult<O> = {
      envIds: new Int32Array(n),
      obs: (obs instanceof Uint8Array ? new Uint8Array(obs.length) : new Float32Array(obs.length)) as O,
      rewards: new Float64Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
      info: {
        lives: new Int32Array(n),
        episode_frame_number: new Float64Array(n),
        frame_number: new Float64Array(n),
      },
    };
    return { full, byCount: new Array<VectorRecvResult<O> | undefined>(n + 1).fill(undefined) };
  }
}
