// MB (Dynacom Megaboy, 64K): sixteen 4 KiB banks; each access to $1FF0 (read or write) advances to
// the next bank, wrapping after 15. Reset selects bank 1 (Stella sets 0, then advances).
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, Cart, HOTSPOT_PAGE_START } from './cart';
import { CartType } from './types';

const BANK_BYTES: i32 = 4096;
const BANK_COUNT: i32 = 16;
const BANK_MASK: i32 = BANK_COUNT - 1;
const NEXT_BANK_HOTSPOT: i32 = 0x0ff0;

export class CartMB extends Cart {
  private current: i32 = 0;

  constructor() {
    super(CartType.MB);
  }

  protected initialise(): void {
    this.current = 0;
    this.advance();
  }

  reset(): void {
    this.current = 0;
    this.advance();
  }

  bank(): i32 {
    return this.current;
  }

  private advance(): void {
    this.selectBank((this.current + 1) & BANK_MASK);
  }

  private selectBank(bank: i32): void {
    this.current = bank;
    this.mapRom(0, HOTSPOT_PAGE_START, this.rom + <usize>(bank * BANK_BYTES));
  }

  protected readDevice(address: u16): u8 {
    if (<i32>(address & CART_OFFSET_MASK) == NEXT_BANK_HOTSPOT) this.advance();
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    return this.romByte(this.current * BANK_BYTES + <i32>(address & CART_OFFSET_MASK));
  }

  protected writeDevice(address: u16, value: u8): void {
    if (<i32>(address & CART_OFFSET_MASK) == NEXT_BANK_HOTSPOT) this.advance();
  }

  protected saveScheme(w: StateWriter): void {
    w.u8(<u8>this.current);
  }

  protected loadScheme(r: StateReader): void {
    const bank = <i32>r.u8();
    if (bank >= BANK_COUNT) r.fail();
    else this.selectBank(bank);
  }
}

export function createCartMB(): Cart {
  return new CartMB();
}
