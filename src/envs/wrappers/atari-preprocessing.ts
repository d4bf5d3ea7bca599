/**
 * AtariPreprocessing (Gymnasium `AtariPreprocessing`, after Machado et al. 2018), defaults: noop_max 30,
 * frame_skip 4, screen_size 84, terminal_on_life_loss false, grayscale, no scaling.
 *
 * Its exact behaviour, reproduced here:
 * - It wraps an env that does not skip frames itself and reads the screen straight from ALE
 *   (`getScreenGrayscale` / `getScreenRGB`), ignoring the inner observations.
 * - reset: reset the inner env, then take `np_random.integers(1, noop_max + 1)` no-ops (none when
 *   noop_max = 0), resetting with the same arguments whenever one ends the episode; the info is the
 *   reset's info updated by each no-op's. Then slot 0 ← current screen, slot 1 ← zeros.
 * - step: repeat the action up to frame_skip times, summing rewards; stop at the end of the episode
 *   (with terminal_on_life_loss, a drop in lives also ends it). After repeat frame_skip−2 the screen goes
 *   to slot 1, after repeat frame_skip−1 to slot 0.
 * - observation: slot 0 ← max(slot 0, slot 1) in place (when frame_skip > 1), then INTER_AREA to
 *   screen_size². On an early end the slots are not refreshed, so the observation repeats the previous
 *   pooled frame (pooled again with slot 1), exactly as Gymnasium does.
 */
import { WrapperConfigError } from '../errors.js';
import { finish, type Pieces, resetInPieces } from '../pieces.js';
import { AreaResizer } from '../preprocess/area-resize.js';
import { maxPool2 } from '../preprocess/max-pool.js';
import { Box, type Observation } from '../spaces.js';
import type { Env, EnvInfo, ResetArgs, ResetResult, StepResult } from '../types.js';
import { mergeInfo, Wrapper } from '../wrapper.js';
import { NOOP_ACTION, requireNoopAction } from './noop-reset.js';

const RGB_CHANNELS = 3;
const MAX_BYTE = 255;

export interface AtariPreprocessingOptions {
  readonly noopMax?: number;
  readonly frameSkip?: number;
  readonly screenSize?: number;
  readonly terminalOnLifeLoss?: boolean;
  readonly grayscaleObs?: boolean;
  /** Adds a trailing channel axis of 1 to grayscale observations. */
  readonly grayscaleNewaxis?: boolean;
  /** Float32 observations in [0, 1] (byte / 255) instead of uint8. */
  readonly scaleObs?: boolean;
}

export const ATARI_PREPROCESSING_DEFAULTS: Required<AtariPreprocessingOptions> = Object.freeze({
  noopMax: 30,
  frameSkip: 4,
  screenSize: 84,
  terminalOnLifeLoss: false,
  grayscaleObs: true,
  grayscaleNewaxis: false,
  scaleObs: false,
});

export class AtariPreprocessing extends Wrapper<Observation, Observation> {
  readonly observationSpace: Box;
  readonly options: Required<AtariPreprocessingOptions>;
  private readonly slot0: Uint8Array;
  private readonly slot1: Uint8Array;
  private readonly resizer: AreaResizer;
  private readonly resized: Uint8Array;
  private readonly scaled: Float32Array | undefined;
  private lives = 0;
  private gameOver = false;

