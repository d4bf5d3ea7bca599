/** Episode semantics of the SB3 wrappers (stable_baselines3/common/atari_wrappers.py) on scripted envs. */
import { describe, expect, it } from 'vitest';
import {
  ClipReward,
  EpisodicLife,
  FireReset,
  InvalidActionError,
  MaxAndSkip,
  NoopReset,
  ResetNeededError,
  WrapperConfigError,
} from '../../../src/envs/index.js';
import { mismatches, NO_MISMATCH } from '../../helpers/arrays.js';
import { ScriptedAtariEnv } from '../fakes.js';

function maxOf(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((v, i) => Math.max(v, b[i]!));
}

describe('NoopReset', () => {
  it('takes 1..noop_max no-ops drawn from the base env RNG and returns the last no-op observation and info', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100 }], draws: [7] });
    const env = new NoopReset(base, 30);
    const { obs, info } = env.reset({ seed: 5 });
    expect(base.npRandom.calls).toEqual([[1, 31]]);
    expect(base.actions).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(base.resets).toEqual([{ seed: 5 }]);
    expect(info.episode_frame_number).toBe(7);
    expect(mismatches(obs, base.obsAt(7))).toMatchObject(NO_MISMATCH);
  });

  it('resets with the same arguments when the game ends during the no-ops, and keeps stepping no-ops', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 2 }, { length: 100 }], draws: [5] });
    const env = new NoopReset(base, 30);
    const { info } = env.reset({ seed: 9 });
    // Episode 0 ends on no-op 2; the remaining 3 no-ops run in episode 1.
    expect(base.resets).toEqual([{ seed: 9 }, { seed: 9 }]);
    expect(base.actions).toHaveLength(5);
    expect(info.episode_frame_number).toBe(3);
  });

  it('also resets when the episode is truncated during the no-ops', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100 }], maxEpisodeFrames: 3, draws: [4] });
    const { info } = new NoopReset(base, 30).reset();
    expect(base.resets).toHaveLength(2);
    expect(info.episode_frame_number).toBe(1);
  });

  it('passes steps through unchanged', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100, reward: (t) => t }], draws: [1] });
    const env = new NoopReset(base, 3);
    env.reset();
    expect(env.step(2).reward).toBe(2);
    expect(base.actions).toEqual([0, 2]);
  });

  it('validates noop_max and that action 0 is NOOP', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 10 }] });
    expect(() => new NoopReset(base, 0)).toThrow(WrapperConfigError);
    const noNoop = new ScriptedAtariEnv({ episodes: [{ length: 10 }], meanings: ['FIRE', 'UP'] });
    expect(() => new NoopReset(noNoop, 30)).toThrow(/action 0 must be NOOP/);
  });
});

describe('MaxAndSkip', () => {
  it('repeats the action, sums rewards, and max-pools the observations of the last two repeats', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100, reward: (t) => t }] });
    const env = new MaxAndSkip(base, 4);
    env.reset();
    const r = env.step(3);
    expect(base.actions).toEqual([3, 3, 3, 3]);
    expect(r.reward).toBe(1 + 2 + 3 + 4);
    expect(r.info.episode_frame_number).toBe(4);
    expect(mismatches(r.obs, maxOf(base.obsAt(3), base.obsAt(4)))).toMatchObject(NO_MISMATCH);
    const r2 = env.step(1);
    expect(mismatches(r2.obs, maxOf(base.obsAt(7), base.obsAt(8)))).toMatchObject(NO_MISMATCH);
  });

  it('stops at the end of the episode; like SB3 the frame slots then still hold the previous step frames', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 5, reward: () => 1 }] });
    const env = new MaxAndSkip(base, 4);
    env.reset();
    env.step(0);
    const r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(1);
    expect(base.actions).toHaveLength(5);
    // Frame 5 ended the episode on repeat 0 of step 2: neither slot was rewritten.
    expect(mismatches(r.obs, maxOf(base.obsAt(3), base.obsAt(4)))).toMatchObject(NO_MISMATCH);
  });

  it('stops on truncation too and reports it', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100 }], maxEpisodeFrames: 6 });
    const env = new MaxAndSkip(base, 4);
    env.reset();
    expect(env.step(0).truncated).toBe(false);
    const r = env.step(0);
    expect(r.truncated).toBe(true);
    expect(r.terminated).toBe(false);
    expect(base.actions).toHaveLength(6);
  });

  it('declares the inner space and rejects a bad skip', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 100 }] });
    expect(new MaxAndSkip(base, 4).observationSpace.equals(base.observationSpace)).toBe(true);
    expect(() => new MaxAndSkip(base, 0)).toThrow(WrapperConfigError);
  });
});

