/**
 * ALE's settings (Stella `Settings::setDefaultSettings` in ALE 0.12): a typed table of every key an
 * ALE program may set, with ALE's defaults. As in ALE, a setter must use the key's own type (ALE
 * throws "does not exist or has incorrect value type" otherwise) and settings take effect at the next
 * `loadROM`, which reads them once (`AleSettings.snapshot`).
 *
 * Where ALE silently accepts a value it cannot use (a negative frame skip it then clamps, a
 * probability outside [0, 1]) we raise `InvalidSettingValueError` instead, naming the accepted range.
 */
import { InvalidSettingValueError, SettingTypeError, UnknownSettingError } from './errors.js';

export type SettingType = 'int' | 'float' | 'bool' | 'string';
type ValueOf<T extends SettingType> = T extends 'bool' ? boolean : T extends 'string' ? string : number;

/** One setting: its type, ALE's default, and the values we refuse. */
type SettingSpec = {
  [T in SettingType]: {
    readonly type: T;
    readonly default: ValueOf<T>;
    readonly doc: string;
    /** Returns why `value` is refused (words completing "Setting X …"), or undefined. */
    readonly check?: (value: ValueOf<T>) => string | undefined;
  };
}[SettingType];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Stella's fixed seed for the emulator's own generator (`system_random_seed`). */
export const DEFAULT_SYSTEM_RANDOM_SEED = 4753849;
/** C `std::ostream`'s default precision: ALE stores a float setting as text with 6 significant digits. */
const FLOAT_SETTING_DIGITS = 6;

function atLeast(min: number) {
  return (v: number) => (v < min ? `must be at least ${min}` : undefined);
}

function onlyValue<T>(allowed: T, why: string) {
  return (v: T) => (v === allowed ? undefined : why);
}

