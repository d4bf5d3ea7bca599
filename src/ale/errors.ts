/**
 * Typed errors of the ALE layer. Each says what is wrong and what to do next; none ever exits the
 * process. `AleError` is the common base so callers can catch the whole family.
 */

export class AleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A setting name ALE does not have. */
export class UnknownSettingError extends AleError {}

/** A setting read or written with the wrong type (e.g. `setInt('repeat_action_probability', …)`). */
export class SettingTypeError extends AleError {}

/** A setting value outside what ALE accepts. */
export class InvalidSettingValueError extends AleError {}

/** The ROM file cannot be read. */
export class RomReadError extends AleError {}

/** The bytes are not a cartridge image the emulator can run (empty, wrong size, unknown scheme). */
export class InvalidRomError extends AleError {}

/** A method that needs a game was called before `loadROM`. */
export class RomNotLoadedError extends AleError {}

/** An action id outside ALE's 18 joystick actions (0 NOOP … 17 DOWNLEFTFIRE). */
export class InvalidActionError extends AleError {}

/** A mode or difficulty the loaded game does not offer. */
export class InvalidModeError extends AleError {}
export class InvalidDifficultyError extends AleError {}

/** `setRAM` with an index outside 0–127 or a value outside 0–255. */
export class RamIndexError extends AleError {}

/** Bytes given to `restoreState` that are not a state of this ALE build, or a state of another ROM. */
export class StateFormatError extends AleError {}

/** Generator state bytes that do not describe an mt19937. */
export class RngStateError extends AleError {}

/** A trace file that does not follow ../shared/ale-traces/FORMAT.md. */
export class TraceFormatError extends AleError {}

/** An output buffer of the wrong length for getScreen/getScreenRGB/getScreenGrayscale/getRAM. */
export class BufferSizeError extends AleError {}

/** The emulator core refused a display window (first line and height) for the loaded cartridge. */
export class DisplayConfigError extends AleError {}
