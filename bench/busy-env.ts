/**
 * A stand-in env for bench:envs' figure of what a vector env itself costs: each step runs a fixed number of
 * integer multiply-adds (the same CPU work every time: such a loop runs within 2% of its speed from one
 * second to the next on the shared host where emulation varies by 30%), then writes one byte of an
 * observation as large as the sb3-atari preset's (4×84×84 bytes), so a vector env moves as many bytes per
 * step as with the real preset. Episodes last `episodeSteps` steps.
 */
import { Box, Discrete } from '../src/envs/spaces.js';
import type { AleAccess, AtariBaseEnv, EnvInfo, EnvRandom, ResetResult, StepResult } from '../src/envs/types.js';
import { factoryRef } from '../src/envs/vector/spec.js';
import { LCG_A, LCG_C } from './action-stream.js';

export const BUSY_ENV_ID = 'Busy-v0';
export const BUSY_ENV_FACTORY = factoryRef(new URL(import.meta.url), 'makeBusyEnv');

export interface BusyEnvOptions {
  /** Multiply-adds per step (calibrate with `busyIterationsFor`). */
  readonly iterations: number;
  readonly episodeSteps: number;
}

/** sb3-atari's observation: 4 stacked 84×84 frames. */
const OBS_SHAPE = [4, 84, 84] as const;
const ACTIONS = 4;
const BYTE_MASK = 0xff;

/** A dependent chain of LCG steps, which the JIT cannot fold away. */
function spin(iterations: number, seed: number): number {
  let x = seed | 0;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, LCG_A) + LCG_C) | 0;
  return x;
}

/** Multiply-adds that take about `micros` µs in this thread (timed over a few hundred ms). */
export function busyIterationsFor(micros: number): number {
  const probe = 1_000_000;
  let sink = spin(probe, 1);
  const started = performance.now();
  const rounds = 50;
  for (let r = 0; r < rounds; r++) sink ^= spin(probe, r);
  const microsPerIteration = ((performance.now() - started) * 1000) / (rounds * probe);
  if (sink === 0.5) throw new Error('unreachable: keeps the loop alive');
  return Math.max(1, Math.round(micros / microsPerIteration));
}

const NO_ALE: AleAccess = {
  lives: () => 0,
  getScreenGrayscale: (out) => out,
  getScreenRGB: (out) => out,
};

const NO_RANDOM: EnvRandom = {
  integers: (low) => low,
};

export class BusyEnv implements AtariBaseEnv {
  readonly observationSpace = new Box([...OBS_SHAPE], 'uint8', 0, BYTE_MASK);
  readonly actionSpace = new Discrete(ACTIONS);
  readonly ale = NO_ALE;
  readonly npRandom = NO_RANDOM;
  readonly frameskip = 1;
  readonly screenHeight = OBS_SHAPE[1];
  readonly screenWidth = OBS_SHAPE[2];
  private readonly obs = this.observationSpace.allocate();
  private t = 0;
  private frames = 0;
  private state = 1;

  constructor(private readonly options: BusyEnvOptions) {}

  get unwrapped(): AtariBaseEnv {
    return this;
  }

  reset(): ResetResult<Uint8Array> {
    this.t = 0;
    return { obs: this.obs, info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    this.state = spin(this.options.iterations, this.state + action);
    this.obs[this.t % this.obs.length] = this.state & BYTE_MASK;
    this.t++;
    this.frames++;
    return {
      obs: this.obs,
      reward: 0,
      terminated: this.t >= this.options.episodeSteps,
      truncated: false,
      info: this.info(),
    };
  }

  close(): void {}

  private info(): EnvInfo {
    return { lives: 0, episode_frame_number: this.t, frame_number: this.frames };
  }
}

export function makeBusyEnv(id: string, options: unknown): BusyEnv {
  if (id !== BUSY_ENV_ID) throw new Error(`makeBusyEnv: unknown id '${id}', expected '${BUSY_ENV_ID}'`);
  const o = options as BusyEnvOptions;
  if (
    !(Number.isInteger(o?.iterations) && o.iterations > 0 && Number.isInteger(o.episodeSteps) && o.episodeSteps > 0)
  ) {
    throw new Error(
      `makeBusyEnv: options need positive integer iterations and episodeSteps, got ${JSON.stringify(options)}`,
    );
  }
  return new BusyEnv(o);
}
