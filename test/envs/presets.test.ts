import { describe, expect, it } from 'vitest';
import {
  AtariPreprocessing,
  applyPreset,
  applyWrappers,
  BabyA3CObservation,
  ClipReward,
  type Env,
  EpisodicLife,
  FireReset,
  FrameStack,
  isPresetName,
  MaxAndSkip,
  NoopReset,
  PRESETS,
  WarpFrame,
  Wrapper,
  WrapperConfigError,
} from '../../src/envs/index.js';
import { ScriptedAtariEnv } from './fakes.js';

const screen = { screenHeight: 210, screenWidth: 160 };

/** Wrapper classes from outermost to innermost. */
function chain(env: Env): string[] {
  const names: string[] = [];
  let e: Env = env;
  while (e instanceof Wrapper) {
    names.push(e.constructor.name);
    e = e.env;
  }
  return names;
}

describe('presets', () => {
  it('sb3-atari stacks NoopReset, MaxAndSkip, EpisodicLife, FireReset, WarpFrame, ClipReward, FrameStack(4)', () => {
    const env = applyPreset(new ScriptedAtariEnv({ ...screen, episodes: [{ length: 100 }] }), 'sb3-atari');
    expect(chain(env)).toEqual([
      FrameStack.name,
      ClipReward.name,
      WarpFrame.name,
      FireReset.name,
      EpisodicLife.name,
      MaxAndSkip.name,
      NoopReset.name,
    ]);
    expect(env.observationSpace.toString()).toBe('Box(0, 255, [4, 84, 84], uint8)');
  });

  it('sb3-atari leaves FireReset out for games without FIRE, as SB3 AtariWrapper does', () => {
    const base = new ScriptedAtariEnv({ ...screen, episodes: [{ length: 100 }], meanings: ['NOOP', 'UP', 'DOWN'] });
    expect(chain(applyPreset(base, 'sb3-atari'))).not.toContain(FireReset.name);
  });

  it('sb3-atari runs episodes end to end: clipped rewards, life loss as terminal, fire on reset', () => {
    const base = new ScriptedAtariEnv({
      ...screen,
      episodes: [{ length: 60, lives: 2, livesAt: { 20: 1 }, reward: (t) => (t % 5 === 0 ? 7 : 0) }],
      draws: [3],
    });
    const env = applyPreset(base, 'sb3-atari');
    env.reset({ seed: 1 });
    // 3 no-ops, then FIRE and action 2 each repeated 4 times by MaxAndSkip.
    expect(base.actions.slice(0, 11)).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    // Steps cover frames 12–15, 16–19, 20–23: rewards 7 (frame 15), 0, 7 (frame 20), clipped to 1, 0, 1;
    // the life lost on frame 20 ends the third step's episode.
    const steps = [env.step(3), env.step(3), env.step(3)];
    expect(steps.map((s) => s.reward)).toEqual([1, 0, 1]);
    expect(steps.map((s) => s.terminated)).toEqual([false, false, true]);
    expect(steps[2]!.info.lives).toBe(1);
    // Reset after a lost life: no game reset, one no-op step (4 frames), then FIRE and action 2 again.
    const before = base.actions.length;
    env.reset();
    expect(base.resets).toHaveLength(1);
    expect(base.actions.slice(before)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('atari-preprocessing is Gymnasium AtariPreprocessing with its defaults and needs a frameskip-1 base env', () => {
    const base = new ScriptedAtariEnv({ ...screen, episodes: [{ length: 100 }], obsType: 'grayscale' });
    const env = applyPreset(base, 'atari-preprocessing');
    expect(chain(env)).toEqual([AtariPreprocessing.name]);
    expect((env as AtariPreprocessing).options).toMatchObject({
      noopMax: 30,
      frameSkip: 4,
      screenSize: 84,
      terminalOnLifeLoss: false,
      scaleObs: false,
    });
    const skipping = new ScriptedAtariEnv({ ...screen, episodes: [{ length: 100 }], frameskip: 4 });
    expect(() => applyPreset(skipping, 'atari-preprocessing')).toThrow(WrapperConfigError);
    expect(() => applyPreset(skipping, 'sb3-atari')).toThrow(/NoFrameskip/);
  });

  it('baby-a3c gives one float32 [1, 80, 80] frame per step on any frameskip', () => {
    const base = new ScriptedAtariEnv({ ...screen, episodes: [{ length: 100 }], frameskip: 3 });
    const env = applyPreset(base, 'baby-a3c');
    expect(chain(env)).toEqual([BabyA3CObservation.name]);
    expect(env.reset().obs).toBeInstanceOf(Float32Array);
  });

  it('presets are plain data that compose with extra wrappers', () => {
    expect(Object.keys(PRESETS).sort()).toEqual(['atari-preprocessing', 'baby-a3c', 'sb3-atari']);
    expect(isPresetName('sb3-atari')).toBe(true);
    expect(isPresetName('toString')).toBe(false);
    const base = new ScriptedAtariEnv({ ...screen, episodes: [{ length: 100 }], obsType: 'grayscale' });
    const env = applyWrappers(base, [
      ...PRESETS['atari-preprocessing'].wrappers,
      { kind: 'FrameStack', k: 4, padding: 'zero' },
      { kind: 'TimeLimit', maxEpisodeSteps: 27_000 },
    ]);
    expect(env.observationSpace.shape).toEqual([4, 84, 84]);
    expect(() => applyWrappers(base, [{ kind: 'Nope' } as never])).toThrow(/unknown wrapper kind Nope/);
    expect(() => applyPreset(base, 'nope' as never)).toThrow(/known presets/);
  });
});
