// 3F (Tigervision): the window is two 2 KiB segments; the upper one always shows the last 2 KiB of
// the image, the lower one the bank last written to TIA addresses $00–$3F (bank number modulo the
// image's bank count). As ALE's Stella models it:
// - the cartridge, not the TIA, answers reads of $0000–$003F (the lowest 64-byte page), returning the
//   lower segment's ROM byte at that offset;
// - every write into the cartridge window is passed on to the TIA (address & $0FFF), and writes to
//   $1000–$103F also switch banks, like writes to $00–$3F.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart } from './cart';
import { CartType } from './types';

export const SEGMENT_BYTES: i32 = 2048;
const SEGMENT_OFFSET_MASK: i32 = SEGMENT_BYTES - 1;
/** Writes to offsets $00–$3F select the bank. */
export const BANK_SELECT_LAST: i32 = 0x3f;
/** The only low page Stella hands to the cartridge: $0000–$003F (A6–A12 low). */
export const LOW_PAGE_MASK: u16 = 0x1fc0;

export class Cart3F extends Cart {
  private current: i32 = 0;

  constructor() {
    super(CartType.S3F);
    this.snoopsLowBus = true;
  }

  protected initialise(): void {
    this.mapRom(SEGMENT_BYTES, CART_WINDOW_BYTES, this.rom + <usize>(this.romSize - SEGMENT_BYTES));
    this.selectBank(0);
  }

  reset(): void {
    this.selectBank(0);
  }

  bank(): i32 {
    return this.current;
  }

  private selectBank(bank: i32): void {
    const banks = this.romSize / SEGMENT_BYTES;
    this.current = bank * SEGMENT_BYTES < this.romSize ? bank : bank % banks;
    this.mapRom(0, SEGMENT_BYTES, this.rom + <usize>(this.current * SEGMENT_BYTES));
  }

  protected readDevice(address: u16): u8 {
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    const offset = <i32>(address & CART_OFFSET_MASK);
    const base = offset < SEGMENT_BYTES ? this.current * SEGMENT_BYTES : this.romSize - SEGMENT_BYTES;
    return this.romByte(base + (offset & SEGMENT_OFFSET_MASK));
  }

  protected writeDevice(address: u16, value: u8): void {
    const offset = address & CART_OFFSET_MASK;
    if (<i32>offset <= BANK_SELECT_LAST) this.selectBank(value);
    this.ctx().forwardToTia(offset, value);
  }

  snoop(address: u16, value: u8, isWrite: bool): u8 {
    if (address & LOW_PAGE_MASK) return value;
    // The bus already gave the write to the TIA, as Stella's handler does after switching.
    if (isWrite) {
      this.selectBank(value);
      return value;
    }
    return this.peekDevice(address);
  }

  protected saveScheme(w: StateWriter): void {
    w.u8(<u8>this.current);
  }

  protected loadScheme(r: StateReader): void {
    const bank = <i32>r.u8();
    if (bank * SEGMENT_BYTES >= this.romSize) {
      r.fail();
      return;
    }
    this.selectBank(bank);
  }
}

export function createCart3F(): Cart {
  return new Cart3F();
}
