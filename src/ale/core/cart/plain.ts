// 2K and 4K cartridges: no bankswitching. A 2K image shows twice in the 4 KiB window (A11 ignored).
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart } from './cart';
import { CartType } from './types';

const BYTES_2K: i32 = 2048;

export class PlainCart extends Cart {
  /** @param imageBytes 2048 or 4096: the part of the image the window decodes */
  constructor(
    typeId: i32,
    private readonly imageBytes: i32,
  ) {
    super(typeId);
  }

  protected initialise(): void {
    for (let at = 0; at < CART_WINDOW_BYTES; at += this.imageBytes) {
      this.mapRom(at, at + this.imageBytes, this.rom);
    }
  }

  reset(): void {}

  // Every page reads directly; only writes reach these, and ROM ignores them.
  protected readDevice(address: u16): u8 {
    return this.romByte(<i32>(address & CART_OFFSET_MASK) & (this.imageBytes - 1));
  }

  protected peekDevice(address: u16): u8 {
    return this.readDevice(address);
  }
}

export function createCart2K(): Cart {
  return new PlainCart(CartType.K2, BYTES_2K);
}

export function createCart4K(): Cart {
  return new PlainCart(CartType.K4, CART_WINDOW_BYTES);
}
