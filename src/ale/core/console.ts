// The Atari 2600: the chips wired to one bus and one clock, and the frame loop ALE drives.
import { Bus } from './bus';
import { Cart } from './cart/cart';
import { Clock } from './clock';
import { Cpu } from './cpu/cpu';
import { Riot } from './riot/riot';
import { Tia } from './tia/tia';

export class Console {
  readonly tia: Tia;
  readonly riot: Riot;
  readonly bus: Bus;
  readonly cpu: Cpu;

  constructor(readonly clock: Clock = new Clock()) {
    const tia = new Tia(clock);
    const riot = new Riot(clock);
    const bus = new Bus(clock, tia, riot);
    this.tia = tia;
    this.riot = riot;
    this.bus = bus;
    this.cpu = new Cpu(bus);
  }

  insertCart(cart: Cart): void {
    this.bus.cart = cart;
  }

  /** Power-on reset of every chip, then the CPU's reset sequence. */
  reset(): void {
    this.clock.cycles = 0;
    this.tia.reset();
    this.riot.reset();
    this.bus.cart!.reset();
    this.cpu.reset();
  }

  /** Runs whole instructions until at least `cycles` more CPU cycles have passed. */
  runCycles(cycles: i64): void {
    const target = this.clock.cycles + cycles;
    while (this.clock.cycles < target) this.cpu.step();
  }
}
