/**
 * Tiny envs that PPO and imitation must solve, small enough to train on in seconds.
 *
 * `CatchGridEnv`: a `size`×`size` grid seen as one uint8 frame [1, size, size]. A ball starts in a
 * random column of the top row and falls one row per step; a paddle in the bottom row moves left,
 * stays or moves right (actions NOOP, RIGHT, LEFT, as Catcher's first three). When the ball reaches
 * the bottom row the episode ends with reward +1 if the paddle is under it, else −1. The reward comes
 * only at the end, `size − 1` steps after the start, so learning it needs multi-step credit (GAE),
 * and where to move depends on the picture (the ball's column relative to the paddle's).
 * A random policy scores about −0.5; moving toward the ball's column scores +1.
 */
import { EpisodeGuard } from '../../src/envs/index.js';
import { Box, Discrete } from '../../src/envs/spaces.js';
import type { AtariBaseEnv, EnvInfo, ResetArgs, ResetResult, StepResult } from '../../src/envs/types.js';
import { mulberry32 } from '../../src/models/params.js';

const BALL = 255;
const PADDLE = 128;
const MEANINGS = ['NOOP', 'RIGHT', 'LEFT'];
const MOVE = [0, 1, -1];

export class CatchGridEnv implements AtariBaseEnv {
  readonly observationSpace: Box<'uint8'>;
  readonly actionSpace = new Discrete(3, MEANINGS);
  readonly frameskip = 1;
  readonly screenHeight: number;
  readonly screenWidth: number;
  readonly ale = {
    lives: () => 0,
    getScreenGrayscale: (out: Uint8Array) => out,
    getScreenRGB: (out: Uint8Array) => out,
  };
  private uniform: () => number;
  private readonly guard = new EpisodeGuard('CatchGridEnv');
  private readonly obs: Uint8Array;
  private ballRow = 0;
  private ballCol = 0;
  private paddle = 0;
  private frame = 0;
  private episodeFrame = 0;

  constructor(
    readonly size = 5,
    seed = 0,
  ) {
    this.screenHeight = size;
    this.screenWidth = size;
    this.observationSpace = new Box([1, size, size], 'uint8', 0, 255);
    this.obs = this.observationSpace.allocate();
    this.uniform = mulberry32(seed);
  }

  get unwrapped(): AtariBaseEnv {
    return this;
  }

  get npRandom() {
    return { integers: (low: number, high: number) => low + Math.floor(this.uniform() * (high - low)) };
  }

  /** The column the ball is in and the paddle's column: what an expert needs. */
  get state(): { ballCol: number; paddle: number } {
    return { ballCol: this.ballCol, paddle: this.paddle };
  }

  reset(args: ResetArgs = {}): ResetResult<Uint8Array> {
    if (args.seed !== undefined) this.uniform = mulberry32(args.seed);
    this.ballRow = 0;
    this.ballCol = Math.floor(this.uniform() * this.size);
    this.paddle = Math.floor(this.uniform() * this.size);
    this.episodeFrame = 0;
    this.guard.afterReset();
    return { obs: this.render(), info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    this.actionSpace.check(action);
    this.guard.beforeStep();
    this.paddle = Math.min(this.size - 1, Math.max(0, this.paddle + MOVE[action]!));
    this.ballRow++;
    this.frame++;
    this.episodeFrame++;
    const terminated = this.ballRow === this.size - 1;
    const reward = terminated ? (this.paddle === this.ballCol ? 1 : -1) : 0;
    this.guard.afterStep(terminated, false);
    return { obs: this.render(), reward, terminated, truncated: false, info: this.info() };
  }

  close(): void {}

  private render(): Uint8Array {
    this.obs.fill(0);
    const row = (r: number) => r * this.size;
    this.obs[row(this.size - 1) + this.paddle] = PADDLE;
    // The ball overwrites the paddle once it lands on it.
    this.obs[row(this.ballRow) + this.ballCol] = BALL;
    return this.obs;
  }

  private info(): EnvInfo {
    return { lives: 0, episode_frame_number: this.episodeFrame, frame_number: this.frame };
  }
}

/** The optimal action: step toward the ball's column (indices of MEANINGS). */
export function catchGridExpert(env: CatchGridEnv): number {
  const { ballCol, paddle } = env.state;
  return ballCol > paddle ? 1 : ballCol < paddle ? 2 : 0;
}
