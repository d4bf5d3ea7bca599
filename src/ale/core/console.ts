// The Atari 2600: the chips wired to one bus and one clock, and the frame loop ALE drives.
import { Bus } from './bus';
import { Cart, CartContext } from './cart/cart';
import { CartSlot } from './cart/index';
import { Clock } from './clock';
import { Cpu } from './cpu/cpu';
import { DEFAULT_SYSTEM_SEED, Random, RANDOM_STATE_BYTES } from './random';
import { Riot } from './riot/riot';
import { StateReader, StateWriter } from './state';
import { Tia } from './tia/tia';

/**
 * Stella's TIA::update runs at most this many instructions per call, so a ROM that never ends its
 * frame (no VSYNC, no TIA write past the scanline cap) cannot hang the emulator.
 */
export const INSTRUCTIONS_PER_FRAME: i32 = 25000;

export class Console {
  readonly tia: Tia;
  readonly riot: Riot;
  readonly bus: Bus;
  readonly cpu: Cpu;
  /** Stella's System::rng(): power-on RAM, the RIOT timer and cartridge RAM are drawn from it. */
  readonly rng: Random;
  /** ALE's `system_random_seed` setting; `powerOn` seeds the generator with it. */
  systemSeed: u32 = DEFAULT_SYSTEM_SEED;
  readonly cartContext: CartContext;
  /** The cartridge slot; holds the empty cart until a ROM loads. */
  readonly carts: CartSlot = new CartSlot();
  /** Where the system generator is staged on its way into and out of a snapshot. */
  private readonly rngStaging: StaticArray<u8> = new StaticArray<u8>(RANDOM_STATE_BYTES);

  constructor(readonly clock: Clock = new Clock()) {
    // The fast CPU (cpu/ale-execute.ts) stores Bus.dataBus and Bus.lastAccessWasRead as one 16-bit word.
    if (offsetof<Bus>('lastAccessWasRead') != offsetof<Bus>('dataBus') + 1) abort('Bus: dataBus and lastAccessWasRead must be adjacent');
    const rng = new Random();
    const tia = new Tia(clock);
    const riot = new Riot(clock, rng);
    const bus = new Bus(clock, tia, riot);
    this.rng = rng;
    this.tia = tia;
    this.riot = riot;
    this.bus = bus;
    this.cpu = new Cpu(bus);
    this.cartContext = new CartContext(bus, rng);
    bus.cart = this.carts.cart;
    tia.cpu = this.cpu;
  }

  insertCart(cart: Cart): void {
    this.bus.cart = cart;
  }

  /**
   * Inserts `size` bytes at `rom` as `cartType` (CartType.Auto: detect as Stella does). Returns the
   * type used or a negative CART_ERROR_* code; on error the slot is left empty (reads give 0).
   */
  loadCart(rom: usize, size: i32, cartType: i32): i32 {
    const result = this.carts.insert(rom, size, cartType, this.cartContext);
    this.bus.cart = this.carts.cart;
    return result;
  }

  /**
   * What building a console does in Stella before its first system reset: seed the system generator,
   * then the RIOT's constructor (128 RAM bytes, then a timer draw). Follow with `reset()`.
   */
  powerOn(): void {
    // Stella builds a new TIA with each console, so no frame is in progress at power-on; a reused
    // instance may have been left mid-frame (instruction cap) by the previous ROM.
    this.tia.partialFrame = false;
    this.rng.seed(this.systemSeed);
    this.riot.powerOn();
  }

  /** Power-on reset of every chip, then the CPU's reset sequence. */
  reset(): void {
    this.clock.cycles = 0;
    this.tia.reset();
    this.riot.reset();
    this.bus.cart!.reset();
    this.cpu.reset();
  }

  /**
   * One ALE frame (Stella's TIA::update): starts a frame unless the last one is unfinished, runs the
   * CPU until a write ends the frame (VSYNC cleared after a line of VSYNC, or a write past the
   * scanline cap) or INSTRUCTIONS_PER_FRAME instructions ran. Returns FRAME_COMPLETE,
   * FRAME_SCANLINE_CAP or FRAME_PARTIAL (tia/tia.ts); a partial frame continues on the next call.
   */
  runFrame(): i32 {
    this.tia.beginFrame();
    this.cpu.run(INSTRUCTIONS_PER_FRAME);
    return this.tia.endFrame();
  }

  /**
   * The whole machine for cloneState (Stella saves the system's cycle count and generator, then each
   * device): cycle count, data-bus state, CPU, RIOT, cartridge, TIA, system generator.
   */
  save(w: StateWriter): void {
    this.saveChips(w);
    const staging = changetype<usize>(this.rngStaging);
    this.rng.save(staging);
    w.bytes(staging, RANDOM_STATE_BYTES);
  }

  /** Reads what `save` wrote; fails the reader on a state that is not one of this cartridge. */
  load(r: StateReader): void {
    this.loadChips(r);
    const staging = changetype<usize>(this.rngStaging);
    r.bytes(staging, RANDOM_STATE_BYTES);
    if (!this.rng.load(staging)) r.fail();
  }

  /**
   * A frame checkpoint (lazy-screen.ts): the chips as `save` writes them, without the system
   * generator (only power-on and resets draw from it, never a frame) but with the input pins, which
   * a state leaves to the caller: rerunning a frame needs the inputs it ran with.
   */
  saveFrameCheckpoint(w: StateWriter): void {
    this.saveChips(w);
    this.riot.saveInputs(w);
    this.tia.saveInputs(w);
  }

  loadFrameCheckpoint(r: StateReader): void {
    this.loadChips(r);
    this.riot.loadInputs(r);
    this.tia.loadInputs(r);
  }

  private saveChips(w: StateWriter): void {
    w.i64(this.clock.cycles);
    w.u8(this.bus.dataBus);
    w.bool(this.bus.lastAccessWasRead);
    this.cpu.save(w);
    this.riot.save(w);
    this.carts.cart.save(w);
    this.tia.save(w);
  }

  private loadChips(r: StateReader): void {
    this.clock.cycles = r.i64();
    this.bus.dataBus = r.u8();
    this.bus.lastAccessWasRead = r.bool();
    this.cpu.load(r);
    this.riot.load(r);
    this.carts.cart.load(r);
    this.tia.load(r);
  }

  /** Runs whole instructions until at least `cycles` more CPU cycles have passed. */
  runCycles(cycles: i64): void {
    const target = this.clock.cycles + cycles;
    while (this.clock.cycles < target) {
      // A jammed CPU lets no time pass (as in ALE), so stop rather than spin.
      if (!this.cpu.step()) break;
    }
  }
}
