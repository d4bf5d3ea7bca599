/** Typed errors of src/envs. Each says what is wrong and what to do next. */

/** `step(action)` got an action outside the action space. */
export class InvalidActionError extends Error {
  override readonly name = 'InvalidActionError';
  constructor(
    readonly action: unknown,
    readonly actionCount: number,
    meanings?: readonly string[],
  ) {
    const list = meanings && meanings.length > 0 ? ` (${meanings.map((m, i) => `${i} ${m}`).join(', ')})` : '';
    super(`action ${String(action)} is not in the action space: pass an integer from 0 to ${actionCount - 1}${list}`);
  }
}

/** `step` was called before the first `reset`, or after an episode ended without a `reset`. */
export class ResetNeededError extends Error {
  override readonly name = 'ResetNeededError';
}

/** A wrapper or preprocessing op was built with options it cannot honour. */
export class WrapperConfigError extends Error {
  override readonly name = 'WrapperConfigError';
}

/** A buffer, frame or space has a shape or length other than the one the operation needs. */
export class ShapeMismatchError extends Error {
  override readonly name = 'ShapeMismatchError';
}

/** Replay storage was asked for a transition it does not hold (never stored, or already overwritten). */
export class ReplayIndexError extends Error {
  override readonly name = 'ReplayIndexError';
}

/** Replay storage was fed out of order (a transition before any episode began). */
export class ReplayOrderError extends Error {
  override readonly name = 'ReplayOrderError';
}

/** `makeEnv` got an id that names no registered env; `suggestions` holds the closest registered ids. */
export class UnknownEnvIdError extends Error {
  override readonly name = 'UnknownEnvIdError';
  constructor(
    readonly id: string,
    readonly suggestions: readonly string[],
    hint?: string,
  ) {
    const close =
      suggestions.length > 0
        ? `did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?`
        : "ids look like 'ALE/Pong-v5', 'PongNoFrameskip-v4', 'Pong-v4' or 'ALE/Catcher-v5'";
    super(`unknown env id '${id}': ${close}${hint ? ` ${hint}` : ''} (listEnvIds() gives every registered id)`);
  }
}

/** The ROM an env needs is not where it was looked for. */
export class RomNotFoundError extends Error {
  override readonly name = 'RomNotFoundError';
}

/** An env option (obs_type, frameskip, seed, preset, …) has a value the env cannot honour. */
export class EnvConfigError extends Error {
  override readonly name = 'EnvConfigError';
}

/** `reset` or `step` on an env after `close()`. */
export class EnvClosedError extends Error {
  override readonly name = 'EnvClosedError';
}
