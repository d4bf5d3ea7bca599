/**
 * Scripted experts that imitation learns from. An expert sees what the pixel policy cannot, e.g. the
 * game's RAM, and names the action for an env's current state. Experts are pure functions of that
 * state, so one expert serves any number of envs.
 */
import type { AtariEnv } from '../envs/atari-env.js';
import { catcherExpertAction } from '../envs/homebrew/expert.js';
import type { Preset } from '../envs/presets.js';
import type { Env } from '../envs/types.js';
import { RlConfigError, UnknownExpertError } from './errors.js';

export interface Expert {
  readonly name: string;
  /** The expert's action for `env`'s current state, as an index into `env.actionSpace`. */
  act(env: Env): number;
}

/** A RAM expert: the 128 bytes of RAM and the frames an agent step lasts → an ALE action id. */
export type RamPolicy = (ram: Uint8Array, frameSkip: number) => number;

/** Scripted RAM experts by game id (ALE-style, e.g. `catcher`). */
export const RAM_EXPERTS: Readonly<Record<string, RamPolicy>> = Object.freeze({
  catcher: catcherExpertAction,
});

const RAM_BYTES = 128;

interface RamAle {
  getRAM(out: Uint8Array): Uint8Array;
}

/** Frames one agent step lasts under a preset: its frame-skipping wrapper's count, else undefined. */
export function presetFrameSkip(preset: Preset): number | undefined {
  for (const spec of preset.wrappers) {
    if (spec.kind === 'MaxAndSkip' || spec.kind === 'MaxAndSkipWarp') return spec.skip;
    if (spec.kind === 'AtariPreprocessing') return spec.frameSkip ?? undefined;
  }
  return undefined;
}

/**
 * The expert for an ALE-style game id, reading the RAM of any env whose base is an AtariEnv of that
 * game. `frameSkip`: emulated frames per agent step (4 under sb3-atari).
 */
export function ramExpert(gameId: string, frameSkip: number): Expert {
  const policy = RAM_EXPERTS[gameId];
  if (!policy) {
    throw new UnknownExpertError(
      `no scripted expert for game '${gameId}'; experts exist for: ${Object.keys(RAM_EXPERTS).join(', ')}`,
    );
  }
  if (!Number.isInteger(frameSkip) || frameSkip < 1) {
    throw new RlConfigError(`ramExpert: frameSkip must be a positive integer, got ${frameSkip}`);
  }
  const ram = new Uint8Array(RAM_BYTES);
  return {
    name: `${gameId} RAM expert`,
    act(env: Env): number {
      const base = env.unwrapped as Partial<AtariEnv>;
      const ale = base.ale as unknown as Partial<RamAle> | undefined;
      if (typeof ale?.getRAM !== 'function' || !base.actionSet || base.game?.id !== gameId) {
        throw new RlConfigError(
          `the ${gameId} expert needs an env whose base is an AtariEnv of ${gameId} (it reads the RAM), got ${base.game?.id ?? 'another env'}`,
        );
      }
      const aleAction = policy(ale.getRAM(ram), frameSkip);
      const index = base.actionSet.indexOf(aleAction);
      if (index < 0) {
        throw new RlConfigError(
          `the ${gameId} expert chose ALE action ${aleAction}, which is not in the env's action set [${base.actionSet}]`,
        );
      }
      return index;
    },
  };
}
