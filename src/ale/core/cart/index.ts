// The cartridge scheme table and the slot that holds the inserted cartridge.
//
// Each scheme object is built the first time a ROM needs it and then reused for every later ROM of
// that scheme, and all of them read the image from the one ROM store the core owns, so loading any
// number of ROMs into one instance allocates at most one object per scheme (the stub runtime never
// frees memory).
import { Cart, CartContext, NoCart } from './cart';
import { createCart0840 } from './0840';
import { createCart3E } from './3e';
import { createCart3F } from './3f';
import { createCartCV } from './cv';
import { createCartDPC } from './dpc';
import { detectCartType } from './detect';
import { createCartE0 } from './e0';
import { createCartE7 } from './e7';
import { createCartFE } from './fe';
import { createCartUA } from './ua';
import { createCartMB } from './mb';
import { createCart2K, createCart4K } from './plain';
import {
  createCartF4,
  createCartF4SC,
  createCartF6,
  createCartF6SC,
  createCartF8,
  createCartF8SC,
  createCartF8Swapped,
  createCartFA,
} from './standard';
import {
  CART_ERROR_EMPTY,
  CART_ERROR_TOO_SMALL_FOR_SCHEME,
  CART_ERROR_UNKNOWN_TYPE,
  CART_ERROR_UNSUPPORTED_SCHEME,
  CART_TYPE_COUNT,
  CartType,
} from './types';

export { detectCartType } from './detect';
export { CartType } from './types';

/** One row of the scheme table: what the scheme is called, how big an image it needs, how to build it. */
export class CartScheme {
  /** The scheme object, built on first use and reused. */
  instance: Cart | null = null;

  /**
   * @param id CartType value (equal to the row's index)
   * @param name Stella's Cartridge.Type name
   * @param imageBytes bytes of image the scheme decodes; smaller images are refused
   * @param create builds the scheme object; null for schemes Stella knows but this core does not emulate
   */
  constructor(
    readonly id: i32,
    readonly name: string,
    readonly imageBytes: i32,
    readonly create: (() => Cart) | null,
  ) {}
}

const BYTES_2K: i32 = 2048;
const BYTES_4K: i32 = 4096;
const BYTES_8K: i32 = 8192;
const BYTES_12K: i32 = 12288;
const BYTES_16K: i32 = 16384;
const BYTES_32K: i32 = 32768;
const BYTES_64K: i32 = 65536;
const BYTES_128K: i32 = 131072;
/** DPC: 8 KiB program + 2 KiB display data. */
const BYTES_DPC: i32 = 10240;
/** One Supercharger load. */
const BYTES_AR: i32 = 8448;

/** Indexed by CartType. */
export const CART_SCHEMES: StaticArray<CartScheme> = [
  new CartScheme(CartType.Auto, 'AUTO-DETECT', 0, null),
  new CartScheme(CartType.K2, '2K', BYTES_2K, createCart2K),
  new CartScheme(CartType.K4, '4K', BYTES_4K, createCart4K),
  new CartScheme(CartType.F8, 'F8', BYTES_8K, createCartF8),
  new CartScheme(CartType.F8Swapped, 'F8 swapped', BYTES_8K, createCartF8Swapped),
  new CartScheme(CartType.F8SC, 'F8SC', BYTES_8K, createCartF8SC),
  new CartScheme(CartType.F6, 'F6', BYTES_16K, createCartF6),
  new CartScheme(CartType.F6SC, 'F6SC', BYTES_16K, createCartF6SC),
  new CartScheme(CartType.F4, 'F4', BYTES_32K, createCartF4),
  new CartScheme(CartType.F4SC, 'F4SC', BYTES_32K, createCartF4SC),
  new CartScheme(CartType.FA, 'FASC', BYTES_12K, createCartFA),
  new CartScheme(CartType.E0, 'E0', BYTES_8K, createCartE0),
  new CartScheme(CartType.E7, 'E7', BYTES_16K, createCartE7),
  new CartScheme(CartType.FE, 'FE', BYTES_8K, createCartFE),
  // 3F/3E take any size from 2 KiB: the last 2 KiB are fixed, the rest are banks.
  new CartScheme(CartType.S3F, '3F', BYTES_2K, createCart3F),
  new CartScheme(CartType.S3E, '3E', BYTES_2K, createCart3E),
  new CartScheme(CartType.UA, 'UA', BYTES_8K, createCartUA),
  new CartScheme(CartType.S0840, '0840', BYTES_8K, createCart0840),
  new CartScheme(CartType.DPC, 'DPC', BYTES_DPC, createCartDPC),
  new CartScheme(CartType.CV, 'CV', BYTES_2K, createCartCV),
  new CartScheme(CartType.MB, 'MB', BYTES_64K, createCartMB),
  new CartScheme(CartType.MC, 'MC', BYTES_128K, null),
  new CartScheme(CartType.AR, 'AR', BYTES_AR, null),
  new CartScheme(CartType.S4A50, '4A50', BYTES_64K, null),
];

/** Result of `insertCart`: the scheme chosen (even when refused) and the cartridge, if one was built. */
export class CartSlot {
  /** The empty slot, used when no image is loaded or the last load failed. */
  readonly empty: Cart = new NoCart();
  cart: Cart = this.empty;
  /** The type autodetection or the caller chose for the last load attempt (0 when none). */
  chosenType: i32 = CartType.Auto;

  /**
   * Builds the cartridge for `size` bytes at `rom` as `requestedType` (CartType.Auto: detect).
   * Returns the type used, or a negative CART_ERROR_* code; on error the slot holds the empty cart.
   * The caller has already refused empty and oversized images.
   */
  insert(rom: usize, size: i32, requestedType: i32, context: CartContext): i32 {
    this.cart = this.empty;
    this.chosenType = CartType.Auto;
    if (size <= 0) return CART_ERROR_EMPTY;
    if (requestedType < 0 || requestedType >= CART_TYPE_COUNT) return CART_ERROR_UNKNOWN_TYPE;
    const type = requestedType == CartType.Auto ? detectCartType(rom, size) : requestedType;
    if (type < 0) return type;
    this.chosenType = type;
    const scheme = unchecked(CART_SCHEMES[type]);
    const create = scheme.create;
    if (create == null) return CART_ERROR_UNSUPPORTED_SCHEME;
    if (size < scheme.imageBytes) return CART_ERROR_TOO_SMALL_FOR_SCHEME;
    let cart = scheme.instance;
    if (cart == null) {
      cart = create();
      scheme.instance = cart;
    }
    cart.attach(rom, size, context);
    this.cart = cart;
    return type;
  }
}
