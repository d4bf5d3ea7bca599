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
