// The 6507 instruction set as data: for each of the 256 opcodes, its operation, addressing mode,
// base cycle count and mnemonic. The executor (execute.ts) dispatches on the access pattern
// (addressing mode × how the operation uses the bus) and then on the operation.

/**
 * Operations, grouped by how they use the bus so each group forms a dense range
 * (one jump table per group in the executor). Keep groups contiguous: `kindOf`
 * classifies by range.
 */
export const enum Op {
  // Read: the operand value feeds registers/flags.
  LDA, LDX, LDY, LAX, AND, ORA, EOR, ADC, SBC, CMP, CPX, CPY, BIT, NOP,
  ANC, ALR, ARR, SBX, ANE, LXA, LAS,
  // Write: a register value goes to memory.
  STA, STX, STY, SAX,
  // Unstable stores: the stored value (and on a page crossing, the address) depend on the address high byte.
  SHA, SHX, SHY, TAS,
  // Read-modify-write (also the accumulator forms of the shifts).
  ASL, LSR, ROL, ROR, INC, DEC, SLO, RLA, SRE, RRA, DCP, ISB,
  // Implied: registers and flags only.
  CLC, SEC, CLI, SEI, CLV, CLD, SED, INX, INY, DEX, DEY, TAX, TAY, TXA, TYA, TSX, TXS,
  // Conditional branches.
  BPL, BMI, BVC, BVS, BCC, BCS, BNE, BEQ,
  // Control flow and stack: each has its own access sequence.
  JMP, JSR, RTS, RTI, BRK, PHA, PHP, PLA, PLP,
  // Halts the CPU until reset (KIL).
  JAM,
  COUNT,
}

export const enum OpKind {
  Read,
  Write,
  UnstableStore,
  Modify,
  Implied,
  Branch,
  Control,
  Jam,
}

export function kindOf(op: Op): OpKind {
  if (op <= Op.LAS) return OpKind.Read;
  if (op <= Op.SAX) return OpKind.Write;
  if (op <= Op.TAS) return OpKind.UnstableStore;
  if (op <= Op.ISB) return OpKind.Modify;
  if (op <= Op.TXS) return OpKind.Implied;
  if (op <= Op.BEQ) return OpKind.Branch;
  if (op <= Op.PLP) return OpKind.Control;
  return OpKind.Jam;
}

/** Addressing modes as the data sheets name them. */
export const enum Mode {
  Implied,
  Accumulator,
  Immediate,
  ZeroPage,
  ZeroPageX,
  ZeroPageY,
  Absolute,
  AbsoluteX,
  AbsoluteY,
  Indirect,
  IndirectX,
  IndirectY,
  Relative,
  COUNT,
}

/**
 * Access patterns: what the executor switches on. Each is one cycle-by-cycle bus
 * sequence (addressing mode × operation kind); control-flow instructions have their own.
 */
export const enum Pattern {
  Implied,
  AccumulatorModify,
  ImmediateRead,
  ZeroPageRead,
  ZeroPageWrite,
  ZeroPageModify,
  ZeroPageXRead,
  ZeroPageXWrite,
  ZeroPageXModify,
  ZeroPageYRead,
  ZeroPageYWrite,
  AbsoluteRead,
  AbsoluteWrite,
  AbsoluteModify,
  AbsoluteXRead,
  AbsoluteXWrite,
  AbsoluteXModify,
  AbsoluteYRead,
  AbsoluteYWrite,
  AbsoluteYModify,
  IndirectXRead,
  IndirectXWrite,
  IndirectXModify,
  IndirectYRead,
  IndirectYWrite,
  IndirectYModify,
  AbsoluteXUnstable,
  AbsoluteYUnstable,
  IndirectYUnstable,
  Branch,
  JumpAbsolute,
  JumpIndirect,
  JumpSubroutine,
  ReturnFromSubroutine,
  ReturnFromInterrupt,
  Break,
  Push,
  Pull,
  Jam,
  COUNT,
}

