/**
 * Resets in pieces (src/envs/pieces.ts): running `resetInPieces` to the end is `reset`, frame for frame, for
 * every preset stack; a real reset stops between frames, and a wrapper subclass that overrides its reset is
 * never bypassed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ALEInterface } from '../../src/ale/interface.js';
import { type Env, type MakeEnvOptions, makeEnv, NoopReset, type StepResult } from '../../src/envs/index.js';
import type { Pieces } from '../../src/envs/pieces.js';
import type { ResetArgs, ResetResult } from '../../src/envs/types.js';
import { describeRoms, ROM_DIR } from '../helpers/shared.js';

/** Counts the pieces of `pieces` as it runs them to the end. */
function countPieces<T>(pieces: Pieces<T>): { value: T; pieces: number } {
  let count = 0;
  for (;;) {
    const piece = pieces.next();
    count++;
    if (piece.done) return { value: piece.value, pieces: count };
  }
}

interface Row {
  /** SHA-1 of the observation's bytes (whole arrays make the comparison slower than the run). */
  readonly obs: string;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: string;
}

function rowOf(r: ResetResult | StepResult): Row {
  const step = r as Partial<StepResult>;
  return {
    obs: createHash('sha1')
      .update(r.obs as Uint8Array)
      .digest('hex'),
    reward: step.reward ?? 0,
    terminated: step.terminated ?? false,
    truncated: step.truncated ?? false,
    info: JSON.stringify(r.info),
  };
}

/**
 * Plays `steps` pseudo-random actions from a seeded reset, resetting at every episode end, once with `reset`
 * and once on a twin env with `resetInPieces`; returns both trajectories and the pieces of each reset.
 */
function twinRuns(id: string, options: MakeEnvOptions, steps: number) {
  const plain = makeEnv(id, options);
  const split = makeEnv(id, options);
  expect(split.resetInPieces).toBeTypeOf('function');
  const want: Row[] = [];
  const got: Row[] = [];
  const piecesPerReset: number[] = [];
  const resetBoth = (args: ResetArgs) => {
    want.push(rowOf(plain.reset(args)));
    const { value, pieces } = countPieces(split.resetInPieces!(args));
    got.push(rowOf(value));
    piecesPerReset.push(pieces);
  };
  resetBoth({ seed: 7 });
  let state = 12345;
  for (let t = 0; t < steps; t++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const action = (state >>> 16) % plain.actionSpace.n;
    const a = plain.step(action);
    const b = split.step(action);
    want.push(rowOf(a));
    got.push(rowOf(b));
    if (a.terminated || a.truncated) resetBoth({});
  }
  return { want, got, piecesPerReset };
}

describe('resetInPieces on the embedded game (no ROM needed)', () => {
  it.each([
    ['sb3-atari', 'CatcherNoFrameskip-v4', { preset: 'sb3-atari' }],
    ['sb3-atari, reference wrappers', 'CatcherNoFrameskip-v4', { preset: 'sb3-atari', fusedPreset: false }],
    ['atari-preprocessing', 'CatcherNoFrameskip-v4', { preset: 'atari-preprocessing' }],
    ['baby-a3c', 'Catcher-v4', { preset: 'baby-a3c' }],
    ['no preset, v5 with its time limit', 'ALE/Catcher-v5', { max_episode_steps: 150 }],
  ] as const)('%s: the same trajectory as reset(), resets included', (_name, id, options) => {
    const { want, got, piecesPerReset } = twinRuns(id, options as MakeEnvOptions, 600);
    expect(got).toEqual(want);
    // The run ends episodes (lives lost or games over), and the game reset ran frame by frame (a lost life
    // under EpisodicLife is one no-op step: one piece).
    expect(piecesPerReset.length).toBeGreaterThan(1);
    expect(piecesPerReset[0]).toBeGreaterThan(60);
  });

  it("ALE's reset_game stops after each of its frames; run to the end it is resetGame()", () => {
    const [pa, pb] = [makeEnv('ALE/Catcher-v5'), makeEnv('ALE/Catcher-v5')];
    pa.reset({ seed: 3 });
    pb.reset({ seed: 3 });
    const a = pa.unwrapped.ale as unknown as ALEInterface;
    const b = pb.unwrapped.ale as unknown as ALEInterface;
    for (let t = 0; t < 50; t++) expect(b.act(1)).toBe(a.act(1));
    a.resetGame();
    const { pieces } = countPieces(b.resetGameInPieces());
    // 60 no-op frames and two soft resets of 4 frames: one piece per frame at least.
    expect(pieces).toBeGreaterThan(68);
    expect(b.getRAM()).toEqual(a.getRAM());
    expect(b.getScreen()).toEqual(a.getScreen());
    expect(b.getEpisodeFrameNumber()).toBe(a.getEpisodeFrameNumber());
    for (let t = 0; t < 30; t++) expect(b.act(2)).toBe(a.act(2));
    expect(b.getScreen()).toEqual(a.getScreen());
    expect(b.getRAM()).toEqual(a.getRAM());
  });
});

describeRoms('resetInPieces on Breakout (FIRE resets, lives)', () => {
  const options: MakeEnvOptions = { romDir: ROM_DIR! };

  it('sb3-atari: the same trajectory as reset(); a real reset runs in frames, a lost life in three steps', () => {
    const { want, got, piecesPerReset } = twinRuns('BreakoutNoFrameskip-v4', { ...options, preset: 'sb3-atari' }, 800);
    expect(got).toEqual(want);
    // Game resets: ALE's ~70 frames, 1–30 no-ops, FIRE and action 2; life losses: EpisodicLife's no-op step
    // and FireReset's two steps, a piece each.
    expect(piecesPerReset[0]).toBeGreaterThan(70);
    expect(piecesPerReset.filter((p) => p === 3).length).toBeGreaterThan(0);
  });
});

describe('Wrapper.resetInPieces', () => {
  const inner = () => makeEnv('CatcherNoFrameskip-v4') as Env<Uint8Array>;

  it('splits the reset of a subclass that overrides nothing of it', () => {
    class Plain extends NoopReset<Uint8Array> {}
    expect(countPieces(new Plain(inner()).resetInPieces({ seed: 1 })).pieces).toBeGreaterThan(60);
  });

  it('runs a subclass that overrides resetImpl or reset whole, never bypassing the override', () => {
    const calls = { resetImpl: 0, reset: 0 };
    class OwnResetImpl extends NoopReset<Uint8Array> {
      protected override resetImpl(args: ResetArgs): ResetResult<Uint8Array> {
        calls.resetImpl++;
        return super.resetImpl(args);
      }
    }
    class OwnReset extends NoopReset<Uint8Array> {
      override reset(args?: ResetArgs): ResetResult<Uint8Array> {
        calls.reset++;
        return super.reset(args);
      }
    }
    const first = countPieces(new OwnResetImpl(inner()).resetInPieces({ seed: 1 }));
    expect(calls.resetImpl).toBe(1);
    expect(first.pieces).toBe(1);
    const second = countPieces(new OwnReset(inner()).resetInPieces({ seed: 1 }));
    expect(calls.reset).toBe(1);
    expect(second.pieces).toBe(1);
    // Either way the result is the plain reset's.
    const plain = new NoopReset(inner()).reset({ seed: 1 });
    expect(Array.from(first.value.obs)).toEqual(Array.from(plain.obs));
    expect(Array.from(second.value.obs)).toEqual(Array.from(plain.obs));
  });
});
