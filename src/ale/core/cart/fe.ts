// FE (Activision, 8K: Decathlon, Robot Tank). The real cartridge watches JSR/RTS stack traffic at
// $01FE; ALE's Stella instead picks the 4 KiB half from address line A13 of every cartridge access:
// code at $D000–$DFFF (A13 low) runs from the second half of the image, code at $F000–$FFFF (A13 high)
// from the first. This needs the CPU's full 16-bit address, which the bus passes through.
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart } from './cart';
import { CartType } from './types';

/** A13, the line Stella decodes. */
const A13: u16 = 0x2000;
const BANK_BYTES: i32 = 4096;

export class CartFE extends Cart {
  constructor() {
    super(CartType.FE);
  }

  protected initialise(): void {
    this.mapDevice(0, CART_WINDOW_BYTES);
  }

  reset(): void {}

  bank(): i32 {
    return 0;
  }

  protected readDevice(address: u16): u8 {
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    const half = address & A13 ? 0 : BANK_BYTES;
    return this.romByte(half + <i32>(address & CART_OFFSET_MASK));
  }
}

export function createCartFE(): Cart {
  return new CartFE();
}
