/**
 * Errors a user can act on. The CLI prints `message` (and `hint`) on one line
 * and exits non-zero. The toolkit's own typed errors about bad input or a bad
 * setup are shown the same way; anything else is a bug, shown as one line too
 * (the stack trace only with SOBOLEV_DISTILL_DEBUG=1).
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** What to do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The toolkit's errors that describe bad input or a bad setup (a file, a flag, a ROM, an env id),
 * by class name, so the CLI need not load every module to recognise them. A subclass of a listed
 * class counts too (every `AleError` is about the ROM, the settings or a call's arguments).
 */
const INPUT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'AleError',
  'ArchitectureError',
  'BackendUnavailableError',
  'CheckpointError',
  'DatasetFormatError',
  'DatasetMismatchError',
  'DistillConfigError',
  'EnvConfigError',
  'EnvSpecError',
  'GameRomMismatchError',
  'GameRomMissingError',
  'HashFileError',
  'LossInputError',
  'ModelShapeError',
  'NonFiniteLossError',
  'RlConfigError',
  'RomNotFoundError',
  'ShapeMismatchError',
  'SubEnvError',
  'TeacherFormatError',
  'UnknownEnvIdError',
  'UnknownExpertError',
  'UnsafePickleError',
  'UnsupportedTeacherError',
  'VectorEnvConfigError',
  'WeightsMismatchError',
  'WrapperConfigError',
]);

/** Whether `error` is one of the toolkit's input errors (or a subclass of one). */
export function isInputError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (INPUT_ERROR_NAMES.has(error.name)) return true;
  for (
    let proto = Object.getPrototypeOf(error);
    proto && proto !== Error.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (INPUT_ERROR_NAMES.has((proto.constructor as { name: string }).name)) return true;
  }
  return false;
}

/** `error` as a one-line UserError when it is about the user's input; undefined for a bug. */
export function asUserError(error: unknown): UserError | undefined {
  if (error instanceof UserError) return error;
  if (isInputError(error)) return new UserError(error.message.replace(/\s+/g, ' ').trim());
  return undefined;
}

/** Runs a command body, turning the toolkit's input errors into UserErrors. */
export async function asUserErrors<T>(body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw asUserError(e) ?? e;
  }
}

/** Set to 1 to see the stack trace of an internal error. */
export const DEBUG_ENV = 'SOBOLEV_DISTILL_DEBUG';

/** The one line the CLI prints for any error. */
export function errorLine(error: unknown, debug = false): string {
  const user = asUserError(error);
  if (user) return `error: ${user.message}${user.hint ? ` ${user.hint}` : ''}`;
  const e = error instanceof Error ? error : new Error(String(error));
  if (debug && e.stack) return `error: internal error: ${e.stack}`;
  const message = `${e.name}: ${e.message}`.replace(/\s+/g, ' ').trim();
  return `error: internal error (${message}). This is a bug: rerun with ${DEBUG_ENV}=1 for the stack trace and report it.`;
}

/**
 * How commander's own errors (unknown flag, bad value, missing argument) are written: on one line,
 * its "Did you mean …?" suggestion included, with where to find the usage.
 */
export function writeOneLineError(message: string, write: (text: string) => void): void {
  write(`${message.trim().replace(/\s*\n\s*/g, ' ')} (run with --help for usage)\n`);
}
