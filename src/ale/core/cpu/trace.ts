// Test instrumentation: a bus wrapper that records every CPU access (address, value, direction and
// the cycle the chips see). The executor is instantiated separately for it, so the untraced hot
// path pays nothing.
import { Bus } from '../bus';
import { Clock } from '../clock';

/** Trace entry layout: bits 0–15 the 16-bit address the CPU drove, 16–23 the data byte, bit 24 set for a write. */
export const TRACE_VALUE_SHIFT: u32 = 16;
export const TRACE_WRITE_BIT: u32 = 1 << 24;

export class TracingBus {
  readonly clock: Clock;
  readonly entries: StaticArray<u32>;
  /** The cycle of each access (low 32 bits of Clock.cycles as the chip sees it). */
  readonly cycles: StaticArray<u32>;
  length: i32 = 0;
  /** Accesses that did not fit once the buffer was full. */
  dropped: i32 = 0;

  constructor(
    readonly bus: Bus,
    readonly capacity: i32,
  ) {
    this.clock = bus.clock;
    this.entries = new StaticArray<u32>(capacity);
    this.cycles = new StaticArray<u32>(capacity);
  }

  clear(): void {
    this.length = 0;
    this.dropped = 0;
  }

  private record(cycle: i64, address: u16, value: u8, isWrite: bool): void {
    const i = this.length;
    if (i >= this.capacity) {
      this.dropped++;
      return;
    }
    unchecked((this.cycles[i] = <u32>cycle));
    unchecked(
      (this.entries[i] = <u32>address | (<u32>value << TRACE_VALUE_SHIFT) | (isWrite ? TRACE_WRITE_BIT : 0)),
    );
    this.length = i + 1;
  }

  // The bus charges the cycle before the access, so the chips see the access at cycles + 1.
  @inline read(address: u16): u8 {
    const cycle = this.clock.cycles + 1;
    const value = this.bus.read(address);
    this.record(cycle, address, value, false);
    return value;
  }

  /** The same without the cycle charge, for the ALE model (falls back to taking the charge back). */
  @inline readUntimed(address: u16): u8 {
    if (isDefined(this.bus.readUntimed)) {
      const value = this.bus.readUntimed(address);
      this.record(this.clock.cycles, address, value, false);
      return value;
    }
    this.clock.cycles--;
    return this.read(address);
  }

  @inline writeUntimed(address: u16, value: u8): void {
    if (isDefined(this.bus.writeUntimed)) {
      this.record(this.clock.cycles, address, value, true);
      this.bus.writeUntimed(address, value);
      return;
    }
    this.clock.cycles--;
    this.write(address, value);
  }

  @inline write(address: u16, value: u8): void {
    this.record(this.clock.cycles + 1, address, value, true);
    this.bus.write(address, value);
  }
}
