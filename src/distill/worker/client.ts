/**
 * The learner's handle on the teacher worker: a TargetProvider whose requests run in another thread
 * (so they overlap the learner's steps), and collection rounds for online training.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { TorchTensor } from '../../models/params.js';
import type { CollectStats, RoundScript } from '../collect.js';
import type { DatasetInfo, Segment } from '../dataset/types.js';
import { TeacherWorkerError } from '../errors.js';
import type { TargetProvider, TargetRequest } from '../train/targets.js';
import { teacherWorkerScript } from './launch.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

interface Pending {
  resolve(value: FromWorker): void;
  reject(error: Error): void;
}

/** Longest wait for the worker to load the teacher (and build its envs). */
const START_TIMEOUT_MS = 120_000;

export class TeacherWorker implements TargetProvider {
  readonly concurrent = true;
  /** Seconds the worker spent computing targets and collecting. */
  targetSeconds = 0;
  collectSeconds = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    /** The dataset info of the worker's collector (with a collection setup). */
    readonly info: DatasetInfo | undefined,
  ) {
    port.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => this.fail(new TeacherWorkerError(`teacher worker crashed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new TeacherWorkerError(`teacher worker exited unexpectedly (code ${code})`));
    });
  }

  static async start(init: WorkerInit): Promise<TeacherWorker> {
    const { script, eval: isEval } = teacherWorkerScript();
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { eval: isEval, workerData: { init, port: port2 }, transferList: [port2] });
    const ready = await new Promise<FromWorker>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new TeacherWorkerError(`teacher worker did not start within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      const done = (f: () => void) => {
        clearTimeout(timer);
        port1.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        f();
      };
      const onMessage = (m: FromWorker) =>
        done(() =>
          m.type === 'error'
            ? reject(new TeacherWorkerError(`teacher worker failed to start: ${m.name}: ${m.message}`))
            : resolve(m),
        );
      const onError = (e: Error) =>
        done(() => reject(new TeacherWorkerError(`teacher worker failed to start: ${e.message}`, { cause: e })));
      const onExit = (code: number) =>
        done(() => reject(new TeacherWorkerError(`teacher worker exited during start (code ${code})`)));
      port1.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    }).catch(async (e) => {
      await worker.terminate();
      throw e;
    });
    return new TeacherWorker(worker, port1, ready.type === 'ready' ? ready.info : undefined);
  }

  private receive(m: FromWorker): void {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'error') {
      const err = new TeacherWorkerError(`teacher worker: ${m.name}: ${m.message}`);
      if (m.stack) err.stack = `${err.name}: ${err.message}\n(worker stack)\n${m.stack}`;
      p.reject(err);
    } else p.resolve(m);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call(message: ToWorker & { id: number }): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new TeacherWorkerError('the teacher worker is closed'));
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.port.postMessage(message);
    });
  }

  async request(request: TargetRequest): Promise<Float32Array> {
    const reply = await this.call({ type: 'targets', id: this.nextId++, request });
    if (reply.type !== 'targets') throw new TeacherWorkerError(`teacher worker answered ${reply.type} to targets`);
    this.targetSeconds += reply.seconds;
    return reply.data;
  }

  /** One collection round of `steps` vector steps with teacher probability β and the student's current weights. */
  async collect(
    steps: number,
    beta: number,
    studentWeights?: ReadonlyMap<string, TorchTensor>,
    round?: number,
  ): Promise<{ segments: Segment[]; stats: CollectStats; seconds: number }> {
    const reply = await this.call({
      type: 'collect',
      id: this.nextId++,
      steps,
      beta,
      ...(round !== undefined ? { round } : {}),
      ...(studentWeights ? { studentWeights } : {}),
    });
    if (reply.type !== 'collected') throw new TeacherWorkerError(`teacher worker answered ${reply.type} to collect`);
    this.collectSeconds += reply.seconds;
    return { segments: reply.segments, stats: reply.stats, seconds: reply.seconds };
  }

  /** Replays recorded rounds in the worker's envs (resuming an online run); each round's segments digest. */
  async replay(rounds: readonly RoundScript[]): Promise<{ digests: string[]; seconds: number }> {
    const reply = await this.call({ type: 'replay', id: this.nextId++, rounds });
    if (reply.type !== 'replayed') throw new TeacherWorkerError(`teacher worker answered ${reply.type} to replay`);
    return { digests: reply.digests, seconds: reply.seconds };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail(new TeacherWorkerError('the teacher worker was closed'));
    this.port.close();
    await this.worker.terminate();
  }
}
