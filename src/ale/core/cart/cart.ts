// The cartridge interface every bankswitching scheme implements (one file per scheme).

/**
 * A cartridge sees every access with A12 high. Schemes whose hotspots or RAM live
 * outside the cartridge window (3F/3E write $00–$3F, FE watches the stack at $01FE,
 * 0840 decodes $0800/$0840) set `snoopsLowBus` and also get `snoop()` for accesses
 * with A12 low, after the TIA/RIOT handled them.
 */
export abstract class Cart {
  /** True when the scheme must also observe accesses outside $1000–$1FFF. */
  snoopsLowBus: bool = false;

  /** A read with bankswitching side effects (hotspots). `addr` is A0–A12. */
  abstract read(addr: u16): u8;
  /** The same byte as `read` without side effects (debuggers, ALE's RAM probes). */
  abstract peek(addr: u16): u8;
  abstract write(addr: u16, value: u8): void;
  /** Accesses with A12 low, for schemes with `snoopsLowBus`. */
  snoop(addr: u16, value: u8, isWrite: bool): void {}
  /** Power-on / reset: the bank the scheme starts in. */
  abstract reset(): void;
}
