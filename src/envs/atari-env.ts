/**
 * `AtariEnv`: the base Atari env over `ALEInterface`, with the semantics of ale-py's `AtariEnv`
 * (ale_py/env.py, ale-py 0.8–0.11, the env behind Gymnasium's `ALE/…` and `…-v4` ids):
 *
 * - Construction sets ALE's `repeat_action_probability` (and `max_num_frames_per_episode` when given), seeds
 *   the game from fresh OS entropy, loads the ROM, then applies `mode` and `difficulty`. The action set is
 *   ALE's minimal set, or its legal set with `full_action_space`.
 * - `reset({ seed })` with a seed: `SeedSequence(seed).generate_state(2)` gives the seed of the env's numpy
 *   generator and ALE's `random_seed` (as int32); the ROM is then loaded again (a fresh console), mode and
 *   difficulty re-applied. Every reset then calls ALE's `reset_game`. Without a seed the generators continue.
 * - `step(a)`: the number of frames is `frameskip`, or with a [low, high) range a fresh
 *   `np_random.integers(low, high)` per step; ALE's `act` runs once per frame (ALE's own `frame_skip`
 *   stays 1), rewards summed. `terminated` = ALE `game_over(with_truncation=False)`, `truncated` = ALE
 *   `game_truncated()` (the `max_num_frames_per_episode` cap). `info` = lives, episode_frame_number,
 *   frame_number (plus `seeds` after a seeded reset, as ale-py).
 *
 * Beyond ale-py: a bad action or a step before reset/after the episode ended raises a typed error
 * (ale-py asserts, or silently steps a finished game).
 *
 * Observations are rendered lazily: `obs` of a step result is a getter that converts the screen (or
 * copies RAM) into the env's buffer the first time it is read after a step. Wrappers that skip frames
 * (MaxAndSkip reads 2 of 4, AtariPreprocessing reads the screen itself) so never pay for frames nobody reads.
 * Semantics are unchanged: `obs` is the env's reused buffer, valid until the next reset/step.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ACTION_NAMES } from '../ale/actions.js';
import { InvalidSettingValueError } from '../ale/errors.js';
import { findGameById } from '../ale/games/registry.js';
import type { GameDefinition } from '../ale/games/types.js';
import type { LoadRomOptions } from '../ale/interface.js';
import { EnvClosedError, EnvConfigError, RomNotFoundError } from './errors.js';
import { gymnasiumSeeding, type NumpyGenerator } from './np-random.js';
import type { Pieces } from './pieces.js';
import { FastScreenAle, screenToGray, screenToRGB } from './screen.js';
import { Box, Discrete } from './spaces.js';
import type { AtariBaseEnv, EnvInfo, EnvRandom, ResetArgs, ResetResult, StepResult } from './types.js';
import { EpisodeGuard } from './wrapper.js';

export type ObsType = 'rgb' | 'grayscale' | 'ram';
/** A fixed number of frames per step, or [low, high): a uniform draw per step from the env's np_random. */
export type Frameskip = number | readonly [number, number];

export const OBS_TYPES: readonly ObsType[] = Object.freeze(['rgb', 'grayscale', 'ram']);

/** ale-py `AtariEnv.__init__` keyword defaults (Machado et al. 2018). */
export const ATARI_ENV_DEFAULTS = Object.freeze({
  obs_type: 'rgb' as ObsType,
  frameskip: 4 as Frameskip,
  repeat_action_probability: 0.25,
  full_action_space: false,
});

/** ale-py's `AtariEnv` keyword arguments (snake_case, as `gymnasium.make` takes them). */
export interface AtariEnvKwargs {
  readonly obs_type?: ObsType;
  readonly frameskip?: Frameskip;
  readonly repeat_action_probability?: number;
  readonly full_action_space?: boolean;
  /** A mode of the game's `getAvailableModes()`; default: ALE's (the game's first). */
  readonly mode?: number;
  /** A difficulty of the game's `getAvailableDifficulties()`; default: ALE's (0). */
  readonly difficulty?: number;
  /** ALE truncates an episode after this many frames; default: ALE's 0 (never). */
  readonly max_num_frames_per_episode?: number;
}

export interface AtariEnvConfig extends AtariEnvKwargs {
  /** The game the ROM must be (checked after loading: ALE identifies ROMs by MD5). */
  readonly game: GameDefinition;
  /** The cartridge image, or a path to it. Read once; seeded resets reload the console from these bytes. */
  readonly rom: Uint8Array | string;
  /** Optional name for messages (e.g. the env id). */
  readonly name?: string;
}

