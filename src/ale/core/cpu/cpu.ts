// 6507 CPU: registers, flags and the operations; execute.ts drives them with the bus accesses.
import { Bus } from '../bus';
import { StateReader, StateWriter } from '../state';
import { NmosAccess, StellaLowAccess } from './access';
import { executeAle } from './ale-execute';
import { execute } from './execute';
import { Op } from './opcodes';
import { TracingBus } from './trace';

/** 6502: the reset vector lives at $FFFC/$FFFD (on the 6507, $1FFC/$1FFD). */
export const RESET_VECTOR: u16 = 0xfffc;
/** 6502: BRK (and IRQ, which the 6507 lacks) jumps through $FFFE/$FFFF. */
export const BREAK_VECTOR: u32 = 0xfffe;
/** 6502: the stack lives in page one ($0100–$01FF; on the 2600 that is TIA and RIOT RAM mirrors). */
export const STACK_PAGE: u32 = 0x0100;

/** ALE's Stella (M6502::reset): A = X = Y = 0, SP = $FF, every flag clear; the PC comes from the reset vector. */
export const RESET_SP: u8 = 0xff;

// Status register bits as PHP pushes them: N V 1 B D I Z C.
export const FLAG_C: u32 = 0x01;
export const FLAG_Z: u32 = 0x02;
export const FLAG_I: u32 = 0x04;
export const FLAG_D: u32 = 0x08;
/** B and bit 5 do not exist in the chip; they read as 1 in every pushed copy (and in Stella's PS()). */
export const FLAG_B: u32 = 0x10;
export const FLAG_UNUSED: u32 = 0x20;
export const FLAG_V: u32 = 0x40;
export const FLAG_N: u32 = 0x80;

/** Which CPU to emulate. */
export const enum CpuModel {
  /**
   * ALE 0.12.1's CPU (Stella's M6502Low, ALE's default): base cycles charged at the opcode fetch,
   * no dummy accesses, Stella's decimal arithmetic. Reproduces native ALE; the default.
   */
  Ale = 0,
  /** The real NMOS 6507, cycle by cycle, with NMOS decimal-mode behaviour. */
  Nmos = 1,
}

/** `status` bits. */
export const CPU_STOP_REQUESTED: u32 = 1;
export const CPU_JAMMED: u32 = 2;

/**
 * ANE/LXA OR the accumulator with a chip-dependent constant before the AND; "64doc" and ALE's Stella
 * use $EE.
 */
export const ANE_LXA_MAGIC: u32 = 0xee;

/** Accesses a test trace keeps (see startTrace). */
export const TRACE_CAPACITY: i32 = 16384;

const BYTE: u32 = 0xff;
const SIGN_BIT: u32 = 0x80;
/** BCD: a digit above 9 is corrected by adding 6 (skipping $A–$F). */
const BCD_DIGIT_FIX: u32 = 0x06;
const BCD_HIGH_DIGIT_FIX: u32 = 0x60;
const DECIMAL_BASE: i32 = 100;

/** Stella converts a byte to a number as (high nibble × 10 + low nibble); invalid digits count as 10–15. */
@inline function bcdToNumber(b: u32): u32 {
  return (b >> 4) * 10 + (b & 0xf);
}

/** Stella's number → BCD byte, modulo 100. */
@inline function numberToBcd(n: u32): u32 {
  return (((n % 100) / 10) << 4) | (n % 10);
}

/**
 * The 6507. Registers are plain fields; the flags are kept in a form cheap to update (read `p`, write
 * with `setP`). Drive it with `run(maxInstructions)` (the frame loop) or `step()`; `stop()` ends a run
 * after the current instruction; `jammed` reports a JAM (only `reset()` clears it). Every cycle is
 * charged through the bus's clock; `model` picks ALE's Stella CPU (default) or the cycle-exact chip.
 */
