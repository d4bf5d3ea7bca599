/**
 * AtariEnv against ale-py's AtariEnv semantics. References: numpy (the np_random draws below were computed
 * with numpy 2.4: `SeedSequence(s).generate_state(2)`, `default_rng(np_seed).integers(...)`), and an
 * independently driven ALEInterface (the layer verified against native-ALE traces) for what the frames,
 * rewards and sticky actions must be.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../src/ale/actions.js';
import { findGameById } from '../../src/ale/games/index.js';
import type { GameDefinition } from '../../src/ale/games/types.js';
import { indicesToGrayscale } from '../../src/ale/grayscale.js';
import { ALEInterface, type LoadRomOptions } from '../../src/ale/interface.js';
import { indicesToRGB } from '../../src/ale/palette.js';
import { catcher, HOMEBREW_GAMES, loadHomebrewRom } from '../../src/envs/homebrew/index.js';
import {
  AtariEnv,
  type AtariEnvKwargs,
  EnvClosedError,
  EnvConfigError,
  gymnasiumSeeding,
  InvalidActionError,
  ResetNeededError,
} from '../../src/envs/index.js';
import { describeRoms, romPath } from '../helpers/shared.js';

const CATCHER_ROM = loadHomebrewRom(HOMEBREW_GAMES.find((g) => g.definition === catcher)!);

function catcherEnv(kwargs: AtariEnvKwargs = {}): AtariEnv {
  return new AtariEnv({ game: catcher, rom: CATCHER_ROM, ...kwargs });
}

/** A fixed action stream (LCG), so two runs take the same actions. */
function actions(n: number, count: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 16) % n;
  });
}

interface Transition {
  obs: string;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: string;
}

/** Steps `env` through `acts`, resetting (unseeded) when an episode ends; records everything. */
function rollout(env: AtariEnv, acts: readonly number[]): Transition[] {
  const out: Transition[] = [];
  for (const a of acts) {
    const r = env.step(a);
    out.push({
      obs: Buffer.from(r.obs).toString('base64'),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      info: JSON.stringify(r.info),
    });
    if (r.terminated || r.truncated) env.reset();
  }
  return out;
}

/** An ALEInterface set up as ale-py's AtariEnv sets up its own after `reset(seed)`. */
function referenceAle(game: GameDefinition, rom: Uint8Array | string, seed: number, p: number, frameSkip = 1) {
  const ale = new ALEInterface();
  ale.setInt('random_seed', gymnasiumSeeding(seed).aleSeed);
  ale.setFloat('repeat_action_probability', p);
  ale.setInt('frame_skip', frameSkip);
  const options: LoadRomOptions & { game?: GameDefinition } = findGameById(game.id) === game ? {} : { game };
  ale.loadROM(rom, options);
  ale.resetGame();
  return ale;
}