/** What `reset` and `step` report: Gymnasium's ALE info; `seeds` only after a seeded reset. */
export interface AtariEnvInfo extends EnvInfo {
  /** ale-py `info["seeds"]`: (np_random seed, ALE seed as uint32). */
  readonly seeds?: readonly [number, number];
}

const RAM_BYTES = 128;
const RGB_CHANNELS = 3;
const MAX_BYTE = 255;
/** numpy `SeedSequence(None)` draws 128 bits of OS entropy. */
const ENTROPY_BYTES = 16;
/** Draws of entropy before giving up on an ALE that refuses the seeds (each is refused with probability ½). */
const MAX_ENTROPY_DRAWS = 64;

function fail(message: string): never {
  throw new EnvConfigError(message);
}

/** Checks ale-py's constraints on `frameskip` (int > 0, or a (low, high) pair with 0 < low < high). */
export function checkFrameskip(frameskip: unknown): Frameskip {
  if (typeof frameskip === 'number') {
    if (!Number.isInteger(frameskip) || frameskip <= 0) {
      fail(`frameskip must be a positive integer or a [low, high) pair, got ${frameskip}`);
    }
    return frameskip;
  }
  if (Array.isArray(frameskip) && frameskip.length === 2) {
    const [low, high] = frameskip as unknown[];
    if (
      !Number.isInteger(low) ||
      !Number.isInteger(high) ||
      (low as number) <= 0 ||
      (low as number) >= (high as number)
    ) {
      fail(
        `frameskip [low, high) must hold integers with 0 < low < high (each step draws np_random.integers(low, high)), got [${String(low)}, ${String(high)}]`,
      );
    }
    return Object.freeze([low as number, high as number]) as readonly [number, number];
  }
  return fail(`frameskip must be a positive integer or a [low, high) pair, got ${JSON.stringify(frameskip)}`);
}

function checkKwargs(
  k: AtariEnvKwargs,
): Required<Omit<AtariEnvKwargs, 'mode' | 'difficulty' | 'max_num_frames_per_episode'>> {
  const obsType = k.obs_type ?? ATARI_ENV_DEFAULTS.obs_type;
  if (!OBS_TYPES.includes(obsType)) fail(`obs_type must be one of ${OBS_TYPES.join(', ')}, got ${String(obsType)}`);
  const p = k.repeat_action_probability ?? ATARI_ENV_DEFAULTS.repeat_action_probability;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    fail(`repeat_action_probability must be a number in [0, 1], got ${String(p)}`);
  }
  const full = k.full_action_space ?? ATARI_ENV_DEFAULTS.full_action_space;
  if (typeof full !== 'boolean') fail(`full_action_space must be true or false, got ${String(full)}`);
  const m = k.max_num_frames_per_episode;
  if (m !== undefined && (!Number.isInteger(m) || m < 0)) {
    fail(`max_num_frames_per_episode must be a non-negative integer (0: no cap), got ${m}`);
  }
  return {
    obs_type: obsType,
    frameskip: checkFrameskip(k.frameskip ?? ATARI_ENV_DEFAULTS.frameskip),
    repeat_action_probability: p,
    full_action_space: full,
  };
}

export class AtariEnv implements AtariBaseEnv {
  /** The emulator (Gymnasium: `env.unwrapped.ale`); an `ALEInterface` with faster screen conversions. */
  readonly ale: FastScreenAle;
  readonly game: GameDefinition;
  readonly obsType: ObsType;
  readonly frameskip: Frameskip;
  readonly repeatActionProbability: number;
  readonly fullActionSpace: boolean;
  readonly mode: number | undefined;
  readonly difficulty: number | undefined;
  readonly observationSpace: Box<'uint8'>;
  readonly actionSpace: Discrete;
  readonly screenHeight: number;
  readonly screenWidth: number;
  /** ALE action ids, indexed by this env's action index (ale-py `_action_set`). */
  readonly actionSet: readonly number[];

  private readonly romBytes: Uint8Array;
  private readonly romName: string;
  /** A game outside ALE's table (homebrew) is handed to `loadROM` with its definition. */
  private readonly loadOptions: LoadRomOptions & { readonly game?: GameDefinition };
  private readonly name: string;
  private np: NumpyGenerator;
  private readonly guard: EpisodeGuard;
  private readonly obsBuffer: Uint8Array;
  /** Scratch for the palette-index screen. */
  private readonly indices: Uint8Array;
  /** Whether `obsBuffer` holds the observation of the latest reset/step. */
  private obsCurrent = false;
  private closed = false;
  private readonly renderObs: () => Uint8Array;

