/**
 * `makeEnv(id, options)`: Gymnasium's `gymnasium.make` for Atari ids, optionally with a preprocessing
 * preset on top. The id's registered kwargs (registry.ts) are overridden by the options, as `make(id,
 * **kwargs)` does; a TimeLimit wraps the base env when the id registers one or `max_episode_steps` is given;
 * a preset's wrappers go outside everything (as `AtariWrapper(gym.make(id))` in SB3).
 *
 * ROMs: ALE games are read from `romPath`, else `<romDir or $ALE_ROM_DIR>/<game>.bin` (ALE's file name,
 * e.g. space_invaders.bin). Homebrew games (Catcher) ship with the package and need no ROM folder.
 *
 * `createEnvForWorker` is the same factory with the vector env's `EnvFactory` signature, for
 * `{ factory: factoryRef(<this module>, 'createEnvForWorker'), id, options }` specs; `makeVectorEnv` builds
 * such a spec and hands it to `createVectorEnv`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GameDefinition } from '../ale/games/types.js';
import { AtariEnv, type AtariEnvKwargs } from './atari-env.js';
import { EnvConfigError, RomNotFoundError } from './errors.js';
import { HOMEBREW_GAMES, loadHomebrewRom } from './homebrew/rom.js';
import { applyPreset, isPresetName, PRESETS, type PresetName } from './presets.js';
import { type EnvIdSpec, levenshtein, REGISTRATIONS, type Registration, resolveEnvId } from './registry.js';
import type { Env } from './types.js';
import { createVectorEnv, type VectorEnvOptions } from './vector/make.js';
import { factoryRef } from './vector/spec.js';
import type { EnvFactoryContext, VectorEnv } from './vector/types.js';
import { TimeLimit } from './wrappers/time-limit.js';

export interface MakeEnvOptions extends AtariEnvKwargs {
  /** Gymnasium's TimeLimit: truncate after this many steps of the base env (overrides the id's). */
  readonly max_episode_steps?: number;
  /** Preprocessing wrappers on top: 'atari-preprocessing', 'sb3-atari', 'baby-a3c', or 'none' (default). */
  readonly preset?: PresetName | 'none';
  /** The ROM file itself (ALE games); overrides romDir and ALE_ROM_DIR. */
  readonly romPath?: string;
  /** The folder of ALE ROMs (files named as ALE names them, e.g. pong.bin); default: $ALE_ROM_DIR. */
  readonly romDir?: string;
  /** Which ale-py registration the id means (see registry.ts); default 'gymnasium'. */
  readonly registration?: Registration;
  /**
   * Use the preset's fused wrapper stack (same observations, rewards and flags; see presets.ts) where it
   * has one; default true. false builds the reference stack, wrapper for wrapper as in SB3/Gymnasium.
   */
  readonly fusedPreset?: boolean;
}

/** Every option `makeEnv` takes, to catch misspellings (e.g. `obsType` for `obs_type`). */
const OPTION_NAMES: readonly (keyof MakeEnvOptions)[] = Object.freeze([
  'obs_type',
  'frameskip',
  'repeat_action_probability',
  'full_action_space',
  'mode',
  'difficulty',
  'max_num_frames_per_episode',
  'max_episode_steps',
  'preset',
  'romPath',
  'romDir',
  'registration',
  'fusedPreset',
]);
const ROM_DIR_VARIABLE = 'ALE_ROM_DIR';
const MAX_OPTION_TYPO_DISTANCE = 4;

function checkOptionNames(options: object): void {
  for (const key of Object.keys(options)) {
    if ((OPTION_NAMES as readonly string[]).includes(key)) continue;
    const near = OPTION_NAMES.map((name) => ({ name, d: levenshtein(key.toLowerCase(), name.toLowerCase()) }))
      .filter(({ d }) => d <= MAX_OPTION_TYPO_DISTANCE)
      .sort((a, b) => a.d - b.d)[0];
    const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const guess = (OPTION_NAMES as readonly string[]).includes(snake) ? snake : near?.name;
    throw new EnvConfigError(
      `makeEnv: unknown option '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}; options: ${OPTION_NAMES.join(', ')}`,
    );
  }
}

