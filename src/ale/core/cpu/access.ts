// The two bus-access models the executor is instantiated with. The executor describes every
// instruction as one sequence of bus accesses; a model decides which of them touch the bus and
// when cycles are charged. `B` is the bus (the real one, or the tracing wrapper used by tests);
// generics are monomorphised, so every hook below inlines into the executor.
import { ENTRY_NIBBLE_MASK, ENTRY_STELLA_CYCLES_SHIFT } from './opcodes';

/** 6502: pages are 256 bytes; indexing or branching into another page costs the high-byte fix-up. */
export const PAGE_MASK: u32 = 0xff00;
export const BYTE_MASK: u32 = 0xff;
/** The 6502's 16-bit address and PC arithmetic wraps at 64 KiB (the 6507 then decodes 13 lines). */
export const WORD_MASK: u32 = 0xffff;

/**
 * The real NMOS 6507, cycle by cycle ("64doc"): every cycle is one bus access and the bus charges it,
 * including the dummy reads (the byte after a one-byte opcode, the un-fixed address of an indexed
 * access, the base of a zero-page index, the next opcode of a taken branch) and the dummy write of
 * the unmodified value in read-modify-write instructions.
 */
export class NmosAccess<B> {
  constructor(readonly bus: B) {}

  @inline fetchOpcode(address: u32): u32 {
    return <u32>this.bus.read(<u16>address);
  }

  /** The chip charges nothing up front: each access is its own cycle. */
  @inline chargeInstruction(entry: u32): void {}

  @inline read(address: u32): u32 {
    return <u32>this.bus.read(<u16>address);
  }

  @inline write(address: u32, value: u32): void {
    this.bus.write(<u16>address, <u8>value);
  }

  @inline dummyRead(address: u32): void {
    this.bus.read(<u16>address);
  }

  @inline dummyWrite(address: u32, value: u32): void {
    this.bus.write(<u16>address, <u8>value);
  }

  /** Indexed read that crossed a page: the chip first reads the address with the high byte not yet fixed. */
  @inline pageCrossPenalty(unfixedAddress: u32): void {
    this.bus.read(<u16>unfixedAddress);
  }

  /** Taken branch: reads the next opcode while adding the offset, and again at the un-fixed target on a page crossing. */
  @inline branchTaken(pc: u32, target: u32): void {
    this.bus.read(<u16>pc);
    if ((pc ^ target) & PAGE_MASK) this.bus.read(<u16>((pc & PAGE_MASK) | (target & BYTE_MASK)));
  }

  /** The zero-page pointer's second byte: the chip wraps within page zero. */
  @inline pointerNext(pointer: u32): u32 {
    return (pointer + 1) & BYTE_MASK;
  }

  /**
   * SHA/SHX/SHY/TAS on the NMOS chip ("No More Secrets"): the value is the register ANDed with the
   * base address's high byte + 1; on a page crossing that value also replaces the target's high byte.
   * The write pattern's dummy read of the un-fixed address comes first.
   */
  @inline unstableStore(register: u32, base: u32, index: u32): void {
    const unfixed = (base & PAGE_MASK) | ((base + index) & BYTE_MASK);
    this.bus.read(<u16>unfixed);
    const value = register & (((base >> 8) + 1) & BYTE_MASK);
    const target = (base + index) & WORD_MASK;
    const address = (target ^ base) & PAGE_MASK ? (value << 8) | (target & BYTE_MASK) : target;
    this.bus.write(<u16>address, <u8>value);
  }
}

/**
 * ALE 0.12.1's CPU: Stella's "low compatibility" M6502Low, which ALE selects by default (setting
 * `cpu` = "low"). It fetches the opcode, then charges the instruction's whole base cycle count at once,
 * so every later access of the instruction happens at the instruction's end time. It performs no
 * dummy reads or dummy writes except the stack reads of JSR/RTS/RTI/PLA/PLP and the padding byte of
 * BRK; an indexed read that crosses a page charges its extra cycle before the read; a taken branch
 * charges 1 (2 across a page) after it.
 *
 * The bus charges one cycle per access, so each access here first takes that cycle back (unless the
 * bus offers untimed accesses, see `read`).
 */
export class StellaLowAccess<B> {
  constructor(readonly bus: B) {}

  /** Stella reads the opcode before charging the instruction: at the previous instruction's end time. */
  @inline fetchOpcode(address: u32): u32 {
    return this.read(address);
  }

  @inline chargeInstruction(entry: u32): void {
    this.bus.clock.cycles += <i64>((entry >> ENTRY_STELLA_CYCLES_SHIFT) & ENTRY_NIBBLE_MASK);
  }

  // A bus that offers accesses without the cycle charge (`readUntimed`/`writeUntimed`, resolved at
  // compile time) saves taking the charge back on every access, a serial read-modify-write of the clock.
  @inline read(address: u32): u32 {
    if (isDefined(this.bus.readUntimed)) return <u32>this.bus.readUntimed(<u16>address);
    this.bus.clock.cycles--;
    return <u32>this.bus.read(<u16>address);
  }

  @inline write(address: u32, value: u32): void {
    if (isDefined(this.bus.writeUntimed)) {
      this.bus.writeUntimed(<u16>address, <u8>value);
      return;
    }
    this.bus.clock.cycles--;
    this.bus.write(<u16>address, <u8>value);
  }

  @inline dummyRead(address: u32): void {}

  @inline dummyWrite(address: u32, value: u32): void {}

  @inline pageCrossPenalty(unfixedAddress: u32): void {
    this.bus.clock.cycles++;
  }

  @inline branchTaken(pc: u32, target: u32): void {
    this.bus.clock.cycles += (pc ^ target) & PAGE_MASK ? 2 : 1;
  }

  /** Stella adds 1 to the zero-page pointer without wrapping: pointer $FF reads its high byte from $0100. */
  @inline pointerNext(pointer: u32): u32 {
    return pointer + 1;
  }

  /** Stella's SHA/SHX/SHY/TAS: the register ANDed with the final address's high byte + 1, stored at the final address. */
  @inline unstableStore(register: u32, base: u32, index: u32): void {
    const target = (base + index) & WORD_MASK;
    this.write(target, register & ((target >> 8) + 1));
  }
}

