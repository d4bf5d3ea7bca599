/**
 * Cartridge (bankswitching) types as the emulator core numbers them, and the typed errors for images
 * the core refuses. The ids mirror `CartType` in src/ale/core/cart/types.ts; `loadRom(length, id)`
 * takes one (0 = detect from size and signatures, as ALE's Stella does) and returns the id it used or
 * a negative code that `cartLoadError` turns into an error.
 */
import { InvalidRomError } from './errors.js';

/** One scheme: its core id, Stella's Cartridge.Type name, and how many bytes of image it decodes. */
export interface CartTypeInfo {
  readonly id: number;
  /** Stella's Cartridge.Type spelling (what `src/ale/games/properties.ts` stores). */
  readonly stellaName: string;
  readonly description: string;
  /** Bytes of image the scheme needs (3F/3E: at least this many; the last 2 KiB are the fixed bank). */
  readonly imageBytes: number;
  /** False for schemes Stella detects but this emulator does not run. */
  readonly emulated: boolean;
}

const KIB = 1024;

/** Indexed by id; keep in step with src/ale/core/cart/types.ts and the table in src/ale/core/cart/index.ts. */
export const CART_TYPES: readonly CartTypeInfo[] = [
  { id: 0, stellaName: 'AUTO-DETECT', description: 'detect from size and signatures', imageBytes: 0, emulated: true },
  { id: 1, stellaName: '2K', description: '2K Atari, no bankswitching', imageBytes: 2 * KIB, emulated: true },
  { id: 2, stellaName: '4K', description: '4K Atari, no bankswitching', imageBytes: 4 * KIB, emulated: true },
  { id: 3, stellaName: 'F8', description: '8K Atari (hotspots $1FF8–$1FF9)', imageBytes: 8 * KIB, emulated: true },
  { id: 4, stellaName: 'F8 swapped', description: '8K Atari starting in bank 0', imageBytes: 8 * KIB, emulated: true },
  { id: 5, stellaName: 'F8SC', description: '8K Atari + Superchip RAM', imageBytes: 8 * KIB, emulated: true },
  { id: 6, stellaName: 'F6', description: '16K Atari (hotspots $1FF6–$1FF9)', imageBytes: 16 * KIB, emulated: true },
  { id: 7, stellaName: 'F6SC', description: '16K Atari + Superchip RAM', imageBytes: 16 * KIB, emulated: true },
  { id: 8, stellaName: 'F4', description: '32K Atari (hotspots $1FF4–$1FFB)', imageBytes: 32 * KIB, emulated: true },
  { id: 9, stellaName: 'F4SC', description: '32K Atari + Superchip RAM', imageBytes: 32 * KIB, emulated: true },
  { id: 10, stellaName: 'FASC', description: '12K CBS RAM Plus (FA)', imageBytes: 12 * KIB, emulated: true },
  {
    id: 11,
    stellaName: 'E0',
    description: '8K Parker Brothers (four 1K segments)',
    imageBytes: 8 * KIB,
    emulated: true,
  },
  { id: 12, stellaName: 'E7', description: '16K M-Network + 2K RAM', imageBytes: 16 * KIB, emulated: true },
  {
    id: 13,
    stellaName: 'FE',
    description: '8K Activision (Robot Tank, Decathlon)',
    imageBytes: 8 * KIB,
    emulated: true,
  },
  { id: 14, stellaName: '3F', description: 'Tigervision (2K banks via $00–$3F)', imageBytes: 2 * KIB, emulated: true },
  { id: 15, stellaName: '3E', description: '3F + 32K RAM', imageBytes: 2 * KIB, emulated: true },
  {
    id: 16,
    stellaName: 'UA',
    description: '8K UA Limited (hotspots $0220/$0240)',
    imageBytes: 8 * KIB,
    emulated: true,
  },
  {
    id: 17,
    stellaName: '0840',
    description: '8K EconoBanking (hotspots $0800/$0840)',
    imageBytes: 8 * KIB,
    emulated: true,
  },
  { id: 18, stellaName: 'DPC', description: 'Pitfall II Display Processor Chip', imageBytes: 10 * KIB, emulated: true },
  { id: 19, stellaName: 'CV', description: 'CommaVid 2K + 1K RAM', imageBytes: 2 * KIB, emulated: true },
  { id: 20, stellaName: 'MB', description: '64K Dynacom Megaboy', imageBytes: 64 * KIB, emulated: true },
  { id: 21, stellaName: 'MC', description: '128K MegaCart', imageBytes: 128 * KIB, emulated: false },
  { id: 22, stellaName: 'AR', description: 'Starpath Supercharger tape image', imageBytes: 8448, emulated: false },
  { id: 23, stellaName: '4A50', description: '4A50 (empty in ALE 0.12)', imageBytes: 64 * KIB, emulated: false },
];

/** CartType.Auto: let the core detect the scheme. */
export const CART_TYPE_AUTO = 0;

/**
 * ROMs Stella's Cartridge::create loads as "F8 swapped" whatever their properties say (8K images that
 * must start in bank 0): Private Eye [b1] and Snow White (prototype).
 */
