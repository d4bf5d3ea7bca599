// CV (CommaVid, 2K ROM + 1K RAM): ROM at $1800–$1FFF, RAM read at $1000–$13FF and written at
// $1400–$17FF. A 4 KiB image holds the RAM's initial contents in its first 1 KiB and the ROM in its
// second half; with a 2 KiB image ALE's Stella fills the RAM from the system generator at reset.
// Reading the write port returns the ROM byte at that offset (Stella's device read).
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart } from './cart';
import { CartType } from './types';

const ROM_BYTES: i32 = 2048;
const ROM_OFFSET_MASK: i32 = ROM_BYTES - 1;
const RAM_BYTES: i32 = 1024;
const IMAGE_WITH_RAM_BYTES: i32 = 4096;
/** Window offsets of the RAM read port, the write port and the ROM. */
const RAM_READ_PORT: i32 = 0x0000;
const RAM_WRITE_PORT: i32 = 0x0400;
const ROM_START: i32 = 0x0800;

export class CartCV extends Cart {
  private readonly ram: StaticArray<u8> = new StaticArray<u8>(RAM_BYTES);
  private romOffset: i32 = 0;
  private hasInitialRam: bool = false;

  constructor() {
    super(CartType.CV);
  }

  protected initialise(): void {
    this.hasInitialRam = this.romSize == IMAGE_WITH_RAM_BYTES;
    this.romOffset = this.hasInitialRam ? ROM_BYTES : 0;
    const ram = changetype<usize>(this.ram);
    this.mapRom(ROM_START, CART_WINDOW_BYTES, this.rom + <usize>this.romOffset);
    this.mapRead(RAM_READ_PORT, RAM_WRITE_PORT, ram);
    this.mapWrite(RAM_WRITE_PORT, ROM_START, ram);
  }

  reset(): void {
    if (this.hasInitialRam) {
      memory.copy(changetype<usize>(this.ram), this.rom, <usize>RAM_BYTES);
      return;
    }
    const rng = this.ctx().rng;
    for (let i = 0; i < RAM_BYTES; i++) unchecked((this.ram[i] = <u8>rng.next()));
  }

  protected readDevice(address: u16): u8 {
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    return this.romByte(this.romOffset + (<i32>(address & CART_OFFSET_MASK) & ROM_OFFSET_MASK));
  }

  protected saveScheme(w: StateWriter): void {
    w.bytes(changetype<usize>(this.ram), RAM_BYTES);
  }

  protected loadScheme(r: StateReader): void {
    r.bytes(changetype<usize>(this.ram), RAM_BYTES);
  }
}

export function createCartCV(): Cart {
  return new CartCV();
}
