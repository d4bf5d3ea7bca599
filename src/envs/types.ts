/**
 * The environment contract of src/envs, shaped like Gymnasium's:
 * `reset({ seed, options }) → { obs, info }`, `step(action) → { obs, reward, terminated, truncated, info }`.
 *
 * Buffers: `obs` is a view of a buffer the env owns and reuses. It stays valid until the next `reset`,
 * `step` or `close` of the same env (or of any wrapper around it); copy it to keep it longer.
 *
 * What wrappers need from the base env (`AtariBaseEnv`, reached through `env.unwrapped`), mirroring
 * Gymnasium's `env.unwrapped.ale` and `env.unwrapped.np_random`:
 * - `ale.lives()`: ALE's life counter (EpisodicLife, AtariPreprocessing with terminal_on_life_loss);
 * - `ale.getScreenGrayscale(out)` / `ale.getScreenRGB(out)`: the current screen into a caller's buffer
 *   (AtariPreprocessing reads the screen directly, not the step's obs);
 * - `npRandom.integers(low, high)`: the env's RNG, reseeded by `reset({ seed })`; NoopReset and
 *   AtariPreprocessing draw the number of no-ops from it, like Gymnasium's `np_random.integers(1, noop_max + 1)`;
 * - `frameskip`: frames per `step` (1, or a [low, high) range drawn per step as in `-v4` ids); wrappers that
 *   skip frames themselves require 1;
 * - `actionSpace.meanings`: ALE's action names (NoopReset checks action 0 is NOOP, FireReset that 1 is FIRE).
 */
import type { Box, Discrete, Observation } from './spaces.js';

/** What every step and reset reports, as Gymnasium's ALE env does. */
export interface EnvInfo {
  /** ALE `lives()` after the step. */
  readonly lives: number;
  /** Frames emulated since the start of this episode (ALE `getEpisodeFrameNumber`). */
  readonly episode_frame_number: number;
  /** Frames emulated since the ROM was loaded (ALE `getFrameNumber`). */
  readonly frame_number: number;
}

export interface ResetArgs {
  /** Reseeds the env's RNGs (emulator and `npRandom`) before resetting; omitted: continue the current streams. */
  readonly seed?: number;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ResetResult<O extends Observation = Observation> {
  readonly obs: O;
  readonly info: EnvInfo;
}

export interface StepResult<O extends Observation = Observation> {
  readonly obs: O;
  readonly reward: number;
  /** The episode ended inside the MDP (game over, or a lost life under EpisodicLife). */
  readonly terminated: boolean;
  /** The episode was cut short from outside the MDP (frame or step limit). */
  readonly truncated: boolean;
  readonly info: EnvInfo;
}

export interface Env<O extends Observation = Observation> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  /** The innermost env, whose ALE-level accessors wrappers use. */
  readonly unwrapped: AtariBaseEnv;
  reset(args?: ResetArgs): ResetResult<O>;
  /**
   * Optional: `reset` as a generator that yields between pieces of work (a frame, or one inner step) and
   * returns the reset's result; running it to the end is exactly `reset` (src/envs/pieces.ts). Vector envs
   * use it for the sub-envs of the calling thread, so that a long reset does not keep the workers waiting.
   */
  resetInPieces?(args?: ResetArgs): Generator<void, ResetResult<O>, void>;
  /** Throws InvalidActionError for an action outside `actionSpace`, ResetNeededError before the first reset or after the episode ended. */
  step(action: number): StepResult<O>;
  close(): void;
}

/** ALE-level accessors of the base env (Gymnasium: `env.unwrapped.ale`). */
export interface AleAccess {
  lives(): number;
  /** Writes the current screen as ALE grayscale, one byte per pixel (210×160), into `out`; returns `out`. */
  getScreenGrayscale(out: Uint8Array): Uint8Array;
  /** Writes the current screen as interleaved RGB (210×160×3) into `out`; returns `out`. */
  getScreenRGB(out: Uint8Array): Uint8Array;
  /**
   * Writes the current screen as ALE's palette indices (210×160, one byte per pixel) into `out`; returns
   * `out`. Optional: fused preprocessing (MaxAndSkipWarp) uses it where the base env has it (AtariEnv).
   */
  getScreen?(out: Uint8Array): Uint8Array;
  /**
   * Declares that the screen after the next frame will not be read, so the emulator skips its pixels
   * (reading it anyway stays exact). Optional: frame-skipping wrappers call it where the base env has it.
   */
  skipScreenOfNextAct?(): void;
}

/** The env's RNG (Gymnasium: `env.unwrapped.np_random`). */
export interface EnvRandom {
  /** A uniform integer in [low, high), as numpy's `Generator.integers(low, high)`. */
  integers(low: number, high: number): number;
}

/** The base (unwrapped) Atari env that wrappers can be stacked on. */
export interface AtariBaseEnv extends Env {
  readonly ale: AleAccess;
  readonly npRandom: EnvRandom;
  /** Frames emulated per `step`: a fixed count, or a [low, high) range drawn each step (`-v4` ids). */
  readonly frameskip: number | readonly [number, number];
  /** ALE's screen size: 210 rows × 160 columns. */
  readonly screenHeight: number;
  readonly screenWidth: number;
}
