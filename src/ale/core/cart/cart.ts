// The cartridge interface every bankswitching scheme implements (one file per scheme).
//
// Stella (the version inside ALE 0.12) maps the 4 KiB cartridge window in 64-byte pages: each page
// either points straight at ROM/RAM bytes ("direct", no side effects) or hands the access to the
// cartridge's own peek/poke ("device", where the hotspots live). Reads and writes are mapped
// separately. The schemes here keep the same page tables, so the quirks that follow from them are
// reproduced too (e.g. reading a Superchip's write port returns the ROM byte underneath).
import { Bus } from '../bus';
import { Clock } from '../clock';
import { Random } from '../random';
import { StateReader, StateWriter } from '../state';
import { Tia } from '../tia/tia';

/** Stella's System: 64-byte pages (page shift 6). */
export const CART_PAGE_SHIFT: i32 = 6;
export const CART_PAGE_BYTES: i32 = 1 << CART_PAGE_SHIFT;
const PAGE_OFFSET_MASK: u16 = <u16>(CART_PAGE_BYTES - 1);
/** The cartridge window is 4 KiB: 64 pages. */
export const CART_WINDOW_BYTES: i32 = 4096;
export const CART_PAGES: i32 = CART_WINDOW_BYTES / CART_PAGE_BYTES;
const PAGE_INDEX_MASK: u16 = <u16>(CART_PAGES - 1);
const PAGE_SHIFT_U16: u16 = <u16>CART_PAGE_SHIFT;
/** A0–A11: the offset inside the cartridge window. */
export const CART_OFFSET_MASK: u16 = 0x0fff;
/** The hotspots of the Atari schemes ($1FF4–$1FFB, E0/E7's $1FE0–$1FF7) all fall in the last page. */
export const HOTSPOT_PAGE_START: i32 = 0x0fc0;

/** The type id of the empty slot (CartType.Auto: nothing inserted). */
const NO_CART_TYPE: i32 = 0;

/** What a scheme needs from the console when it is attached (Stella: the System it is installed in). */
export class CartContext {
  readonly clock: Clock;
  readonly tia: Tia;

  constructor(
    readonly bus: Bus,
    readonly rng: Random,
  ) {
    this.clock = bus.clock;
    this.tia = bus.tia;
  }

  /** A write the cartridge passes on to the TIA in the current access (Stella's 3F/3E do this). */
  forwardToTia(address: u16, value: u8): void {
    this.tia.write(address, value, this.bus.lastAccessWasRead);
  }
}

/**
 * A cartridge sees every access with A12 high, with the CPU's full 16-bit address (Stella passes it
 * unmasked, and its FE scheme decodes A13). Schemes whose hotspots live outside the window (3F/3E
 * write $00–$3F, UA decodes $0220/$0240, 0840 decodes $0800/$0840) set `snoopsLowBus` and also get
 * `snoop()` for accesses with A12 low, after the TIA/RIOT handled them.
 */
export abstract class Cart {
  /** Per page: the address in linear memory of the page's first byte, or 0 for a device page. */
  readonly readPages: StaticArray<usize> = new StaticArray<usize>(CART_PAGES);
  readonly writePages: StaticArray<usize> = new StaticArray<usize>(CART_PAGES);
  /** True when the scheme must also observe accesses outside $1000–$1FFF. */
  snoopsLowBus: bool = false;

  /** The image: `romSize` bytes at `rom` in the shared ROM store (owned by the core, never freed). */
  protected rom: usize = 0;
  protected romSize: i32 = 0;
  protected context: CartContext | null = null;

  /** @param typeId scheme id (cart/types.ts), also written into snapshots so a state never loads into another scheme */
  constructor(readonly typeId: i32) {}

  /**
   * Inserts the image (Stella: the scheme's constructor and install). Scheme state that Stella sets
   * only in its constructor (e.g. DPC registers) is initialised here; bank and RAM wait for `reset`.
   */
  attach(rom: usize, size: i32, context: CartContext): void {
    this.rom = rom;
    this.romSize = size;
    this.context = context;
    this.mapDevice(0, CART_WINDOW_BYTES);
    this.initialise();
  }

  /** Constructor-time state of the scheme. */
  protected initialise(): void {}

  /** System reset: Stella draws any cartridge RAM from the system generator, then selects the start bank. */
  abstract reset(): void;

