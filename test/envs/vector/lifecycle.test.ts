import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createVectorEnv, VectorEnvStateError, type WorkerVectorEnv } from '../../../src/envs/vector/index.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';
import { FAKE_FACTORY, FAKE_ID } from './fake-env.js';

const run = promisify(execFile);
const TSX_CLI = join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** A child process that outlives this is hanging on its workers. */
const CHILD_DEADLINE_MS = 60_000;

describe('close()', () => {
  it('ends every worker thread, is idempotent, and makes further use a typed error', async () => {
    const vec = (await createVectorEnv({ factory: FAKE_FACTORY, id: FAKE_ID }, 3, {
      envsPerWorker: 1,
      inParent: 0,
    })) as WorkerVectorEnv;
    expect(vec.numWorkers).toBe(3);
    expect(vec.liveWorkers).toBe(3);
    vec.reset({ seed: 0 });
    vec.step([0, 1, 2]);
    await vec.close();
    expect(vec.closed).toBe(true);
    expect(vec.liveWorkers).toBe(0);
    await vec.close();
    expect(() => vec.step([0, 0, 0])).toThrow(VectorEnvStateError);
    expect(() => vec.reset()).toThrow(/after close\(\)/);
  });

  it('a process that forgets close() still exits (requests in flight or not); one that closes prints after close and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vector-env-'));
    try {
      const vectorIndex = pathToFileURL(join(PROJECT_ROOT, 'src/envs/vector/index.ts')).href;
      const ending = {
        close: "await vec.close(); console.log('closed', vec.liveWorkers);",
        leave: "console.log('leaving');",
        leaveInFlight: "vec.send([1, 2]); console.log('leaving');",
      };
      const script = (end: keyof typeof ending) => `
        import { createVectorEnv } from ${JSON.stringify(vectorIndex)};
        const vec = await createVectorEnv({ factory: ${JSON.stringify(FAKE_FACTORY)}, id: ${JSON.stringify(FAKE_ID)} }, 2);
        vec.reset({ seed: 1 });
        for (let t = 0; t < 50; t++) vec.step([1, 2]);
        ${ending[end]}
      `;
      for (const end of ['leave', 'leaveInFlight', 'close'] as const) {
        const file = join(dir, `child-${end}.mts`);
        writeFileSync(file, script(end));
        const { stdout } = await run(process.execPath, [TSX_CLI, file], {
          cwd: PROJECT_ROOT,
          timeout: CHILD_DEADLINE_MS,
        });
        expect(stdout.trim()).toBe(end === 'close' ? 'closed 0' : 'leaving');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