export class Cpu {
  a: u8 = 0;
  x: u8 = 0;
  y: u8 = 0;
  sp: u8 = RESET_SP;
  pc: u16 = 0;
  /** N is bit 7 of this value (so one store sets N and Z from a result). */
  flagN: u32 = 0;
  /** Z is set exactly when this value is 0. */
  flagZ: u32 = 1;
  /** 0 or 1. */
  flagC: u32 = 0;
  /** 0 or 1. */
  flagV: u32 = 0;
  flagD: bool = false;
  flagI: bool = false;
  /** CPU_STOP_REQUESTED | CPU_JAMMED; `run` executes only while it is 0. */
  status: u32 = 0;
  model: CpuModel = CpuModel.Ale;
  /**
   * Whether ALE's CPU runs on the specialised executor (ale-execute.ts) rather than the generic one
   * it must match; tests turn it off to compare the two.
   */
  fastExecutor: bool = true;
  /** Hand-over from the fast executor (ale-execute.ts): why it returned, and the access it left to make. */
  fastExit: i32 = 0;
  fastAddress: u32 = 0;
  fastValue: u32 = 0;
  fastLeft: i32 = 0;
  /** Where the fast executor copies an instruction's bytes that do not lie in one page. */
  readonly fetchScratch: StaticArray<u8> = new StaticArray<u8>(4);

  private readonly nmos: NmosAccess<Bus>;
  private readonly ale: StellaLowAccess<Bus>;
  private traceBus: TracingBus | null = null;
  private nmosTraced: NmosAccess<TracingBus> | null = null;
  private aleTraced: StellaLowAccess<TracingBus> | null = null;
  private tracing: bool = false;

  constructor(private readonly bus: Bus) {
    this.nmos = new NmosAccess<Bus>(bus);
    this.ale = new StellaLowAccess<Bus>(bus);
  }

  /** The status register as PHP would push it (B and bit 5 set, as in Stella's PS()). */
  get p(): u8 {
    return <u8>(
      ((this.flagN & FLAG_N) |
        (this.flagV << 6) |
        FLAG_UNUSED |
        FLAG_B |
        (this.flagD ? FLAG_D : 0) |
        (this.flagI ? FLAG_I : 0) |
        (this.flagZ == 0 ? FLAG_Z : 0) |
        this.flagC)
    );
  }

  /** Loads the flags from a status byte (PLP/RTI); B and bit 5 are not stored. */
  setP(value: u32): void {
    this.flagN = value & FLAG_N;
    this.flagV = (value >> 6) & 1;
    this.flagD = (value & FLAG_D) != 0;
    this.flagI = (value & FLAG_I) != 0;
    this.flagZ = (value & FLAG_Z) ^ FLAG_Z;
    this.flagC = value & FLAG_C;
  }

  /** True after a JAM opcode: the CPU executes nothing (and no time passes) until reset. */
  get jammed(): bool {
    return (this.status & CPU_JAMMED) != 0;
  }

  /**
   * ALE's Stella reset: registers and flags as RESET_SP documents, then the PC from the reset vector,
   * read through the side-effecting path (as Stella's System::peek does) without charging a cycle.
   */
  reset(): void {
    this.status = 0;
    this.a = 0;
    this.x = 0;
    this.y = 0;
    this.sp = RESET_SP;
    this.setP(0);
    const clock = this.bus.clock;
    clock.cycles--;
    const low = <u16>this.bus.read(RESET_VECTOR);
    clock.cycles--;
    const high = <u16>this.bus.read(RESET_VECTOR + 1);
    this.pc = low | (high << 8);
  }

  /**
   * Appends the CPU's state for cloneState: A, X, Y, SP, PC, P, and whether it is jammed. The model is
   * a setting, not state; a pending stop request is transient and not saved.
   */
  save(w: StateWriter): void {
    w.u8(this.a);
    w.u8(this.x);
    w.u8(this.y);
    w.u8(this.sp);
    w.u16(this.pc);
    w.u8(this.p);
    w.u8(<u8>(this.status & CPU_JAMMED));
  }

