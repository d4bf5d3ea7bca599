/**
 * The worker vector env: sub-envs run in worker_threads, `envsPerWorker` per worker, and write their results
 * straight into SharedArrayBuffers. One batch step is one Atomics round trip for all workers (protocol.ts):
 * no postMessage, no allocation. `step` blocks the calling thread in Atomics.wait (Node allows that on the
 * main thread); `stepAsync` waits with Atomics.waitAsync instead.
 *
 * `inParent` sub-envs (the first ones) run in the calling thread itself, between waking the workers and
 * waiting for them: on a machine with as many cores as sub-envs the calling thread would otherwise sit idle
 * while the workers step, and its own work hides the workers' wake-up latency.
 *
 * Asynchronous use (`asyncReset`, `send`, `recv`; async.ts) posts one request per sub-env on per-sub-env
 * control words, so each sub-env steps at its own pace; `recv` runs the `inParent` sub-envs' requests in
 * the calling thread while it waits for the workers, polling them between two such requests.
 *
 * The defaults adapt to the machine: the calling thread takes a worker's share of sub-envs (`inParent:
 * 'auto'`), and both sides poll before sleeping for as long as the env's own step time suggests, while the
 * threads fit the cores and nothing else competes for them (`spinMicros: 'auto'`, spin.ts).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Observation } from '../spaces.js';
import type { Env } from '../types.js';
import { type AsyncBackend, type AsyncCommand, requestInPieces, runRequest } from './async.js';
import { VectorEnvBase } from './base.js';
import { allocateBufferMemory, sameActionSpace, spacesFrom, viewBuffers } from './buffers.js';
import { SubEnvError, VectorEnvConfigError, VectorEnvTimeoutError, WorkerCrashedError } from './errors.js';
import { type TypeScriptLoader, workerLaunch } from './launch.js';
import {
  type AsyncResetMessage,
  type BuffersMessage,
  COMMAND,
  COMMAND_NAMES,
  CONTROL,
  type Command,
  controlWords,
  ENV_WORD,
  type ErrorReport,
  envWord,
  type ResetMessage,
  STATUS,
  WORKER_WORD,
  type WorkerInit,
  type WorkerMessage,
  workerWord,
} from './protocol.js';
import type { ResetPlan } from './reset-plan.js';
import { isTypeScriptModule } from './spec.js';
import { PollingTuner, SpinBudget, type SpinSetting } from './spin.js';
import { runEach, SubEnvSlot } from './sub-env.js';
import { buildEnvs, checkSameSpaces } from './sync-vector-env.js';
import type { EnvSpec, VectorBuffers } from './types.js';

export interface WorkerVectorEnvOptions {
  /**
   * Sub-envs per worker thread. Default 'auto': ⌈numEnvs / cores⌉, so that the threads (the caller's
   * and the workers') fit the machine's cores: one sub-env per thread where there are cores enough; 8
   * sub-envs on 2 cores step 4 in the calling thread and 4 in one worker, which also averages out the
   * stalls of resets that hold up a lockstep batch.
   */
  readonly envsPerWorker?: number | 'auto';
  /** Longest wait, in ms, for the workers to answer one reset, step or close (default 120 000). */
  readonly timeoutMs?: number;
  /** Longest wait, in ms, for the workers to start and build their sub-envs (default 120 000). */
  readonly startTimeoutMs?: number;
  /** Register tsx in the workers: 'auto' (default) when running from .ts sources or the factory is a .ts module. */
  readonly typescript?: TypeScriptLoader;
  /**
   * Sub-envs 0..inParent−1 run in the calling thread; 0: every sub-env in a worker. Default 'auto': a
   * worker's share, min(envsPerWorker, numEnvs − 1), so the calling thread works instead of idling while
   * the workers step. Measured with a 100 µs fake env on 2 cores (taskset): 2 workers gave 1.02× one
   * in-process env (the two woken workers queued on one core), 1 in parent + 1 worker 1.72×, and with
   * spinMicros 30 1.95×. With inParent > 0, `stepAsync` steps the calling thread's sub-envs before it
   * yields: pass 0 to keep the event loop free while stepping. In asynchronous use (send/recv) `recv` steps
   * them; with 0 the calling thread sleeps in `recv` and the workers alone count as busy threads for
   * 'auto' polling (see `asyncSpinMicros` in protocol.ts).
   */
  readonly inParent?: number | 'auto';
  /**
   * Microseconds each side polls the control block before sleeping in Atomics.wait; 0: never poll.
   * Polling saves the futex wake-up when the answer comes soon, but burns a core meanwhile. Default
   * 'auto' (spin.ts): poll for about 32 of the thread's recent batch steps when the busy threads (the
   * caller's and one per worker) fit the machine's cores, and only while polling makes batch steps faster.
   */
  readonly spinMicros?: SpinSetting;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/**
 * In asynchronous use, after a step of its own, the calling thread polls for a worker sub-env that is
 * running an ordinary step for up to this fraction of its own average step (async.ts, `recv`): enough to
 * catch a worker that started a moment after it, little enough to lose next to a step.
 */
