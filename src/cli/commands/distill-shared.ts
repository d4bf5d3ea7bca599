/**
 * What the collect, distill and evaluate commands share: their common option groups (teacher,
 * env, acting policy, backend, --json), loading the teacher those options name, env choices, and
 * the default embedded game and teacher.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ActPolicy } from '../../distill/acting.js';
import type { EnvChoice } from '../../distill/run.js';
import { PACKAGE_ROOT } from '../../envs/homebrew/rom.js';
import type { ArchName, LoadTeacherOptions } from '../../teachers/load.js';
import type { Teacher } from '../../teachers/teacher.js';
import type { TeacherData } from '../../teachers/teacher-file.js';
import { type ConfigSpec, choice, flag, float, int, path, text } from '../config.js';
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

/** Preprocessing presets a teacher can name (src/envs presets); `none` keeps the teacher's own. */
export const PRESET_CHOICES = ['sb3-atari', 'atari-preprocessing', 'baby-a3c', 'none'] as const;

export const BACKEND_FIELD = choice('wasm', ['wasm', 'cpu', 'tensorflow', 'auto'], 'tfjs backend');

/** `--json`: stdout is one final JSON line, nothing else (no progress bars, no config line). */
export const JSON_FIELD = flag(false, 'print one final JSON line (no progress bars)');

/** Options every teacher-loading command has. */
export const TEACHER_FIELDS = {
  teacher: path(
    `teacher file (.teacher, safetensors, torch zip, SB3 zip, TF.js model.json); default: the embedded game's teachers/catcher.teacher`,
  ),
  arch: text(`teacher architecture when the file does not say (${ARCH_CHOICES.join(', ')})`),
  preset: choice(undefined, PRESET_CHOICES, "preprocessing preset (default: the teacher's)"),
} as const satisfies ConfigSpec;

export const ENV_FIELDS = {
  env: text('environment id (ALE/<Game>-v5, <Game>NoFrameskip-v4, <Game>-v4, …)', DEFAULT_ENV),
  romDir: path('folder of ALE ROMs (default: $ALE_ROM_DIR; Catcher needs none)'),
  maxEpisodeSteps: int(0, "step limit per episode (0: the evaluation protocol's, 10,000 for <Game>-v4 ids)", {
    min: 0,
  }),
  backend: BACKEND_FIELD,
} as const satisfies ConfigSpec;

export const POLICY_MODES = ['greedy', 'sample', 'epsilon-greedy'] as const;

/** How a policy acts: mode, and the temperature and ε its modes use. `who` says whose policy. */
export function actingFields(who: string) {
  return {
    policy: choice('greedy', POLICY_MODES, who),
    temperature: float(1, 'softmax temperature of --policy sample', { min: 0 }),
    epsilon: float(0.05, 'random-action probability of --policy epsilon-greedy', { min: 0, max: 1 }),
  } as const satisfies ConfigSpec;
}

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

type TeacherConfig = { teacher: string | undefined; arch: string | undefined; preset: string | undefined };

/** The file and load options the teacher fields name. */
export function teacherSource(config: TeacherConfig): { path: string; options: LoadTeacherOptions } {
  const arch = archName(config.arch);
  return {
    path: teacherPath(config.teacher),
    options: {
      ...(arch ? { arch } : {}),
      ...(config.preset && config.preset !== 'none' ? { preset: config.preset } : {}),
    },
  };
}

/** Reads the teacher the fields name, without building its network. */
export async function importConfiguredTeacher(config: TeacherConfig): Promise<{ path: string; data: TeacherData }> {
  const { importTeacher } = await import('../../teachers/load.js');
  const { path, options } = teacherSource(config);
  return { path, data: await importTeacher(path, options) };
}

/** Loads the teacher the fields name, ready to act. */
export async function loadConfiguredTeacher(config: TeacherConfig): Promise<{ path: string; teacher: Teacher }> {
  const { loadTeacher } = await import('../../teachers/load.js');
  const { path, options } = teacherSource(config);
  return { path, teacher: await loadTeacher(path, options) };
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