  constructor(config: AtariEnvConfig) {
    const k = checkKwargs(config);
    this.game = config.game;
    this.name = config.name ?? `AtariEnv(${config.game.id})`;
    this.obsType = k.obs_type;
    this.frameskip = k.frameskip;
    this.repeatActionProbability = k.repeat_action_probability;
    this.fullActionSpace = k.full_action_space;
    this.mode = config.mode;
    this.difficulty = config.difficulty;
    this.guard = new EpisodeGuard(this.name);
    this.romBytes = typeof config.rom === 'string' ? readRom(config.rom) : config.rom;
    this.romName = typeof config.rom === 'string' ? config.rom : config.game.romFile;
    const aleKnowsGame = findGameById(config.game.id) === config.game;
    this.loadOptions = aleKnowsGame ? { name: this.romName } : { name: this.romName, game: config.game };

    const ale = new FastScreenAle();
    ale.setFloat('repeat_action_probability', k.repeat_action_probability);
    if (config.max_num_frames_per_episode !== undefined) {
      ale.setInt('max_num_frames_per_episode', config.max_num_frames_per_episode);
    }
    this.ale = ale;
    this.np = this.seedFromEntropy();
    this.loadGame();
    if (ale.game.id !== config.game.id) {
      throw new EnvConfigError(
        `${this.romName} is a ROM of ${ale.game.name} (${ale.game.id}), not of ${config.game.name}; point the env at ${config.game.romFile}`,
      );
    }

    this.actionSet = Object.freeze(k.full_action_space ? ale.getLegalActionSet() : ale.getMinimalActionSet());
    this.actionSpace = new Discrete(
      this.actionSet.length,
      this.actionSet.map((a) => ACTION_NAMES[a]!),
    );
    this.screenHeight = ale.getScreenHeight();
    this.screenWidth = ale.getScreenWidth();
    this.indices = new Uint8Array(this.screenHeight * this.screenWidth);
    const shapes: Record<ObsType, number[]> = {
      rgb: [this.screenHeight, this.screenWidth, RGB_CHANNELS],
      grayscale: [this.screenHeight, this.screenWidth],
      ram: [RAM_BYTES],
    };
    this.observationSpace = new Box(shapes[this.obsType], 'uint8', 0, MAX_BYTE);
    this.obsBuffer = this.observationSpace.allocate();
    const renderers: Record<ObsType, () => Uint8Array> = {
      rgb: () => screenToRGB(this.ale.getScreen(this.indices), this.obsBuffer),
      grayscale: () => screenToGray(this.ale.getScreen(this.indices), this.obsBuffer),
      ram: () => this.ale.getRAM(this.obsBuffer),
    };
    this.renderObs = renderers[this.obsType];
  }

  get unwrapped(): AtariBaseEnv {
    return this;
  }

  /** The env's numpy generator (Gymnasium `np_random`), replaced by each seeded reset. */
  get npRandom(): EnvRandom {
    return this.np;
  }

  /** ale-py `get_action_meanings()`. */
  getActionMeanings(): readonly string[] {
    return this.actionSpace.meanings;
  }

  reset(args: ResetArgs = {}): ResetResult<Uint8Array> {
    const seeds = this.startReset(args);
    this.ale.resetGame();
    return this.finishReset(seeds);
  }

  /** `reset`, yielding after each frame of ALE's `reset_game` (src/envs/pieces.ts). */
  *resetInPieces(args: ResetArgs = {}): Pieces<ResetResult<Uint8Array>> {
    const seeds = this.startReset(args);
    yield* this.ale.resetGameInPieces();
    return this.finishReset(seeds);
  }

