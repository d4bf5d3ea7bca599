// E0 (Parker Brothers, 8K): the window is four 1 KiB segments. The last always shows slice 7; the
// first three each show any of the eight slices, chosen by touching $1FE0–$1FE7 (segment 0),
// $1FE8–$1FEF (segment 1) or $1FF0–$1FF7 (segment 2), by read or write. Reset selects slices 4, 5, 6.
import { StateReader, StateWriter } from '../state';
import { CART_OFFSET_MASK, CART_WINDOW_BYTES, Cart, HOTSPOT_PAGE_START } from './cart';
import { CartType } from './types';

const SLICE_BYTES: i32 = 1024;
const SLICE_SHIFT: i32 = 10;
const SLICE_OFFSET_MASK: i32 = SLICE_BYTES - 1;
const SWITCHED_SEGMENTS: i32 = 3;
const FIXED_SLICE: i32 = 7;
const SLICE_COUNT: i32 = 8;
/** $1FE0: the first hotspot; each segment owns the next eight addresses. */
const FIRST_HOTSPOT: i32 = 0x0fe0;
const HOTSPOTS_PER_SEGMENT: i32 = 8;
/** Reset slices of segments 0, 1, 2. */
const RESET_SLICES: StaticArray<i32> = [4, 5, 6];

export class CartE0 extends Cart {
  private readonly slices: StaticArray<i32> = new StaticArray<i32>(SWITCHED_SEGMENTS + 1);

  constructor() {
    super(CartType.E0);
  }

  protected initialise(): void {
    unchecked((this.slices[SWITCHED_SEGMENTS] = FIXED_SLICE));
    const fixedStart = SWITCHED_SEGMENTS * SLICE_BYTES;
    this.mapRom(fixedStart, HOTSPOT_PAGE_START, this.rom + <usize>(FIXED_SLICE * SLICE_BYTES));
    this.mapDevice(HOTSPOT_PAGE_START, CART_WINDOW_BYTES);
    this.resetSlices();
  }

  reset(): void {
    this.resetSlices();
  }

  bank(): i32 {
    return unchecked(this.slices[0]);
  }

  private resetSlices(): void {
    for (let segment = 0; segment < SWITCHED_SEGMENTS; segment++) this.select(segment, unchecked(RESET_SLICES[segment]));
  }

  private select(segment: i32, slice: i32): void {
    unchecked((this.slices[segment] = slice));
    const start = segment * SLICE_BYTES;
    this.mapRom(start, start + SLICE_BYTES, this.rom + <usize>(slice * SLICE_BYTES));
  }

  private hotspot(address: u16): void {
    const index = <i32>(address & CART_OFFSET_MASK) - FIRST_HOTSPOT;
    if (<u32>index < <u32>(SWITCHED_SEGMENTS * HOTSPOTS_PER_SEGMENT)) {
      this.select(index / HOTSPOTS_PER_SEGMENT, index % HOTSPOTS_PER_SEGMENT);
    }
  }

  protected readDevice(address: u16): u8 {
    this.hotspot(address);
    return this.peekDevice(address);
  }

  protected peekDevice(address: u16): u8 {
    const offset = <i32>(address & CART_OFFSET_MASK);
    const slice = unchecked(this.slices[offset >> SLICE_SHIFT]);
    return this.romByte((slice << SLICE_SHIFT) + (offset & SLICE_OFFSET_MASK));
  }

  protected writeDevice(address: u16, value: u8): void {
    this.hotspot(address);
  }

  protected saveScheme(w: StateWriter): void {
    for (let segment = 0; segment < SWITCHED_SEGMENTS; segment++) w.u8(<u8>unchecked(this.slices[segment]));
  }

  protected loadScheme(r: StateReader): void {
    for (let segment = 0; segment < SWITCHED_SEGMENTS; segment++) {
      const slice = <i32>r.u8();
      if (slice >= SLICE_COUNT) r.fail();
      else this.select(segment, slice);
    }
  }
}

export function createCartE0(): Cart {
  return new CartE0();
}