/** The preset to apply, checked against the id's base env (observation type, frames per step). */
function presetFor(options: MakeEnvOptions): PresetName | undefined {
  const { preset } = options;
  if (preset === undefined || preset === 'none') return undefined;
  if (typeof preset !== 'string' || !isPresetName(preset)) {
    throw new EnvConfigError(
      `makeEnv: unknown preset '${String(preset)}'; presets: ${Object.keys(PRESETS).join(', ')}, or 'none'`,
    );
  }
  return preset;
}

/** The AtariEnv kwargs: the id's, overridden by the options, adjusted to and checked against the preset. */
function kwargsFor(spec: EnvIdSpec, options: MakeEnvOptions, preset: PresetName | undefined): AtariEnvKwargs {
  const kwargs: AtariEnvKwargs = {
    ...spec.kwargs,
    ...(options.obs_type !== undefined ? { obs_type: options.obs_type } : {}),
    ...(options.frameskip !== undefined ? { frameskip: options.frameskip } : {}),
    ...(options.repeat_action_probability !== undefined
      ? { repeat_action_probability: options.repeat_action_probability }
      : {}),
    ...(options.full_action_space !== undefined ? { full_action_space: options.full_action_space } : {}),
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
    ...(options.difficulty !== undefined ? { difficulty: options.difficulty } : {}),
    ...(options.max_num_frames_per_episode !== undefined
      ? { max_num_frames_per_episode: options.max_num_frames_per_episode }
      : {}),
  };
  if (!preset) return kwargs;
  const { baseEnv } = PRESETS[preset];
  const askedObs = options.obs_type ?? (spec.kwargs.obs_type === 'ram' ? 'ram' : undefined);
  if (askedObs !== undefined && askedObs !== baseEnv.obsType) {
    throw new EnvConfigError(
      `makeEnv: preset ${preset} builds its observations from ${baseEnv.obsType} frames; drop obs_type '${askedObs}' (and any -ram in the id)`,
    );
  }
  if (baseEnv.frameskip === 1 && kwargs.frameskip !== 1) {
    throw new EnvConfigError(
      `makeEnv: preset ${preset} skips frames itself and needs a base env with frameskip 1, but ${spec.id} has frameskip ${JSON.stringify(kwargs.frameskip)}; use a NoFrameskip id (e.g. ${spec.game.envName}NoFrameskip-v4) or pass frameskip: 1`,
    );
  }
  return { ...kwargs, obs_type: baseEnv.obsType };
}

function checkMaxEpisodeSteps(steps: unknown): number | undefined {
  if (steps === undefined) return undefined;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) {
    throw new EnvConfigError(`makeEnv: max_episode_steps must be a positive integer, got ${String(steps)}`);
  }
  return steps;
}

/** Where the ROM of an id comes from: the homebrew image, or a file found from the options and ALE_ROM_DIR. */
export function resolveRom(
  spec: EnvIdSpec,
  options: Pick<MakeEnvOptions, 'romPath' | 'romDir'> = {},
): Uint8Array | string {
  const { game } = spec;
  if (options.romPath !== undefined) {
    if (!existsSync(options.romPath)) {
      throw new RomNotFoundError(`${spec.id}: the ROM file ${options.romPath} (option romPath) does not exist`);
    }
    return options.romPath;
  }
  if (spec.homebrew) {
    const homebrew = HOMEBREW_GAMES.find((h) => h.definition === game)!;
    return loadHomebrewRom(homebrew);
  }
  return findRomFile(spec.id, game, options.romDir);
}

