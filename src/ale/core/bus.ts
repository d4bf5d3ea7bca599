// The 6507's bus: decodes each address by the chip-select lines and charges one cycle per access.
import { Cart } from './cart/cart';
import { Clock } from './clock';
import { ADDRESS_MASK, CART_SELECT, RIOT_IO_SELECT, RIOT_SELECT } from './constants';
import { Riot } from './riot/riot';
import { Tia } from './tia/tia';

export class Bus {
  cart: Cart | null = null;

  constructor(
    readonly clock: Clock,
    readonly tia: Tia,
    readonly riot: Riot,
  ) {}

  /** A CPU read: one cycle, with the side effects of the chip it selects. */
  @inline read(address: u16): u8 {
    this.clock.cycles++;
    const addr = address & ADDRESS_MASK;
    const cart = this.cart!;
    if (addr & CART_SELECT) return cart.read(addr);
    let value: u8;
    if (!(addr & RIOT_SELECT)) value = this.tia.read(addr);
    else if (!(addr & RIOT_IO_SELECT)) value = this.riot.readRam(addr);
    else value = this.riot.readIo(addr);
    if (cart.snoopsLowBus) cart.snoop(addr, value, false);
    return value;
  }

  /** A CPU write: one cycle. */
  @inline write(address: u16, value: u8): void {
    this.clock.cycles++;
    const addr = address & ADDRESS_MASK;
    const cart = this.cart!;
    if (addr & CART_SELECT) {
      cart.write(addr, value);
      return;
    }
    if (!(addr & RIOT_SELECT)) this.tia.write(addr, value);
    else if (!(addr & RIOT_IO_SELECT)) this.riot.writeRam(addr, value);
    else this.riot.writeIo(addr, value);
    if (cart.snoopsLowBus) cart.snoop(addr, value, true);
  }

  /** The byte a read would return, with no side effects and no cycle. */
  peek(address: u16): u8 {
    const addr = address & ADDRESS_MASK;
    if (addr & CART_SELECT) return this.cart!.peek(addr);
    if (!(addr & RIOT_SELECT)) return this.tia.peek(addr);
    if (!(addr & RIOT_IO_SELECT)) return this.riot.readRam(addr);
    return this.riot.peekIo(addr);
  }
}
