/**
 * makeEnv: the ids and what they register (facts from ale-py's registration.py, 0.7.5 for the 'gym'
 * registration and 0.8+ for 'gymnasium'), options, typed errors, and presets end to end: on Catcher always,
 * and on real ROMs against an independent reconstruction of each preset from ALEInterface and the
 * fixture-verified preprocessing ops.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findGameById } from '../../src/ale/games/index.js';
import { indicesToGrayscale } from '../../src/ale/grayscale.js';
import { ALEInterface } from '../../src/ale/interface.js';
import { indicesToRGB } from '../../src/ale/palette.js';
import {
  AreaResizer,
  type AtariEnv,
  BabyA3CPreprocessor,
  createEnvForWorker,
  type Env,
  EnvConfigError,
  FireReset,
  FrameStack,
  gymnasiumSeeding,
  listEnvIds,
  MAKE_ENV_FACTORY,
  type MakeEnvOptions,
  makeEnv,
  makeVectorEnv,
  maxPool2,
  RomNotFoundError,
  resolveEnvId,
  rgbToGray,
  TimeLimit,
  UnknownEnvIdError,
  Wrapper,
} from '../../src/envs/index.js';
import { describeRoms, ROM_DIR } from '../helpers/shared.js';

function base(env: Env): AtariEnv {
  return env.unwrapped as AtariEnv;
}

function chain(env: Env): string[] {
  const names: string[] = [];
  let e: Env = env;
  while (e instanceof Wrapper) {
    names.push(e.constructor.name);
    e = e.env;
  }
  return names;
}

function lcgActions(n: number, count: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 16) % n;
  });
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs env A and env B in lockstep over the same actions; returns the first step where they differ, or -1. */
function firstDifference(a: Env, b: Env, acts: readonly number[], seed: number): number {
  if (!sameBytes(a.reset({ seed }).obs, b.reset({ seed }).obs)) return 0;
  for (let t = 0; t < acts.length; t++) {
    const x = a.step(acts[t]!);
    const y = b.step(acts[t]!);
    const same =
      sameBytes(x.obs, y.obs) &&
      x.reward === y.reward &&
      x.terminated === y.terminated &&
      x.truncated === y.truncated &&
      JSON.stringify(x.info) === JSON.stringify(y.info);
    if (!same) return t + 1;
    if (x.terminated || x.truncated) {
      if (!sameBytes(a.reset().obs, b.reset().obs)) return t + 1;
    }
  }
  return -1;
}

/** Runs `fn` with ALE_ROM_DIR set to `value` (undefined: unset), then restores it. */
function withRomDirVariable<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.ALE_ROM_DIR;
  if (value === undefined) delete process.env.ALE_ROM_DIR;
  else process.env.ALE_ROM_DIR = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.ALE_ROM_DIR;
    else process.env.ALE_ROM_DIR = saved;
  }
}