export const F8_SWAPPED_MD5S: ReadonlySet<string> = new Set([
  'bc24440b59092559a1ec26055fd1270e',
  '75ee371ccfc4f43e7d9b8f24e1266b55',
]);

const BY_STELLA_NAME: ReadonlyMap<string, CartTypeInfo> = new Map(CART_TYPES.map((t) => [t.stellaName, t]));

/** A Cartridge.Type value no scheme of this emulator carries. */
export class UnknownCartTypeError extends InvalidRomError {}
/** The image has no bytes. */
export class EmptyRomError extends InvalidRomError {}
/** The image is larger than any cartridge (512 KiB, ALE's limit). */
export class RomTooLargeError extends InvalidRomError {}
/** Autodetection found no scheme for the image's size. */
export class UnrecognizedRomSizeError extends InvalidRomError {}
/** The scheme is known (detected or requested) but not emulated here. */
export class UnsupportedCartSchemeError extends InvalidRomError {}
/** A requested scheme needs more bytes than the image has. */
export class RomTooSmallForSchemeError extends InvalidRomError {}

/** The core's `loadRom` error codes (src/ale/core/cart/types.ts CART_ERROR_*). */
export const CART_ERROR = {
  empty: -1,
  tooLarge: -2,
  unrecognized: -3,
  unsupportedScheme: -4,
  unknownType: -5,
  tooSmallForScheme: -6,
} as const;

/** The scheme info for an id, or undefined. */
export function cartTypeInfo(id: number): CartTypeInfo | undefined {
  return CART_TYPES[id];
}

/**
 * The core id for a ROM: Stella's special cases by MD5 first, then its Cartridge.Type property
 * ('AUTO-DETECT' or a scheme name). Throws `UnknownCartTypeError` for a name no scheme carries.
 */
export function cartTypeIdForRom(md5: string, cartridgeType: string): number {
  if (F8_SWAPPED_MD5S.has(md5.toLowerCase())) return BY_STELLA_NAME.get('F8 swapped')!.id;
  const info = BY_STELLA_NAME.get(cartridgeType);
  if (!info) {
    const known = CART_TYPES.map((t) => t.stellaName).join(', ');
    throw new UnknownCartTypeError(
      `Cartridge.Type '${cartridgeType}' is not a bankswitching scheme this emulator knows (known: ${known}); ` +
        "fix the ROM's properties or use 'AUTO-DETECT'.",
    );
  }
  return info.id;
}

/** What the caller knows about a refused load, for the error message. */
export interface CartLoadContext {
  /** How the image was named to the user (file path or 'the ROM bytes'). */
  readonly describe: string;
  readonly size: number;
  /** Bytes the core accepts at most (its ROM store). */
  readonly capacity: number;
  /** The type the core chose before refusing (its `chosenCartType()`), 0 if none. */
  readonly chosenType: number;
  /** The type that was requested (0 = detect). */
  readonly requestedType: number;
}

/** The typed error for a negative `loadRom` result. */
export function cartLoadError(code: number, ctx: CartLoadContext): InvalidRomError {
  const name = (id: number) => {
    const info = CART_TYPES[id];
    return info ? `${info.stellaName} (${info.description})` : `type ${id}`;
  };
  const what = `${ctx.describe} (${ctx.size} bytes)`;
  switch (code) {
    case CART_ERROR.empty:
      return new EmptyRomError(`${ctx.describe} is empty; pass the bytes of an Atari 2600 ROM image.`);
    case CART_ERROR.tooLarge:
      return new RomTooLargeError(
        `${what} is larger than any Atari 2600 cartridge (at most ${ctx.capacity} bytes); is it really a ROM image, and not an archive?`,
      );
    case CART_ERROR.unrecognized:
      return new UnrecognizedRomSizeError(
        `${what} matches no bankswitching scheme: Stella's autodetection knows 2K, 4K, 8K, 10K (DPC), 12K, 16K, 32K, 64K and 128K images, ` +
          'and 3F/3E images of other sizes. Check that the file is complete and uncompressed, or set its Cartridge.Type.',
      );
    case CART_ERROR.unsupportedScheme:
      return new UnsupportedCartSchemeError(
        `${what} is a ${name(ctx.chosenType)} cartridge, which this emulator does not run (none of ALE's games uses it).`,
      );
    case CART_ERROR.unknownType:
      return new UnknownCartTypeError(
        `cartridge type id ${ctx.requestedType} is not in the core's table (0–${CART_TYPES.length - 1}); pass an id from CART_TYPES.`,
      );
    case CART_ERROR.tooSmallForScheme: {
      const needed = CART_TYPES[ctx.chosenType]?.imageBytes ?? 0;
      return new RomTooSmallForSchemeError(
        `${what} is too small for ${name(ctx.chosenType)}, which needs ${needed} bytes; the file is truncated or its Cartridge.Type is wrong.`,
      );
    }
    default:
      return new InvalidRomError(`${what} was refused by the emulator core with code ${code}.`);
  }
}
