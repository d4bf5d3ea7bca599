import { describe, expect, it } from 'vitest';
import { EnvSpecError, factoryRef, VectorEnvConfigError } from '../../../src/envs/vector/index.js';
import { planReset } from '../../../src/envs/vector/reset-plan.js';
import { isTypeScriptModule, loadFactory, parseFactory } from '../../../src/envs/vector/spec.js';
import { partitionEnvs } from '../../../src/envs/vector/worker-vector-env.js';
import { FAKE_FACTORY, makeFakeEnv } from './fake-env.js';

describe('factory references', () => {
  it('split into a module specifier and an export; absolute paths become file URLs', () => {
    expect(factoryRef(new URL('file:///opt/envs/atari.js'), 'makeEnv')).toBe('file:///opt/envs/atari.js#makeEnv');
    expect(parseFactory('file:///opt/envs/atari.js#makeEnv')).toEqual({
      specifier: 'file:///opt/envs/atari.js',
      exportName: 'makeEnv',
    });
    expect(parseFactory('/opt/envs/atari.js#makeEnv').specifier).toBe('file:///opt/envs/atari.js');
    expect(parseFactory('some-package/envs#make')).toEqual({ specifier: 'some-package/envs', exportName: 'make' });
    expect(isTypeScriptModule('file:///a/b.ts#f')).toBe(true);
    expect(isTypeScriptModule('file:///a/b.js#f')).toBe(false);
  });

  it('refuse relative modules and strings without an export', () => {
    expect(() => parseFactory('./env.js#make')).toThrow(EnvSpecError);
    expect(() => parseFactory('./env.js#make')).toThrow(/new URL\('\.\/env\.js', import\.meta\.url\)/);
    expect(() => parseFactory('../env.js#make')).toThrow(EnvSpecError);
    expect(() => parseFactory('file:///a/env.js')).toThrow(/'<module>#<export>'/);
    expect(() => parseFactory('file:///a/env.js#')).toThrow(EnvSpecError);
  });

  it('load the named function, and name the exports when it is missing', async () => {
    expect(await loadFactory(FAKE_FACTORY)).toBe(makeFakeEnv);
    await expect(loadFactory(FAKE_FACTORY.replace('#makeFakeEnv', '#FAKE_ID'))).rejects.toThrow(
      /no function export 'FAKE_ID'; its function exports: .*makeFakeEnv/,
    );
    await expect(loadFactory('file:///nonexistent/env.js#make')).rejects.toThrow(/cannot load env factory module/);
  });
});

describe('partitionEnvs', () => {
  it('gives consecutive sub-envs to each worker, the last taking the remainder', () => {
    expect(partitionEnvs(5, 1)).toEqual([[0], [1], [2], [3], [4]]);
    expect(partitionEnvs(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(partitionEnvs(4, 8)).toEqual([[0, 1, 2, 3]]);
    expect(partitionEnvs(5, 2, 1)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('planReset (Gymnasium SyncVectorEnv.reset rules)', () => {
  it('expands one seed to seed + i, keeps lists, and leaves no seed as undefined', () => {
    expect(planReset({ seed: 10 }, 3).seeds).toEqual([10, 11, 12]);
    expect(planReset({ seed: [5, null, 7] }, 3).seeds).toEqual([5, undefined, 7]);
    expect(planReset({}, 2).seeds).toEqual([undefined, undefined]);
    expect(planReset({}, 2).mask).toEqual([true, true]);
    expect(planReset({ resetMask: new Uint8Array([0, 1]) }, 2).mask).toEqual([false, true]);
  });

  it('refuses lists of the wrong length, negative or fractional seeds, and empty masks', () => {
    expect(() => planReset({ seed: [1, 2] }, 3)).toThrow(VectorEnvConfigError);
    expect(() => planReset({ seed: -3 }, 3)).toThrow(/non-negative integer/);
    expect(() => planReset({ seed: [0, 0.5] }, 2)).toThrow(/seed\[1\]/);
    expect(() => planReset({ seed: Number.MAX_SAFE_INTEGER }, 2)).toThrow(/seed \+ 1/);
    expect(() => planReset({ resetMask: [false, false] }, 2)).toThrow(/at least one/);
    expect(() => planReset({ resetMask: [true] }, 2)).toThrow(/one entry per sub-env/);
  });
});
