/** Typed errors of the game definitions; each says what is wrong and what to do. */
import { AleError } from '../errors.js';

/** A mode that the game does not list (ALE: "This mode doesn't currently exist for this game"). */
export class UnsupportedModeError extends AleError {
  constructor(
    readonly game: string,
    readonly mode: number,
    readonly available: readonly number[],
  ) {
    super(`${game} has no mode ${mode}; choose one of its modes: ${available.join(', ')}.`);
  }
}

/** Pressing SELECT (or walking a menu) never reached the requested mode: the game does not run as in ALE. */
export class ModeSelectError extends AleError {
  constructor(
    readonly game: string,
    readonly mode: number,
    readonly tries: number,
  ) {
    super(
      `${game}: mode ${mode} not reached after ${tries} tries. The ROM or the emulator does not behave like ` +
        'the cartridge ALE expects; check the ROM MD5 with `sobolev-distill ale identify`.',
    );
  }
}

/** A saved tracker state that does not belong to this game or is truncated. */
export class TrackerStateError extends AleError {
  constructor(message: string) {
    super(message);
  }
}

/** A game that keeps its score in cartridge RAM was stepped without access to it. */
export class MissingCartridgeBusError extends AleError {
  constructor(readonly game: string) {
    super(`${game} keeps its score in cartridge RAM: pass the emulator's memory bus as the second argument of step().`);
  }
}

/** A ROM whose MD5 is not one of the known cartridges of ALE's games. */
export class UnsupportedRomError extends AleError {
  constructor(
    readonly md5: string,
    readonly fileName: string | undefined,
    /** File name of the most similar supported game, e.g. 'space_invaders.bin'. */
    readonly nearestRomFile: string | undefined,
  ) {
    const where = fileName ? `${fileName} (MD5 ${md5})` : `MD5 ${md5}`;
    const sameName = fileName !== undefined && fileName.toLowerCase() === nearestRomFile;
    const nearest = !nearestRomFile
      ? ''
      : sameName
        ? ` It is named like ALE's ${nearestRomFile} but is a different dump.`
        : ` The nearest known file name is ${nearestRomFile}.`;
    super(
      `unsupported ROM: ${where} is not a cartridge of any ALE game.${nearest} ` +
        'Use the ROM dump ALE supports (run `sobolev-distill ale list` for the expected MD5s).',
    );
  }
}
