/**
 * What the collect, distill and evaluate commands share: loading the teacher from CLI options, env
 * choices, acting policies, turning the toolkit's typed errors into one-line UserErrors, and the
 * default embedded game and teacher.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ActPolicy } from '../../distill/acting.js';
import type { EnvChoice } from '../../distill/run.js';
import { PACKAGE_ROOT } from '../../envs/homebrew/rom.js';
import type { ArchName } from '../../teachers/load.js';
import type { ConfigSpec } from '../config.js';
import { UserError } from '../errors.js';

/** The embedded game: it needs no ROM. */
export const DEFAULT_ENV = 'ALE/Catcher-v5';
/** Where the embedded game's teacher ships. */
export const DEFAULT_TEACHER = resolve(PACKAGE_ROOT, 'teachers/catcher.teacher');

/** Architecture names the CLI accepts, with the spellings people use for them. */
const ARCH_ALIASES: Readonly<Record<string, ArchName>> = {
  'baby-a3c': 'babya3c',
  babya3c: 'babya3c',
  nature: 'nature-cnn',
  'nature-cnn': 'nature-cnn',
  impala: 'impala-cnn',
  'impala-cnn': 'impala-cnn',
  'student-cnn': 'student-cnn',
};
export const ARCH_CHOICES = Object.keys(ARCH_ALIASES);

export function archName(name: string | undefined): ArchName | undefined {
  if (name === undefined) return undefined;
  const arch = ARCH_ALIASES[name];
  if (!arch) throw new UserError(`Unknown architecture '${name}'.`, `Use one of ${ARCH_CHOICES.join(', ')}.`);
  return arch;
}

/** Options every teacher-loading command has. */
export const TEACHER_FIELDS = {
  teacher: {
    kind: 'path',
    default: undefined,
    doc: `teacher file (.teacher, safetensors, torch zip, SB3 zip, TF.js model.json); default: the embedded game's teachers/catcher.teacher`,
  },
  arch: {
    kind: 'string',
    default: undefined,
    doc: `teacher architecture when the file does not say (${ARCH_CHOICES.join(', ')})`,
  },
  preset: {
    kind: 'string',
    default: undefined,
    choices: ['sb3-atari', 'atari-preprocessing', 'baby-a3c', 'none'],
    doc: "preprocessing preset (default: the teacher's)",
  },
} as const satisfies ConfigSpec;

export const ENV_FIELDS = {
  env: {
    kind: 'string',
    default: DEFAULT_ENV,
    doc: 'environment id (ALE/<Game>-v5, <Game>NoFrameskip-v4, <Game>-v4, …)',
  },
  romDir: { kind: 'path', default: undefined, doc: 'folder of ALE ROMs (default: $ALE_ROM_DIR; Catcher needs none)' },
  maxEpisodeSteps: {
    kind: 'int',
    default: 0,
    min: 0,
    doc: "step limit per episode (0: the evaluation protocol's, 10,000 for <Game>-v4 ids)",
  },
  backend: { kind: 'string', default: 'wasm', choices: ['wasm', 'cpu', 'tensorflow', 'auto'], doc: 'tfjs backend' },
} as const satisfies ConfigSpec;

export const POLICY_MODES = ['greedy', 'sample', 'epsilon-greedy'] as const;

export function actPolicy(mode: string, temperature: number, epsilon: number): ActPolicy {
  return { mode: mode as ActPolicy['mode'], temperature, epsilon };
}

export function teacherPath(path: string | undefined): string {
  const p = path ?? DEFAULT_TEACHER;
  if (!existsSync(p)) {
    throw new UserError(
      path ? `No teacher file at ${p}.` : `The embedded game's teacher is not there (${p}).`,
      'Pass --teacher <file> (run `sobolev-distill teachers list` to see the ones you have).',
    );
  }
  return p;
}

export function envChoice(config: {
  env: string;
  preset: string | undefined;
  romDir: string | undefined;
  maxEpisodeSteps: number;
}): EnvChoice {
  return {
    envId: config.env,
    ...(config.preset ? { preset: config.preset as EnvChoice['preset'] } : {}),
    ...(config.romDir ? { envOptions: { romDir: config.romDir } } : {}),
    ...(config.maxEpisodeSteps > 0 ? { maxEpisodeSteps: config.maxEpisodeSteps } : {}),
  };
}

/** The toolkit's errors that describe bad input or a bad setup: shown as one line, not a stack trace. */
const USER_ERROR_NAMES: ReadonlySet<string> = new Set([
  'DatasetFormatError',
  'DatasetMismatchError',
  'DistillConfigError',
  'NonFiniteLossError',
  'CheckpointError',
  'TeacherFormatError',
  'UnsupportedTeacherError',
  'UnsafePickleError',
  'WeightsMismatchError',
  'ModelShapeError',
  'ArchitectureError',
  'EnvConfigError',
  'RomNotFoundError',
  'UnknownEnvIdError',
  'UnsupportedRomError',
  'BackendUnavailableError',
  'WrapperConfigError',
  'ShapeMismatchError',
  'LossInputError',
  'SubEnvError',
  'EnvSpecError',
]);

/** Runs a command body, turning the toolkit's input errors into UserErrors. */
export async function asUserErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof Error && USER_ERROR_NAMES.has(e.name)) throw new UserError(e.message.replace(/\s+/g, ' '));
    throw e;
  }
}
