// The 6507's bus: decodes each address by the chip-select lines and charges one cycle per access.
import { Cart } from './cart/cart';
import { Clock } from './clock';
import { ADDRESS_MASK, CART_SELECT, RIOT_IO_SELECT, RIOT_SELECT } from './constants';
import { Riot } from './riot/riot';
import { Tia } from './tia/tia';

export class Bus {
  cart: Cart | null = null;
  /**
   * The last byte the data bus carried (Stella's System data-bus state): TIA reads leave D0–D5
   * undriven, so they return these bits of it.
   */
  dataBus: u8 = 0;
  /** Whether the last access was a read (Stella: WSYNC halts the CPU only when written after a read). */
  lastAccessWasRead: bool = true;

  constructor(
    readonly clock: Clock,
    readonly tia: Tia,
    readonly riot: Riot,
  ) {}

  /** A CPU read: one cycle, with the side effects of the chip it selects. */
  @inline read(address: u16): u8 {
    this.clock.cycles++;
    return this.readUntimed(address);
  }

  /**
   * A read at the current clock without charging a cycle: ALE's default CPU (Stella's M6502Low)
   * charges a whole instruction's cycles up front, then makes its accesses at that time.
   */
  @inline readUntimed(address: u16): u8 {
    const addr = address & ADDRESS_MASK;
    const cart = this.cart!;
    let value: u8;
    // Carts get the CPU's full 16-bit address, as in Stella (its FE scheme decodes A13).
    if (addr & CART_SELECT) {
      value = cart.read(address);
    } else {
      if (!(addr & RIOT_SELECT)) value = this.tia.read(addr, this.dataBus);
      else if (!(addr & RIOT_IO_SELECT)) value = this.riot.readRam(addr);
      else value = this.riot.readIo(addr);
      // A snooping cart may answer instead (Stella's 3F/3E own the $00–$3F page).
      if (cart.snoopsLowBus) value = cart.snoop(address, value, false);
    }
    this.dataBus = value;
    this.lastAccessWasRead = true;
    return value;
  }

  /** A CPU write: one cycle. */
  @inline write(address: u16, value: u8): void {
    this.clock.cycles++;
    this.writeUntimed(address, value);
  }

  /** A write at the current clock without charging a cycle (see `readUntimed`). */
  @inline writeUntimed(address: u16, value: u8): void {
    const addr = address & ADDRESS_MASK;
    const cart = this.cart!;
    if (addr & CART_SELECT) {
      cart.write(address, value);
    } else {
      if (!(addr & RIOT_SELECT)) this.tia.write(addr, value, this.lastAccessWasRead);
      else if (!(addr & RIOT_IO_SELECT)) this.riot.writeRam(addr, value);
      else this.riot.writeIo(addr, value);
      if (cart.snoopsLowBus) cart.snoop(address, value, true);
    }
    this.dataBus = value;
    this.lastAccessWasRead = false;
  }

  /** The byte a read would return, with no side effects and no cycle. */
  peek(address: u16): u8 {
    const addr = address & ADDRESS_MASK;
    if (addr & CART_SELECT) return this.cart!.peek(address);
    if (!(addr & RIOT_SELECT)) return this.tia.peek(addr, this.dataBus);
    if (!(addr & RIOT_IO_SELECT)) return this.riot.readRam(addr);
    return this.riot.peekIo(addr);
  }
}
