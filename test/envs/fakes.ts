/**
 * Scripted base envs for wrapper tests.
 * - `ScriptedAtariEnv`: episodes of scripted length, rewards and lives; every frame has a distinct,
 *   reproducible screen (`screenAt(frameNumber)`), and every action, reset and RNG draw is logged.
 * - `FixtureAtariEnv`: plays back the 16 native-ALE frames of a preprocess fixture, so wrappers can be
 *   checked against the fixture's reference outputs.
 */
import { indicesToGrayscale } from '../../src/ale/grayscale.js';
import { indicesToRGB } from '../../src/ale/palette.js';
import { EpisodeGuard } from '../../src/envs/index.js';
import { Box, Discrete } from '../../src/envs/spaces.js';
import type {
  AleAccess,
  AtariBaseEnv,
  EnvInfo,
  EnvRandom,
  ResetArgs,
  ResetResult,
  StepResult,
} from '../../src/envs/types.js';

export interface EpisodeScript {
  /** The step (1-based) on which the game ends (terminated). */
  readonly length: number;
  readonly lives?: number;
  /** Lives after a given step (1-based). */
  readonly livesAt?: Readonly<Record<number, number>>;
  /** Reward of step t (1-based). */
  readonly reward?: (t: number) => number;
}

export interface ScriptedOptions {
  readonly episodes: readonly EpisodeScript[];
  readonly meanings?: readonly string[];
  readonly screenHeight?: number;
  readonly screenWidth?: number;
  readonly obsType?: 'rgb' | 'grayscale';
  readonly frameskip?: number;
  /** Truncate once an episode has emulated this many frames (ALE's max_num_frames_per_episode). */
  readonly maxEpisodeFrames?: number;
  /** Values `npRandom.integers` returns, in order; after they run out it returns `low`. */
  readonly draws?: readonly number[];
}

const PALETTE_COLOURS = 128;
const FRAME_STRIDE = 7;

class ScriptedRandom implements EnvRandom {
  readonly calls: [number, number][] = [];
  private next = 0;
  constructor(private readonly draws: readonly number[]) {}
  integers(low: number, high: number): number {
    this.calls.push([low, high]);
    const v = this.draws[this.next++] ?? low;
    if (v < low || v >= high) throw new Error(`scripted draw ${v} outside [${low}, ${high})`);
    return v;
  }
}

export class ScriptedAtariEnv implements AtariBaseEnv {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly npRandom: ScriptedRandom;
  readonly frameskip: number;
  readonly screenHeight: number;
  readonly screenWidth: number;
  readonly ale: AleAccess;
  /** Every action stepped, and the args of every reset. */
  readonly actions: number[] = [];
  readonly resets: ResetArgs[] = [];
  readonly options: ScriptedOptions;
  closed = false;

  private readonly guard = new EpisodeGuard('ScriptedAtariEnv');
  private readonly obs: Uint8Array;
  private readonly screen: Uint8Array;
  private episode = -1;
  private t = 0;
  private lives = 0;
  private frameNumber = 0;
  private episodeFrame = 0;

  constructor(options: ScriptedOptions) {
    this.options = options;
    this.screenHeight = options.screenHeight ?? 8;
    this.screenWidth = options.screenWidth ?? 6;
    this.frameskip = options.frameskip ?? 1;
    const meanings = options.meanings ?? ['NOOP', 'FIRE', 'UP', 'DOWN'];
    this.actionSpace = new Discrete(meanings.length, meanings);
    this.observationSpace =
      (options.obsType ?? 'rgb') === 'rgb'
        ? new Box([this.screenHeight, this.screenWidth, 3], 'uint8', 0, 255)
        : new Box([this.screenHeight, this.screenWidth], 'uint8', 0, 255);
    this.obs = this.observationSpace.allocate() as Uint8Array;
    this.screen = new Uint8Array(this.screenHeight * this.screenWidth);
    this.npRandom = new ScriptedRandom(options.draws ?? []);
    this.ale = {
      lives: () => this.lives,
      getScreenGrayscale: (out) => indicesToGrayscale(this.screen, out),
      getScreenRGB: (out) => indicesToRGB(this.screen, out),
    };
  }

  get unwrapped(): AtariBaseEnv {
    return this;
  }

  /** The palette-index screen shown at a given frame number. */
  screenAt(frameNumber: number): Uint8Array {
    const s = new Uint8Array(this.screenHeight * this.screenWidth);
    for (let p = 0; p < s.length; p++) s[p] = 2 * ((frameNumber * FRAME_STRIDE + p) % PALETTE_COLOURS);
    return s;
  }