// Packed table entry: one u32 per opcode, decoded with these shifts in the hot loop.
export const ENTRY_OP_SHIFT: u32 = 0;
export const ENTRY_PATTERN_SHIFT: u32 = 8;
/** Base cycles of the real NMOS 6502/6507 (no page-crossing or branch extras). */
export const ENTRY_CYCLES_SHIFT: u32 = 16;
/** Base cycles ALE's Stella charges up front (differs from the NMOS figure only where Stella's table does). */
export const ENTRY_STELLA_CYCLES_SHIFT: u32 = 20;
export const ENTRY_MODE_SHIFT: u32 = 24;
export const ENTRY_BYTE_MASK: u32 = 0xff;
export const ENTRY_NIBBLE_MASK: u32 = 0xf;

/** Three-letter mnemonics, indexed by Op (undocumented ones by their common names, as in "No More Secrets"). */
const MNEMONICS: StaticArray<string> = [
  'LDA', 'LDX', 'LDY', 'LAX', 'AND', 'ORA', 'EOR', 'ADC', 'SBC', 'CMP', 'CPX', 'CPY', 'BIT', 'NOP',
  'ANC', 'ALR', 'ARR', 'SBX', 'ANE', 'LXA', 'LAS',
  'STA', 'STX', 'STY', 'SAX',
  'SHA', 'SHX', 'SHY', 'TAS',
  'ASL', 'LSR', 'ROL', 'ROR', 'INC', 'DEC', 'SLO', 'RLA', 'SRE', 'RRA', 'DCP', 'ISB',
  'CLC', 'SEC', 'CLI', 'SEI', 'CLV', 'CLD', 'SED', 'INX', 'INY', 'DEX', 'DEY', 'TAX', 'TAY', 'TXA', 'TYA', 'TSX', 'TXS',
  'BPL', 'BMI', 'BVC', 'BVS', 'BCC', 'BCS', 'BNE', 'BEQ',
  'JMP', 'JSR', 'RTS', 'RTI', 'BRK', 'PHA', 'PHP', 'PLA', 'PLP',
  'JAM',
];

export function mnemonicOf(op: Op): string {
  return MNEMONICS[op];
}

/** The access pattern an operation kind uses in an addressing mode; -1 when the pair is meaningless. */
function patternFor(op: Op, mode: Mode): i32 {
  const kind = kindOf(op);
  switch (kind) {
    case OpKind.Read:
      switch (mode) {
        case Mode.Implied: return Pattern.Implied; // the one-byte NOPs
        case Mode.Immediate: return Pattern.ImmediateRead;
        case Mode.ZeroPage: return Pattern.ZeroPageRead;
        case Mode.ZeroPageX: return Pattern.ZeroPageXRead;
        case Mode.ZeroPageY: return Pattern.ZeroPageYRead;
        case Mode.Absolute: return Pattern.AbsoluteRead;
        case Mode.AbsoluteX: return Pattern.AbsoluteXRead;
        case Mode.AbsoluteY: return Pattern.AbsoluteYRead;
        case Mode.IndirectX: return Pattern.IndirectXRead;
        case Mode.IndirectY: return Pattern.IndirectYRead;
      }
      return -1;
    case OpKind.Write:
      switch (mode) {
        case Mode.ZeroPage: return Pattern.ZeroPageWrite;
        case Mode.ZeroPageX: return Pattern.ZeroPageXWrite;
        case Mode.ZeroPageY: return Pattern.ZeroPageYWrite;
        case Mode.Absolute: return Pattern.AbsoluteWrite;
        case Mode.AbsoluteX: return Pattern.AbsoluteXWrite;
        case Mode.AbsoluteY: return Pattern.AbsoluteYWrite;
        case Mode.IndirectX: return Pattern.IndirectXWrite;
        case Mode.IndirectY: return Pattern.IndirectYWrite;
      }
      return -1;
    case OpKind.UnstableStore:
      switch (mode) {
        case Mode.AbsoluteX: return Pattern.AbsoluteXUnstable;
        case Mode.AbsoluteY: return Pattern.AbsoluteYUnstable;
        case Mode.IndirectY: return Pattern.IndirectYUnstable;
      }
      return -1;
    case OpKind.Modify:
      switch (mode) {
        case Mode.Accumulator: return Pattern.AccumulatorModify;
        case Mode.ZeroPage: return Pattern.ZeroPageModify;
        case Mode.ZeroPageX: return Pattern.ZeroPageXModify;
        case Mode.Absolute: return Pattern.AbsoluteModify;
        case Mode.AbsoluteX: return Pattern.AbsoluteXModify;
        case Mode.AbsoluteY: return Pattern.AbsoluteYModify;
        case Mode.IndirectX: return Pattern.IndirectXModify;
        case Mode.IndirectY: return Pattern.IndirectYModify;
      }
      return -1;
    case OpKind.Implied:
      return mode == Mode.Implied ? Pattern.Implied : -1;
    case OpKind.Branch:
      return mode == Mode.Relative ? Pattern.Branch : -1;
    case OpKind.Jam:
      return mode == Mode.Implied ? Pattern.Jam : -1;
  }
  // Control flow: one pattern per instruction.
  switch (op) {
    case Op.JMP:
      if (mode == Mode.Absolute) return Pattern.JumpAbsolute;
      if (mode == Mode.Indirect) return Pattern.JumpIndirect;
      return -1;
    case Op.JSR: return mode == Mode.Absolute ? Pattern.JumpSubroutine : -1;
    case Op.RTS: return mode == Mode.Implied ? Pattern.ReturnFromSubroutine : -1;
    case Op.RTI: return mode == Mode.Implied ? Pattern.ReturnFromInterrupt : -1;
    case Op.BRK: return mode == Mode.Implied ? Pattern.Break : -1;
    case Op.PHA:
    case Op.PHP:
      return mode == Mode.Implied ? Pattern.Push : -1;
    case Op.PLA:
    case Op.PLP:
      return mode == Mode.Implied ? Pattern.Pull : -1;
  }
  return -1;
}

