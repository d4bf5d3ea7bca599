/**
 * Worker-thread entry of worker vector envs (see protocol.ts): builds this worker's sub-envs from the
 * spec, reports their spaces, attaches the shared result memory, then serves lockstep commands and
 * asynchronous per-sub-env requests until CLOSE. Between requests the loop polls its WAKE word for a while
 * (spin.ts), then blocks in Atomics.wait on it, so an idle worker uses no CPU.
 */
import { isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Env } from '../types.js';
import { describeSpaces, viewBuffers } from './buffers.js';
import type { SubEnvPhase } from './errors.js';
import {
  type AsyncResetMessage,
  type BuffersMessage,
  COMMAND,
  CONTROL,
  type Command,
  ENV_WORD,
  type ErrorReport,
  envWord,
  errorReport,
  type ResetMessage,
  STATUS,
  WORKER_WORD,
  type WorkerInit,
  type WorkerMessage,
  workerWord,
} from './protocol.js';
import { buildEnv } from './spec.js';
import { SpinBudget } from './spin.js';
import { SubEnvSlot } from './sub-env.js';

if (isMainThread || !parentPort) {
  throw new Error('src/envs/vector/worker is the entry of a vector-env worker thread; do not import it');
}
const parent = parentPort;
const init = workerData as WorkerInit;
const control = new Int32Array(init.control);
const statusWord = workerWord(init.workerIndex, WORKER_WORD.STATUS);
const exitCodeWord = workerWord(init.workerIndex, WORKER_WORD.EXIT_CODE);
const doneWord = workerWord(init.workerIndex, WORKER_WORD.DONE_SEQ);
const wakeWord = workerWord(init.workerIndex, WORKER_WORD.WAKE);
let closing = false;

// An exit the parent did not ask for (process.exit in an env, an uncaught error): mark this worker dead
// and wake the parent, which would otherwise wait for this worker's reply until its timeout.
process.on('exit', (code) => {
  if (closing) return;
  control[exitCodeWord] = code;
  Atomics.store(control, statusWord, STATUS.DEAD);
  Atomics.add(control, CONTROL.DEAD_WORKERS, 1);
  Atomics.add(control, CONTROL.SIGNAL, 1);
  Atomics.notify(control, CONTROL.SIGNAL);
});

function post(message: WorkerMessage): void {
  parent.postMessage(message);
}

async function start(): Promise<void> {
  const envs: Env[] = [];
  for (const index of init.envIndices) {
    try {
      envs.push(await buildEnv(init.spec, { index }));
    } catch (error) {
      for (const env of envs) env.close();
      post({ type: 'error', report: errorReport(index, 'create', error) });
      return;
    }
  }
  const first = envs[0]!;
  // The parent compares every worker's spaces; within a worker, report a sub-env that differs as an error.
  const spaces = describeSpaces(first.observationSpace, first.actionSpace);
  const spacesJson = JSON.stringify(spaces);
  for (let k = 1; k < envs.length; k++) {
    const other = JSON.stringify(describeSpaces(envs[k]!.observationSpace, envs[k]!.actionSpace));
    if (other !== spacesJson) {
      const message = `its spaces ${other} differ from sub-env ${init.envIndices[0]}'s ${spacesJson}; every sub-env needs the same spaces`;
      post({
        type: 'error',
        report: {
          envIndex: init.envIndices[k]!,
          phase: 'create',
          name: 'ShapeMismatchError',
          message,
          stack: undefined,
        },
      });
      for (const env of envs) env.close();
      return;
    }
  }
  post({ type: 'spaces', spaces });
  const buffersMessage = await new Promise<BuffersMessage>((resolve) => parent.once('message', resolve));
  const buffers = viewBuffers(buffersMessage.memory);
  const actions = new Int32Array(buffersMessage.actions);
  const slots = envs.map((env, k) => new SubEnvSlot(env, init.envIndices[k]!, buffers));
  post({ type: 'ready' });
  serve(slots, actions);
}

/** Polls the WAKE word while it still reads `wake`, for up to `ms`: saves the futex wake-up when a request comes soon. */
function spinFor(wake: number, ms: number): void {
  const until = performance.now() + ms;
  while (Atomics.load(control, wakeWord) === wake && performance.now() < until) {
    // busy-wait
  }
}

function serve(slots: readonly SubEnvSlot[], actions: Int32Array): void {
  // Requests are numbered from 1. Start from 0 rather than the current value: the parent may publish the first
  // request as soon as it has this worker's 'ready', before this line runs.
  let seen = 0;
  const budget = new SpinBudget(init.spinMicros);
  const asyncBudget = new SpinBudget(init.asyncSpinMicros);
  const requests = new AsyncRequests(slots, actions, asyncBudget);
  // Whether the last request served was asynchronous: it picks the poll budget.
  let lastAsync = false;
  for (;;) {
    // Read WAKE before looking for work: a request published after the look bumps it, so the wait returns.
    const wake = Atomics.load(control, wakeWord);
    const seq = Atomics.load(control, CONTROL.REQUEST_SEQ);
    if (seq === seen) {
      if (requests.serveOne()) {
        lastAsync = true;
        continue;
      }
      const spinMs = (lastAsync ? asyncBudget : budget).ms;
      if (spinMs > 0 && Atomics.load(control, CONTROL.SPIN_ALLOWED) === 1) spinFor(wake, spinMs);
      Atomics.wait(control, wakeWord, wake);
      continue;
    }
    seen = seq;
    lastAsync = false;
    const command = Atomics.load(control, CONTROL.COMMAND);
    const started = performance.now();
    const report = run(command, slots, actions);
    if (command === COMMAND.STEP) budget.noteWork(performance.now() - started);
    if (report) init.port.postMessage(report);
    if (command === COMMAND.CLOSE) closing = true;
    Atomics.store(control, statusWord, report ? STATUS.ERROR : STATUS.OK);
    Atomics.store(control, doneWord, seq);
    if (Atomics.sub(control, CONTROL.PENDING, 1) === 1) {
      Atomics.store(control, CONTROL.DONE_SEQ, seq);
      Atomics.add(control, CONTROL.SIGNAL, 1);
      Atomics.notify(control, CONTROL.SIGNAL);
    }
    if (command === COMMAND.CLOSE) {
      init.port.close();
      return;
    }
  }
}