  constructor(env: Env, options: AtariPreprocessingOptions = {}) {
    super(env);
    const o = { ...ATARI_PREPROCESSING_DEFAULTS, ...options };
    if (!Number.isInteger(o.frameSkip) || o.frameSkip < 1) {
      throw new WrapperConfigError(`AtariPreprocessing: frameSkip must be an integer ≥ 1, got ${o.frameSkip}`);
    }
    if (!Number.isInteger(o.screenSize) || o.screenSize < 1) {
      throw new WrapperConfigError(`AtariPreprocessing: screenSize must be an integer ≥ 1, got ${o.screenSize}`);
    }
    if (!Number.isInteger(o.noopMax) || o.noopMax < 0) {
      throw new WrapperConfigError(`AtariPreprocessing: noopMax must be an integer ≥ 0, got ${o.noopMax}`);
    }
    const base = env.unwrapped;
    if (o.frameSkip > 1 && base.frameskip !== 1) {
      throw new WrapperConfigError(
        `AtariPreprocessing: the inner env already skips frames (frameskip ${JSON.stringify(base.frameskip)}); use a NoFrameskip id or frameskip 1, since this wrapper skips ${o.frameSkip} frames itself`,
      );
    }
    requireNoopAction(env, 'AtariPreprocessing');
    this.options = Object.freeze(o);
    const { screenHeight, screenWidth } = base;
    const channels = o.grayscaleObs ? 1 : RGB_CHANNELS;
    this.slot0 = new Uint8Array(screenHeight * screenWidth * channels);
    this.slot1 = new Uint8Array(screenHeight * screenWidth * channels);
    this.resizer = new AreaResizer(screenHeight, screenWidth, o.screenSize, o.screenSize, channels);
    this.resized = new Uint8Array(o.screenSize * o.screenSize * channels);
    const shape =
      o.grayscaleObs && !o.grayscaleNewaxis ? [o.screenSize, o.screenSize] : [o.screenSize, o.screenSize, channels];
    this.observationSpace = o.scaleObs ? new Box(shape, 'float32', 0, 1) : new Box(shape, 'uint8', 0, MAX_BYTE);
    this.scaled = o.scaleObs ? new Float32Array(this.resized.length) : undefined;
  }

  /** Whether the last step ended the game (or, with terminalOnLifeLoss, lost a life). */
  get isGameOver(): boolean {
    return this.gameOver;
  }

  protected resetImpl(args: ResetArgs): ResetResult<Observation> {
    return finish(this.resetImplInPieces(args));
  }

  protected override *resetImplInPieces(args: ResetArgs): Pieces<ResetResult<Observation>> {
    let info: EnvInfo = (yield* resetInPieces(this.env, args)).info;
    const { noopMax } = this.options;
    const noops = noopMax > 0 ? this.unwrapped.npRandom.integers(1, noopMax + 1) : 0;
    for (let i = 0; i < noops; i++) {
      yield;
      const r = this.env.step(NOOP_ACTION);
      info = mergeInfo(info, r.info);
      if (r.terminated || r.truncated) info = (yield* resetInPieces(this.env, args)).info;
    }
    const ale = this.unwrapped.ale;
    this.lives = ale.lives();
    this.grabScreen(this.slot0);
    this.slot1.fill(0);
    return { obs: this.observation(), info };
  }

  protected stepImpl(action: number): StepResult<Observation> {
    const { frameSkip, terminalOnLifeLoss } = this.options;
    const ale = this.unwrapped.ale;
    let total = 0;
    let terminated = false;
    let truncated = false;
    let info: EnvInfo | undefined;
    for (let t = 0; t < frameSkip; t++) {
      const r = this.env.step(action);
      total += r.reward;
      terminated = r.terminated;
      truncated = r.truncated;
      info = r.info;
      this.gameOver = terminated;
      if (terminalOnLifeLoss) {
        const lives = ale.lives();
        terminated = terminated || lives < this.lives;
        this.gameOver = terminated;
        this.lives = lives;
      }
      if (terminated || truncated) break;
      if (t === frameSkip - 2) this.grabScreen(this.slot1);
      else if (t === frameSkip - 1) this.grabScreen(this.slot0);
    }
    return { obs: this.observation(), reward: total, terminated, truncated, info: info! };
  }

  private grabScreen(into: Uint8Array): void {
    const ale = this.unwrapped.ale;
    if (this.options.grayscaleObs) ale.getScreenGrayscale(into);
    else ale.getScreenRGB(into);
  }

  private observation(): Observation {
    if (this.options.frameSkip > 1) maxPool2(this.slot0, this.slot1, this.slot0);
    this.resizer.resize(this.slot0, this.resized);
    const scaled = this.scaled;
    if (!scaled) return this.resized;
    for (let i = 0; i < scaled.length; i++) scaled[i] = this.resized[i]! / MAX_BYTE;
    return scaled;
  }
}
