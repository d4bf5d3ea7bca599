import { describe, expect, it } from 'vitest';
import type { AtariEnv } from '../../src/envs/atari-env.js';
import { catcherExpertAction } from '../../src/envs/homebrew/expert.js';
import { makeEnv } from '../../src/envs/make-env.js';
import { PRESETS } from '../../src/envs/presets.js';
import { RlConfigError, UnknownExpertError } from '../../src/rl/errors.js';
import { evaluateGames, randomPolicy } from '../../src/rl/evaluate.js';
import { presetFrameSkip, ramExpert } from '../../src/rl/experts.js';
import { presetEnvOptions } from '../../src/rl/train-teacher.js';
import { CatchGridEnv } from './fake-envs.js';

const catcherEnv = () => makeEnv('ALE/Catcher-v5', presetEnvOptions('sb3-atari'));

describe('ramExpert', () => {
  it('reads the frames per step from the preset', () => {
    expect(presetFrameSkip(PRESETS['sb3-atari'])).toBe(4);
    expect(presetFrameSkip(PRESETS['atari-preprocessing'])).toBe(4);
    expect(presetFrameSkip(PRESETS['baby-a3c'])).toBeUndefined();
  });

  it("names Catcher's scripted action as an index into the env's action set", () => {
    const env = catcherEnv();
    const expert = ramExpert('catcher', 4);
    const base = env.unwrapped as AtariEnv;
    env.reset({ seed: 3 });
    const seen = new Set<number>();
    for (let t = 0; t < 200; t++) {
      const index = expert.act(env);
      expect(base.actionSet[index]).toBe(catcherExpertAction(base.ale.getRAM(new Uint8Array(128)), 4));
      seen.add(index);
      const r = env.step(index);
      if (r.terminated || r.truncated) env.reset();
    }
    // It steers both ways, slow and fast, and waits.
    expect(seen.size).toBeGreaterThanOrEqual(4);
    env.close();
  });

  it('plays far better than random through the preset (so the action mapping is right)', () => {
    const play = (policy: (envs: ReturnType<typeof catcherEnv>[]) => Parameters<typeof evaluateGames>[1]) => {
      const envs = [catcherEnv(), catcherEnv()];
      const result = evaluateGames(envs, policy(envs), { episodes: 2, seed: 11, maxSteps: 300 });
      for (const env of envs) env.close();
      return result.mean;
    };
    const expert = ramExpert('catcher', 4);
    const expertScore = play((envs) => (_obs, _batch, rows) => rows.map((i) => expert.act(envs[i]!)));
    const randomScore = play(() => randomPolicy(5, 11));
    expect(expertScore).toBeGreaterThan(8);
    expect(randomScore).toBeLessThan(3);
  });

  it('refuses unknown games and envs that are not the game', () => {
    expect(() => ramExpert('pong', 4)).toThrow(UnknownExpertError);
    expect(() => ramExpert('catcher', 0)).toThrow(RlConfigError);
    const grid = new CatchGridEnv();
    grid.reset();
    expect(() => ramExpert('catcher', 4).act(grid)).toThrow(/needs an env whose base is an AtariEnv of catcher/);
  });
});
