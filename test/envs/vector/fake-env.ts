/**
 * A small deterministic env for vector-env tests, loaded by the workers through its factory
 * (`FAKE_FACTORY`). Everything it returns is a function of its seed and the actions it was given:
 * - reset draws the episode's length (terminated at that step) and a salt from its RNG (mulberry32);
 * - each step draws the reward from the RNG and scales it by the action;
 * - observations encode the salt, the step count and the last action, so a skipped or extra step, a
 *   wrong action or a missing reseed changes them;
 * - lives count down over the episode; frame numbers advance by `frameskip` per step (not on reset);
 * - it refuses a step before reset or after the episode ended (ResetNeededError), like a real env.
 * `fault` makes one sub-env throw, exit its thread, or hang on a given step, to test error handling.
 */

import type { Pieces } from '../../../src/envs/pieces.js';
import { Box, Discrete } from '../../../src/envs/spaces.js';
import type {
  AleAccess,
  AtariBaseEnv,
  EnvInfo,
  EnvRandom,
  ResetArgs,
  ResetResult,
  StepResult,
} from '../../../src/envs/types.js';
import { factoryRef } from '../../../src/envs/vector/spec.js';
import type { EnvFactoryContext } from '../../../src/envs/vector/types.js';
import { EpisodeGuard } from '../../../src/envs/wrapper.js';

export const FAKE_ID = 'Fake-v0';
/** This module itself, so the reference also holds for a compiled copy (fake-env.js). */
export const FAKE_FACTORY = factoryRef(new URL(import.meta.url), 'makeFakeEnv');

export interface FakeFault {
  readonly envIndex: number;
  /** The sub-env's n-th call of `step` since it was built (1-based). */
  readonly atStep: number;
  readonly kind: 'throw' | 'exit' | 'hang';
}

export interface FakeEnvOptions {
  readonly obsShape?: readonly number[];
  readonly dtype?: 'uint8' | 'float32';
  readonly actions?: number;
  /** Steps until termination: fixed, or drawn from [min, max] at each reset. */
  readonly episodeLength?: number | readonly [number, number];
  /** Truncate an episode that reaches this many steps without terminating. */
  readonly maxEpisodeSteps?: number;
  readonly lives?: number;
  readonly frameskip?: number;
  /** Seed of the RNG until the first seeded reset. */
  readonly initialSeed?: number;
  /** Busy work per step, in microseconds (benchmarks). */
  readonly spinMicros?: number;
  /** Busy work per step of sub-env i, in microseconds (overrides `spinMicros`). */
  readonly spinMicrosByEnv?: readonly number[];
  /**
   * Offer `resetInPieces` (src/envs/pieces.ts): this many pieces of busy work (`spinMicros` each) before the
   * reset itself, so a vector env's calling thread can stop between them.
   */
  readonly resetPieces?: number;
  readonly fault?: FakeFault;
}

export const FAKE_EXIT_CODE = 42;
const DEFAULTS = {
  obsShape: [2, 3, 4],
  dtype: 'uint8',
  actions: 4,
  episodeLength: [3, 9],
  lives: 3,
  frameskip: 4,
  initialSeed: 12_345,
} as const;
const BYTE_VALUES = 256;
/** Rewards are multiples of 1/8, exact in float32 and float64. */
const REWARD_STEPS = 8;

export class FakeFaultError extends Error {
  override readonly name = 'FakeFaultError';
}

/** mulberry32: a tiny seeded 32-bit generator. */
class Mulberry32 implements EnvRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  integers(low: number, high: number): number {
    return low + (this.nextUint32() % (high - low));
  }
}

export class FakeEnv implements AtariBaseEnv {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly frameskip: number;
  readonly screenHeight = 1;
  readonly screenWidth = 1;
  readonly ale: AleAccess;
  npRandom: Mulberry32;
  readonly resetInPieces?: (args?: ResetArgs) => Pieces<ResetResult<Uint8Array | Float32Array>>;
  private readonly guard = new EpisodeGuard('FakeEnv');
  private readonly obs: Uint8Array | Float32Array;
  private readonly options: FakeEnvOptions;
  private length = 0;
  private salt = 0;
  private t = 0;
  private lastAction = 0;
  private livesLeft = 0;
  private frameNumber = 0;
  private stepCalls = 0;

