// E7 (M-Network, 16K + 2K RAM): the window is two 2 KiB segments. The upper one always shows slice 7
// (except $1800–$19FF, the 256-byte RAM window); the lower one shows slice 0–6 or, as slice 7, the
// 1 KiB RAM (written at $1000–$13FF, read at $1400–$17FF). $1FE0–$1FE7 select the lower slice;
// $1FE8–$1FEB select which of four 256-byte RAM banks appears at $1800 (write) / $1900 (read).
// As in ALE's Stella: reading a write port returns the ROM byte the slice would show there, and
// reset draws all 2 KiB of RAM from the system generator, then selects RAM bank 0 and slice 0.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart, HOTSPOT_PAGE_START } from './cart';
import { CartType } from './types';

const SLICE_BYTES: i32 = 2048;
const SLICE_SHIFT: i32 = 11;
const SLICE_OFFSET_MASK: i32 = SLICE_BYTES - 1;
/** Slice 7 in the lower segment means "the 1 KiB RAM". */
const RAM_SLICE: i32 = 7;
const FIXED_SLICE: i32 = 7;
const SLICE_COUNT: i32 = 8;
const BIG_RAM_BYTES: i32 = 1024;
const SMALL_RAM_BYTES: i32 = 256;
const SMALL_RAM_BANKS: i32 = 4;
const RAM_BYTES: i32 = BIG_RAM_BYTES + SMALL_RAM_BANKS * SMALL_RAM_BYTES;
/** Window offsets of the small RAM ports and of the fixed ROM after them. */
const SMALL_RAM_WRITE_PORT: i32 = 0x0800;
const SMALL_RAM_READ_PORT: i32 = 0x0900;
const FIXED_ROM_START: i32 = 0x0a00;
/** Hotspots: $1FE0–$1FE7 pick the lower slice, $1FE8–$1FEB the small RAM bank. */
const SLICE_HOTSPOT: i32 = 0x0fe0;
const RAM_BANK_HOTSPOT: i32 = 0x0fe8;

export class CartE7 extends Cart {
  private readonly ram: StaticArray<u8> = new StaticArray<u8>(RAM_BYTES);
  private slice: i32 = 0;
  private ramBank: i32 = 0;

  constructor() {
    super(CartType.E7);
  }

  protected initialise(): void {
    this.mapRom(FIXED_ROM_START, HOTSPOT_PAGE_START, this.rom + <usize>(FIXED_SLICE * SLICE_BYTES + (FIXED_ROM_START & SLICE_OFFSET_MASK)));
    this.mapDevice(HOTSPOT_PAGE_START, CART_WINDOW_BYTES);
    this.selectRamBank(0);
    this.selectSlice(0);
  }

  reset(): void {
    const rng = this.ctx().rng;
    for (let i = 0; i < RAM_BYTES; i++) unchecked((this.ram[i] = <u8>rng.next()));
    this.selectRamBank(0);
    this.selectSlice(0);
  }

  bank(): i32 {
    return this.slice;
  }

  private selectSlice(slice: i32): void {
    this.slice = slice;
    if (slice != RAM_SLICE) {
      this.mapRom(0, SLICE_BYTES, this.rom + <usize>(slice * SLICE_BYTES));
      return;
    }
    const ram = changetype<usize>(this.ram);
    this.mapDevice(0, SLICE_BYTES);
    this.mapWrite(0, BIG_RAM_BYTES, ram);
    this.mapRead(BIG_RAM_BYTES, SLICE_BYTES, ram);
  }

  private selectRamBank(bank: i32): void {
    this.ramBank = bank;
    const ram = changetype<usize>(this.ram) + <usize>(BIG_RAM_BYTES + bank * SMALL_RAM_BYTES);
    this.mapDevice(SMALL_RAM_WRITE_PORT, FIXED_ROM_START);
    this.mapWrite(SMALL_RAM_WRITE_PORT, SMALL_RAM_READ_PORT, ram);
    this.mapRead(SMALL_RAM_READ_PORT, FIXED_ROM_START, ram);
  }

  private hotspot(address: u16): void {
    const offset = <i32>(address & CART_OFFSET_MASK);
    if (<u32>(offset - SLICE_HOTSPOT) < <u32>SLICE_COUNT) this.selectSlice(offset - SLICE_HOTSPOT);
    else if (<u32>(offset - RAM_BANK_HOTSPOT) < <u32>SMALL_RAM_BANKS) this.selectRamBank(offset - RAM_BANK_HOTSPOT);
  }

  protected readDevice(address: u16): u8 {
    this.hotspot(address);
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    const offset = <i32>(address & CART_OFFSET_MASK);
    const slice = offset < SLICE_BYTES ? this.slice : FIXED_SLICE;
    return this.romByte((slice << SLICE_SHIFT) + (offset & SLICE_OFFSET_MASK));
  }

  protected writeDevice(address: u16, value: u8): void {
    this.hotspot(address);
  }

  protected saveScheme(w: StateWriter): void {
    w.u8(<u8>this.slice);
    w.u8(<u8>this.ramBank);
    w.bytes(changetype<usize>(this.ram), RAM_BYTES);
  }

  protected loadScheme(r: StateReader): void {
    const slice = <i32>r.u8();
    const ramBank = <i32>r.u8();
    r.bytes(changetype<usize>(this.ram), RAM_BYTES);
    if (slice >= SLICE_COUNT || ramBank >= SMALL_RAM_BANKS) {
      r.fail();
      return;
    }
    this.selectRamBank(ramBank);
    this.selectSlice(slice);
  }
}

export function createCartE7(): Cart {
  return new CartE7();
}