  /** Reads back what `save` wrote; marks the reader failed on a status byte `save` cannot produce. */
  load(r: StateReader): void {
    this.a = r.u8();
    this.x = r.u8();
    this.y = r.u8();
    this.sp = r.u8();
    this.pc = r.u16();
    this.setP(r.u8());
    const status = <u32>r.u8();
    if (status & ~CPU_JAMMED) r.fail();
    this.status = status & CPU_JAMMED;
  }

  /** Ends `run` after the current instruction (Stella's M6502::stop; the TIA calls it when a frame ends). */
  stop(): void {
    this.status |= CPU_STOP_REQUESTED;
  }

  /**
   * Executes up to `maxInstructions` whole instructions; returns how many ran. Stops early after an
   * instruction during which `stop()` was called, or when the CPU jams (then returns without
   * executing anything until `reset`). A new call clears an earlier stop request.
   */
  run(maxInstructions: i32): i32 {
    this.status &= CPU_JAMMED;
    if (this.tracing) {
      return this.model == CpuModel.Nmos
        ? execute(this, this.nmosTraced!, maxInstructions)
        : execute(this, this.aleTraced!, maxInstructions);
    }
    return this.model == CpuModel.Nmos
      ? execute(this, this.nmos, maxInstructions)
      : this.fastExecutor
        ? executeAle(this, this.bus, this.ale, maxInstructions)
        : execute(this, this.ale, maxInstructions);
  }

  /** Executes one instruction; false when the CPU is jammed (nothing ran, no cycle passed). */
  step(): bool {
    return this.run(1) == 1;
  }

  /** Test instrumentation: from now on record every bus access the CPU makes (up to TRACE_CAPACITY). */
  startTrace(): TracingBus {
    let traceBus = this.traceBus;
    if (traceBus == null) {
      traceBus = new TracingBus(this.bus, TRACE_CAPACITY);
      this.traceBus = traceBus;
      this.nmosTraced = new NmosAccess<TracingBus>(traceBus);
      this.aleTraced = new StellaLowAccess<TracingBus>(traceBus);
    }
    traceBus.clear();
    this.tracing = true;
    return traceBus;
  }

  stopTrace(): void {
    this.tracing = false;
  }

  get trace(): TracingBus | null {
    return this.traceBus;
  }

  // ---- Operations (called by the executor) ----

  @inline setNZ(value: u32): void {
    this.flagN = value;
    this.flagZ = value;
  }

  @inline private compare(register: u32, value: u32): void {
    this.flagC = register >= value ? 1 : 0;
    this.setNZ((register - value) & BYTE);
  }

  @inline private adcBinary(value: u32): void {
    const a = <u32>this.a;
    const sum = a + value + this.flagC;
    // Signed overflow: both inputs have the same sign and the result's sign differs.
    this.flagV = ((~(a ^ value) & (a ^ sum)) >> 7) & 1;
    this.flagC = sum >> 8;
    const result = sum & BYTE;
    this.a = <u8>result;
    this.setNZ(result);
  }

  adc(value: u32): void {
    if (!this.flagD) this.adcBinary(value);
    else if (this.model == CpuModel.Nmos) this.adcDecimalNmos(value);
    else this.adcDecimalAle(value);
  }

  sbc(value: u32): void {
    if (!this.flagD) this.adcBinary(value ^ BYTE);
    else if (this.model == CpuModel.Nmos) this.sbcDecimalNmos(value);
    else this.sbcDecimalAle(value);
  }

  /**
   * NMOS decimal ADC ("64doc"): add the low digits and fix them up, add the high digits; N and V come
   * from that intermediate sum, Z from the plain binary sum, then the high digit is fixed and C set.
   */
  private adcDecimalNmos(value: u32): void {
    const a = <u32>this.a;
    const carry = this.flagC;
    let low = (a & 0xf) + (value & 0xf) + carry;
    if (low > 9) low += BCD_DIGIT_FIX;
    let sum = (a & 0xf0) + (value & 0xf0) + (low > 0xf ? 0x10 + (low & 0xf) : low);
    this.flagZ = (a + value + carry) & BYTE;
    this.flagN = sum & SIGN_BIT;
    this.flagV = ((~(a ^ value) & (a ^ sum)) >> 7) & 1;
    if (sum > 0x9f) sum += BCD_HIGH_DIGIT_FIX;
    this.flagC = sum > BYTE ? 1 : 0;
    this.a = <u8>sum;
  }