describe('EpisodicLife', () => {
  const script = { length: 10, lives: 3, livesAt: { 3: 2, 6: 3, 7: 1, 9: 0 } };

  it('ends the episode on a lost life without resetting the game; reset then takes one no-op', () => {
    const base = new ScriptedAtariEnv({ episodes: [script] });
    const env = new EpisodicLife(base);
    env.reset();
    expect(env.step(2).terminated).toBe(false);
    expect(env.step(2).terminated).toBe(false);
    const lost = env.step(2);
    expect(lost.terminated).toBe(true);
    expect(env.realDone).toBe(false);
    const { info } = env.reset();
    expect(base.resets).toHaveLength(1);
    expect(base.actions).toEqual([2, 2, 2, 0]);
    expect(info.episode_frame_number).toBe(4);
  });

  it('does not end the episode on a bonus life or when lives reach 0 (only 0 < lives < previous counts)', () => {
    const base = new ScriptedAtariEnv({ episodes: [script] });
    const env = new EpisodicLife(base);
    env.reset();
    for (let t = 1; t <= 2; t++) env.step(0);
    expect(env.step(0).terminated).toBe(true); // 3 → 2
    env.reset(); // no-op: step 4
    expect(env.step(0).terminated).toBe(false); // step 5
    expect(env.step(0).terminated).toBe(false); // step 6: bonus life 2 → 3
    expect(env.step(0).terminated).toBe(true); // step 7: 3 → 1
    env.reset(); // no-op: step 8
    expect(env.step(0).terminated).toBe(false); // step 9: 1 → 0 waits for the game over
    const end = env.step(0); // step 10: game over
    expect(end.terminated).toBe(true);
    expect(env.realDone).toBe(true);
    env.reset();
    expect(base.resets).toHaveLength(2);
  });

  it('resets the game when the no-op after a lost life ends it', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 2, livesAt: { 1: 2 } }, { length: 50 }] });
    const env = new EpisodicLife(base);
    env.reset();
    expect(env.step(0).terminated).toBe(true);
    env.reset();
    expect(base.actions).toEqual([0, 0]);
    expect(base.resets).toHaveLength(2);
  });

  it('treats truncation as a real end', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 50 }], maxEpisodeFrames: 2 });
    const env = new EpisodicLife(base);
    env.reset();
    env.step(0);
    expect(env.step(0).truncated).toBe(true);
    expect(env.realDone).toBe(true);
    env.reset();
    expect(base.resets).toHaveLength(2);
  });
});

describe('FireReset', () => {
  it('resets, presses FIRE, then action 2, and returns the observation after action 2', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 50 }] });
    const env = new FireReset(base);
    const { obs, info } = env.reset({ seed: 1 });
    expect(base.resets).toEqual([{ seed: 1 }]);
    expect(base.actions).toEqual([1, 2]);
    expect(info.episode_frame_number).toBe(2);
    expect(mismatches(obs, base.obsAt(2))).toMatchObject(NO_MISMATCH);
  });

  it('resets again when FIRE ends the episode', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 1 }, { length: 50 }] });
    const env = new FireReset(base);
    env.reset();
    expect(base.resets).toHaveLength(2);
    expect(base.actions).toEqual([1, 2]);
  });

  it('when action 2 ends the episode, resets but returns that step observation, as SB3 does', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 2 }, { length: 50 }] });
    const env = new FireReset(base);
    const { obs } = env.reset();
    expect(base.resets).toHaveLength(2);
    expect(mismatches(obs, base.obsAt(2))).toMatchObject(NO_MISMATCH);
  });

  it('requires FIRE at action 1 and at least 3 actions', () => {
    expect(
      () => new FireReset(new ScriptedAtariEnv({ episodes: [{ length: 5 }], meanings: ['NOOP', 'UP', 'FIRE'] })),
    ).toThrow(WrapperConfigError);
    expect(
      () => new FireReset(new ScriptedAtariEnv({ episodes: [{ length: 5 }], meanings: ['NOOP', 'FIRE'] })),
    ).toThrow(/at least 3 actions/);
  });
});

describe('ClipReward', () => {
  it('replaces each reward by its sign', () => {
    const rewards = [0, 5, -3, 0.25, -0.0, 200];
    const base = new ScriptedAtariEnv({ episodes: [{ length: 50, reward: (t) => rewards[t - 1] ?? 0 }] });
    const env = new ClipReward(base);
    env.reset();
    const got = rewards.map(() => env.step(0).reward);
    expect(got).toEqual([0, 1, -1, 1, 0, 1]);
    expect(Object.is(got[4], 0)).toBe(true);
  });
});

describe('every wrapper guards its episode and its action space', () => {
  it('rejects a step before reset, after the episode ended, and a bad action, before stepping the inner env', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 3, livesAt: { 1: 2 } }] });
    const env = new ClipReward(new EpisodicLife(new MaxAndSkip(base, 2)));
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset();
    expect(() => env.step(4)).toThrow(InvalidActionError);
    expect(() => env.step(1.5)).toThrow(InvalidActionError);
    expect(() => env.step(-1)).toThrow(/integer from 0 to 3 \(0 NOOP, 1 FIRE, 2 UP, 3 DOWN\)/);
    expect(base.actions).toEqual([]);
    expect(env.step(0).terminated).toBe(true); // life lost
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset();
    expect(env.step(0).terminated).toBe(true); // game over on frame 3
    expect(() => env.step(0)).toThrow(/call reset\(\)/);
  });

  it('the base env guards itself too', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 1 }] });
    expect(() => base.step(0)).toThrow(ResetNeededError);
    base.reset();
    base.step(0);
    expect(() => base.step(0)).toThrow(ResetNeededError);
  });

  it('close is forwarded to the base env', () => {
    const base = new ScriptedAtariEnv({ episodes: [{ length: 1 }] });
    new ClipReward(new EpisodicLife(base)).close();
    expect(base.closed).toBe(true);
  });
});