describe('ids and what they register', () => {
  it('resolves each family to ale-py’s kwargs (gymnasium registration: 108,000-frame cap, no TimeLimit)', () => {
    const kw = (id: string) => resolveEnvId(id).kwargs;
    expect(kw('ALE/Pong-v5')).toEqual({
      obs_type: 'rgb',
      frameskip: 4,
      repeat_action_probability: 0.25,
      full_action_space: false,
      max_num_frames_per_episode: 108_000,
    });
    expect(kw('PongNoFrameskip-v4')).toMatchObject({ frameskip: 1, repeat_action_probability: 0 });
    expect(kw('Pong-v4')).toMatchObject({ frameskip: [2, 5], repeat_action_probability: 0 });
    expect(kw('PongDeterministic-v4')).toMatchObject({ frameskip: 4, repeat_action_probability: 0 });
    expect(kw('SpaceInvadersDeterministic-v4')).toMatchObject({ frameskip: 3 });
    expect(kw('Pong-v0')).toMatchObject({ frameskip: [2, 5], repeat_action_probability: 0.25 });
    expect(kw('PongNoFrameskip-v0')).toMatchObject({ frameskip: 1, repeat_action_probability: 0.25 });
    expect(kw('Pong-ramNoFrameskip-v4')).toMatchObject({ obs_type: 'ram', frameskip: 1 });
    expect(kw('ALE/Pong-ram-v5')).toMatchObject({ obs_type: 'ram', frameskip: 4 });
    expect(resolveEnvId('ALE/Pong-v5').maxEpisodeSteps).toBeUndefined();
    expect(resolveEnvId('PongNoFrameskip-v4').maxEpisodeSteps).toBeUndefined();
  });

  it('the gym registration (ale-py 0.7) has gym’s TimeLimits and no frame cap', () => {
    const steps = (id: string) => resolveEnvId(id, 'gym').maxEpisodeSteps;
    expect(steps('Pong-v0')).toBe(10_000);
    expect(steps('Pong-v4')).toBe(100_000);
    expect(steps('PongDeterministic-v4')).toBe(100_000);
    expect(steps('PongNoFrameskip-v4')).toBe(400_000);
    expect(steps('SpaceInvadersNoFrameskip-v4')).toBe(300_000);
    expect(steps('ALE/Pong-v5')).toBe(27_000);
    expect(resolveEnvId('PongNoFrameskip-v4', 'gym').kwargs).not.toHaveProperty('max_num_frames_per_episode');
  });

  it('lists ALE/<Game>-v5 for all 104 games, v0/v4 ids for the 62 legacy games, and every family for Catcher', () => {
    const ids = listEnvIds();
    expect(ids).toContain('ALE/Tetris-v5');
    expect(ids).not.toContain('TetrisNoFrameskip-v4');
    expect(ids).toContain('BreakoutNoFrameskip-v4');
    expect(ids).toContain('ALE/Catcher-v5');
    expect(ids).toContain('CatcherNoFrameskip-v4');
    const v5 = ids.filter((id) => /^ALE\/[A-Za-z0-9]+-v5$/.test(id));
    expect(v5).toHaveLength(104 + 1);
    const legacy = ids.filter((id) => /^[A-Za-z0-9]+NoFrameskip-v4$/.test(id));
    expect(legacy).toHaveLength(62 + 1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('an unknown id raises UnknownEnvIdError listing close matches', () => {
    const suggestionsFor = (id: string): readonly string[] => {
      try {
        resolveEnvId(id);
      } catch (error) {
        expect(error).toBeInstanceOf(UnknownEnvIdError);
        return (error as UnknownEnvIdError).suggestions;
      }
      throw new Error(`${id} resolved`);
    };
    expect(suggestionsFor('ALE/Pongg-v5')[0]).toBe('ALE/Pong-v5');
    expect(suggestionsFor('Pong-v5')).toContain('ALE/Pong-v5');
    expect(suggestionsFor('ale/pong-v5')[0]).toBe('ALE/Pong-v5');
    expect(suggestionsFor('BreakoutNoFrameskip-v5')[0]).toBe('BreakoutNoFrameskip-v4');
    expect(suggestionsFor('SpaceInvaderNoFrameskip-v4')[0]).toBe('SpaceInvadersNoFrameskip-v4');
    expect(() => makeEnv('TetrisNoFrameskip-v4')).toThrow(/62 games.*ALE\/Tetris-v5/);
    expect(() => makeEnv('CartPole-v1')).toThrow(UnknownEnvIdError);
    expect(() => makeEnv('ALE/Pongg-v5')).toThrow(/did you mean 'ALE\/Pong-v5'/);
  });
});

describe('makeEnv on Catcher (no ROM folder needed)', () => {
  it('builds each id family with its settings, without ALE_ROM_DIR', () => {
    withRomDirVariable(undefined, () => {
      const v5 = base(makeEnv('ALE/Catcher-v5'));
      expect(v5.frameskip).toBe(4);
      expect(v5.ale.getFloat('repeat_action_probability')).toBe(0.25);
      expect(v5.ale.getInt('max_num_frames_per_episode')).toBe(108_000);
      expect(v5.actionSpace.n).toBe(5);
      const nf = base(makeEnv('CatcherNoFrameskip-v4'));
      expect(nf.frameskip).toBe(1);
      expect(nf.ale.getFloat('repeat_action_probability')).toBe(0);
      expect(base(makeEnv('Catcher-v4')).frameskip).toEqual([2, 5]);
      expect(base(makeEnv('CatcherDeterministic-v4')).frameskip).toBe(4);
      expect(base(makeEnv('Catcher-ram-v4')).observationSpace.shape).toEqual([128]);
    });
  });

  it('options override the id’s kwargs, as gymnasium.make(id, **kwargs)', () => {
    const env = base(
      makeEnv('ALE/Catcher-v5', {
        obs_type: 'grayscale',
        frameskip: 2,
        repeat_action_probability: 0.1,
        full_action_space: true,
        max_num_frames_per_episode: 500,
      }),
    );
    expect(env.observationSpace.shape).toEqual([210, 160]);
    expect(env.frameskip).toBe(2);
    expect(env.ale.getFloat('repeat_action_probability')).toBeCloseTo(0.1, 6);
    expect(env.actionSpace.n).toBe(18);
    expect(env.ale.getInt('max_num_frames_per_episode')).toBe(500);
  });

  it('max_episode_steps adds a TimeLimit that truncates at that step; the gym registration adds its own', () => {
    const env = makeEnv('ALE/Catcher-v5', { max_episode_steps: 7, repeat_action_probability: 0 });
    expect(env).toBeInstanceOf(TimeLimit);
    env.reset({ seed: 1 });
    for (let t = 1; t < 7; t++) expect(env.step(0).truncated).toBe(false);
    expect(env.step(0)).toMatchObject({ truncated: true, terminated: false });
    const gym = makeEnv('CatcherNoFrameskip-v4', { registration: 'gym' });
    expect(gym).toBeInstanceOf(TimeLimit);
    expect((gym as TimeLimit).maxEpisodeSteps).toBe(400_000);
    expect(base(gym).ale.getInt('max_num_frames_per_episode')).toBe(0);
  });

  it('rejects bad options with typed errors that say what to do', () => {
    expect(() => makeEnv('ALE/Catcher-v5', { obsType: 'rgb' } as MakeEnvOptions)).toThrow(/did you mean 'obs_type'/);
    expect(() => makeEnv('ALE/Catcher-v5', { preset: 'nature' as never })).toThrow(EnvConfigError);
    expect(() => makeEnv('ALE/Catcher-v5', { preset: 'sb3-atari' })).toThrow(
      /CatcherNoFrameskip-v4\) or pass frameskip: 1/,
    );
    expect(() => makeEnv('Catcher-ramNoFrameskip-v4', { preset: 'sb3-atari' })).toThrow(EnvConfigError);
    expect(() => makeEnv('CatcherNoFrameskip-v4', { preset: 'sb3-atari', obs_type: 'grayscale' })).toThrow(
      EnvConfigError,
    );
    expect(() => makeEnv('ALE/Catcher-v5', { max_episode_steps: 0 })).toThrow(EnvConfigError);
    expect(() => makeEnv('ALE/Catcher-v5', { registration: 'gym-0.21' as never })).toThrow(EnvConfigError);
    expect(() => makeEnv('ALE/Catcher-v5', { frameskip: [5, 2] })).toThrow(EnvConfigError);
  });

  it('sb3-atari: [4, 84, 84] uint8 stacks that shift by one frame, clipped rewards, no FireReset (no FIRE)', () => {
    const env = makeEnv('CatcherNoFrameskip-v4', { preset: 'sb3-atari' });
    expect(env.observationSpace.toString()).toBe('Box(0, 255, [4, 84, 84], uint8)');
    expect(chain(env)).not.toContain(FireReset.name);
    const frame = 84 * 84;
    let prev = Uint8Array.from(env.reset({ seed: 2 }).obs);
    let rewards = 0;
    for (const a of lcgActions(env.actionSpace.n, 300)) {
      const r = env.step(a);
      expect([-1, 0, 1]).toContain(r.reward);
      rewards += r.reward;
      const obs = r.obs as Uint8Array;
      if (r.terminated || r.truncated) {
        prev = Uint8Array.from(env.reset().obs);
        continue;
      }
      expect(sameBytes(obs.subarray(0, 3 * frame), prev.subarray(frame))).toBe(true);
      prev = Uint8Array.from(obs);
    }
    expect(rewards).toBeGreaterThan(0);
  });

  it('the fused sb3-atari stack gives exactly the reference wrappers’ results (with resets and life losses)', () => {
    const fused = makeEnv('CatcherNoFrameskip-v4', { preset: 'sb3-atari' });
    const reference = makeEnv('CatcherNoFrameskip-v4', { preset: 'sb3-atari', fusedPreset: false });
    expect(chain(fused)).toContain('MaxAndSkipWarp');
    expect(chain(reference)).toEqual([
      'FrameStack',
      'ClipReward',
      'WarpFrame',
      'EpisodicLife',
      'MaxAndSkip',
      'NoopReset',
    ]);
    expect(firstDifference(fused, reference, lcgActions(5, 600, 7), 21)).toBe(-1);
  });

  it('atari-preprocessing: [84, 84] uint8 from a grayscale base; baby-a3c: float32 [1, 80, 80] in [0, 1]', () => {
    const ap = makeEnv('CatcherNoFrameskip-v4', { preset: 'atari-preprocessing' });
    expect(ap.observationSpace.toString()).toBe('Box(0, 255, [84, 84], uint8)');
    expect(base(ap).obsType).toBe('grayscale');
    const baby = makeEnv('Catcher-v4', { preset: 'baby-a3c' });
    expect(baby.observationSpace.toString()).toBe('Box(0, 1, [1, 80, 80], float32)');
    for (const env of [ap, baby]) {
      env.reset({ seed: 3 });
      for (const a of lcgActions(env.actionSpace.n, 150)) {
        const r = env.step(a);
        expect(env.observationSpace.contains(r.obs)).toBe(true);
        if (r.terminated || r.truncated) env.reset();
      }
    }
  });

  it('createEnvForWorker is makeEnv with the vector env’s factory signature', () => {
    const env = createEnvForWorker('ALE/Catcher-v5', { obs_type: 'ram' }, { index: 0 });
    expect(env.observationSpace.shape).toEqual([128]);
    expect(MAKE_ENV_FACTORY).toMatch(/make-env\.(ts|js)#createEnvForWorker$/);
    expect(() => createEnvForWorker('ALE/Catcher-v5', 3, { index: 0 })).toThrow(EnvConfigError);
  });

  it('makeVectorEnv: two workers, sub-env i seeded with seed + i, as the same env built in-process', async () => {
    const options: MakeEnvOptions = { preset: 'sb3-atari' };
    const vec = await makeVectorEnv('CatcherNoFrameskip-v4', 2, options);
    try {
      expect(vec.numEnvs).toBe(2);
      const singles = [0, 1].map(() => makeEnv('CatcherNoFrameskip-v4', options));
      const size = vec.singleObservationSpace.size;
      const first = vec.reset({ seed: 40 });
      singles.forEach((env, i) => {
        const obs = env.reset({ seed: 40 + i }).obs;
        expect(sameBytes(first.obs.subarray(i * size, (i + 1) * size), obs)).toBe(true);
      });
      // Gymnasium's next-step autoreset: the step after an episode ends resets that sub-env (no seed).
      const pending = [false, false];
      const acts = new Int32Array(2);
      for (const a of lcgActions(5, 60, 3)) {
        acts[0] = a;
        acts[1] = (a + 2) % 5;
        const r = vec.step(acts);
        singles.forEach((env, i) => {
          const expected = pending[i]
            ? { ...env.reset(), reward: 0, terminated: false, truncated: false }
            : env.step(acts[i]!);
          expect(sameBytes(r.obs.subarray(i * size, (i + 1) * size), expected.obs)).toBe(true);
          expect(r.rewards[i]).toBe(expected.reward);
          expect(r.terminated[i]).toBe(expected.terminated ? 1 : 0);
          pending[i] = expected.terminated || expected.truncated;
        });
      }
    } finally {
      await vec.close();
    }
  }, 120_000);
});

describe('ROM lookup', () => {
  const empty = mkdtempSync(join(tmpdir(), 'roms-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('without ALE_ROM_DIR or romDir, says which ROM is needed and how to set ALE_ROM_DIR', () => {
    withRomDirVariable(undefined, () => {
      expect(() => makeEnv('ALE/Pong-v5')).toThrow(RomNotFoundError);
      expect(() => makeEnv('ALE/Pong-v5')).toThrow(/pong\.bin.*set ALE_ROM_DIR/);
    });
  });

  it('names the file and the folder when the ROM is not there, and a misnamed copy to rename', () => {
    expect(() => makeEnv('ALE/SpaceInvaders-v5', { romDir: empty })).toThrow(
      new RegExp(`space_invaders\\.bin in ${empty}`),
    );
    const misnamed = join(empty, 'misnamed');
    mkdirSync(misnamed);
    writeFileSync(join(misnamed, 'SpaceInvaders.a26'), new Uint8Array(16));
    expect(() => makeEnv('ALE/SpaceInvaders-v5', { romDir: misnamed })).toThrow(/found SpaceInvaders\.a26/);
    withRomDirVariable(empty, () => expect(() => makeEnv('ALE/Pong-v5')).toThrow(/\(ALE_ROM_DIR\)/));
    expect(() => makeEnv('ALE/Pong-v5', { romDir: join(empty, 'nope') })).toThrow(/does not exist/);
    expect(() => makeEnv('ALE/Pong-v5', { romPath: join(empty, 'pong.bin') })).toThrow(RomNotFoundError);
  });
});

describeRoms('presets end to end on real ROMs', () => {
  const romDir = ROM_DIR!;

  it('the fused sb3-atari stack equals the reference wrappers on Breakout, Pong and Space Invaders', () => {
    for (const game of ['Breakout', 'Pong', 'SpaceInvaders']) {
      const id = `${game}NoFrameskip-v4`;
      const fused = makeEnv(id, { romDir, preset: 'sb3-atari' });
      const reference = makeEnv(id, { romDir, preset: 'sb3-atari', fusedPreset: false });
      expect(firstDifference(fused, reference, lcgActions(fused.actionSpace.n, 400, 3), 5), game).toBe(-1);
    }
  });

  it('sb3-atari on Breakout is SB3’s stack, rebuilt here from ALEInterface and the preprocessing ops', () => {
    const seed = 9;
    const env = makeEnv('BreakoutNoFrameskip-v4', { romDir, preset: 'sb3-atari' });
    expect(chain(env)).toContain(FireReset.name);
    const game = findGameById('breakout')!;
    const ale = new ALEInterface();
    ale.setInt('random_seed', gymnasiumSeeding(seed).aleSeed);
    ale.setFloat('repeat_action_probability', 0);
    ale.setInt('max_num_frames_per_episode', 108_000);
    ale.loadROM(`${romDir}/breakout.bin`);
    ale.resetGame();
    const resizer = new AreaResizer(210, 160, 84, 84);
    const slots = [new Uint8Array(210 * 160 * 3), new Uint8Array(210 * 160 * 3)];
    const pooled = new Uint8Array(210 * 160 * 3);
    const gray = new Uint8Array(210 * 160);
    // MaxAndSkip(4): 4 frames, rewards summed, max of the RGB frames of repeats 3 and 4; WarpFrame on it.
    const skipStep = (index: number) => {
      let reward = 0;
      for (let i = 0; i < 4; i++) {
        reward += ale.act(game.minimalActions[index]!);
        if (i >= 2) indicesToRGB(ale.getScreen(), slots[i - 2]);
      }
      maxPool2(slots[0]!, slots[1]!, pooled);
      return { reward, frame: resizer.resize(rgbToGray(pooled, gray), new Uint8Array(84 * 84)) };
    };
    // NoopReset: np_random.integers(1, 31) no-ops of one frame; FireReset: FIRE, then action 2.
    const noops = gymnasiumSeeding(seed).npRandom.integers(1, 31);
    for (let i = 0; i < noops; i++) ale.act(0);
    skipStep(1);
    const start = skipStep(2).frame;
    const obs0 = env.reset({ seed }).obs as Uint8Array;
    for (let k = 0; k < 4; k++) expect(sameBytes(obs0.subarray(k * 7056, (k + 1) * 7056), start)).toBe(true);
    let lives = ale.lives();
    let checked = 0;
    for (const a of lcgActions(4, 300, 12)) {
      const r = env.step(a);
      const expected = skipStep(a);
      expect(sameBytes((r.obs as Uint8Array).subarray(3 * 7056), expected.frame)).toBe(true);
      expect(r.reward).toBe(Math.sign(expected.reward));
      const lostLife = ale.lives() < lives && ale.lives() > 0;
      lives = ale.lives();
      expect(r.terminated).toBe(lostLife || ale.gameOver(false));
      checked++;
      if (r.terminated) break;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('atari-preprocessing on Pong is Gymnasium’s AtariPreprocessing, rebuilt from ALE grayscale', () => {
    const seed = 4;
    const env = makeEnv('PongNoFrameskip-v4', { romDir, preset: 'atari-preprocessing' });
    const game = findGameById('pong')!;
    const ale = new ALEInterface();
    ale.setInt('random_seed', gymnasiumSeeding(seed).aleSeed);
    ale.setFloat('repeat_action_probability', 0);
    ale.loadROM(`${romDir}/pong.bin`);
    ale.resetGame();
    const resizer = new AreaResizer(210, 160, 84, 84);
    const noops = gymnasiumSeeding(seed).npRandom.integers(1, 31);
    for (let i = 0; i < noops; i++) ale.act(0);
    const resetFrame = resizer.resize(indicesToGrayscale(ale.getScreen()), new Uint8Array(84 * 84));
    expect(sameBytes(env.reset({ seed }).obs, resetFrame)).toBe(true);
    for (const a of lcgActions(6, 200, 2)) {
      const r = env.step(a);
      let reward = 0;
      const frames: Uint8Array[] = [];
      for (let i = 0; i < 4; i++) {
        reward += ale.act(game.minimalActions[a]!);
        if (i >= 2) frames.push(indicesToGrayscale(ale.getScreen()));
      }
      const pooled = maxPool2(frames[0]!, frames[1]!, new Uint8Array(210 * 160));
      expect(sameBytes(r.obs, resizer.resize(pooled, new Uint8Array(84 * 84)))).toBe(true);
      expect(r.reward).toBe(reward);
    }
  });

  it('baby-a3c on Pong-v4 preprocesses the RGB screen after every (stochastic-frameskip) step', () => {
    const env = makeEnv('Pong-v4', { romDir, preset: 'baby-a3c' });
    const pre = new BabyA3CPreprocessor(210, 160);
    const out = new Float32Array(80 * 80);
    env.reset({ seed: 8 });
    for (const a of lcgActions(6, 60, 4)) {
      const r = env.step(a);
      pre.process(base(env).ale.getScreenRGB(), out);
      expect(sameBytes(r.obs, out)).toBe(true);
    }
  });

  it('sb3-atari observations stack four frames and FrameStack is outermost', () => {
    const env = makeEnv('BreakoutNoFrameskip-v4', { romDir, preset: 'sb3-atari' });
    expect(env).toBeInstanceOf(FrameStack);
    expect(env.observationSpace.shape).toEqual([4, 84, 84]);
  });
});