  /**
   * NMOS decimal SBC ("64doc"): every flag is the binary subtraction's; only A is decimal-adjusted,
   * digit by digit, subtracting 6 from a digit that borrowed.
   */
  private sbcDecimalNmos(value: u32): void {
    const a = <i32>this.a;
    const v = <i32>value;
    const borrow = 1 - <i32>this.flagC;
    this.adcBinary(value ^ BYTE);
    let low = (a & 0xf) - (v & 0xf) - borrow;
    let result =
      low < 0 ? ((low - <i32>BCD_DIGIT_FIX) & 0xf) - 0x10 + (a & 0xf0) - (v & 0xf0) : low + (a & 0xf0) - (v & 0xf0);
    if (result < 0) result -= <i32>BCD_HIGH_DIGIT_FIX;
    this.a = <u8>result;
  }

  /**
   * ALE's Stella decimal ADC: both bytes converted to numbers (bcdToNumber), added with carry, C set
   * above 99, the sum's low byte converted back (numberToBcd); N and Z from that result, and V set when
   * the result's sign differs from both A's and the operand's.
   */
  private adcDecimalAle(value: u32): void {
    const a = <u32>this.a;
    const sum = bcdToNumber(a) + bcdToNumber(value) + this.flagC;
    this.flagC = sum > 99 ? 1 : 0;
    const result = numberToBcd(sum & BYTE);
    this.a = <u8>result;
    this.setNZ(result);
    this.flagV = ((a ^ result) & (result ^ value) & SIGN_BIT) != 0 ? 1 : 0;
  }

  /**
   * ALE's Stella decimal SBC: the numbers subtracted with borrow, 100 added when negative, converted
   * back; C is the unsigned comparison A ≥ operand + borrow; N, Z and V as in adcDecimalAle. With invalid
   * digits the difference can stay negative (down to -66): Stella then indexes its number → BCD table
   * before its start, which lands in its BCD → number table at 256 + difference.
   */
  private sbcDecimalAle(value: u32): void {
    const a = <u32>this.a;
    const borrow = 1 - this.flagC;
    let difference = <i32>bcdToNumber(a) - <i32>bcdToNumber(value) - <i32>borrow;
    if (difference < 0) difference += DECIMAL_BASE;
    const result = difference >= 0 ? numberToBcd(<u32>difference) : bcdToNumber(<u32>(256 + difference));
    this.flagC = a >= value + borrow ? 1 : 0;
    this.a = <u8>result;
    this.setNZ(result);
    this.flagV = ((a ^ result) & (result ^ value) & SIGN_BIT) != 0 ? 1 : 0;
  }

  /**
   * ARR: AND, then rotate right through carry. Binary: C = bit 6, V = bit 6 XOR bit 5 of the result.
   * Decimal ("64doc", also ALE's Stella): N and Z from the rotated value, V = bit 6 changed by the
   * rotation, then each digit of the AND result that exceeds 5 (counting its low bit twice) is fixed
   * up, and C is set by the high digit's fix-up.
   */
  private arr(value: u32): void {
    const anded = <u32>this.a & value;
    let result = (anded >> 1) | (this.flagC << 7);
    this.setNZ(result);
    if (!this.flagD) {
      this.flagC = (result >> 6) & 1;
      this.flagV = ((result >> 6) ^ (result >> 5)) & 1;
    } else {
      this.flagV = ((anded ^ result) >> 6) & 1;
      if ((anded & 0xf) + (anded & 0x1) > 5) result = (result & 0xf0) | ((result + BCD_DIGIT_FIX) & 0xf);
      if ((anded & 0xf0) + (anded & 0x10) > 0x50) {
        result = (result + BCD_HIGH_DIGIT_FIX) & BYTE;
        this.flagC = 1;
      } else {
        this.flagC = 0;
      }
    }
    this.a = <u8>result;
  }

