/**
 * The reference the vector envs are checked against: the simplest possible model of Gymnasium's
 * documented NEXT_STEP autoreset rule (a sub-env whose episode ended is reset on the next step,
 * its action ignored, reward 0, flags false), run over plain envs with results copied into fresh
 * arrays. It shares no code with src/envs/vector.
 */
import type { Env } from '../../../src/envs/types.js';

export interface Snapshot {
  readonly obs: number[];
  readonly rewards: number[];
  readonly terminated: number[];
  readonly truncated: number[];
  readonly lives: number[];
  readonly episodeFrameNumber: number[];
  readonly frameNumber: number[];
}

export class ReferenceVectorEnv {
  private readonly autoreset: boolean[];
  private readonly obs: number[][];
  private readonly rewards: number[];
  private readonly terminations: boolean[];
  private readonly truncations: boolean[];
  private readonly lives: number[];
  private readonly episodeFrame: number[];
  private readonly frame: number[];

  constructor(readonly envs: readonly Env[]) {
    const n = envs.length;
    this.autoreset = new Array<boolean>(n).fill(false);
    this.obs = Array.from({ length: n }, () => []);
    this.rewards = new Array<number>(n).fill(0);
    this.terminations = new Array<boolean>(n).fill(false);
    this.truncations = new Array<boolean>(n).fill(false);
    this.lives = new Array<number>(n).fill(0);
    this.episodeFrame = new Array<number>(n).fill(0);
    this.frame = new Array<number>(n).fill(0);
  }

  /** `reset(seed=..., options={"reset_mask": mask})`. */
  reset(seed?: number | readonly (number | undefined)[], mask?: readonly boolean[]): Snapshot {
    const n = this.envs.length;
    const seeds =
      seed === undefined
        ? new Array<number | undefined>(n).fill(undefined)
        : typeof seed === 'number'
          ? Array.from({ length: n }, (_, i) => seed + i)
          : seed;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      this.terminations[i] = false;
      this.truncations[i] = false;
      this.autoreset[i] = false;
      const s = seeds[i];
      const { obs, info } = this.envs[i]!.reset(s === undefined ? {} : { seed: s });
      this.obs[i] = Array.from(obs);
      this.lives[i] = info.lives;
      this.episodeFrame[i] = info.episode_frame_number;
      this.frame[i] = info.frame_number;
    }
    return this.snapshot();
  }

  step(actions: readonly number[]): Snapshot {
    for (let i = 0; i < this.envs.length; i++) {
      const env = this.envs[i]!;
      if (this.autoreset[i]) {
        const { obs, info } = env.reset();
        this.obs[i] = Array.from(obs);
        this.rewards[i] = 0;
        this.terminations[i] = false;
        this.truncations[i] = false;
        this.setInfo(i, info);
      } else {
        const r = env.step(actions[i]!);
        this.obs[i] = Array.from(r.obs);
        this.rewards[i] = r.reward;
        this.terminations[i] = r.terminated;
        this.truncations[i] = r.truncated;
        this.setInfo(i, r.info);
      }
    }
    for (let i = 0; i < this.envs.length; i++) this.autoreset[i] = this.terminations[i]! || this.truncations[i]!;
    return this.snapshot();
  }

  private setInfo(i: number, info: { lives: number; episode_frame_number: number; frame_number: number }): void {
    this.lives[i] = info.lives;
    this.episodeFrame[i] = info.episode_frame_number;
    this.frame[i] = info.frame_number;
  }

  private snapshot(): Snapshot {
    return {
      obs: this.obs.flat(),
      rewards: [...this.rewards],
      terminated: this.terminations.map(Number),
      truncated: this.truncations.map(Number),
      lives: [...this.lives],
      episodeFrameNumber: [...this.episodeFrame],
      frameNumber: [...this.frame],
    };
  }
}

/** A vector env's current result arrays as plain numbers (rewards etc. as of the last step). */
export function snapshotOf(buffers: {
  obs: ArrayLike<number>;
  rewards: ArrayLike<number>;
  terminated: ArrayLike<number>;
  truncated: ArrayLike<number>;
  info: { lives: ArrayLike<number>; episode_frame_number: ArrayLike<number>; frame_number: ArrayLike<number> };
}): Snapshot {
  return {
    obs: Array.from(buffers.obs),
    rewards: Array.from(buffers.rewards),
    terminated: Array.from(buffers.terminated),
    truncated: Array.from(buffers.truncated),
    lives: Array.from(buffers.info.lives),
    episodeFrameNumber: Array.from(buffers.info.episode_frame_number),
    frameNumber: Array.from(buffers.info.frame_number),
  };
}

/** Reset snapshots compare obs and infos only (a reset returns no rewards or flags). */
export function resetPart(s: Snapshot): Pick<Snapshot, 'obs' | 'lives' | 'episodeFrameNumber' | 'frameNumber'> {
  return { obs: s.obs, lives: s.lives, episodeFrameNumber: s.episodeFrameNumber, frameNumber: s.frameNumber };
}

/** A reproducible action sequence: `steps` rows of `n` actions in [0, numActions). */
export function actionSequence(steps: number, n: number, numActions: number, seed: number): number[][] {
  let state = seed >>> 0;
  return Array.from({ length: steps }, () =>
    Array.from({ length: n }, () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return (state >>> 16) % numActions;
    }),
  );
}
