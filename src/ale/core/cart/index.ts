// Cartridge types as data: the id the TS side passes (or autodetection chooses) and the scheme it builds.
import { Cart } from './cart';
import { Cart4K } from './cart4k';

/** Ids shared with the TypeScript binding (src/ale/cart-types.ts keeps the same table). */
export const enum CartType {
  Auto = 0,
  K2 = 1,
  K4 = 2,
}

export const CART_ERROR_UNSUPPORTED_SIZE: i32 = -1;
export const CART_ERROR_UNKNOWN_TYPE: i32 = -2;

/** The type autodetection picks for an image, by size and signatures. */
export function detectCartType(rom: StaticArray<u8>): i32 {
  const size = rom.length;
  if (size == 2048) return CartType.K2;
  if (size == 4096) return CartType.K4;
  return CART_ERROR_UNSUPPORTED_SIZE;
}

export function createCart(type: i32, rom: StaticArray<u8>): Cart | null {
  switch (type) {
    case CartType.K2:
    case CartType.K4:
      return new Cart4K(rom);
    default:
      return null;
  }
}