  /** A read operation on its operand value. */
  @inline readOperation(op: i32, value: u32): void {
    switch (op) {
      case Op.LDA:
        this.a = <u8>value;
        this.setNZ(value);
        return;
      case Op.LDX:
        this.x = <u8>value;
        this.setNZ(value);
        return;
      case Op.LDY:
        this.y = <u8>value;
        this.setNZ(value);
        return;
      case Op.LAX:
        this.a = <u8>value;
        this.x = <u8>value;
        this.setNZ(value);
        return;
      case Op.AND: {
        const r = <u32>this.a & value;
        this.a = <u8>r;
        this.setNZ(r);
        return;
      }
      case Op.ORA: {
        const r = <u32>this.a | value;
        this.a = <u8>r;
        this.setNZ(r);
        return;
      }
      case Op.EOR: {
        const r = <u32>this.a ^ value;
        this.a = <u8>r;
        this.setNZ(r);
        return;
      }
      case Op.ADC:
        this.adc(value);
        return;
      case Op.SBC:
        this.sbc(value);
        return;
      case Op.CMP:
        this.compare(<u32>this.a, value);
        return;
      case Op.CPX:
        this.compare(<u32>this.x, value);
        return;
      case Op.CPY:
        this.compare(<u32>this.y, value);
        return;
      case Op.BIT:
        this.flagZ = <u32>this.a & value;
        this.flagN = value;
        this.flagV = (value >> 6) & 1;
        return;
      case Op.NOP:
        return;
      case Op.ANC: {
        const r = <u32>this.a & value;
        this.a = <u8>r;
        this.setNZ(r);
        this.flagC = r >> 7;
        return;
      }
      case Op.ALR: {
        const r = <u32>this.a & value;
        this.flagC = r & 1;
        this.a = <u8>(r >> 1);
        this.setNZ(r >> 1);
        return;
      }
      case Op.ARR:
        this.arr(value);
        return;
      case Op.SBX: {
        const ax = <u32>this.a & <u32>this.x;
        this.flagC = ax >= value ? 1 : 0;
        const r = (ax - value) & BYTE;
        this.x = <u8>r;
        this.setNZ(r);
        return;
      }
      case Op.ANE: {
        const r = (<u32>this.a | ANE_LXA_MAGIC) & <u32>this.x & value;
        this.a = <u8>r;
        this.setNZ(r);
        return;
      }
      case Op.LXA: {
        const r = (<u32>this.a | ANE_LXA_MAGIC) & value;
        this.a = <u8>r;
        this.x = <u8>r;
        this.setNZ(r);
        return;
      }
      case Op.LAS: {
        const r = <u32>this.sp & value;
        this.a = <u8>r;
        this.x = <u8>r;
        this.sp = <u8>r;
        this.setNZ(r);
        return;
      }
    }
  }

  /** The value a write operation stores. */
  @inline store(op: i32): u32 {
    switch (op) {
      case Op.STA:
        return this.a;
      case Op.STX:
        return this.x;
      case Op.STY:
        return this.y;
    }
    return <u32>this.a & <u32>this.x; // SAX
  }

  /** The register SHA/SHX/SHY/TAS AND into memory; TAS first sets SP = A & X. */
  @inline unstableSource(op: i32): u32 {
    switch (op) {
      case Op.SHX:
        return this.x;
      case Op.SHY:
        return this.y;
      case Op.TAS:
        this.sp = this.a & this.x;
        return this.sp;
    }
    return <u32>this.a & <u32>this.x; // SHA
  }