describe('AtariEnv on Catcher (always available)', () => {
  it('has the observation space of each obs_type, and observations are the ALE screen or RAM', () => {
    const shapes = { rgb: [210, 160, 3], grayscale: [210, 160], ram: [128] } as const;
    for (const obsType of ['rgb', 'grayscale', 'ram'] as const) {
      const env = catcherEnv({ obs_type: obsType, repeat_action_probability: 0 });
      expect(env.observationSpace.shape).toEqual(shapes[obsType]);
      expect(env.observationSpace.dtype).toBe('uint8');
      const reference = () =>
        obsType === 'rgb'
          ? indicesToRGB(env.ale.getScreen())
          : obsType === 'grayscale'
            ? indicesToGrayscale(env.ale.getScreen())
            : env.ale.getRAM();
      const first = env.reset({ seed: 3 });
      expect(first.obs).toBeInstanceOf(Uint8Array);
      expect(env.observationSpace.contains(first.obs)).toBe(true);
      expect(Buffer.from(first.obs).equals(Buffer.from(reference()))).toBe(true);
      for (const a of actions(env.actionSpace.n, 30)) {
        const r = env.step(a);
        expect(Buffer.from(r.obs).equals(Buffer.from(reference()))).toBe(true);
      }
    }
  });

  it('reuses one observation buffer (valid until the next step), as the env contract says', () => {
    const env = catcherEnv();
    const a = env.reset({ seed: 1 }).obs;
    const b = env.step(1).obs;
    expect(b).toBe(a);
  });

  it('a fixed frameskip emulates exactly that many frames per step', () => {
    for (const frameskip of [1, 3, 4]) {
      const env = catcherEnv({ frameskip, repeat_action_probability: 0 });
      const { info } = env.reset({ seed: 2 });
      expect(info.episode_frame_number).toBe(0);
      for (let t = 1; t <= 10; t++) {
        const r = env.step(t % env.actionSpace.n);
        expect(r.info.episode_frame_number).toBe(t * frameskip);
        expect(r.info.frame_number).toBe(t * frameskip);
      }
    }
  });

  it('a [low, high) frameskip draws np_random.integers(low, high) every step (numpy 2.4 draws for seeds 0 and 7)', () => {
    const numpyDraws: Record<number, number[]> = {
      0: [4, 2, 2, 4, 3, 4, 2, 2, 3, 2, 4, 3],
      7: [3, 3, 4, 2, 2, 2, 2, 3, 3, 2, 4, 2],
    };
    for (const [seed, draws] of Object.entries(numpyDraws)) {
      const env = catcherEnv({ frameskip: [2, 5], repeat_action_probability: 0 });
      let frame = env.reset({ seed: Number(seed) }).info.episode_frame_number;
      const seen: number[] = [];
      for (let t = 0; t < draws.length; t++) {
        const r = env.step(0);
        seen.push(r.info.episode_frame_number - frame);
        frame = r.info.episode_frame_number;
      }
      expect(seen).toEqual(draws);
    }
  });

  it('frames, rewards and sticky actions are those of ALE act() with ALE seeded as Gymnasium seeds it', () => {
    // ale-py: random_seed = int32(SeedSequence(seed).generate_state(2)[1]), then act() once per frame.
    // ALE's own frame_skip = 4 runs the same frames with the same sticky draws, so both must agree.
    const seed = 11;
    const env = catcherEnv({ frameskip: 4, repeat_action_probability: 0.25 });
    expect(env.ale.getFloat('repeat_action_probability')).toBe(0.25);
    const ale = referenceAle(catcher, CATCHER_ROM, seed, 0.25, 4);
    env.reset({ seed });
    let reward = 0;
    for (const a of actions(env.actionSpace.n, 150, 5)) {
      const r = env.step(a);
      const expected = ale.act(env.actionSet[a]!);
      reward += r.reward;
      expect(r.reward).toBe(expected);
      expect(Buffer.from(env.ale.getRAM()).equals(Buffer.from(ale.getRAM()))).toBe(true);
      expect(r.terminated).toBe(ale.gameOver(false));
      if (r.terminated) break;
    }
    expect(reward).toBeGreaterThanOrEqual(0);
  });

  it('sticky actions change the trajectory (same seed and actions, p = 0.25 vs 0)', () => {
    const acts = actions(5, 120, 9);
    const sticky = rollout(
      (() => {
        const e = catcherEnv({ repeat_action_probability: 0.25 });
        e.reset({ seed: 4 });
        return e;
      })(),
      acts,
    );
    const plain = rollout(
      (() => {
        const e = catcherEnv({ repeat_action_probability: 0 });
        e.reset({ seed: 4 });
        return e;
      })(),
      acts,
    );
    expect(sticky.map((t) => t.obs)).not.toEqual(plain.map((t) => t.obs));
  });

  it('the same seed gives the same trajectory; a different seed a different one (sticky and stochastic frameskip)', () => {
    for (const kwargs of [
      { frameskip: 4, repeat_action_probability: 0.25 },
      { frameskip: [2, 5] as const, repeat_action_probability: 0 },
    ]) {
      const acts = actions(5, 200, 3);
      const run = (seed: number) => {
        const env = catcherEnv(kwargs);
        env.reset({ seed });
        return rollout(env, acts);
      };
      const a = run(123);
      expect(run(123)).toEqual(a);
      expect(run(124)).not.toEqual(a);
    }
  });

  it('without randomness (frameskip 1, no sticky actions) every seed gives the same game, as in ALE', () => {
    const acts = actions(5, 80, 2);
    const run = (seed: number) => {
      const env = catcherEnv({ frameskip: 1, repeat_action_probability: 0 });
      env.reset({ seed });
      return rollout(env, acts).map((t) => t.obs);
    };
    expect(run(1)).toEqual(run(2));
  });

  it('a seeded reset reloads the game and reports the seeds; an unseeded one continues the streams', () => {
    const env = catcherEnv({ repeat_action_probability: 0.25 });
    const first = env.reset({ seed: 0 });
    // numpy: SeedSequence(0).generate_state(2) = [2968811710, 3677149159].
    expect(first.info).toMatchObject({ seeds: [2968811710, 3677149159], frame_number: 0 });
    const acts = actions(5, 40, 8);
    const episode1 = rollout(env, acts);
    const second = env.reset();
    expect(second.info).not.toHaveProperty('seeds');
    expect(second.info.frame_number).toBeGreaterThan(0);
    expect(second.info.episode_frame_number).toBe(0);
    // Seeding again replays the first episode exactly.
    env.reset({ seed: 0 });
    expect(rollout(env, acts)).toEqual(episode1);
    // Two envs that reset the same way stay identical across unseeded resets.
    const twin = () => {
      const e = catcherEnv({ repeat_action_probability: 0.25 });
      e.reset({ seed: 5 });
      rollout(e, acts);
      e.reset();
      return rollout(e, acts);
    };
    expect(twin()).toEqual(twin());
  });

  it('minimal and full action sets, with ALE meanings', () => {
    const minimal = catcherEnv();
    expect(minimal.actionSpace.n).toBe(5);
    expect(minimal.actionSpace.meanings).toEqual(['NOOP', 'RIGHT', 'LEFT', 'RIGHTFIRE', 'LEFTFIRE']);
    expect(minimal.getActionMeanings()).toEqual(minimal.actionSpace.meanings);
    const full = catcherEnv({ full_action_space: true });
    expect(full.actionSpace.n).toBe(18);
    expect(full.actionSpace.meanings).toEqual(ACTION_NAMES);
    full.reset({ seed: 1 });
    expect(() => full.step(17)).not.toThrow();
    minimal.reset({ seed: 1 });
    expect(() => minimal.step(5)).toThrow(InvalidActionError);
  });

  it('truncates at max_num_frames_per_episode (ALE truncation), not terminates', () => {
    const env = catcherEnv({ frameskip: 4, max_num_frames_per_episode: 40 });
    expect(env.ale.getInt('max_num_frames_per_episode')).toBe(40);
    env.reset({ seed: 1 });
    for (let t = 1; t < 10; t++) expect(env.step(0).truncated).toBe(false);
    const last = env.step(0);
    expect(last).toMatchObject({ truncated: true, terminated: false });
    expect(last.info.episode_frame_number).toBe(40);
    expect(() => env.step(0)).toThrow(ResetNeededError);
    expect(env.reset().info.episode_frame_number).toBe(0);
  });

  it('terminates when the game is over (lives 0), and refuses to step on without a reset', () => {
    const env = catcherEnv({ frameskip: 4, repeat_action_probability: 0 });
    env.reset({ seed: 1 });
    let last = env.step(0);
    for (let t = 0; t < 5000 && !last.terminated; t++) last = env.step(0);
    expect(last).toMatchObject({ terminated: true, truncated: false });
    expect(last.info.lives).toBe(0);
    expect(env.ale.gameOver(false)).toBe(true);
    expect(() => env.step(0)).toThrow(ResetNeededError);
  });

  it('raises typed errors for bad actions, bad options, bad seeds, stepping before reset and after close', () => {
    const env = catcherEnv();
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset({ seed: 1 });
    for (const bad of [-1, 5, 1.5, Number.NaN, '1' as unknown as number]) {
      expect(() => env.step(bad)).toThrow(InvalidActionError);
    }
    expect(() => env.step(-1)).toThrow(/pass an integer from 0 to 4 \(0 NOOP, 1 RIGHT/);
    expect(() => env.reset({ seed: -1 })).toThrow(EnvConfigError);
    expect(() => env.reset({ seed: 1.5 })).toThrow(EnvConfigError);
    expect(() => catcherEnv({ obs_type: 'rgba' as never })).toThrow(EnvConfigError);
    expect(() => catcherEnv({ frameskip: 0 })).toThrow(EnvConfigError);
    expect(() => catcherEnv({ frameskip: [3, 3] })).toThrow(EnvConfigError);
    expect(() => catcherEnv({ repeat_action_probability: 1.5 })).toThrow(EnvConfigError);
    expect(() => catcherEnv({ max_num_frames_per_episode: -5 })).toThrow(EnvConfigError);
    expect(() => catcherEnv({ mode: 3 })).toThrow(/mode 3/);
    env.close();
    expect(() => env.reset()).toThrow(EnvClosedError);
    expect(() => env.step(0)).toThrow(EnvClosedError);
  });
});

describeRoms('AtariEnv on real ROMs', () => {
  const breakout = findGameById('breakout')!;
  const pong = findGameById('pong')!;

  it('Breakout: minimal set of 4, full set of 18; mode and difficulty reach ALE', () => {
    const env = new AtariEnv({ game: breakout, rom: romPath('breakout.bin'), mode: 4, difficulty: 1 });
    expect(env.actionSpace.meanings).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
    env.reset({ seed: 1 });
    expect(env.ale.getMode()).toBe(4);
    expect(env.ale.getDifficulty()).toBe(1);
    // A seeded reset reloads the ROM and sets them again.
    env.reset({ seed: 2 });
    expect(env.ale.getMode()).toBe(4);
    const full = new AtariEnv({ game: breakout, rom: romPath('breakout.bin'), full_action_space: true });
    expect(full.actionSpace.n).toBe(18);
    expect(() => new AtariEnv({ game: breakout, rom: romPath('breakout.bin'), mode: 1 })).toThrow(/mode 1/);
  });

  it('Pong, NoFrameskip settings: each step is one ALE act() of the minimal action', () => {
    const env = new AtariEnv({ game: pong, rom: romPath('pong.bin'), frameskip: 1, repeat_action_probability: 0 });
    const ale = referenceAle(pong, romPath('pong.bin'), 6, 0);
    env.reset({ seed: 6 });
    for (const a of actions(6, 300, 4)) {
      const r = env.step(a);
      expect(r.reward).toBe(ale.act(pong.minimalActions[a]!));
      expect(Buffer.from(env.ale.getRAM()).equals(Buffer.from(ale.getRAM()))).toBe(true);
    }
  });

  it('refuses a ROM of another game', () => {
    expect(() => new AtariEnv({ game: pong, rom: romPath('breakout.bin') })).toThrow(/breakout/i);
  });

  it('random 2–4 frame skips (-v4): only the observed frame draws, so reading every obs reruns almost no frame', () => {
    // The env declares its skipped frames unseen (ale.skipScreenOfNextAct); without that, the
    // emulator's read-pattern guess misses about a third of these irregular reads (each a frame run twice).
    const env = new AtariEnv({
      game: breakout,
      rom: romPath('breakout.bin'),
      frameskip: [2, 5],
      repeat_action_probability: 0,
    });
    env.reset({ seed: 3 });
    let lit = 0;
    for (const a of actions(3, 400, 4)) {
      const r = env.step(a);
      lit += r.obs.some((v) => v !== 0) ? 1 : 0;
      if (r.terminated || r.truncated) env.reset();
    }
    expect(lit).toBe(400);
    expect(env.ale.lazyScreenReruns()).toBeLessThanOrEqual(4);
  });
});