/** The asynchronous requests to this worker's sub-envs (protocol.ts), served one at a time, round robin. */
class AsyncRequests {
  /** Per slot: the last request served. */
  private readonly served: Int32Array;
  private readonly requestWords: Int32Array;
  /** Reset arguments that arrived on the port ahead of their request, by sub-env. */
  private readonly resets = new Map<number, AsyncResetMessage>();
  private next = 0;

  constructor(
    private readonly slots: readonly SubEnvSlot[],
    private readonly actions: Int32Array,
    private readonly budget: SpinBudget,
  ) {
    this.served = new Int32Array(slots.length);
    this.requestWords = Int32Array.from(slots, (slot) => envWord(init.numWorkers, slot.index, ENV_WORD.REQUEST));
  }

  /** Serves one pending request, starting after the slot served last (so no sub-env waits behind a busy one); false if none. */
  serveOne(): boolean {
    const count = this.slots.length;
    for (let i = 0; i < count; i++) {
      const k = (this.next + i) % count;
      const request = Atomics.load(control, this.requestWords[k]!);
      if (request === this.served[k]) continue;
      this.served[k] = request;
      this.next = k + 1;
      this.run(this.slots[k]!, request);
      return true;
    }
    return false;
  }

  private run(slot: SubEnvSlot, request: number): void {
    const e = slot.index;
    const command = Atomics.load(control, envWord(init.numWorkers, e, ENV_WORD.COMMAND));
    const started = performance.now();
    let report: ErrorReport | undefined;
    try {
      if (command === COMMAND.STEP) {
        slot.step(this.actions[e]!);
      } else if (command === COMMAND.RESET) {
        const args = this.resetArgs(e);
        slot.reset(args.seed, args.options);
      } else {
        throw new Error(`internal: unknown asynchronous vector-env command ${command}`);
      }
    } catch (error) {
      report = errorReport(e, command === COMMAND.RESET ? 'reset' : 'step', error);
    }
    if (command === COMMAND.STEP) this.budget.noteWork(performance.now() - started);
    if (report) init.port.postMessage(report);
    Atomics.store(control, envWord(init.numWorkers, e, ENV_WORD.STATUS), report ? STATUS.ERROR : STATUS.OK);
    Atomics.store(control, envWord(init.numWorkers, e, ENV_WORD.DONE), request);
    Atomics.add(control, CONTROL.SIGNAL, 1);
    Atomics.notify(control, CONTROL.SIGNAL);
  }

  /** The sub-env's reset arguments: posted before its request, possibly behind other sub-envs' arguments. */
  private resetArgs(env: number): AsyncResetMessage {
    for (;;) {
      const held = this.resets.get(env);
      if (held) {
        this.resets.delete(env);
        return held;
      }
      const received = receiveMessageOnPort(init.port);
      if (!received)
        throw new Error(`internal: asynchronous reset of sub-env ${env} without its arguments on the worker port`);
      const message = received.message as AsyncResetMessage;
      this.resets.set(message.envIndex, message);
    }
  }
}

/** Runs `fn` on each slot; stops at the first failure (or, with `keepGoing`, runs all) and reports the first. */
function eachSlot(
  slots: readonly SubEnvSlot[],
  phase: SubEnvPhase,
  keepGoing: boolean,
  fn: (slot: SubEnvSlot) => void,
): ErrorReport | undefined {
  let first: ErrorReport | undefined;
  for (const slot of slots) {
    try {
      fn(slot);
    } catch (error) {
      first ??= errorReport(slot.index, phase, error);
      if (!keepGoing) break;
    }
  }
  return first;
}

/** What each command does to this worker's sub-envs; each returns the first failure, if any. */
const HANDLERS: Readonly<
  Record<Command, (slots: readonly SubEnvSlot[], actions: Int32Array) => ErrorReport | undefined>
> = {
  [COMMAND.STEP]: (slots, actions) => eachSlot(slots, 'step', false, (slot) => slot.step(actions[slot.index]!)),
  [COMMAND.RESET]: (slots) => {
    const received = receiveMessageOnPort(init.port);
    if (!received) {
      return errorReport(
        slots[0]!.index,
        'reset',
        new Error('internal: RESET without its arguments on the worker port'),
      );
    }
    const plan = received.message as ResetMessage;
    return eachSlot(slots, 'reset', false, (slot) => {
      if (plan.mask[slot.index]) slot.reset(plan.seeds[slot.index], plan.options);
    });
  },
  // Close every sub-env even if one fails.
  [COMMAND.CLOSE]: (slots) => eachSlot(slots, 'close', true, (slot) => slot.close()),
};

function run(command: number, slots: readonly SubEnvSlot[], actions: Int32Array): ErrorReport | undefined {
  const handler = HANDLERS[command as Command];
  if (!handler) {
    return errorReport(slots[0]!.index, 'step', new Error(`internal: unknown vector-env command ${command}`));
  }
  return handler(slots, actions);
}

start().catch((error: unknown) => {
  post({ type: 'error', report: errorReport(init.envIndices[0] ?? -1, 'create', error) });
});