const LINGER_FRACTION = 0.25;
/** Weight of a new in-thread step duration in its running average (for the linger time). */
const LOCAL_STEP_AVERAGE_WEIGHT = 1 / 16;
/** An in-thread step above this multiple of the average enters it as this multiple (a reset stays one outlier). */
const LOCAL_STEP_OUTLIER_FACTOR = 4;
/** How long close() lets a worker end by itself before terminating it. */
const EXIT_GRACE_MS = 2_000;

interface WorkerHandle {
  readonly worker: Worker;
  readonly index: number;
  readonly envIndices: readonly number[];
  /** The parent's end of the worker's private port. */
  readonly port: MessagePort;
  readonly exited: Promise<number>;
  hasExited: boolean;
  /** The worker's last 'error' event (an uncaught error in the worker). */
  lastError: Error | undefined;
}

/** Splits sub-envs first..numEnvs−1 into consecutive groups of at most `perWorker`. */
export function partitionEnvs(numEnvs: number, perWorker: number, first = 0): number[][] {
  const groups: number[][] = [];
  for (let start = first; start < numEnvs; start += perWorker) {
    groups.push(Array.from({ length: Math.min(perWorker, numEnvs - start) }, (_, k) => start + k));
  }
  return groups;
}

export class WorkerVectorEnv<O extends Observation = Observation> extends VectorEnvBase<O> {
  /** Worker threads, in sub-env order. */
  readonly numWorkers: number;
  /** Sub-envs stepped in the calling thread (sub-envs 0..inParent−1), as resolved from the options. */
  readonly inParent: number;
  private readonly control: Int32Array;
  private readonly handles: readonly WorkerHandle[];
  /** The sub-envs this thread steps itself (`inParent`). */
  private readonly parentSlots: readonly SubEnvSlot[];
  private readonly timeoutMs: number;
  private readonly spin: SpinBudget;
  /** Keeps polling on only while it makes batch steps faster ('auto' polling only). */
  private readonly tuner: PollingTuner | undefined;
  private seq = 0;
  /** Which worker runs each sub-env; −1 for the calling thread's. */
  private readonly workerOfEnv: Int32Array;
  /** Per sub-env: the last asynchronous request posted to it (its REQUEST word). */
  private readonly envRequests: Int32Array;
  /** Workers that got asynchronous requests since the last wake-up. */
  private readonly toWake: Uint8Array;
  /** Running average of the calling thread's asynchronous steps, in ms (the linger time). */
  private localStepMs = 0;
  /** Whether the last request was asynchronous: switching modes restarts the polling trials. */
  private asyncMode = false;
  /** When the last `recv` returned (performance.now()), 0 before the first of an asynchronous run. */
  private lastRecvMs = 0;