  constructor(
    options: FakeEnvOptions = {},
    private readonly index = 0,
  ) {
    this.options = options;
    const shape = options.obsShape ?? DEFAULTS.obsShape;
    const dtype = options.dtype ?? DEFAULTS.dtype;
    this.observationSpace = new Box(shape, dtype, 0, dtype === 'uint8' ? BYTE_VALUES - 1 : 1);
    this.actionSpace = new Discrete(options.actions ?? DEFAULTS.actions);
    this.obs = this.observationSpace.allocate();
    this.frameskip = options.frameskip ?? DEFAULTS.frameskip;
    this.npRandom = new Mulberry32(options.initialSeed ?? DEFAULTS.initialSeed);
    const pieces = options.resetPieces;
    if (pieces !== undefined) {
      this.resetInPieces = function* (this: FakeEnv, args: ResetArgs = {}) {
        for (let k = 0; k < pieces; k++) {
          this.spin();
          yield;
        }
        return this.reset(args);
      };
    }
    const lives = (): number => this.livesLeft;
    this.ale = {
      lives,
      getScreenGrayscale: (out) => out.fill(0),
      getScreenRGB: (out) => out.fill(0),
    };
  }

  get unwrapped(): AtariBaseEnv {
    return this;
  }

  reset(args: ResetArgs = {}): ResetResult<Uint8Array | Float32Array> {
    if (args.seed !== undefined) this.npRandom = new Mulberry32(args.seed);
    const spec = this.options.episodeLength ?? DEFAULTS.episodeLength;
    this.length = typeof spec === 'number' ? spec : this.npRandom.integers(spec[0], spec[1] + 1);
    this.salt = this.npRandom.integers(0, BYTE_VALUES);
    this.t = 0;
    this.lastAction = 0;
    this.livesLeft = this.options.lives ?? DEFAULTS.lives;
    this.guard.afterReset();
    return { obs: this.render(), info: this.info() };
  }

  step(action: number): StepResult<Uint8Array | Float32Array> {
    this.actionSpace.check(action);
    this.guard.beforeStep();
    this.stepCalls++;
    this.maybeFault();
    this.spin();
    this.t++;
    this.lastAction = action;
    this.frameNumber += this.frameskip;
    const lives0 = this.options.lives ?? DEFAULTS.lives;
    this.livesLeft = lives0 - Math.floor((this.t * lives0) / this.length);
    const reward = ((this.npRandom.integers(0, REWARD_STEPS) / REWARD_STEPS) * (action + 1)) as number;
    const terminated = this.t >= this.length;
    const max = this.options.maxEpisodeSteps;
    const truncated = !terminated && max !== undefined && this.t >= max;
    this.guard.afterStep(terminated, truncated);
    return { obs: this.render(), reward, terminated, truncated, info: this.info() };
  }

  close(): void {}

  private render(): Uint8Array | Float32Array {
    const obs = this.obs;
    for (let k = 0; k < obs.length; k++) {
      const byte = (this.salt + 31 * this.t + 7 * this.lastAction + 3 * k) % BYTE_VALUES;
      obs[k] = obs instanceof Uint8Array ? byte : byte / (BYTE_VALUES - 1);
    }
    return obs;
  }

  private info(): EnvInfo {
    return {
      lives: this.livesLeft,
      episode_frame_number: this.t * this.frameskip,
      frame_number: this.frameNumber,
    };
  }

  private maybeFault(): void {
    const fault = this.options.fault;
    if (!fault || fault.envIndex !== this.index || fault.atStep !== this.stepCalls) return;
    if (fault.kind === 'throw') throw new FakeFaultError(`scripted fault in sub-env ${this.index}`);
    if (fault.kind === 'exit') process.exit(FAKE_EXIT_CODE);
    for (;;) {
      // hang: never return
    }
  }

  private spin(): void {
    const micros = this.options.spinMicrosByEnv?.[this.index] ?? this.options.spinMicros ?? 0;
    if (micros <= 0) return;
    const until = performance.now() + micros / 1000;
    while (performance.now() < until) {
      // busy work standing in for emulation
    }
  }
}

/** The factory the vector env's workers call (`FAKE_FACTORY`). */
export function makeFakeEnv(id: string, options: unknown, context?: EnvFactoryContext): FakeEnv {
  if (id !== FAKE_ID) throw new Error(`makeFakeEnv: unknown id '${id}', expected '${FAKE_ID}'`);
  return new FakeEnv((options ?? {}) as FakeEnvOptions, context?.index ?? 0);
}
