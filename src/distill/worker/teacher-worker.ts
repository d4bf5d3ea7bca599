/**
 * The teacher worker's thread: it holds the teacher (and, for online training, the envs and a copy
 * of the student) and answers the learner: teacher targets for Sobolev steps, and collection rounds.
 * Target requests are served first, also between the vector steps of a collection round, so the
 * learner never waits behind a long round.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { MAKE_ENV_FACTORY } from '../../envs/make-env.js';
import { SyncVectorEnv } from '../../envs/vector/sync-vector-env.js';
import { buildModel, setWeights } from '../../models/build.js';
import type { PolicyModel } from '../../models/model.js';
import { Teacher } from '../../teachers/teacher.js';
import { selectBackend } from '../../tf/backend.js';
import { Collector } from '../collect.js';
import { segmentsDigest } from '../dataset/digest.js';
import { teacherTargets } from '../train/targets.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const { init, port } = workerData as { init: WorkerInit; port: MessagePort };

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function fail(id: number, e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  send({ type: 'error', id, name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) });
}

await selectBackend(init.backend);
const teacher = new Teacher(init.teacher);
let collector: Collector | undefined;
let student: PolicyModel | undefined;
if (init.collection) {
  const c = init.collection;
  const env = await SyncVectorEnv.create({ factory: MAKE_ENV_FACTORY, id: c.envId, options: c.envOptions }, c.numEnvs);
  student = c.student ? buildModel(c.student, { trainable: false }) : undefined;
  collector = new Collector({
    env,
    teacher,
    seed: c.seed,
    padding: c.padding,
    teacherPolicy: c.teacherPolicy,
    studentPolicy: c.studentPolicy,
    ...(student ? { student } : {}),
    maxHistory: c.maxHistory,
  });
}

const queue: ToWorker[] = [];
let closing = false;

function serveTargets(m: Extract<ToWorker, { type: 'targets' }>): void {
  try {
    const t0 = performance.now();
    const data = teacherTargets(teacher, m.request);
    send({ type: 'targets', id: m.id, data, seconds: (performance.now() - t0) / 1000 }, [data.buffer as ArrayBuffer]);
  } catch (e) {
    fail(m.id, e);
  }
}

/** Serves target requests that arrived meanwhile; keeps anything else for later. */
function drain(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const msg = m.message as ToWorker;
    if (msg.type === 'targets') serveTargets(msg);
    else queue.push(msg);
  }
}

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'targets':
      serveTargets(msg);
      return;
    case 'collect': {
      try {
        if (!collector) throw new Error('this teacher worker was started without a collection setup');
        if (msg.studentWeights && student) setWeights(student, msg.studentWeights);
        const t0 = performance.now();
        const { segments, stats } = collector.collect(
          msg.steps,
          msg.beta,
          drain,
          msg.round !== undefined ? { round: msg.round } : {},
        );
        const transfer = segments.flatMap((s) =>
          [s.frames, s.logits, s.actions, s.actors, s.rewards, ...(s.states ? [s.states] : [])].map(
            (a) => a.buffer as ArrayBuffer,
          ),
        );
        send({ type: 'collected', id: msg.id, segments, stats, seconds: (performance.now() - t0) / 1000 }, transfer);
      } catch (e) {
        fail(msg.id, e);
      }
      return;
    }
    case 'replay': {
      try {
        if (!collector) throw new Error('this teacher worker was started without a collection setup');
        const t0 = performance.now();
        const digests = msg.rounds.map((script) => {
          const { segments } = collector!.collect(script.steps, 1, drain, { script });
          return segmentsDigest(segments);
        });
        send({ type: 'replayed', id: msg.id, digests, seconds: (performance.now() - t0) / 1000 });
      } catch (e) {
        fail(msg.id, e);
      }
      return;
    }
    case 'close':
      closing = true;
      return;
  }
}

function pump(): void {
  while (queue.length > 0 && !closing) handle(queue.shift()!);
  if (closing) {
    port.close();
  }
}

port.on('message', (msg: ToWorker) => {
  queue.push(msg);
  pump();
});
send({ type: 'ready', ...(collector ? { info: collector.info } : {}) });