  /** A reset's seeding (a seeded reset reloads the console); returns the seeds to report. */
  private startReset(args: ResetArgs): readonly [number, number] | undefined {
    this.checkOpen();
    if (args.seed === undefined || args.seed === null) return undefined;
    const seed = args.seed;
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new EnvConfigError(`reset: seed must be a non-negative integer (numpy SeedSequence), got ${seed}`);
    }
    let s: ReturnType<typeof gymnasiumSeeding>;
    try {
      s = this.seedGame(seed);
    } catch (error) {
      if (!(error instanceof InvalidSettingValueError)) throw error;
      throw new EnvConfigError(
        `reset({ seed: ${seed} }): Gymnasium's seeding gives ALE random_seed ${gymnasiumSeeding(seed).aleSeed}, and this ALE build refuses it (${error.message}); native ALE seeds with the value cast to uint32`,
        { cause: error },
      );
    }
    this.np = s.npRandom;
    this.loadGame();
    return [s.npSeed, s.aleSeed >>> 0];
  }

  /** What a reset returns once ALE's `reset_game` is done. */
  private finishReset(seeds: readonly [number, number] | undefined): ResetResult<Uint8Array> {
    this.obsCurrent = false;
    this.guard.afterReset();
    const env = this;
    const info: AtariEnvInfo = seeds ? { ...this.info(), seeds } : this.info();
    return {
      get obs() {
        return env.observation();
      },
      info,
    };
  }

  step(action: number): StepResult<Uint8Array> {
    this.checkOpen();
    this.actionSpace.check(action);
    this.guard.beforeStep();
    const fs = this.frameskip;
    const frames = typeof fs === 'number' ? fs : this.np.integers(fs[0], fs[1]);
    const aleAction = this.actionSet[action]!;
    const ale = this.ale;
    let reward = 0;
    for (let f = 0; f < frames; f++) {
      // Only the step's last frame can be observed.
      if (f < frames - 1) ale.skipScreenOfNextAct();
      reward += ale.act(aleAction);
    }
    const terminated = ale.gameOver(false);
    const truncated = ale.gameTruncated();
    this.obsCurrent = false;
    this.guard.afterStep(terminated, truncated);
    return new LazyStepResult(this, reward, terminated, truncated, this.info());
  }

  close(): void {
    this.closed = true;
  }

  /** The current observation in the env's buffer, rendered at most once per reset/step. */
  observation(): Uint8Array {
    if (!this.obsCurrent) {
      this.renderObs();
      this.obsCurrent = true;
    }
    return this.obsBuffer;
  }

  private info(): EnvInfo {
    const ale = this.ale;
    return {
      lives: ale.lives(),
      episode_frame_number: ale.getEpisodeFrameNumber(),
      frame_number: ale.getFrameNumber(),
    };
  }

  /**
   * ale-py `seed_game(None)`: fresh OS entropy. An ALE that refuses negative `random_seed` values (native
   * ALE casts them to uint32; src/ale/settings.ts still rejects them) would fail half of all unseeded
   * envs, so entropy it refuses is drawn again: unseeded runs are not reproducible anyway.
   */
  private seedFromEntropy(): NumpyGenerator {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.seedGame(BigInt(`0x${randomBytes(ENTROPY_BYTES).toString('hex')}`)).npRandom;
      } catch (error) {
        if (!(error instanceof InvalidSettingValueError) || attempt >= MAX_ENTROPY_DRAWS) throw error;
      }
    }
  }

  /** ale-py `seed_game`: np_random from the first word, ALE `random_seed` from the second (as int32). */
  private seedGame(seed: number | bigint): ReturnType<typeof gymnasiumSeeding> {
    const seeds = gymnasiumSeeding(seed);
    this.ale.setInt('random_seed', seeds.aleSeed);
    return seeds;
  }

  /** ale-py `load_game`: a fresh console from the ROM, then mode and difficulty. */
  private loadGame(): void {
    this.ale.loadROM(this.romBytes, this.loadOptions);
    if (this.mode !== undefined) this.ale.setMode(this.mode);
    if (this.difficulty !== undefined) this.ale.setDifficulty(this.difficulty);
  }

  private checkOpen(): void {
    if (this.closed) throw new EnvClosedError(`${this.name} is closed; make a new env`);
  }
}

/**
 * A step result whose `obs` renders the observation on first read: an own, enumerable accessor, as an object
 * literal's getter would be (spreading the result reads it). AtariEnv makes one per emulated frame, and a
 * class that defines one shared accessor costs a third of an object literal with a getter, which V8 builds
 * on a slow path (measured here, Node 20: ≈ 0.35–0.6 µs against 1.2–1.8 µs per result).
 */
class LazyStepResult implements StepResult<Uint8Array> {
  static readonly #OBS: PropertyDescriptor = {
    get(this: LazyStepResult): Uint8Array {
      return this.#env.observation();
    },
    enumerable: true,
    configurable: true,
  };
  readonly #env: AtariEnv;
  // Own properties in the order an object literal { obs, reward, terminated, truncated, info } has them.
  declare readonly obs: Uint8Array;
  declare readonly reward: number;
  declare readonly terminated: boolean;
  declare readonly truncated: boolean;
  declare readonly info: EnvInfo;

  constructor(env: AtariEnv, reward: number, terminated: boolean, truncated: boolean, info: EnvInfo) {
    this.#env = env;
    Object.defineProperty(this, 'obs', LazyStepResult.#OBS);
    const self = this as { -readonly [K in keyof StepResult<Uint8Array>]: StepResult<Uint8Array>[K] };
    self.reward = reward;
    self.terminated = terminated;
    self.truncated = truncated;
    self.info = info;
  }
}

/** Reads the ROM once; seeded resets reload the console from these bytes (ALE gunzips them if needed). */
function readRom(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new RomNotFoundError(
      `cannot read the ROM ${path} (${(error as Error).message}); check the path, or set ALE_ROM_DIR to your ROM folder`,
    );
  }
}
