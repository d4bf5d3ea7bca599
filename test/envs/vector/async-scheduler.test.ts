/**
 * The scheduler of send/recv (src/envs/vector/async.ts) against a scripted backend: one worker sub-env
 * whose step finishes at a known time, and sub-envs of the calling thread that take no time.
 */
import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/envs/spaces.js';
import { type AsyncBackend, AsyncScheduler } from '../../../src/envs/vector/async.js';
import { allocateBufferMemory, viewBuffers } from '../../../src/envs/vector/buffers.js';

/** How long the worker sub-env's step takes, and how long `recv` may poll for it after a local request. */
const REMOTE_STEP_MS = 40;
const LINGER_MS = 2000;

/** The scripted sub-envs' observations (one byte each; these tests look at timing only). */
const NO_OBSERVATION = new Uint8Array(1);

/** Busy work standing in for emulation. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // emulating
  }
}

/** Sub-env `remote` runs in a worker; the others run in this thread. */
function scriptedBackend(remote: number): { backend: AsyncBackend; localRuns: number[] } {
  const localRuns: number[] = [];
  let remoteDoneAt = Number.POSITIVE_INFINITY;
  const backend: AsyncBackend = {
    isLocal: (env) => env !== remote,
    runLocal: (env) => {
      localRuns.push(env);
    },
    postRemote: () => {
      remoteDoneAt = performance.now() + REMOTE_STEP_MS;
    },
    flushRemote: () => {},
    signal: () => 0,
    remoteDone: () => performance.now() >= remoteDoneAt,
    waitRemote: () => {
      while (performance.now() < remoteDoneAt) {
        // the worker's step is a fixed time away
      }
    },
    waitRemoteAsync: async () => {},
    lingerMs: () => LINGER_MS,
    noteRecv: () => {},
    observation: () => NO_OBSERVATION,
  };
  return { backend, localRuns };
}

function scheduler(numEnvs: number, backend: AsyncBackend): AsyncScheduler {
  const buffers = viewBuffers(allocateBufferMemory(new Box([1], 'uint8', 0, 255), numEnvs, false));
  return new AsyncScheduler(backend, buffers, numEnvs);
}

describe('AsyncScheduler.recv polling for a worker after a request of its own', () => {
  it('polls for a worker running an ordinary step when it has nothing else to run', () => {
    const { backend } = scriptedBackend(1);
    const s = scheduler(2, backend);
    s.startSteps([0, 1], 2);
    const r = s.recv(1, 2);
    // Sub-env 0 ran at once; recv then waited for sub-env 1 rather than leave its worker idle.
    expect(Array.from(r.envIds)).toEqual([0, 1]);
  });

  it('returns at once when requests of its own are still queued: it has work, and polling would delay it', () => {
    const { backend, localRuns } = scriptedBackend(2);
    const s = scheduler(3, backend);
    s.startSteps([0, 1, 2], 3);
    const started = performance.now();
    const r = s.recv(1, 3);
    expect(Array.from(r.envIds)).toEqual([0]);
    expect(performance.now() - started).toBeLessThan(REMOTE_STEP_MS);
    expect(localRuns).toEqual([0]);
    // The next recv runs the queued request, then polls for the worker: nothing of its own is left.
    expect(Array.from(s.recv(1, 3).envIds)).toEqual([1, 2]);
  });
});

describe('AsyncScheduler.recv with resets of its own in pieces', () => {
  /** Pieces of the calling thread's reset, and how long each takes. */
  const PIECES = 8;
  const PIECE_MS = 10;

  it('stops its reset between pieces once a worker result is in, and finishes it in the next recv', () => {
    const { backend } = scriptedBackend(1);
    const log: string[] = [];
    const split: AsyncBackend = {
      ...backend,
      runLocalInPieces: function* (env) {
        for (let k = 0; k < PIECES; k++) {
          busy(PIECE_MS);
          log.push(`${env}:${k}`);
          yield;
        }
        log.push(`${env}:done`);
      },
    };
    const s = scheduler(2, split);
    s.startResets({ seeds: [undefined, undefined], mask: [true, true], options: undefined });
    // The worker's reset takes REMOTE_STEP_MS: a few pieces into the calling thread's own.
    const first = s.recv(1, 2);
    expect(Array.from(first.envIds)).toEqual([1]);
    expect(log.length).toBeGreaterThan(0);
    expect(log.length).toBeLessThan(PIECES);
    expect(s.busy).toBe(1);
    const second = s.recv(1, 2);
    expect(Array.from(second.envIds)).toEqual([0]);
    expect(log).toEqual([...Array.from({ length: PIECES }, (_, k) => `0:${k}`), '0:done']);
  });

  it('runs ordinary steps whole, and abandon() ends a reset left between pieces', () => {
    const { backend, localRuns } = scriptedBackend(1);
    let finished = false;
    let closedEarly = false;
    const split: AsyncBackend = {
      ...backend,
      runLocalInPieces: function* () {
        try {
          for (let k = 0; k < PIECES; k++) {
            busy(PIECE_MS);
            yield;
          }
          finished = true;
        } finally {
          closedEarly = !finished;
        }
      },
    };
    const s = scheduler(2, split);
    s.startSteps([0, 1], 2);
    // A step is not a slow request: it goes to runLocal, whole.
    expect(Array.from(s.recv(1, 2).envIds)).toEqual([0, 1]);
    expect(localRuns).toEqual([0]);
    s.startResets({ seeds: [undefined, undefined], mask: [true, true], options: undefined });
    expect(Array.from(s.recv(1, 2).envIds)).toEqual([1]);
    s.abandon();
    expect(closedEarly).toBe(true);
  });
});
