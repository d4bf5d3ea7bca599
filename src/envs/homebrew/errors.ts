/** Typed errors of the homebrew games; each says what is wrong and what to do next. */

/** dasm rejected a game's source. */
export class GameAssemblyError extends Error {
  override readonly name = 'GameAssemblyError';
  constructor(
    readonly source: string,
    readonly messages: readonly string[],
  ) {
    super(`dasm could not assemble ${source}:\n${messages.join('\n')}\nFix the source and run \`npm run build:game\`.`);
  }
}

/** The assembled image is not the 4K cartridge the game must be. */
export class GameImageSizeError extends Error {
  override readonly name = 'GameImageSizeError';
  constructor(
    readonly source: string,
    readonly bytes: number,
    readonly expected: number,
  ) {
    super(
      `${source} assembled to ${bytes} bytes, not a ${expected}-byte cartridge: keep the code between ` +
        '`org $F000` and the vectors at $FFFA.',
    );
  }
}

/** A homebrew ROM could be neither read from the build folder nor assembled. */
export class GameRomMissingError extends Error {
  override readonly name = 'GameRomMissingError';
}

/** A homebrew image (built file or freshly assembled source) is not the one its definition names. */
export class GameRomMismatchError extends Error {
  override readonly name = 'GameRomMismatchError';
  constructor(
    readonly path: string,
    readonly actualMd5: string,
    readonly expectedMd5: string,
    whatToDo: string,
  ) {
    super(`${path} gives an image with MD5 ${actualMd5}, but the game definition names ${expectedMd5}: ${whatToDo}`);
  }
}

/** A recorded-hash file is missing its hash or is not in `sha256sum` format. */
export class HashFileError extends Error {
  override readonly name = 'HashFileError';
}