const OPCODE_COUNT: i32 = 256;

/**
 * Fills the 256-slot table one opcode at a time and refuses to assign a slot twice
 * or to finish with a slot empty, so a typo in the data below cannot go unnoticed.
 */
class OpcodeTableBuilder {
  private readonly entries: StaticArray<u32> = new StaticArray<u32>(OPCODE_COUNT);
  private readonly filled: StaticArray<bool> = new StaticArray<bool>(OPCODE_COUNT);

  /** Defines `opcode` with the NMOS base cycle count; ALE's Stella charges the same. */
  define(opcode: i32, op: Op, mode: Mode, cycles: u32): OpcodeTableBuilder {
    return this.defineStella(opcode, op, mode, cycles, cycles);
  }

  /** Defines `opcode` where ALE's Stella charges a different base cycle count than the NMOS chip takes. */
  defineStella(opcode: i32, op: Op, mode: Mode, cycles: u32, stellaCycles: u32): OpcodeTableBuilder {
    if (opcode < 0 || opcode >= OPCODE_COUNT) abort('opcode table: opcode out of range');
    if (unchecked(this.filled[opcode])) abort('opcode table: opcode defined twice');
    const pattern = patternFor(op, mode);
    if (pattern < 0) abort('opcode table: operation cannot use this addressing mode');
    if (cycles > ENTRY_NIBBLE_MASK || stellaCycles > ENTRY_NIBBLE_MASK) abort('opcode table: cycle count too large');
    unchecked((this.filled[opcode] = true));
    unchecked(
      (this.entries[opcode] =
        (<u32>op << ENTRY_OP_SHIFT) |
        (<u32>pattern << ENTRY_PATTERN_SHIFT) |
        (cycles << ENTRY_CYCLES_SHIFT) |
        (stellaCycles << ENTRY_STELLA_CYCLES_SHIFT) |
        (<u32>mode << ENTRY_MODE_SHIFT)),
    );
    return this;
  }

  build(): StaticArray<u32> {
    for (let i = 0; i < OPCODE_COUNT; i++) {
      if (!unchecked(this.filled[i])) abort('opcode table: an opcode slot is empty');
    }
    return this.entries;
  }
}