  private constructor(
    handles: readonly WorkerHandle[],
    control: Int32Array,
    spaces: ReturnType<typeof spacesFrom>,
    buffers: VectorBuffers<O>,
    actions: Int32Array,
    parentEnvs: readonly Env[],
    timing: {
      readonly timeoutMs: number;
      readonly spinMicros: SpinSetting;
      readonly asyncSpinMicros: SpinSetting;
    },
  ) {
    super(spaces.observation, spaces.action, buffers, actions);
    this.handles = handles;
    this.numWorkers = handles.length;
    this.inParent = parentEnvs.length;
    this.control = control;
    this.parentSlots = parentEnvs.map((env, i) => new SubEnvSlot(env, i, buffers));
    this.timeoutMs = timing.timeoutMs;
    this.spin = new SpinBudget(timing.spinMicros);
    this.workerOfEnv = new Int32Array(actions.length).fill(-1);
    for (const h of handles) for (const e of h.envIndices) this.workerOfEnv[e] = h.index;
    this.envRequests = new Int32Array(actions.length);
    this.toWake = new Uint8Array(handles.length);
    this.tuner =
      timing.spinMicros === 'auto' || timing.asyncSpinMicros === 'auto'
        ? new PollingTuner((allowed) => Atomics.store(control, CONTROL.SPIN_ALLOWED, allowed ? 1 : 0))
        : undefined;
  }

