// Cartridge type ids and load error codes: the numbers the TypeScript side passes to `loadRom` and
// gets back. src/ale/cart-types.ts holds the same table with names; keep the two in step.

/** Stella's bankswitching schemes (Cartridge.Type), plus Auto (detect by size and signatures). */
export const enum CartType {
  Auto = 0,
  K2 = 1,
  K4 = 2,
  F8 = 3,
  /** Stella's "F8 swapped": F8 starting in bank 0 (two MD5s, see cart-types.ts). */
  F8Swapped = 4,
  F8SC = 5,
  F6 = 6,
  F6SC = 7,
  F4 = 8,
  F4SC = 9,
  /** CBS RAM Plus, Stella's "FASC". */
  FA = 10,
  E0 = 11,
  E7 = 12,
  FE = 13,
  S3F = 14,
  S3E = 15,
  UA = 16,
  S0840 = 17,
  DPC = 18,
  CV = 19,
  MB = 20,
  /** Detected by Stella (128 KiB images) but not emulated here. */
  MC = 21,
  /** Supercharger images (multiples of 8448 bytes): detected, not emulated here. */
  AR = 22,
  /** Stella 3.x lists it but never detects it and its implementation is empty: not emulated. */
  S4A50 = 23,
}

/** One past the largest type id. */
export const CART_TYPE_COUNT: i32 = 24;

/** `loadRom` results below zero. */
export const CART_ERROR_EMPTY: i32 = -1;
export const CART_ERROR_TOO_LARGE: i32 = -2;
/** Autodetection found no scheme for this size (Stella: "Unrecognized cartridge; ROM size was N"). */
export const CART_ERROR_UNRECOGNIZED: i32 = -3;
/** The scheme is known (detected or requested) but not emulated: MC, AR, 4A50. */
export const CART_ERROR_UNSUPPORTED_SCHEME: i32 = -4;
/** A requested type id outside the table. */
export const CART_ERROR_UNKNOWN_TYPE: i32 = -5;
/** A requested scheme needs more bytes than the image has (e.g. F8 forced on a 4 KiB image). */
export const CART_ERROR_TOO_SMALL_FOR_SCHEME: i32 = -6;