  /** A CPU read with A12 high. */
  @inline read(address: u16): u8 {
    const base = unchecked(this.readPages[(address >> PAGE_SHIFT_U16) & PAGE_INDEX_MASK]);
    if (base) return load<u8>(base + <usize>(address & PAGE_OFFSET_MASK));
    return this.readDevice(address);
  }

  /** A CPU write with A12 high. */
  @inline write(address: u16, value: u8): void {
    const base = unchecked(this.writePages[(address >> PAGE_SHIFT_U16) & PAGE_INDEX_MASK]);
    if (base) store<u8>(base + <usize>(address & PAGE_OFFSET_MASK), value);
    else this.writeDevice(address, value);
  }

  /** The byte the current mapping shows at `address`, with no side effects (no bankswitch, no clocking). */
  peek(address: u16): u8 {
    const base = unchecked(this.readPages[(address >> PAGE_SHIFT_U16) & PAGE_INDEX_MASK]);
    if (base) return load<u8>(base + <usize>(address & PAGE_OFFSET_MASK));
    return this.peekDevice(address);
  }

  /** Stella's Cartridge::peek for device pages (hotspots, registers). */
  protected abstract readDevice(address: u16): u8;
  /** Side-effect-free version of `readDevice`. */
  protected abstract peekDevice(address: u16): u8;
  /** Stella's Cartridge::poke for pages without a direct write target. */
  protected writeDevice(address: u16, value: u8): void {}

  /**
   * Accesses with A12 low, for schemes with `snoopsLowBus`: called after the TIA or RIOT handled the
   * access, with the byte they returned (reads) or the byte written. Returns the byte the CPU sees.
   */
  snoop(address: u16, value: u8, isWrite: bool): u8 {
    return value;
  }

  /** The bank (or first segment's slice) selected now, for tests and debugging. */
  bank(): i32 {
    return 0;
  }

  /** Appends the scheme's mutable state (banks, RAM, registers). */
  save(w: StateWriter): void {
    w.i32(this.typeId);
    this.saveScheme(w);
  }

  /** Reads what `save` wrote and rebuilds the page tables; fails the reader on a foreign scheme. */
  load(r: StateReader): void {
    if (r.i32() != this.typeId) {
      r.fail();
      return;
    }
    this.loadScheme(r);
  }

  protected saveScheme(w: StateWriter): void {}
  protected loadScheme(r: StateReader): void {}

  // Page-table helpers. `start`/`end` are offsets in the window (multiples of 64); `source` is the
  // address in linear memory of the byte that appears at offset `start`.

  protected mapRead(start: i32, end: i32, source: usize): void {
    for (let at = start; at < end; at += CART_PAGE_BYTES) {
      unchecked((this.readPages[at >> CART_PAGE_SHIFT] = source + <usize>(at - start)));
    }
  }

  protected mapWrite(start: i32, end: i32, target: usize): void {
    for (let at = start; at < end; at += CART_PAGE_BYTES) {
      unchecked((this.writePages[at >> CART_PAGE_SHIFT] = target + <usize>(at - start)));
    }
  }

  /** Both directions of [start, end) go to the scheme's device handlers. */
  protected mapDevice(start: i32, end: i32): void {
    for (let at = start; at < end; at += CART_PAGE_BYTES) {
      unchecked((this.readPages[at >> CART_PAGE_SHIFT] = 0));
      unchecked((this.writePages[at >> CART_PAGE_SHIFT] = 0));
    }
  }

  /** Read-only ROM for [start, end): direct reads, writes to the device handler (Stella's bank maps). */
  protected mapRom(start: i32, end: i32, source: usize): void {
    this.mapRead(start, end, source);
    for (let at = start; at < end; at += CART_PAGE_BYTES) unchecked((this.writePages[at >> CART_PAGE_SHIFT] = 0));
  }

  @inline protected romByte(offset: i32): u8 {
    return load<u8>(this.rom + <usize>offset);
  }

  @inline protected ctx(): CartContext {
    return this.context!;
  }
}

/** The empty slot: every access reaches the null device, which reads 0 (Stella's NullDevice). */
export class NoCart extends Cart {
  constructor() {
    super(NO_CART_TYPE);
  }

  reset(): void {}

  protected readDevice(address: u16): u8 {
    return 0;
  }

  protected peekDevice(address: u16): u8 {
    return 0;
  }
}