  /** Starts the workers, builds the sub-envs in them, and resolves once every worker is ready. */
  static async create<O extends Observation = Observation>(
    spec: EnvSpec,
    numEnvs: number,
    options: WorkerVectorEnvOptions = {},
  ): Promise<WorkerVectorEnv<O>> {
    const envsPerWorkerOption = options.envsPerWorker ?? 'auto';
    const envsPerWorker =
      envsPerWorkerOption === 'auto' ? Math.ceil(numEnvs / availableParallelism()) : envsPerWorkerOption;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isInteger(numEnvs) || numEnvs < 1) {
      throw new VectorEnvConfigError(`numEnvs must be an integer ≥ 1, got ${numEnvs}`);
    }
    if (!Number.isInteger(envsPerWorker) || envsPerWorker < 1) {
      throw new VectorEnvConfigError(`envsPerWorker must be an integer ≥ 1 or 'auto', got ${String(envsPerWorker)}`);
    }
    const inParentOption = options.inParent ?? 'auto';
    const inParent = inParentOption === 'auto' ? Math.min(envsPerWorker, numEnvs - 1) : inParentOption;
    if (!Number.isInteger(inParent) || inParent < 0 || inParent >= numEnvs) {
      throw new VectorEnvConfigError(
        `inParent must be an integer from 0 to numEnvs − 1 = ${numEnvs - 1} (at least one sub-env in a worker; use mode 'sync' for none), got ${inParent}`,
      );
    }
    const spinOption = options.spinMicros ?? 'auto';
    if (spinOption !== 'auto' && !(spinOption >= 0)) {
      throw new VectorEnvConfigError(`spinMicros must be ≥ 0 or 'auto', got ${String(spinOption)}`);
    }
    for (const [name, value] of [
      ['timeoutMs', timeoutMs],
      ['startTimeoutMs', startTimeoutMs],
    ] as const) {
      if (!(value > 0)) throw new VectorEnvConfigError(`${name} must be positive, got ${value}`);
    }
    const launch = workerLaunch(options.typescript ?? 'auto', isTypeScriptModule(spec.factory));
    const groups = partitionEnvs(numEnvs, envsPerWorker, inParent);
    // 'auto' polls only where every busy thread (the caller's and one per worker) has a core of its own.
    const spinMicros: SpinSetting =
      spinOption === 'auto' && groups.length + 1 > availableParallelism() ? 0 : spinOption;
    // In asynchronous use a calling thread without sub-envs only waits in recv, asleep: it is not a busy thread.
    const asyncSpinMicros: SpinSetting =
      spinOption === 'auto' && groups.length + (inParent > 0 ? 1 : 0) > availableParallelism() ? 0 : spinOption;
    const controlMemory = new SharedArrayBuffer(controlWords(groups.length, numEnvs) * Int32Array.BYTES_PER_ELEMENT);
    const control = new Int32Array(controlMemory);
    // Polling is allowed until a PollingTuner says otherwise; a spinMicros of 0 never polls anyway.
    control[CONTROL.SPIN_ALLOWED] = 1;
    const handles = groups.map((envIndices, index) =>
      spawn(launch, {
        workerIndex: index,
        numWorkers: groups.length,
        envIndices,
        spec,
        control: controlMemory,
        spinMicros,
        asyncSpinMicros,
      }),
    );
    let parentEnvs: Env[] = [];
    try {
      // The parent's sub-envs build while the workers start.
      parentEnvs = await buildEnvs(
        spec,
        Array.from({ length: inParent }, (_, i) => i),
      );
      if (parentEnvs.length > 0) checkSameSpaces(parentEnvs, 'WorkerVectorEnv (inParent sub-envs)');
      const spaceMessages = await withTimeout(
        firstFailureByEnv(handles.map((h) => nextMessage(h, 'spaces'))),
        startTimeoutMs,
        () =>
          new VectorEnvTimeoutError(
            'start',
            startTimeoutMs,
            handles.filter((h) => !h.hasExited).map((h) => h.index),
          ),
      );
      const descriptions = spaceMessages.map((m) => (m as Extract<WorkerMessage, { type: 'spaces' }>).spaces);
      const first = parentEnvs[0];
      const spaces = first
        ? { observation: first.observationSpace, action: first.actionSpace }
        : spacesFrom(descriptions[0]!);
      descriptions.forEach((d, w) => {
        const other = spacesFrom(d);
        if (!other.observation.equals(spaces.observation) || !sameActionSpace(other.action, spaces.action)) {
          throw new SubEnvError(
            handles[w]!.envIndices[0]!,
            'create',
            'ShapeMismatchError',
            `its spaces ${other.observation.toString()} ${other.action.toString()} differ from sub-env 0's ${spaces.observation.toString()} ${spaces.action.toString()}; every sub-env needs the same spaces`,
            undefined,
          );
        }
      });
      const memory = allocateBufferMemory(spaces.observation, numEnvs, true);
      const actionsMemory = new SharedArrayBuffer(numEnvs * Int32Array.BYTES_PER_ELEMENT);
      const message: BuffersMessage = { type: 'buffers', memory, actions: actionsMemory };
      const ready = Promise.all(handles.map((h) => nextMessage(h, 'ready')));
      for (const h of handles) h.worker.postMessage(message);
      await withTimeout(
        ready,
        startTimeoutMs,
        () =>
          new VectorEnvTimeoutError(
            'start',
            startTimeoutMs,
            handles.map((h) => h.index),
          ),
      );
      // Idle workers must not keep the process alive if the caller forgets close(); close() refs them again.
      for (const h of handles) h.worker.unref();
      const buffers = viewBuffers(memory) as VectorBuffers<O>;
      const actions = new Int32Array(actionsMemory);
      return new WorkerVectorEnv<O>(handles, control, spaces, buffers, actions, parentEnvs, {
        timeoutMs,
        spinMicros,
        asyncSpinMicros,
      });
    } catch (error) {
      for (const env of parentEnvs) env.close();
      await Promise.all(handles.map((h) => h.worker.terminate()));
      throw error;
    }
  }

  /** Workers whose thread has not exited yet. */
  get liveWorkers(): number {
    return this.handles.filter((h) => !h.hasExited).length;
  }

  protected runReset(plan: ResetPlan): void {
    const message: ResetMessage = { seeds: plan.seeds, mask: plan.mask, options: plan.options };
    for (const h of this.handles) h.port.postMessage(message);
    const seq = this.request(COMMAND.RESET);
    const parentError = this.inParentThread('reset', (slot) => {
      if (plan.mask[slot.index]) slot.reset(plan.seeds[slot.index], plan.options);
    });
    this.finish(parentError, () => this.waitSync(seq, COMMAND.RESET));
  }

  protected runStep(): void {
    this.leaveAsyncMode();
    this.tuner?.stepStarted();
    const started = performance.now();
    const seq = this.request(COMMAND.STEP);
    const parentError = this.stepInParent();
    // The poll budget follows this thread's own work per batch step, or the whole batch step without any.
    if (this.parentSlots.length > 0) this.spin.noteWork(performance.now() - started);
    this.finish(parentError, () => this.waitSync(seq, COMMAND.STEP));
    if (this.parentSlots.length === 0) this.spin.noteWork(performance.now() - started);
    this.tuner?.stepEnded();
  }

  protected async runStepAsync(): Promise<void> {
    this.leaveAsyncMode();
    const seq = this.request(COMMAND.STEP);
    const parentError = this.stepInParent();
    try {
      await this.waitAsync(seq, COMMAND.STEP);
    } catch (error) {
      throw parentError ?? error;
    }
    if (parentError) throw parentError;
  }

  private stepInParent(): unknown {
    const actions = this.actionsBuffer;
    return this.inParentThread('step', (slot) => slot.step(actions[slot.index]!));
  }

  /** Runs `fn` on the parent's sub-envs; returns (not throws) the failure, so the workers are still waited for. */
  private inParentThread(phase: 'reset' | 'step', fn: (slot: SubEnvSlot) => void): unknown {
    if (this.parentSlots.length === 0) return undefined;
    try {
      runEach(this.parentSlots, phase, fn);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Waits for the workers; a parent sub-env's failure wins (its index is lower than any worker's). */
  private finish(parentError: unknown, wait: () => void): void {
    try {
      wait();
    } catch (error) {
      throw parentError ?? error;
    }
    if (parentError) throw parentError;
  }

  protected async runClose(broken: boolean): Promise<void> {
    for (const h of this.handles) h.worker.ref();
    let closeError: unknown;
    try {
      runEach(this.parentSlots, 'close', (slot) => slot.close(), true);
    } catch (error) {
      closeError = error;
    }
    if (!broken && this.handles.every((h) => !h.hasExited)) {
      try {
        this.waitSync(this.request(COMMAND.CLOSE), COMMAND.CLOSE);
      } catch (error) {
        closeError ??= error;
      }
    }
    await Promise.all(
      this.handles.map(async (h) => {
        const ended = await Promise.race([h.exited.then(() => true), delay(broken ? 0 : EXIT_GRACE_MS, false)]);
        if (!ended) await h.worker.terminate();
      }),
    );
    for (const h of this.handles) h.port.close();
    if (closeError) throw closeError;
  }

  /** Publishes a command to every worker; returns its sequence number. */
  private request(command: Command): number {
    const c = this.control;
    const seq = ++this.seq;
    Atomics.store(c, CONTROL.COMMAND, command);
    Atomics.store(c, CONTROL.PENDING, this.handles.length);
    Atomics.store(c, CONTROL.REQUEST_SEQ, seq);
    for (const h of this.handles) this.wake(h.index);
    return seq;
  }

  private wake(worker: number): void {
    const word = workerWord(worker, WORKER_WORD.WAKE);
    Atomics.add(this.control, word, 1);
    Atomics.notify(this.control, word);
  }

  /**
   * The polling trials time lockstep batch steps, or in asynchronous use the wall time per result from one
   * `recv` to the next (user time included, alike with polling on and off): switching between the two
   * starts the trials afresh.
   */
  private enterAsyncMode(): void {
    if (this.asyncMode) return;
    this.asyncMode = true;
    this.lastRecvMs = 0;
    this.tuner?.restart();
  }

  private leaveAsyncMode(): void {
    if (!this.asyncMode) return;
    this.asyncMode = false;
    this.tuner?.restart();
  }

  protected asyncBackend(): AsyncBackend {
    const c = this.control;
    const numWorkers = this.handles.length;
    const actions = this.actionsBuffer;
    const obsSize = this.singleObservationSpace.size;
    const rows = Array.from({ length: this.numEnvs }, (_, e) =>
      e < this.parentSlots.length ? undefined : this.buffers.obs.subarray(e * obsSize, (e + 1) * obsSize),
    );
    return {
      isLocal: (env) => this.workerOfEnv[env] === -1,
      runLocal: (env, command, reset) => {
        this.enterAsyncMode();
        const slot = this.parentSlots[env]!;
        // An autoreset is a reset: it would inflate the step averages.
        const ordinaryStep = command === COMMAND.STEP && !slot.needsAutoreset;
        const started = performance.now();
        runRequest(slot, command, actions[env]!, reset);
        if (ordinaryStep) {
          const ms = performance.now() - started;
          this.noteLocalStep(ms);
          // As in lockstep, the poll budget follows this thread's own work.
          this.spin.noteWork(ms);
        }
      },
      runLocalInPieces: (env, command, reset) => {
        this.enterAsyncMode();
        return requestInPieces(this.parentSlots[env]!, command, actions[env]!, reset);
      },
      postRemote: (env, command, reset) => {
        this.enterAsyncMode();
        const worker = this.workerOfEnv[env]!;
        if (command === COMMAND.RESET) {
          const message: AsyncResetMessage = { envIndex: env, seed: reset?.seed, options: reset?.options };
          this.handles[worker]!.port.postMessage(message);
        }
        const request = ++this.envRequests[env]!;
        Atomics.store(c, envWord(numWorkers, env, ENV_WORD.COMMAND), command satisfies AsyncCommand);
        Atomics.store(c, envWord(numWorkers, env, ENV_WORD.REQUEST), request);
        this.toWake[worker] = 1;
      },
      flushRemote: () => {
        for (let w = 0; w < numWorkers; w++) {
          if (this.toWake[w] === 0) continue;
          this.toWake[w] = 0;
          this.wake(w);
        }
      },
      signal: () => Atomics.load(c, CONTROL.SIGNAL),
      remoteDone: (env) => {
        if (Atomics.load(c, envWord(numWorkers, env, ENV_WORD.DONE)) !== this.envRequests[env]) return false;
        if (Atomics.load(c, envWord(numWorkers, env, ENV_WORD.STATUS)) === STATUS.ERROR) throw this.asyncFailure(env);
        return true;
      },
      waitRemote: (seen, sinceMs) => this.waitSignal(seen, sinceMs),
      waitRemoteAsync: async (seen, sinceMs) => {
        this.checkDead();
        const left = sinceMs + this.timeoutMs - performance.now();
        if (left <= 0) throw this.recvTimeoutError();
        const waited = waitAsyncOn(c, CONTROL.SIGNAL, seen, left);
        if (waited.async) await waited.value;
      },
      lingerMs: () =>
        this.spin.ms > 0 && Atomics.load(c, CONTROL.SPIN_ALLOWED) === 1 ? LINGER_FRACTION * this.localStepMs : 0,
      noteRecv: (rows) => {
        const now = performance.now();
        if (this.lastRecvMs > 0) this.tuner?.noteDuration((now - this.lastRecvMs) / rows);
        this.lastRecvMs = now;
      },
      observation: (env) => rows[env] ?? this.parentSlots[env]!.resultObs,
    };
  }

  private noteLocalStep(ms: number): void {
    if (this.localStepMs === 0) {
      this.localStepMs = ms;
      return;
    }
    const x = Math.min(ms, LOCAL_STEP_OUTLIER_FACTOR * this.localStepMs);
    this.localStepMs += LOCAL_STEP_AVERAGE_WEIGHT * (x - this.localStepMs);
  }

  /** The failure a worker reported for an asynchronous request to sub-env `env`. */
  private asyncFailure(env: number): SubEnvError {
    const h = this.handles[this.workerOfEnv[env]!]!;
    const report = receiveMessageOnPort(h.port)?.message as ErrorReport | undefined;
    const r: ErrorReport = report ?? {
      envIndex: env,
      phase: 'step',
      name: 'Error',
      message: `worker ${h.index} reported a failure of sub-env ${env} without details`,
      stack: undefined,
    };
    return new SubEnvError(r.envIndex, r.phase, r.name, r.message, r.stack);
  }

  /**
   * `recv`'s wait: polls (within the poll budget) and then sleeps until SIGNAL differs from `seen`. Throws
   * WorkerCrashedError for a dead worker, VectorEnvTimeoutError once `timeoutMs` have passed since `sinceMs`.
   */
  private waitSignal(seen: number, sinceMs: number): void {
    const c = this.control;
    // Without sub-envs of its own this thread sleeps: the cores are the workers' (asyncSpinMicros).
    const spinMs = this.parentSlots.length > 0 ? this.spin.ms : 0;
    if (spinMs > 0 && Atomics.load(c, CONTROL.SPIN_ALLOWED) === 1) {
      const until = performance.now() + spinMs;
      while (
        Atomics.load(c, CONTROL.SIGNAL) === seen &&
        Atomics.load(c, CONTROL.DEAD_WORKERS) === 0 &&
        performance.now() < until
      ) {
        // busy-wait: cheaper than a futex sleep and wake when the answer is microseconds away
      }
    }
    this.checkDead();
    const left = sinceMs + this.timeoutMs - performance.now();
    if (left <= 0) throw this.recvTimeoutError();
    Atomics.wait(c, CONTROL.SIGNAL, seen, left);
  }

  /** `recv` waited `timeoutMs`: names the workers with a request not yet done. */
  private recvTimeoutError(): VectorEnvTimeoutError {
    const c = this.control;
    const pending = this.handles
      .filter((h) =>
        h.envIndices.some(
          (e) => Atomics.load(c, envWord(this.handles.length, e, ENV_WORD.DONE)) !== this.envRequests[e],
        ),
      )
      .map((h) => h.index);
    return new VectorEnvTimeoutError('recv', this.timeoutMs, pending);
  }

  private waitSync(seq: number, command: Command): void {
    const c = this.control;
    const spinMs = this.spin.ms;
    if (spinMs > 0 && Atomics.load(c, CONTROL.SPIN_ALLOWED) === 1) this.pollUntilDone(seq, spinMs);
    let deadline = 0;
    for (;;) {
      const signal = Atomics.load(c, CONTROL.SIGNAL);
      if (Atomics.load(c, CONTROL.DONE_SEQ) === seq) {
        this.checkStatuses(command);
        return;
      }
      this.checkDead();
      const now = performance.now();
      if (deadline === 0) deadline = now + this.timeoutMs;
      else if (now >= deadline) throw this.timeoutError(command);
      Atomics.wait(c, CONTROL.SIGNAL, signal, deadline - now);
    }
  }

  /** Polls until the request is done, a worker dies, or `ms` pass. */
  private pollUntilDone(seq: number, ms: number): void {
    const c = this.control;
    const until = performance.now() + ms;
    while (
      Atomics.load(c, CONTROL.DONE_SEQ) !== seq &&
      Atomics.load(c, CONTROL.DEAD_WORKERS) === 0 &&
      performance.now() < until
    ) {
      // busy-wait: cheaper than a futex sleep and wake when the answer is microseconds away
    }
  }

  private async waitAsync(seq: number, command: Command): Promise<void> {
    const c = this.control;
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const signal = Atomics.load(c, CONTROL.SIGNAL);
      if (Atomics.load(c, CONTROL.DONE_SEQ) === seq) {
        this.checkStatuses(command);
        return;
      }
      this.checkDead();
      const left = deadline - performance.now();
      if (left <= 0) throw this.timeoutError(command);
      const waited = waitAsyncOn(c, CONTROL.SIGNAL, signal, left);
      if (waited.async) await waited.value;
    }
  }

  /** After a command: throws the failure of the lowest-indexed failing sub-env, if any. */
  private checkStatuses(command: Command): void {
    let failure: ErrorReport | undefined;
    for (const h of this.handles) {
      if (Atomics.load(this.control, workerWord(h.index, WORKER_WORD.STATUS)) !== STATUS.ERROR) continue;
      const received = receiveMessageOnPort(h.port);
      const report = received?.message as ErrorReport | undefined;
      const fallback: ErrorReport = {
        envIndex: h.envIndices[0]!,
        phase: command === COMMAND.RESET ? 'reset' : command === COMMAND.CLOSE ? 'close' : 'step',
        name: 'Error',
        message: `worker ${h.index} reported a failure of ${COMMAND_NAMES[command]} without details`,
        stack: undefined,
      };
      const r = report ?? fallback;
      if (!failure || r.envIndex < failure.envIndex) failure = r;
    }
    if (failure) {
      throw new SubEnvError(failure.envIndex, failure.phase, failure.name, failure.message, failure.stack);
    }
  }

  private checkDead(): void {
    if (Atomics.load(this.control, CONTROL.DEAD_WORKERS) === 0) return;
    const dead = this.handles.find(
      (h) => Atomics.load(this.control, workerWord(h.index, WORKER_WORD.STATUS)) === STATUS.DEAD,
    );
    const h = dead ?? this.handles[0]!;
    throw new WorkerCrashedError(
      h.index,
      h.envIndices,
      Atomics.load(this.control, workerWord(h.index, WORKER_WORD.EXIT_CODE)),
    );
  }

  private timeoutError(command: Command): VectorEnvTimeoutError {
    const pending = this.handles
      .filter((h) => Atomics.load(this.control, workerWord(h.index, WORKER_WORD.DONE_SEQ)) !== this.seq)
      .map((h) => h.index);
    return new VectorEnvTimeoutError(COMMAND_NAMES[command], this.timeoutMs, pending);
  }
}