function findRomFile(id: string, game: GameDefinition, romDir: string | undefined): string {
  const fromEnv = process.env[ROM_DIR_VARIABLE];
  const dir = romDir ?? (fromEnv === '' ? undefined : fromEnv);
  const source = romDir !== undefined ? 'option romDir' : ROM_DIR_VARIABLE;
  if (dir === undefined) {
    throw new RomNotFoundError(
      `${id} needs the ROM ${game.romFile}, and no ROM folder is set: set ${ROM_DIR_VARIABLE} to the folder holding your ALE ROMs (export ${ROM_DIR_VARIABLE}=/path/to/roms) or pass { romDir } or { romPath } (the homebrew ALE/Catcher-v5 needs no ROM)`,
    );
  }
  const folder = resolve(dir);
  if (!existsSync(folder)) {
    throw new RomNotFoundError(
      `${id}: the ROM folder ${folder} (${source}) does not exist; point ${source} at your ROM folder`,
    );
  }
  const path = resolve(folder, game.romFile);
  if (existsSync(path)) return path;
  const stem = game.id.replace(/_/g, '').toLowerCase();
  const similar = readdirSync(folder)
    .filter((f) =>
      f
        .toLowerCase()
        .replace(/[^a-z0-9.]/g, '')
        .startsWith(stem),
    )
    .slice(0, 3);
  const rename = similar.length > 0 ? ` (found ${similar.join(', ')}: rename it to ${game.romFile})` : '';
  throw new RomNotFoundError(
    `${id} needs ${game.romFile} in ${folder} (${source}), and it is not there${rename}; copy the ROM there under ALE's name, or set ${ROM_DIR_VARIABLE} to the folder that holds it`,
  );
}

/**
 * Builds the env for `id` (`ALE/<Game>-v5`, `<Game>NoFrameskip-v4`, `<Game>-v4`, `<Game>Deterministic-v4`,
 * their v0 and -ram forms, or a homebrew game such as `ALE/Catcher-v5`) with the options applied.
 * Throws UnknownEnvIdError (with close matches), EnvConfigError, or RomNotFoundError.
 */
export function makeEnv(id: string, options: MakeEnvOptions = {}): Env {
  checkOptionNames(options);
  const registration = options.registration ?? 'gymnasium';
  if (!REGISTRATIONS.includes(registration)) {
    throw new EnvConfigError(
      `makeEnv: registration must be one of ${REGISTRATIONS.join(', ')}, got ${String(registration)}`,
    );
  }
  const spec = resolveEnvId(id, registration);
  const preset = presetFor(options);
  const kwargs = kwargsFor(spec, options, preset);
  const maxEpisodeSteps = checkMaxEpisodeSteps(options.max_episode_steps) ?? spec.maxEpisodeSteps;
  const rom = resolveRom(spec, options);
  let env: Env = new AtariEnv({ ...kwargs, game: spec.game, rom, name: id });
  if (maxEpisodeSteps !== undefined) env = new TimeLimit(env, maxEpisodeSteps);
  return preset ? applyPreset(env, preset, { fused: options.fusedPreset ?? true }) : env;
}

/** `makeEnv` with the vector env's `EnvFactory` signature (`{ factory, id, options }` specs). */
export function createEnvForWorker(id: string, options: unknown, _context?: EnvFactoryContext): Env {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new EnvConfigError(`createEnvForWorker: options must be an object, got ${String(options)}`);
  }
  return makeEnv(id, (options ?? {}) as MakeEnvOptions);
}

/** The factory string of `createEnvForWorker`, for hand-built vector env specs. */
export const MAKE_ENV_FACTORY = factoryRef(import.meta.url, 'createEnvForWorker');

/**
 * A vector env of `numEnvs` copies of `makeEnv(id, options)` (worker threads by default; see
 * `VectorEnvOptions`). The id, options and ROM are checked here first, so mistakes fail in the caller's
 * thread; workers get the ROM's resolved path.
 */
export async function makeVectorEnv(
  id: string,
  numEnvs: number,
  options: MakeEnvOptions = {},
  vectorOptions: VectorEnvOptions = {},
): Promise<VectorEnv> {
  checkOptionNames(options);
  const spec = resolveEnvId(id, options.registration ?? 'gymnasium');
  kwargsFor(spec, options, presetFor(options));
  checkMaxEpisodeSteps(options.max_episode_steps);
  const rom = resolveRom(spec, options);
  const workerOptions: MakeEnvOptions = typeof rom === 'string' ? { ...options, romPath: rom } : options;
  return createVectorEnv({ factory: MAKE_ENV_FACTORY, id, options: workerOptions }, numEnvs, vectorOptions);
}
