/**
 * The parent ↔ worker protocol of worker vector envs.
 *
 * Start-up runs on ordinary messages (parentPort ↔ worker): the worker builds its sub-envs and reports
 * their spaces; the parent checks they agree, allocates the shared result memory and sends it; the worker
 * answers `ready` and enters its command loop.
 *
 * Commands run on a shared Int32Array control block and Atomics, one round trip per batch for all workers:
 * the parent writes CMD, sets PENDING to the number of workers, bumps REQUEST_SEQ, then bumps and notifies
 * each worker's WAKE word. Each worker runs the command on its sub-envs, writes its status and decrements
 * PENDING; the last one stores DONE_SEQ and bumps SIGNAL, the one word the parent waits on. A worker that
 * exits unexpectedly also bumps SIGNAL (from its `exit` hook) after marking itself dead, so the parent
 * wakes instead of waiting for a reply that will never come.
 *
 * Asynchronous use (send/recv, async.ts) runs on per-sub-env words after the per-worker ones: to start a
 * request the parent writes the sub-env's action (a step) or posts its reset arguments, stores COMMAND and
 * bumps REQUEST of the sub-env's words, then bumps the worker's WAKE word and notifies it (once per worker
 * per `send`). The worker runs the request, writes STATUS, stores REQUEST's value into DONE and bumps
 * SIGNAL. Workers sleep on their own WAKE word, which the lockstep commands bump too (one notify per
 * worker), so one sleeping worker answers both kinds of request; a lockstep command goes first.
 *
 * Data that is not per step (reset seeds and options, error reports) travels on a private MessagePort per
 * worker and is read synchronously with `receiveMessageOnPort`: a message posted before the Atomics store
 * that announces it is already queued when the other side wakes.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SpacesDescription, VectorBufferMemory } from './buffers.js';
import type { SubEnvPhase } from './errors.js';
import type { SpinSetting } from './spin.js';
import type { EnvSpec } from './types.js';

/** Control block word indices. */
export const CONTROL = {
  /** Bumped by the parent for each lockstep command (workers wait on their WAKE word, bumped with it). */
  REQUEST_SEQ: 0,
  /** The command (`COMMAND`) of the current request. */
  COMMAND: 1,
  /** Workers yet to finish the current request. */
  PENDING: 2,
  /** The last request every worker finished. */
  DONE_SEQ: 3,
  /** Bumped whenever the parent should look again (request done, or a worker died); the parent waits on it. */
  SIGNAL: 4,
  /** Workers that have died. */
  DEAD_WORKERS: 5,
  /** 1 while threads may poll before sleeping (spin.ts), 0 while the cores are shared with other work. */
  SPIN_ALLOWED: 6,
  /** First per-worker word; each worker owns WORDS_PER_WORKER words from WORKER_BASE + w × WORDS_PER_WORKER. */
  WORKER_BASE: 8,
} as const;

/** Per-worker words, relative to the worker's base. */
export const WORKER_WORD = {
  /** `STATUS` of the worker's last command. */
  STATUS: 0,
  /** The exit code, once the worker is dead. */
  EXIT_CODE: 1,
  /** The last request this worker finished (tells a timeout which workers had not answered). */
  DONE_SEQ: 2,
  /** Bumped by the parent for every request to this worker, lockstep or asynchronous; the worker waits on it. */
  WAKE: 3,
} as const;
export const WORDS_PER_WORKER = 4;

/** Per-sub-env words of asynchronous requests, relative to the sub-env's base (`envWord`). */
export const ENV_WORD = {
  /** Bumped by the parent for each request to this sub-env. */
  REQUEST: 0,
  /** The request's `COMMAND` (STEP or RESET). */
  COMMAND: 1,
  /** REQUEST's value once the worker has finished that request. */
  DONE: 2,
  /** `STATUS` of that request. */
  STATUS: 3,
} as const;
export const WORDS_PER_ENV = 4;

export const COMMAND = { STEP: 1, RESET: 2, CLOSE: 3 } as const;
export type Command = (typeof COMMAND)[keyof typeof COMMAND];
export const COMMAND_NAMES: Readonly<Record<Command, string>> = { 1: 'step', 2: 'reset', 3: 'close' };

export const STATUS = { OK: 0, ERROR: 1, DEAD: 2 } as const;

export function controlWords(numWorkers: number, numEnvs: number): number {
  return CONTROL.WORKER_BASE + numWorkers * WORDS_PER_WORKER + numEnvs * WORDS_PER_ENV;
}

export function workerWord(worker: number, word: number): number {
  return CONTROL.WORKER_BASE + worker * WORDS_PER_WORKER + word;
}

/** Index of a sub-env's word in a control block with `numWorkers` workers. */
export function envWord(numWorkers: number, env: number, word: number): number {
  return CONTROL.WORKER_BASE + numWorkers * WORDS_PER_WORKER + env * WORDS_PER_ENV + word;
}

/** What the parent gives a worker at start-up (`workerData`). */
export interface WorkerInit {
  readonly workerIndex: number;
  /** Workers of the vector env (where the per-sub-env words start). */
  readonly numWorkers: number;
  readonly envIndices: readonly number[];
  readonly spec: EnvSpec;
  readonly control: SharedArrayBuffer;
  /** The private port for synchronous messages. */
  readonly port: MessagePort;
  /** How long the worker polls for the next request before sleeping in Atomics.wait (spin.ts). */
  readonly spinMicros: SpinSetting;
  /**
   * The same after an asynchronous request: in asynchronous use a calling thread without sub-envs sleeps in
   * `recv`, so 'auto' may poll where the workers alone fit the cores.
   */
  readonly asyncSpinMicros: SpinSetting;
}

/** A sub-env error, as it crosses threads. */
export interface ErrorReport {
  readonly envIndex: number;
  readonly phase: SubEnvPhase;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}

/** Start-up messages from a worker. */
export type WorkerMessage =
  | { readonly type: 'spaces'; readonly spaces: SpacesDescription }
  | { readonly type: 'ready' }
  | { readonly type: 'error'; readonly report: ErrorReport };

/** Start-up message to a worker: the shared memory to write results into. */
export interface BuffersMessage {
  readonly type: 'buffers';
  readonly memory: VectorBufferMemory;
  readonly actions: SharedArrayBuffer;
}

/** RESET's arguments, posted on the private port before the command. */
export interface ResetMessage {
  readonly seeds: readonly (number | undefined)[];
  readonly mask: readonly boolean[];
  readonly options: Readonly<Record<string, unknown>> | undefined;
}

/** An asynchronous reset's arguments, posted on the private port before the request. */
export interface AsyncResetMessage {
  readonly envIndex: number;
  readonly seed: number | undefined;
  readonly options: Readonly<Record<string, unknown>> | undefined;
}

export function errorReport(envIndex: number, phase: SubEnvPhase, error: unknown): ErrorReport {
  if (error instanceof Error) {
    return { envIndex, phase, name: error.name, message: error.message, stack: error.stack };
  }
  return { envIndex, phase, name: typeof error, message: String(error), stack: undefined };
}