function spawn(launch: ReturnType<typeof workerLaunch>, data: Omit<WorkerInit, 'port'>): WorkerHandle {
  const { port1, port2 } = new MessageChannel();
  const init: WorkerInit = { ...data, port: port2 };
  const { workerIndex: index, envIndices } = data;
  const worker = new Worker(launch.script, {
    eval: launch.eval,
    workerData: init,
    transferList: [port2],
    name: `vector-env-worker-${index}`,
  });
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const handle: WorkerHandle = {
    worker,
    index,
    envIndices,
    port: port1,
    exited,
    hasExited: false,
    lastError: undefined,
  };
  // Without an 'error' listener an uncaught error in the worker would be rethrown in the parent.
  worker.on('error', (error) => {
    handle.lastError = error;
  });
  worker.once('exit', (code) => {
    handle.hasExited = true;
    resolveExit(code);
  });
  port1.unref();
  return handle;
}

/** The worker's next start-up message, which must be `type`; rejects on an error report or an early exit. */
function nextMessage(h: WorkerHandle, type: WorkerMessage['type']): Promise<WorkerMessage> {
  return new Promise<WorkerMessage>((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      cleanup();
      if (message.type === type) {
        resolve(message);
      } else if (message.type === 'error') {
        const r = message.report;
        reject(new SubEnvError(r.envIndex, r.phase, r.name, r.message, r.stack));
      } else {
        reject(new Error(`internal: worker ${h.index} sent '${message.type}' while starting, expected '${type}'`));
      }
    };
    const onExit = (code: number): void => {
      cleanup();
      const crashed = new WorkerCrashedError(h.index, h.envIndices, code);
      if (h.lastError) {
        crashed.message += `; it failed with ${h.lastError.name}: ${h.lastError.message}`;
        (crashed as { cause?: unknown }).cause = h.lastError;
      }
      reject(crashed);
    };
    const cleanup = (): void => {
      h.worker.off('message', onMessage);
      h.worker.off('exit', onExit);
    };
    h.worker.on('message', onMessage);
    h.worker.on('exit', onExit);
  });
}

/**
 * Like Promise.all, but once every promise has settled, rejects with the failure of the lowest-indexed
 * sub-env (so that which error is reported does not depend on which worker was quicker).
 */
async function firstFailureByEnv<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  const envOf = (e: unknown): number => (e instanceof SubEnvError ? e.envIndex : Number.POSITIVE_INFINITY);
  throw failures.reduce((a, b) => (envOf(b) < envOf(a) ? b : a));
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}

type WaitAsyncResult = { async: false; value: string } | { async: true; value: Promise<string> };

/** `Atomics.waitAsync` (ES2024; in Node ≥ 16, missing from this project's ES2023 lib typings). */
function waitAsyncOn(array: Int32Array, index: number, value: number, timeoutMs: number): WaitAsyncResult {
  const atomics = Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number, t: number): WaitAsyncResult;
  };
  return atomics.waitAsync(array, index, value, timeoutMs);
}