// Addressing-mode shorthands for the data below.
const IMP = Mode.Implied;
const ACC = Mode.Accumulator;
const IMM = Mode.Immediate;
const ZP = Mode.ZeroPage;
const ZPX = Mode.ZeroPageX;
const ZPY = Mode.ZeroPageY;
const ABS = Mode.Absolute;
const ABX = Mode.AbsoluteX;
const ABY = Mode.AbsoluteY;
const IND = Mode.Indirect;
const IZX = Mode.IndirectX;
const IZY = Mode.IndirectY;
const REL = Mode.Relative;

/**
 * ALE's Stella (M6502.cxx, ourInstructionProcessorCycleTable) charges 4 cycles for LAX zero page ($A7),
 * which takes 3 on the chip.
 */
const STELLA_LAX_ZERO_PAGE_CYCLES: u32 = 4;
/**
 * JAM: the chip fetches the opcode and the next byte, then locks the bus. ALE's Stella charges its table
 * entry (2) and stops executing until reset.
 */
const JAM_CYCLES: u32 = 2;

function buildOpcodeTable(): StaticArray<u32> {
  const b = new OpcodeTableBuilder();
  // Base cycles from the NMOS 6502 timing tables (MOS data sheet; "64doc" for the undocumented opcodes).
  // Loads
  b.define(0xa9, Op.LDA, IMM, 2).define(0xa5, Op.LDA, ZP, 3).define(0xb5, Op.LDA, ZPX, 4).define(0xad, Op.LDA, ABS, 4);
  b.define(0xbd, Op.LDA, ABX, 4).define(0xb9, Op.LDA, ABY, 4).define(0xa1, Op.LDA, IZX, 6).define(0xb1, Op.LDA, IZY, 5);
  b.define(0xa2, Op.LDX, IMM, 2).define(0xa6, Op.LDX, ZP, 3).define(0xb6, Op.LDX, ZPY, 4).define(0xae, Op.LDX, ABS, 4);
  b.define(0xbe, Op.LDX, ABY, 4);
  b.define(0xa0, Op.LDY, IMM, 2).define(0xa4, Op.LDY, ZP, 3).define(0xb4, Op.LDY, ZPX, 4).define(0xac, Op.LDY, ABS, 4);
  b.define(0xbc, Op.LDY, ABX, 4);
  // Stores
  b.define(0x85, Op.STA, ZP, 3).define(0x95, Op.STA, ZPX, 4).define(0x8d, Op.STA, ABS, 4).define(0x9d, Op.STA, ABX, 5);
  b.define(0x99, Op.STA, ABY, 5).define(0x81, Op.STA, IZX, 6).define(0x91, Op.STA, IZY, 6);
  b.define(0x86, Op.STX, ZP, 3).define(0x96, Op.STX, ZPY, 4).define(0x8e, Op.STX, ABS, 4);
  b.define(0x84, Op.STY, ZP, 3).define(0x94, Op.STY, ZPX, 4).define(0x8c, Op.STY, ABS, 4);
  // Arithmetic and logic
  b.define(0x69, Op.ADC, IMM, 2).define(0x65, Op.ADC, ZP, 3).define(0x75, Op.ADC, ZPX, 4).define(0x6d, Op.ADC, ABS, 4);
  b.define(0x7d, Op.ADC, ABX, 4).define(0x79, Op.ADC, ABY, 4).define(0x61, Op.ADC, IZX, 6).define(0x71, Op.ADC, IZY, 5);
  b.define(0xe9, Op.SBC, IMM, 2).define(0xe5, Op.SBC, ZP, 3).define(0xf5, Op.SBC, ZPX, 4).define(0xed, Op.SBC, ABS, 4);
  b.define(0xfd, Op.SBC, ABX, 4).define(0xf9, Op.SBC, ABY, 4).define(0xe1, Op.SBC, IZX, 6).define(0xf1, Op.SBC, IZY, 5);
  b.define(0x29, Op.AND, IMM, 2).define(0x25, Op.AND, ZP, 3).define(0x35, Op.AND, ZPX, 4).define(0x2d, Op.AND, ABS, 4);
  b.define(0x3d, Op.AND, ABX, 4).define(0x39, Op.AND, ABY, 4).define(0x21, Op.AND, IZX, 6).define(0x31, Op.AND, IZY, 5);
  b.define(0x09, Op.ORA, IMM, 2).define(0x05, Op.ORA, ZP, 3).define(0x15, Op.ORA, ZPX, 4).define(0x0d, Op.ORA, ABS, 4);
  b.define(0x1d, Op.ORA, ABX, 4).define(0x19, Op.ORA, ABY, 4).define(0x01, Op.ORA, IZX, 6).define(0x11, Op.ORA, IZY, 5);
  b.define(0x49, Op.EOR, IMM, 2).define(0x45, Op.EOR, ZP, 3).define(0x55, Op.EOR, ZPX, 4).define(0x4d, Op.EOR, ABS, 4);
  b.define(0x5d, Op.EOR, ABX, 4).define(0x59, Op.EOR, ABY, 4).define(0x41, Op.EOR, IZX, 6).define(0x51, Op.EOR, IZY, 5);
  b.define(0xc9, Op.CMP, IMM, 2).define(0xc5, Op.CMP, ZP, 3).define(0xd5, Op.CMP, ZPX, 4).define(0xcd, Op.CMP, ABS, 4);
  b.define(0xdd, Op.CMP, ABX, 4).define(0xd9, Op.CMP, ABY, 4).define(0xc1, Op.CMP, IZX, 6).define(0xd1, Op.CMP, IZY, 5);
  b.define(0xe0, Op.CPX, IMM, 2).define(0xe4, Op.CPX, ZP, 3).define(0xec, Op.CPX, ABS, 4);
  b.define(0xc0, Op.CPY, IMM, 2).define(0xc4, Op.CPY, ZP, 3).define(0xcc, Op.CPY, ABS, 4);
  b.define(0x24, Op.BIT, ZP, 3).define(0x2c, Op.BIT, ABS, 4);
  // Read-modify-write
  b.define(0x0a, Op.ASL, ACC, 2).define(0x06, Op.ASL, ZP, 5).define(0x16, Op.ASL, ZPX, 6).define(0x0e, Op.ASL, ABS, 6);
  b.define(0x1e, Op.ASL, ABX, 7);
  b.define(0x4a, Op.LSR, ACC, 2).define(0x46, Op.LSR, ZP, 5).define(0x56, Op.LSR, ZPX, 6).define(0x4e, Op.LSR, ABS, 6);
  b.define(0x5e, Op.LSR, ABX, 7);
  b.define(0x2a, Op.ROL, ACC, 2).define(0x26, Op.ROL, ZP, 5).define(0x36, Op.ROL, ZPX, 6).define(0x2e, Op.ROL, ABS, 6);
  b.define(0x3e, Op.ROL, ABX, 7);
  b.define(0x6a, Op.ROR, ACC, 2).define(0x66, Op.ROR, ZP, 5).define(0x76, Op.ROR, ZPX, 6).define(0x6e, Op.ROR, ABS, 6);
  b.define(0x7e, Op.ROR, ABX, 7);
  b.define(0xe6, Op.INC, ZP, 5).define(0xf6, Op.INC, ZPX, 6).define(0xee, Op.INC, ABS, 6).define(0xfe, Op.INC, ABX, 7);
  b.define(0xc6, Op.DEC, ZP, 5).define(0xd6, Op.DEC, ZPX, 6).define(0xce, Op.DEC, ABS, 6).define(0xde, Op.DEC, ABX, 7);
  // Implied
  b.define(0x18, Op.CLC, IMP, 2).define(0x38, Op.SEC, IMP, 2).define(0x58, Op.CLI, IMP, 2).define(0x78, Op.SEI, IMP, 2);
  b.define(0xb8, Op.CLV, IMP, 2).define(0xd8, Op.CLD, IMP, 2).define(0xf8, Op.SED, IMP, 2);
  b.define(0xe8, Op.INX, IMP, 2).define(0xc8, Op.INY, IMP, 2).define(0xca, Op.DEX, IMP, 2).define(0x88, Op.DEY, IMP, 2);
  b.define(0xaa, Op.TAX, IMP, 2).define(0xa8, Op.TAY, IMP, 2).define(0x8a, Op.TXA, IMP, 2).define(0x98, Op.TYA, IMP, 2);
  b.define(0xba, Op.TSX, IMP, 2).define(0x9a, Op.TXS, IMP, 2).define(0xea, Op.NOP, IMP, 2);
  // Branches: 2 cycles, +1 when taken, +1 more when the target is on another page.
  b.define(0x10, Op.BPL, REL, 2).define(0x30, Op.BMI, REL, 2).define(0x50, Op.BVC, REL, 2).define(0x70, Op.BVS, REL, 2);
  b.define(0x90, Op.BCC, REL, 2).define(0xb0, Op.BCS, REL, 2).define(0xd0, Op.BNE, REL, 2).define(0xf0, Op.BEQ, REL, 2);
  // Control flow and stack
  b.define(0x4c, Op.JMP, ABS, 3).define(0x6c, Op.JMP, IND, 5).define(0x20, Op.JSR, ABS, 6).define(0x60, Op.RTS, IMP, 6);
  b.define(0x40, Op.RTI, IMP, 6).define(0x00, Op.BRK, IMP, 7);
  b.define(0x48, Op.PHA, IMP, 3).define(0x08, Op.PHP, IMP, 3).define(0x68, Op.PLA, IMP, 4).define(0x28, Op.PLP, IMP, 4);

  // Undocumented opcodes (names and timings per "64doc" / "No More Secrets").
  b.define(0x07, Op.SLO, ZP, 5).define(0x17, Op.SLO, ZPX, 6).define(0x0f, Op.SLO, ABS, 6).define(0x1f, Op.SLO, ABX, 7);
  b.define(0x1b, Op.SLO, ABY, 7).define(0x03, Op.SLO, IZX, 8).define(0x13, Op.SLO, IZY, 8);
  b.define(0x27, Op.RLA, ZP, 5).define(0x37, Op.RLA, ZPX, 6).define(0x2f, Op.RLA, ABS, 6).define(0x3f, Op.RLA, ABX, 7);
  b.define(0x3b, Op.RLA, ABY, 7).define(0x23, Op.RLA, IZX, 8).define(0x33, Op.RLA, IZY, 8);
  b.define(0x47, Op.SRE, ZP, 5).define(0x57, Op.SRE, ZPX, 6).define(0x4f, Op.SRE, ABS, 6).define(0x5f, Op.SRE, ABX, 7);
  b.define(0x5b, Op.SRE, ABY, 7).define(0x43, Op.SRE, IZX, 8).define(0x53, Op.SRE, IZY, 8);
  b.define(0x67, Op.RRA, ZP, 5).define(0x77, Op.RRA, ZPX, 6).define(0x6f, Op.RRA, ABS, 6).define(0x7f, Op.RRA, ABX, 7);
  b.define(0x7b, Op.RRA, ABY, 7).define(0x63, Op.RRA, IZX, 8).define(0x73, Op.RRA, IZY, 8);
  b.define(0xc7, Op.DCP, ZP, 5).define(0xd7, Op.DCP, ZPX, 6).define(0xcf, Op.DCP, ABS, 6).define(0xdf, Op.DCP, ABX, 7);
  b.define(0xdb, Op.DCP, ABY, 7).define(0xc3, Op.DCP, IZX, 8).define(0xd3, Op.DCP, IZY, 8);
  b.define(0xe7, Op.ISB, ZP, 5).define(0xf7, Op.ISB, ZPX, 6).define(0xef, Op.ISB, ABS, 6).define(0xff, Op.ISB, ABX, 7);
  b.define(0xfb, Op.ISB, ABY, 7).define(0xe3, Op.ISB, IZX, 8).define(0xf3, Op.ISB, IZY, 8);
  b.define(0x87, Op.SAX, ZP, 3).define(0x97, Op.SAX, ZPY, 4).define(0x8f, Op.SAX, ABS, 4).define(0x83, Op.SAX, IZX, 6);
  b.defineStella(0xa7, Op.LAX, ZP, 3, STELLA_LAX_ZERO_PAGE_CYCLES);
  b.define(0xb7, Op.LAX, ZPY, 4).define(0xaf, Op.LAX, ABS, 4).define(0xbf, Op.LAX, ABY, 4);
  b.define(0xa3, Op.LAX, IZX, 6).define(0xb3, Op.LAX, IZY, 5);
  b.define(0x0b, Op.ANC, IMM, 2).define(0x2b, Op.ANC, IMM, 2).define(0x4b, Op.ALR, IMM, 2).define(0x6b, Op.ARR, IMM, 2);
  b.define(0xcb, Op.SBX, IMM, 2).define(0x8b, Op.ANE, IMM, 2).define(0xab, Op.LXA, IMM, 2).define(0xbb, Op.LAS, ABY, 4);
  b.define(0xeb, Op.SBC, IMM, 2);
  b.define(0x93, Op.SHA, IZY, 6).define(0x9f, Op.SHA, ABY, 5).define(0x9e, Op.SHX, ABY, 5).define(0x9c, Op.SHY, ABX, 5);
  b.define(0x9b, Op.TAS, ABY, 5);
  // Multi-byte NOPs: they read their operand like a load.
  b.define(0x1a, Op.NOP, IMP, 2).define(0x3a, Op.NOP, IMP, 2).define(0x5a, Op.NOP, IMP, 2).define(0x7a, Op.NOP, IMP, 2);
  b.define(0xda, Op.NOP, IMP, 2).define(0xfa, Op.NOP, IMP, 2);
  b.define(0x80, Op.NOP, IMM, 2).define(0x82, Op.NOP, IMM, 2).define(0x89, Op.NOP, IMM, 2).define(0xc2, Op.NOP, IMM, 2);
  b.define(0xe2, Op.NOP, IMM, 2);
  b.define(0x04, Op.NOP, ZP, 3).define(0x44, Op.NOP, ZP, 3).define(0x64, Op.NOP, ZP, 3);
  b.define(0x14, Op.NOP, ZPX, 4).define(0x34, Op.NOP, ZPX, 4).define(0x54, Op.NOP, ZPX, 4).define(0x74, Op.NOP, ZPX, 4);
  b.define(0xd4, Op.NOP, ZPX, 4).define(0xf4, Op.NOP, ZPX, 4);
  b.define(0x0c, Op.NOP, ABS, 4);
  b.define(0x1c, Op.NOP, ABX, 4).define(0x3c, Op.NOP, ABX, 4).define(0x5c, Op.NOP, ABX, 4).define(0x7c, Op.NOP, ABX, 4);
  b.define(0xdc, Op.NOP, ABX, 4).define(0xfc, Op.NOP, ABX, 4);
  // JAM (KIL)
  b.define(0x02, Op.JAM, IMP, JAM_CYCLES).define(0x12, Op.JAM, IMP, JAM_CYCLES).define(0x22, Op.JAM, IMP, JAM_CYCLES);
  b.define(0x32, Op.JAM, IMP, JAM_CYCLES).define(0x42, Op.JAM, IMP, JAM_CYCLES).define(0x52, Op.JAM, IMP, JAM_CYCLES);
  b.define(0x62, Op.JAM, IMP, JAM_CYCLES).define(0x72, Op.JAM, IMP, JAM_CYCLES).define(0x92, Op.JAM, IMP, JAM_CYCLES);
  b.define(0xb2, Op.JAM, IMP, JAM_CYCLES).define(0xd2, Op.JAM, IMP, JAM_CYCLES).define(0xf2, Op.JAM, IMP, JAM_CYCLES);
  return b.build();
}

/** The decoded instruction set: one packed entry per opcode (see the ENTRY_* shifts). */
export const OPCODE_TABLE: StaticArray<u32> = buildOpcodeTable();
