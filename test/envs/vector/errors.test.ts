import { describe, expect, it } from 'vitest';
import {
  createVectorEnv,
  EnvSpecError,
  SubEnvError,
  SyncVectorEnv,
  VectorEnvStateError,
  VectorEnvTimeoutError,
  WorkerCrashedError,
  type WorkerVectorEnv,
} from '../../../src/envs/vector/index.js';
import { FAKE_EXIT_CODE, FAKE_FACTORY, FAKE_ID, type FakeEnvOptions, FakeFaultError } from './fake-env.js';

function spec(options: FakeEnvOptions, id = FAKE_ID) {
  return { factory: FAKE_FACTORY, id, options };
}

/** Steps with action 0 until something throws (at most `limit` steps); returns what was thrown. */
function stepUntilThrow(vec: { step(a: number[]): unknown; numEnvs: number }, limit: number): unknown {
  for (let t = 0; t < limit; t++) {
    try {
      vec.step(new Array<number>(vec.numEnvs).fill(0));
    } catch (error) {
      return error;
    }
  }
  return undefined;
}

describe('a sub-env that throws', () => {
  it('surfaces in the parent as SubEnvError naming the sub-env, then the vector env refuses further use', async () => {
    const vec = await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 2, atStep: 3, kind: 'throw' } }),
      4,
      { envsPerWorker: 2 },
    );
    try {
      vec.reset({ seed: 0 });
      const error = stepUntilThrow(vec, 10);
      expect(error).toBeInstanceOf(SubEnvError);
      const e = error as SubEnvError;
      expect(e.envIndex).toBe(2);
      expect(e.phase).toBe('step');
      expect(e.causeName).toBe('FakeFaultError');
      expect(e.causeMessage).toBe('scripted fault in sub-env 2');
      expect(e.causeStack).toContain('fake-env.ts');
      expect(e.message).toMatch(/^sub-env 2 threw FakeFaultError during step/);
      expect(() => vec.step([0, 0, 0, 0])).toThrow(VectorEnvStateError);
      expect(() => vec.reset()).toThrow(VectorEnvStateError);
    } finally {
      await vec.close();
    }
    expect((vec as WorkerVectorEnv).liveWorkers).toBe(0);
  });

  it('in the calling thread (inParent) surfaces the same way, with the original error as the cause', async () => {
    const vec = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 0, atStep: 2, kind: 'throw' } }),
      3,
      { envsPerWorker: 1, inParent: 1 },
    )) as WorkerVectorEnv;
    try {
      expect(vec.numWorkers).toBe(2);
      vec.reset({ seed: 0 });
      const error = stepUntilThrow(vec, 10) as SubEnvError;
      expect(error).toBeInstanceOf(SubEnvError);
      expect(error.envIndex).toBe(0);
      expect(error.cause).toBeInstanceOf(FakeFaultError);
      expect(() => vec.step([0, 0, 0])).toThrow(VectorEnvStateError);
    } finally {
      await vec.close();
    }
    expect(vec.liveWorkers).toBe(0);
  });

  it('in-process, keeps the original error as the cause', async () => {
    const vec = await SyncVectorEnv.create(
      spec({ episodeLength: 100, fault: { envIndex: 1, atStep: 2, kind: 'throw' } }),
      2,
    );
    vec.reset({ seed: 0 });
    const error = stepUntilThrow(vec, 10) as SubEnvError;
    expect(error).toBeInstanceOf(SubEnvError);
    expect(error.envIndex).toBe(1);
    expect(error.cause).toBeInstanceOf(FakeFaultError);
    await vec.close();
  });

  it('while being built rejects creation with SubEnvError (phase create) for the lowest failing sub-env', async () => {
    // Every sub-env fails; whichever worker is quicker, the report names sub-env 0.
    const attempt = createVectorEnv(spec({}, 'NoSuchGame-v0'), 3);
    await expect(attempt).rejects.toThrow(SubEnvError);
    await expect(attempt).rejects.toMatchObject({ envIndex: 0, phase: 'create' });
    await expect(attempt).rejects.toThrow(/unknown id 'NoSuchGame-v0'/);
  });
});

describe('a worker that dies', () => {
  it('raises WorkerCrashedError with the worker, its sub-envs and exit code, instead of hanging', async () => {
    const vec = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 3, atStep: 2, kind: 'exit' } }),
      4,
      { envsPerWorker: 2, inParent: 0 },
    )) as WorkerVectorEnv;
    try {
      vec.reset({ seed: 0 });
      const error = stepUntilThrow(vec, 10);
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error).toMatchObject({ workerIndex: 1, envIndices: [2, 3], exitCode: FAKE_EXIT_CODE });
      expect(() => vec.step([0, 0, 0, 0])).toThrow(VectorEnvStateError);
    } finally {
      await vec.close();
    }
    expect(vec.liveWorkers).toBe(0);
  });

  it('that hangs raises VectorEnvTimeoutError naming it, and close() still ends every worker', async () => {
    const vec = (await createVectorEnv(
      spec({ episodeLength: 100, fault: { envIndex: 1, atStep: 2, kind: 'hang' } }),
      3,
      { timeoutMs: 500, envsPerWorker: 1, inParent: 0 },
    )) as WorkerVectorEnv;
    try {
      vec.reset({ seed: 0 });
      const error = stepUntilThrow(vec, 10);
      expect(error).toBeInstanceOf(VectorEnvTimeoutError);
      expect(error).toMatchObject({ command: 'step', timeoutMs: 500, pendingWorkers: [1] });
    } finally {
      await vec.close();
    }
    expect(vec.liveWorkers).toBe(0);
  });

  it('stepAsync surfaces the same errors', async () => {
    const vec = await createVectorEnv(spec({ episodeLength: 100, fault: { envIndex: 0, atStep: 1, kind: 'exit' } }), 1);
    try {
      vec.reset({ seed: 0 });
      await expect(vec.stepAsync([0])).rejects.toThrow(WorkerCrashedError);
    } finally {
      await vec.close();
    }
  });
});

describe('env specs', () => {
  it('reject relative or malformed factory strings before starting workers', async () => {
    await expect(createVectorEnv({ factory: './fake-env.ts#makeFakeEnv', id: FAKE_ID }, 1)).rejects.toThrow(
      EnvSpecError,
    );
    await expect(createVectorEnv({ factory: 'no-export-part', id: FAKE_ID }, 1)).rejects.toThrow(EnvSpecError);
  });

  it('report a missing export from the worker as SubEnvError caused by EnvSpecError', async () => {
    const factory = FAKE_FACTORY.replace('#makeFakeEnv', '#makeNothing');
    const attempt = createVectorEnv({ factory, id: FAKE_ID }, 1);
    await expect(attempt).rejects.toMatchObject({ name: 'SubEnvError', causeName: 'EnvSpecError', phase: 'create' });
    await expect(attempt).rejects.toThrow(/no function export 'makeNothing'.*makeFakeEnv/);
  });
});