/** Every setting of ALE 0.12 an ALE program may set, with ALE's default. */
export const SETTINGS = {
  random_seed: {
    type: 'int',
    default: -1,
    // ALE seeds with `(uint32_t)seed`, and ale-py passes `np.int32` seeds, half of them negative; only
    // -1 is special (seed from the clock).
    doc: 'seed of the environment generator (sticky actions); -1 seeds from the clock, other negatives wrap to uint32',
  },
  system_random_seed: {
    type: 'int',
    default: DEFAULT_SYSTEM_RANDOM_SEED,
    doc: "seed of the emulator's generator (power-on RAM, RIOT timer, cartridge RAM)",
  },
  repeat_action_probability: {
    type: 'float',
    default: 0.25,
    doc: 'sticky actions: probability that each frame repeats the previous action',
    check: (v: number) => (v >= 0 && v <= 1 ? undefined : 'must lie in [0, 1]'),
  },
  frame_skip: { type: 'int', default: 1, doc: 'frames emulated per act(), rewards summed', check: atLeast(1) },
  max_num_frames_per_episode: {
    type: 'int',
    default: 0,
    doc: 'truncate an episode after this many frames; 0 never truncates',
    check: atLeast(0),
  },
  max_num_frames: {
    type: 'int',
    default: 0,
    doc: 'accepted for compatibility; ALE 0.12 ignores it',
    check: atLeast(0),
  },
  truncate_on_loss_of_life: { type: 'bool', default: false, doc: 'truncate the episode when a life is lost' },
  reward_min: { type: 'int', default: INT32_MIN, doc: 'act() clamps its summed reward to at least this' },
  reward_max: { type: 'int', default: INT32_MAX, doc: 'act() clamps its summed reward to at most this' },
  paddle_min: { type: 'int', default: -1, doc: 'lowest paddle resistance; -1 uses ALE’s 27450', check: atLeast(-1) },
  paddle_max: { type: 'int', default: -1, doc: 'highest paddle resistance; -1 uses ALE’s 790196', check: atLeast(-1) },
  color_averaging: {
    type: 'bool',
    default: false,
    doc: 'blend each frame with the previous one (phosphor effect)',
  },
  cpu: { type: 'string', default: 'low', doc: "Stella's CPU core choice; both give the same results here" },
  rom_file: { type: 'string', default: '', doc: 'the ROM last loaded (set by loadROM)' },
  restricted_action_set: { type: 'bool', default: false, doc: 'accepted for compatibility; ALE 0.12 ignores it' },
  send_rgb: { type: 'bool', default: false, doc: 'accepted for compatibility; ALE 0.12 ignores it' },
  run_length_encoding: { type: 'bool', default: true, doc: 'accepted for compatibility; ALE 0.12 ignores it' },
  display_screen: {
    type: 'bool',
    default: false,
    doc: 'show the screen in a window (not available here)',
    check: onlyValue(false, 'is not available in this build (no window); render getScreenRGB() yourself'),
  },
  sound_obs: {
    type: 'bool',
    default: false,
    doc: 'audio observations (not available here)',
    check: onlyValue(false, 'is not available in this build (the emulator produces no sound)'),
  },
  record_screen_dir: {
    type: 'string',
    default: '',
    doc: 'record every frame as PNG (not available here)',
    check: onlyValue('', 'is not available in this build; save getScreenRGB() yourself'),
  },
  record_sound_filename: {
    type: 'string',
    default: '',
    doc: 'record sound (not available here)',
    check: onlyValue('', 'is not available in this build (the emulator produces no sound)'),
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
type SettingsOfType<T extends SettingType> = {
  [K in SettingName]: (typeof SETTINGS)[K]['type'] extends T ? K : never;
}[SettingName];

/** The settings one `loadROM` runs with, read once when the ROM is loaded (as ALE's environment does). */
export interface SettingsSnapshot {
  readonly randomSeed: number;
  readonly systemRandomSeed: number;
  /** Single precision, as ALE keeps it (compared against a double from `nextDouble()`). */
  readonly repeatActionProbability: number;
  readonly frameSkip: number;
  readonly maxNumFramesPerEpisode: number;
  readonly truncateOnLossOfLife: boolean;
  readonly rewardMin: number;
  readonly rewardMax: number;
  readonly paddleMin: number;
  readonly paddleMax: number;
  readonly colorAveraging: boolean;
}

function isSettingName(key: string): key is SettingName {
  return Object.hasOwn(SETTINGS, key);
}

function specOf(key: string): SettingSpec {
  if (!isSettingName(key)) {
    throw new UnknownSettingError(`ALE has no setting "${key}". Known settings: ${Object.keys(SETTINGS).join(', ')}.`);
  }
  return SETTINGS[key] as SettingSpec;
}

/** One ALE program's settings. Every `ALEInterface` owns its own. */
export class AleSettings {
  private readonly values = new Map<SettingName, number | boolean | string>();

  constructor() {
    for (const [key, spec] of Object.entries(SETTINGS)) this.values.set(key as SettingName, spec.default);
  }

  private set(key: string, type: SettingType, value: number | boolean | string): void {
    const spec = specOf(key);
    if (spec.type !== type) {
      throw new SettingTypeError(
        `Setting "${key}" holds a ${spec.type}; set it with set${capitalise(spec.type)}(), not set${capitalise(type)}().`,
      );
    }
    const check = spec.check as ((v: number | boolean | string) => string | undefined) | undefined;
    const why = check?.(value);
    if (why) throw new InvalidSettingValueError(`Setting "${key}" ${why}; got ${JSON.stringify(value)}.`);
    this.values.set(key as SettingName, value);
  }

  private get(key: string, type: SettingType): number | boolean | string {
    const spec = specOf(key);
    if (spec.type !== type) {
      throw new SettingTypeError(
        `Setting "${key}" holds a ${spec.type}; read it with get${capitalise(spec.type)}(), not get${capitalise(type)}().`,
      );
    }
    return this.values.get(key as SettingName)!;
  }

  setInt(key: SettingsOfType<'int'> | (string & {}), value: number): void {
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw new InvalidSettingValueError(`Setting "${key}" takes a 32-bit integer; got ${value}.`);
    }
    this.set(key, 'int', value);
  }

  /** Stored as ALE stores it: printed with 6 significant digits, read back in single precision. */
  setFloat(key: SettingsOfType<'float'> | (string & {}), value: number): void {
    if (!Number.isFinite(value))
      throw new InvalidSettingValueError(`Setting "${key}" takes a finite number; got ${value}.`);
    this.set(key, 'float', Math.fround(Number(value.toPrecision(FLOAT_SETTING_DIGITS))));
  }

  setBool(key: SettingsOfType<'bool'> | (string & {}), value: boolean): void {
    if (typeof value !== 'boolean')
      throw new InvalidSettingValueError(`Setting "${key}" takes true or false; got ${value}.`);
    this.set(key, 'bool', value);
  }

  setString(key: SettingsOfType<'string'> | (string & {}), value: string): void {
    if (typeof value !== 'string') throw new InvalidSettingValueError(`Setting "${key}" takes a string; got ${value}.`);
    this.set(key, 'string', value);
  }

  getInt(key: SettingsOfType<'int'> | (string & {})): number {
    return this.get(key, 'int') as number;
  }

  getFloat(key: SettingsOfType<'float'> | (string & {})): number {
    return this.get(key, 'float') as number;
  }

  getBool(key: SettingsOfType<'bool'> | (string & {})): boolean {
    return this.get(key, 'bool') as boolean;
  }

  getString(key: SettingsOfType<'string'> | (string & {})): string {
    return this.get(key, 'string') as string;
  }

  /** The values `loadROM` uses; checks the rules that involve two settings. */
  snapshot(): SettingsSnapshot {
    const rewardMin = this.getInt('reward_min');
    const rewardMax = this.getInt('reward_max');
    if (rewardMin > rewardMax) {
      throw new InvalidSettingValueError(
        `Setting "reward_min" (${rewardMin}) is above "reward_max" (${rewardMax}); act() could not clamp rewards. Lower reward_min or raise reward_max.`,
      );
    }
    return {
      randomSeed: this.getInt('random_seed'),
      systemRandomSeed: this.getInt('system_random_seed'),
      repeatActionProbability: this.getFloat('repeat_action_probability'),
      frameSkip: this.getInt('frame_skip'),
      maxNumFramesPerEpisode: this.getInt('max_num_frames_per_episode'),
      truncateOnLossOfLife: this.getBool('truncate_on_loss_of_life'),
      rewardMin,
      rewardMax,
      paddleMin: this.getInt('paddle_min'),
      paddleMax: this.getInt('paddle_max'),
      colorAveraging: this.getBool('color_averaging'),
    };
  }
}

function capitalise(type: SettingType): string {
  return type[0]!.toUpperCase() + type.slice(1);
}