  /** A read-modify-write operation: returns the value written back. */
  @inline modify(op: i32, value: u32): u32 {
    let r: u32 = 0;
    switch (op) {
      case Op.ASL:
        this.flagC = value >> 7;
        r = (value << 1) & BYTE;
        this.setNZ(r);
        return r;
      case Op.LSR:
        this.flagC = value & 1;
        r = value >> 1;
        this.setNZ(r);
        return r;
      case Op.ROL:
        r = ((value << 1) | this.flagC) & BYTE;
        this.flagC = value >> 7;
        this.setNZ(r);
        return r;
      case Op.ROR:
        r = (value >> 1) | (this.flagC << 7);
        this.flagC = value & 1;
        this.setNZ(r);
        return r;
      case Op.INC:
        r = (value + 1) & BYTE;
        this.setNZ(r);
        return r;
      case Op.DEC:
        r = (value - 1) & BYTE;
        this.setNZ(r);
        return r;
      case Op.SLO: {
        this.flagC = value >> 7;
        r = (value << 1) & BYTE;
        const a = <u32>this.a | r;
        this.a = <u8>a;
        this.setNZ(a);
        return r;
      }
      case Op.RLA: {
        r = ((value << 1) | this.flagC) & BYTE;
        this.flagC = value >> 7;
        const a = <u32>this.a & r;
        this.a = <u8>a;
        this.setNZ(a);
        return r;
      }
      case Op.SRE: {
        this.flagC = value & 1;
        r = value >> 1;
        const a = <u32>this.a ^ r;
        this.a = <u8>a;
        this.setNZ(a);
        return r;
      }
      case Op.RRA:
        r = (value >> 1) | (this.flagC << 7);
        this.flagC = value & 1;
        this.adc(r);
        return r;
      case Op.DCP:
        r = (value - 1) & BYTE;
        this.compare(<u32>this.a, r);
        return r;
      case Op.ISB:
        r = (value + 1) & BYTE;
        this.sbc(r);
        return r;
    }
    return r;
  }

  /** Register and flag instructions. */
  @inline implied(op: i32): void {
    switch (op) {
      case Op.CLC:
        this.flagC = 0;
        return;
      case Op.SEC:
        this.flagC = 1;
        return;
      case Op.CLI:
        this.flagI = false;
        return;
      case Op.SEI:
        this.flagI = true;
        return;
      case Op.CLV:
        this.flagV = 0;
        return;
      case Op.CLD:
        this.flagD = false;
        return;
      case Op.SED:
        this.flagD = true;
        return;
      case Op.INX:
        this.x++;
        this.setNZ(this.x);
        return;
      case Op.INY:
        this.y++;
        this.setNZ(this.y);
        return;
      case Op.DEX:
        this.x--;
        this.setNZ(this.x);
        return;
      case Op.DEY:
        this.y--;
        this.setNZ(this.y);
        return;
      case Op.TAX:
        this.x = this.a;
        this.setNZ(this.a);
        return;
      case Op.TAY:
        this.y = this.a;
        this.setNZ(this.a);
        return;
      case Op.TXA:
        this.a = this.x;
        this.setNZ(this.x);
        return;
      case Op.TYA:
        this.a = this.y;
        this.setNZ(this.y);
        return;
      case Op.TSX:
        this.x = this.sp;
        this.setNZ(this.sp);
        return;
      case Op.TXS:
        this.sp = this.x;
        return;
    }
    // NOP
  }

  @inline branchCondition(op: i32): bool {
    switch (op) {
      case Op.BPL:
        return (this.flagN & FLAG_N) == 0;
      case Op.BMI:
        return (this.flagN & FLAG_N) != 0;
      case Op.BVC:
        return this.flagV == 0;
      case Op.BVS:
        return this.flagV != 0;
      case Op.BCC:
        return this.flagC == 0;
      case Op.BCS:
        return this.flagC != 0;
      case Op.BNE:
        return this.flagZ != 0;
    }
    return this.flagZ == 0; // BEQ
  }
}
