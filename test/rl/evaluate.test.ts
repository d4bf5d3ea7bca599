import { describe, expect, it } from 'vitest';
import { EpisodicLife } from '../../src/envs/wrappers/episodic-life.js';
import { RlConfigError } from '../../src/rl/errors.js';
import { evaluateGames, isGameOver, randomPolicy } from '../../src/rl/evaluate.js';
import { ScriptedAtariEnv } from '../envs/fakes.js';

/** A 10-step game with 3 lives (lost after steps 3, 6 and 10) and reward 1 per step. */
const scripted = () =>
  new ScriptedAtariEnv({
    obsType: 'grayscale',
    episodes: [{ length: 10, lives: 3, livesAt: { 3: 2, 6: 1, 10: 0 }, reward: () => 1 }],
  });

describe('evaluateGames', () => {
  it('sums a game over all its lives when EpisodicLife ends the episode at each lost life', () => {
    // Agent steps 1–3, 5–6 and 8–10 count; EpisodicLife's resets take the no-op steps 4 and 7 (reward dropped).
    const result = evaluateGames([new EpisodicLife(scripted())], randomPolicy(4, 1), { episodes: 2, seed: 0 });
    expect(result.returns).toEqual([8, 8]);
    expect(result.lengths).toEqual([8, 8]);
    expect(result.mean).toBe(8);
    expect(result.std).toBe(0);
    expect(result.capped).toBe(0);
  });

  it('ends a game at every episode end without EpisodicLife, and at the step cap when given', () => {
    const plain = evaluateGames([scripted(), scripted()], randomPolicy(4, 1), { episodes: 3, seed: 0 });
    expect(plain.returns).toEqual([10, 10, 10]);
    const capEnvs = () => [new EpisodicLife(scripted()), new EpisodicLife(scripted())];
    const capped = evaluateGames(capEnvs(), randomPolicy(4, 1), { episodes: 2, seed: 0, maxSteps: 4 });
    expect(capped.returns).toEqual([4, 4]);
    expect(capped.capped).toBe(2);
    // A capped env cannot start a fresh game (EpisodicLife would continue the old one).
    expect(() => evaluateGames(capEnvs(), randomPolicy(4, 1), { episodes: 3, seed: 0, maxSteps: 4 })).toThrow(
      /as many envs as episodes/,
    );
  });

  it('seeds env i with seed + i on its first reset only', () => {
    const envs = [scripted(), scripted()];
    evaluateGames(envs, randomPolicy(4, 1), { episodes: 4, seed: 7 });
    expect(envs[0]!.resets.map((r) => r.seed)).toEqual([7, undefined]);
    expect(envs[1]!.resets.map((r) => r.seed)).toEqual([8, undefined]);
  });

  it('tells a lost life from a game over, and rejects bad options', () => {
    const env = new EpisodicLife(scripted());
    env.reset();
    env.step(0);
    env.step(0);
    const lost = env.step(0);
    expect(lost.terminated).toBe(true);
    expect(isGameOver(env, false)).toBe(false);
    expect(isGameOver(env, true)).toBe(true);
    expect(isGameOver(scripted(), false)).toBe(true);
    expect(() => evaluateGames([], randomPolicy(4, 1), { episodes: 1, seed: 0 })).toThrow(RlConfigError);
    expect(() => evaluateGames([scripted()], randomPolicy(4, 1), { episodes: 0, seed: 0 })).toThrow(RlConfigError);
  });
});