  /** The observation (per obsType) shown at a given frame number. */
  obsAt(frameNumber: number): Uint8Array {
    const s = this.screenAt(frameNumber);
    return this.observationSpace.shape.length === 3 ? indicesToRGB(s) : indicesToGrayscale(s);
  }

  get currentFrameNumber(): number {
    return this.frameNumber;
  }

  get episodeIndex(): number {
    return this.episode;
  }

  reset(args: ResetArgs = {}): ResetResult<Uint8Array> {
    this.resets.push(args);
    this.episode++;
    this.t = 0;
    this.episodeFrame = 0;
    this.lives = this.script.lives ?? 3;
    this.render();
    this.guard.afterReset();
    return { obs: this.obs, info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    this.actionSpace.check(action);
    this.guard.beforeStep();
    this.actions.push(action);
    this.t++;
    this.frameNumber += this.frameskip;
    this.episodeFrame += this.frameskip;
    const script = this.script;
    const reward = script.reward?.(this.t) ?? 0;
    const lives = script.livesAt?.[this.t];
    if (lives !== undefined) this.lives = lives;
    const terminated = this.t >= script.length;
    const cap = this.options.maxEpisodeFrames;
    const truncated = !terminated && cap !== undefined && this.episodeFrame >= cap;
    this.render();
    this.guard.afterStep(terminated, truncated);
    return { obs: this.obs, reward, terminated, truncated, info: this.info() };
  }

  close(): void {
    this.closed = true;
  }

  private get script(): EpisodeScript {
    const episodes = this.options.episodes;
    return episodes[this.episode % episodes.length]!;
  }

  private render(): void {
    this.screen.set(this.screenAt(this.frameNumber));
    if (this.observationSpace.shape.length === 3) indicesToRGB(this.screen, this.obs);
    else indicesToGrayscale(this.screen, this.obs);
  }

  private info(): EnvInfo {
    return { lives: this.lives, episode_frame_number: this.episodeFrame, frame_number: this.frameNumber };
  }
}

export interface FixtureFrames {
  readonly rgb: Uint8Array;
  readonly gray: Uint8Array;
  readonly count: number;
}

const SCREEN_HEIGHT = 210;
const SCREEN_WIDTH = 160;
const RGB_BYTES = SCREEN_HEIGHT * SCREEN_WIDTH * 3;
const GRAY_BYTES = SCREEN_HEIGHT * SCREEN_WIDTH;

/** Plays back recorded native-ALE frames: reset shows frame 0, step t shows frame t; the last frame ends the game. */
export class FixtureAtariEnv implements AtariBaseEnv {
  readonly observationSpace = new Box([SCREEN_HEIGHT, SCREEN_WIDTH, 3], 'uint8', 0, 255);
  readonly actionSpace = new Discrete(4, ['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
  readonly npRandom: ScriptedRandom = new ScriptedRandom([]);
  readonly frameskip = 1;
  readonly screenHeight = SCREEN_HEIGHT;
  readonly screenWidth = SCREEN_WIDTH;
  readonly ale: AleAccess;
  private readonly obs = new Uint8Array(RGB_BYTES);
  private readonly guard = new EpisodeGuard('FixtureAtariEnv');
  private t = 0;

  constructor(private readonly frames: FixtureFrames) {
    this.ale = {
      lives: () => 3,
      getScreenGrayscale: (out) => {
        out.set(this.frames.gray.subarray(this.t * GRAY_BYTES, (this.t + 1) * GRAY_BYTES));
        return out;
      },
      getScreenRGB: (out) => {
        out.set(this.frames.rgb.subarray(this.t * RGB_BYTES, (this.t + 1) * RGB_BYTES));
        return out;
      },
    };
  }

  get unwrapped(): AtariBaseEnv {
    return this;
  }

  reset(): ResetResult<Uint8Array> {
    this.t = 0;
    this.guard.afterReset();
    return { obs: this.show(), info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    this.actionSpace.check(action);
    this.guard.beforeStep();
    this.t++;
    const terminated = this.t === this.frames.count - 1;
    this.guard.afterStep(terminated, false);
    return { obs: this.show(), reward: 0, terminated, truncated: false, info: this.info() };
  }

  close(): void {}

  private show(): Uint8Array {
    this.obs.set(this.frames.rgb.subarray(this.t * RGB_BYTES, (this.t + 1) * RGB_BYTES));
    return this.obs;
  }

  private info(): EnvInfo {
    return { lives: 3, episode_frame_number: this.t, frame_number: this.t };
  }
}
