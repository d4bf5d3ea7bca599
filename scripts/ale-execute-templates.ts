/**
 * The pieces src/ale/core/cpu/ale-execute.ts's opcode switch is made of: one template per addressing
 * mode (how the operand and the effective address are found) and one per operation (what it does with
 * the value), plus the control-flow instructions whose bus sequences are their own. Which opcode gets
 * which, and its cycle count, come from the opcode table (src/ale/core/cpu/opcodes.ts); see
 * scripts/ale-execute-generate.ts for how a case is put together.
 *
 * Each template returns AssemblyScript lines, indented relative to the case body. The code runs inside
 * `runFastWith` (ale-execute.template.ts), whose locals it uses: `at` (the opcode's address, its operand
 * bytes after it), `opcode`, the registers `a` `x` `y`, the flags `nz` and `c`, `pc`, `cy` (the cycle
 * count), `left` (the instruction budget), and the memory map `ram` `rp` `wp` `lr` `lastAccess`.
 */

/** One opcode's row of the table, as a template needs it. */
export interface Instruction {
  /** Opcode byte. */
  readonly opcode: number;
  /** Operation, by its `Op` name (also the mnemonic). */
  readonly op: string;
  /** Addressing mode, by its `Mode` name. */
  readonly mode: string;
  /** Cycles ALE's Stella charges up front (the table's Stella count). */
  readonly cycles: number;
}

// ---- Shared pieces ----

/** Ends the run with nothing of the instruction done: `executeAle` runs it on the generic executor. */
function restartIf(condition: string): string[] {
  return [`if (${condition}) {`, '  left = exitWith(cpu, EXIT_RESTART, left);', '  break;', '}'];
}

/** Charges the instruction's cycles (Stella charges them all before its accesses) and counts it. */
function charge(cycles: string): string[] {
  return [`cy += ${cycles};`, 'left--;'];
}

/** Steps the PC past an instruction of `length` bytes, then `charge`s it. */
function advance(length: number, cycles: string): string[] {
  return [`pc = (pc + ${length}) & WORD_MASK;`, ...charge(cycles)];
}

/** Records the instruction's last access for the data bus: `byte`, `| READ_ACCESS` for a read. */
function lastAccess(byte: string): string {
  return `store<u16>(lastAccess, <u16>(${byte}));`;
}

/** The operand bytes after the opcode, as `op1` and `op2`. */
function operandBytes(count: number): string[] {
  return ['const op1 = <u32>load<u8>(at, 1);', 'const op2 = <u32>load<u8>(at, 2);'].slice(0, count);
}

/**
 * Writes `value` at `address` in place when it is RAM, else queues it in the TIA when the write only
 * changes the TIA, else leaves it to `executeAle` with the instruction otherwise done (`previous` is
 * the access before it).
 */
function queuedWrite(address: string, previous: string): string[] {
  return [
    `if (!writeFast(ram, wp, lr, ${address}, value)) {`,
    `  const after = queueTiaWrite(tia, ${address}, value, cy, queueLimit, lineBase);`,
    '  if (after < 0) {',
    `    pend(cpu, ${address}, value, lastAccess, ${previous} | READ_ACCESS);`,
    '    left = exitWith(cpu, EXIT_WRITE, left);',
    '    break;',
    '  }',
    '  cy = after;',
    '}',
    lastAccess('value'),
  ];
}

/** `register` = `value`, N and Z from it. */
function load(register: string, value: string): string[] {
  return [`${register} = ${value};`, `nz = ${value};`];
}

/** N, Z and C from a status byte (PLP, RTI); V, D and I go to the Cpu. */
function pullStatus(value: string): string[] {
  return [
    `nz = ((${value} & FLAG_N) << EXTRA_N_SHIFT) | ((${value} & FLAG_Z) ^ FLAG_Z);`,
    `c = ${value} & FLAG_C;`,
    `unpackStatus(cpu, ${value});`,
  ];
}

// ---- Addressing modes ----

interface ModeTemplate {
  /** How the case comments name the mode ("LDA zpx"); empty where the mnemonic says it all. */
  readonly name: string;
  /** Bytes after the opcode. */
  readonly operandBytes: number;
  /**
   * Computes the effective address `ad` from the operand bytes (restarting when a pointer is not in
   * ROM or RAM); absent for modes without one.
   */
  readonly address?: readonly string[];
  /** The byte of the access before the operand access (the data bus's state when it must wait). */
  readonly previous?: string;
  /** The extra cycle an indexed read takes when the index carries into the high byte. */
  readonly pageCross?: string;
}

/** Keyed by `Mode` name (opcodes.ts). */
const MODES: Record<string, ModeTemplate> = {
  Implied: { name: '', operandBytes: 0 },
  Accumulator: { name: 'A', operandBytes: 0 },
  Immediate: { name: 'imm', operandBytes: 1 },
  ZeroPage: { name: 'zp', operandBytes: 1, address: ['const ad = op1;'], previous: 'op1' },
  ZeroPageX: { name: 'zpx', operandBytes: 1, address: ['const ad = (op1 + x) & BYTE_MASK;'], previous: 'op1' },
  ZeroPageY: { name: 'zpy', operandBytes: 1, address: ['const ad = (op1 + y) & BYTE_MASK;'], previous: 'op1' },
  Absolute: { name: 'abs', operandBytes: 2, address: ['const ad = op1 | (op2 << 8);'], previous: 'op2' },
  AbsoluteX: {
    name: 'abx',
    operandBytes: 2,
    address: ['const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;'],
    previous: 'op2',
    pageCross: '((op1 + x) >> 8)',
  },
  AbsoluteY: {
    name: 'aby',
    operandBytes: 2,
    address: ['const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;'],
    previous: 'op2',
    pageCross: '((op1 + y) >> 8)',
  },
  Indirect: { name: 'ind', operandBytes: 2 },
  IndirectX: {
    name: 'izx',
    operandBytes: 1,
    address: [
      'const pointer = (op1 + x) & BYTE_MASK;',
      'const low = readFast(ram, rp, lr, pointer);',
      'const high = readFast(ram, rp, lr, pointer + 1);',
      ...restartIf('(low | high) > BYTE_MASK'),
      'const ad = low | (high << 8);',
    ],
    previous: 'high',
  },
  IndirectY: {
    name: 'izy',
    operandBytes: 1,
    address: [
      'const low = readFast(ram, rp, lr, op1);',
      'const high = readFast(ram, rp, lr, op1 + 1);',
      ...restartIf('(low | high) > BYTE_MASK'),
      'const ad = ((low | (high << 8)) + y) & WORD_MASK;',
    ],
    previous: 'high',
    pageCross: '((low + y) >> 8)',
  },
  Relative: { name: 'rel', operandBytes: 1 },
};

/** Bytes of an instruction in `mode`. */
function lengthOf(mode: string): number {
  return 1 + modeTemplate(mode).operandBytes;
}

function modeTemplate(mode: string): ModeTemplate {
  const template = MODES[mode];
  if (!template) throw new Error(`ale-execute templates: no template for addressing mode ${mode}`);
  return template;
}

// ---- Operations that read a value ----

interface ReadOperation {
  /** Runs before the operand is fetched; restarts when the fast path does not apply. */
  readonly guard?: readonly string[];
  /** Applies the operation to `value` (an expression). */
  readonly apply: (value: string) => string[];
}

/** ADC's and SBC's addend: SBC adds the operand's complement (binary mode). */
const ADDEND = {
  ADC: (value: string): string => value,
  SBC: (value: string): string => `${value} ^ BYTE_MASK`,
};

/** A + `addend` + C into A, with C, V, N and Z. */
function addWithCarry(addend: string): string[] {
  return [
    `const sum = addBinary(a, ${addend}, c);`,
    'a = sum & BYTE_MASK;',
    'c = (sum >> CARRY_SHIFT) & 1;',
    'cpu.flagV = sum >> OVERFLOW_SHIFT;',
    'nz = a;',
  ];
}

/** Decimal-mode ADC and SBC run on the generic executor (no game we have run uses them). */
const BINARY_ONLY = restartIf('cpu.flagD');

function compare(register: string): ReadOperation {
  return {
    apply: (value) => [`c = ${register} >= ${value} ? 1 : 0;`, `nz = (${register} - ${value}) & BYTE_MASK;`],
  };
}

/**
 * Keyed by `Op` name. They also apply a pending read of a TIA input register after the opcode loop,
 * so the loop's pending-read switch has a case for every one up to NOP (LAX included, though the fast
 * switch leaves LAX to the generic executor).
 */
const READ_OPERATIONS: Record<string, ReadOperation> = {
  LDA: { apply: (value) => load('a', value) },
  LDX: { apply: (value) => load('x', value) },
  LDY: { apply: (value) => load('y', value) },
  LAX: { apply: (value) => [`a = ${value};`, `x = ${value};`, `nz = ${value};`] },
  AND: { apply: (value) => [`a &= ${value};`, 'nz = a;'] },
  ORA: { apply: (value) => [`a |= ${value};`, 'nz = a;'] },
  EOR: { apply: (value) => [`a ^= ${value};`, 'nz = a;'] },
  ADC: { guard: BINARY_ONLY, apply: (value) => addWithCarry(ADDEND.ADC(value)) },
  SBC: { guard: BINARY_ONLY, apply: (value) => addWithCarry(ADDEND.SBC(value)) },
  CMP: compare('a'),
  CPX: compare('x'),
  CPY: compare('y'),
  BIT: {
    apply: (value) => [
      `nz = (a & ${value}) | ((${value} & FLAG_N) << EXTRA_N_SHIFT);`,
      `cpu.flagV = (${value} >> 6) & 1;`,
    ],
  },
};

/** INTIM and the RIOT ports, served in place: games poll INTIM in wait loops and read the switches and joysticks. */
const riotRead = (): string[] => ['if (value == SLOW) value = readRiotFast(riot, lr, ad, cy);'];
/** The TIA's input registers, served in place. */
const inputRead = (previous: string): string[] => [
  '// Paddle kernels read INPT0–INPT3 like this on every line: in place, not as a pending read.',
  `if (value == SLOW) value = readInputFast(tia, lr, ad, ${previous}, cy);`,
];

/**
 * Reads that are neither ROM nor RAM but served in place (see the file comment), by instruction
 * (`LDA abs`); each other read instruction leaves them to `executeAle`, or to the pending-read switch
 * after the opcode loop.
 */
const EXTRA_READS: Record<string, (previous: string) => string[]> = {
  'LDA abs': riotRead,
  'LDX abs': riotRead,
  'LDY abs': riotRead,
  'BIT abs': riotRead,
  'CMP abs': riotRead,
  'LDA zpx': inputRead,
  'LDA aby': inputRead,
};

/** An instruction that reads its operand (immediate or from memory) and applies `operation` to it. */
function readInstruction(instruction: Instruction, operation: ReadOperation): string[] {
  const mode = modeTemplate(instruction.mode);
  const length = lengthOf(instruction.mode);
  const head = [...operandBytes(mode.operandBytes), ...(operation.guard ?? [])];
  if (instruction.mode === 'Immediate') {
    return [
      ...head,
      ...advance(length, `${instruction.cycles}`),
      ...operation.apply('op1'),
      lastAccess('op1 | READ_ACCESS'),
    ];
  }
  const { address, previous } = addressed(instruction, mode);
  const extra = EXTRA_READS[`${instruction.op} ${mode.name}`]?.(previous) ?? [];
  return [
    ...head,
    ...address,
    ...advance(length, mode.pageCross ? `${instruction.cycles} + ${mode.pageCross}` : `${instruction.cycles}`),
    `${extra.length > 0 ? 'let' : 'const'} value = readFast(ram, rp, lr, ad);`,
    ...extra,
    'if (value == SLOW) {',
    `  pend(cpu, ad, Op.${instruction.op}, lastAccess, ${previous} | READ_ACCESS);`,
    '  left = exitWith(cpu, EXIT_READ, left);',
    '  break;',
    '}',
    ...operation.apply('value'),
    lastAccess('value | READ_ACCESS'),
  ];
}

function addressed(instruction: Instruction, mode: ModeTemplate): { address: readonly string[]; previous: string } {
  if (!mode.address || !mode.previous) {
    throw new Error(`ale-execute templates: ${instruction.op} needs an address, which ${instruction.mode} has not`);
  }
  return { address: mode.address, previous: mode.previous };
}

// ---- Operations that write a register ----

/** Keyed by `Op` name: the register stored. */
const WRITE_OPERATIONS: Record<string, string> = { STA: 'a', STX: 'x', STY: 'y' };

function writeInstruction(instruction: Instruction, register: string): string[] {
  const mode = modeTemplate(instruction.mode);
  const { address, previous } = addressed(instruction, mode);
  return [
    ...operandBytes(mode.operandBytes),
    ...address,
    ...advance(lengthOf(instruction.mode), `${instruction.cycles}`),
    `const value = ${register};`,
    ...queuedWrite('ad', previous),
  ];
}

// ---- Read-modify-write operations ----

interface ModifyOperation {
  /** The new value from the old one. */
  readonly result: (old: string) => string;
  /** The carry it sets from the old value, if it sets one. */
  readonly carry?: (old: string) => string;
}

/** Keyed by `Op` name. */
const MODIFY_OPERATIONS: Record<string, ModifyOperation> = {
  ASL: { result: (old) => `(${old} << 1) & BYTE_MASK`, carry: (old) => `${old} >> 7` },
  LSR: { result: (old) => `${old} >> 1`, carry: (old) => `${old} & 1` },
  ROL: { result: (old) => `((${old} << 1) | c) & BYTE_MASK`, carry: (old) => `${old} >> 7` },
  ROR: { result: (old) => `(${old} >> 1) | (c << 7)`, carry: (old) => `${old} & 1` },
  INC: { result: (old) => `(${old} + 1) & BYTE_MASK` },
  DEC: { result: (old) => `(${old} - 1) & BYTE_MASK` },
};

/**
 * The accumulator form, or the memory form: the read (restarting if it is not ROM/RAM: nothing has
 * changed yet), the operation, then the write, left to `executeAle` if it needs the bus.
 */
function modifyInstruction(instruction: Instruction, operation: ModifyOperation): string[] {
  const carry = (old: string): string[] => (operation.carry ? [`c = ${operation.carry(old)};`] : []);
  if (instruction.mode === 'Accumulator') {
    return oneByteInstruction(instruction, [
      `const res = ${operation.result('a')};`,
      ...carry('a'),
      'a = res;',
      'nz = a;',
    ]);
  }
  const mode = modeTemplate(instruction.mode);
  const { address } = addressed(instruction, mode);
  return [
    ...operandBytes(mode.operandBytes),
    ...address,
    'const old = readFast(ram, rp, lr, ad);',
    ...restartIf('old == SLOW'),
    `const res = ${operation.result('old')};`,
    ...carry('old'),
    'nz = res;',
    ...advance(lengthOf(instruction.mode), `${instruction.cycles}`),
    'if (!writeFast(ram, wp, lr, ad, res)) {',
    '  pend(cpu, ad, res, lastAccess, old | READ_ACCESS);',
    '  left = exitWith(cpu, EXIT_WRITE, left);',
    '  break;',
    '}',
    lastAccess('res'),
  ];
}

// ---- Implied operations: registers and flags only ----

/** Keyed by `Op` name (NOP: the one-byte NOP). */
const IMPLIED_OPERATIONS: Record<string, readonly string[]> = {
  CLC: ['c = 0;'],
  SEC: ['c = 1;'],
  CLI: ['cpu.flagI = false;'],
  SEI: ['cpu.flagI = true;'],
  CLV: ['cpu.flagV = 0;'],
  CLD: ['cpu.flagD = false;'],
  SED: ['cpu.flagD = true;'],
  INX: ['x = (x + 1) & BYTE_MASK;', 'nz = x;'],
  INY: ['y = (y + 1) & BYTE_MASK;', 'nz = y;'],
  DEX: ['x = (x - 1) & BYTE_MASK;', 'nz = x;'],
  DEY: ['y = (y - 1) & BYTE_MASK;', 'nz = y;'],
  TAX: load('x', 'a'),
  TAY: load('y', 'a'),
  TXA: load('a', 'x'),
  TYA: load('a', 'y'),
  TSX: ['x = <u32>cpu.sp;', 'nz = x;'],
  TXS: ['cpu.sp = <u8>x;'],
  NOP: [],
};

/** An implied or accumulator instruction: `body`, with the opcode the last byte on the bus. */
function oneByteInstruction(instruction: Instruction, body: readonly string[]): string[] {
  return [...advance(1, `${instruction.cycles}`), ...body, lastAccess('opcode | READ_ACCESS')];
}

// ---- Branches ----

interface BranchOperation {
  /** When the branch is taken. */
  readonly taken: string;
  /** What else happens when it is taken, before the PC moves to `target`. */
  readonly alsoWhenTaken?: readonly string[];
}

/** BNE's extra: the timer wait loop (the constants are made from the opcode table, see ale-execute-generate.ts). */
const WAIT_LOOP = [
  '// A timer wait loop, LDA/LDX/LDY INTIM then BNE back to it: the rounds whose INTIM read is',
  '// served in place and not 0 (so the branch is taken again) run at once. Each round reads',
  '// INTIM at the end of the load, then branches; nothing else happens.',
  'if (op1 == WAIT_LOOP_OFFSET && target - fetchStart <= LAST_OFFSET_WITH_TWO_AFTER) {',
  '  const loop = fetchBase + target;',
  '  const loadOp = <u32>load<u8>(loop);',
  '  if (loadOp == LDA_ABS || loadOp == LDX_ABS || loadOp == LDY_ABS) {',
  '    const address = <u32>load<u8>(loop, 1) | (<u32>load<u8>(loop, 2) << 8);',
  '    const round: i64 = LOAD_ABS_CYCLES + BRANCH_CYCLES + takenCycles;',
  '    // Rounds 1..lo read INTIM in 1..255 (INTIM only falls until expiry, then needs the bus).',
  '    let lo: i32 = 0;',
  '    let hi: i32 = left >> 1;',
  '    while (lo < hi) {',
  '      const mid = (lo + hi + 1) >> 1;',
  '      const read = readRiotFast(riot, lr, address, cy + LOAD_ABS_CYCLES + round * <i64>(mid - 1));',
  '      if (read - 1 < BYTE_MASK) lo = mid;',
  '      else hi = mid - 1;',
  '    }',
  '    if (lo > 0) {',
  '      const value = readRiotFast(riot, lr, address, cy + LOAD_ABS_CYCLES + round * <i64>(lo - 1));',
  '      if (loadOp == LDA_ABS) a = value;',
  '      else if (loadOp == LDX_ABS) x = value;',
  '      else y = value;',
  '      nz = value;',
  '      cy += round * <i64>lo;',
  '      left -= 2 * lo;',
  '    }',
  '  }',
  '}',
];

/** Keyed by `Op` name. */
const BRANCH_OPERATIONS: Record<string, BranchOperation> = {
  BPL: { taken: '(nz & N_BITS) == 0' },
  BMI: { taken: '(nz & N_BITS) != 0' },
  BVC: { taken: 'cpu.flagV == 0' },
  BVS: { taken: 'cpu.flagV != 0' },
  BCC: { taken: 'c == 0' },
  BCS: { taken: 'c != 0' },
  BNE: { taken: '(nz & BYTE_MASK) != 0', alsoWhenTaken: WAIT_LOOP },
  BEQ: { taken: '(nz & BYTE_MASK) == 0' },
};

/** A taken branch's extra cycles: 1, or 2 when the target is on another page. */
const TAKEN_CYCLES = '(pc ^ target) & PAGE_MASK ? 2 : 1';

function branchInstruction(instruction: Instruction, branch: BranchOperation): string[] {
  return [
    'const op1 = <u32>load<u8>(at, 1);',
    ...advance(lengthOf(instruction.mode), `${instruction.cycles}`),
    `if (${branch.taken}) {`,
    '  const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;',
    // BNE's wait loop needs the extra cycles in a local. The others add them in place: given the local,
    // binaryen compiles them differently (core.wasm stays as the hand-written switch made it).
    ...(branch.alsoWhenTaken
      ? [
          `  const takenCycles: i64 = ${TAKEN_CYCLES};`,
          '  cy += takenCycles;',
          ...branch.alsoWhenTaken.map((line) => `  ${line}`),
        ]
      : [`  cy += ${TAKEN_CYCLES};`]),
    '  pc = target;',
    '}',
    lastAccess('op1 | READ_ACCESS'),
  ];
}

// ---- Control flow and the stack: each its own bus sequence ----

interface ControlTemplate {
  /** The case's comment. */
  readonly comment: readonly string[];
  readonly body: (instruction: Instruction) => string[];
}

/** PHA and PHP: `value` to the stack, queued like STA when the stack is on the TIA. */
function push(name: string, value: string): ControlTemplate {
  return {
    comment: [`${name} (kernels point the stack at ENAM0–ENABL and push flags to draw: queued like STA)`],
    body: (instruction) => [
      'const sp = <u32>cpu.sp;',
      'const to = STACK_PAGE | sp;',
      `const value = ${value};`,
      'cpu.sp = <u8>(sp - 1);',
      ...advance(1, `${instruction.cycles}`),
      ...queuedWrite('to', 'opcode'),
    ],
  };
}

/** PLA and PLP: a byte from the stack, then `apply` it. */
function pull(name: string, apply: (value: string) => string[]): ControlTemplate {
  return {
    comment: [
      `${name}: a stack read, then the pull (both at the end time; with the stack on the TIA's`,
      "input registers, as after a push to ENABL, each returns the bus's last bits)",
    ],
    body: (instruction) => [
      'const sp = <u32>cpu.sp;',
      `const end = cy + ${instruction.cycles};`,
      'let stackByte = readFast(ram, rp, lr, STACK_PAGE | sp);',
      'if (stackByte == SLOW) stackByte = readInputFast(tia, lr, STACK_PAGE | sp, opcode, end);',
      ...restartIf('stackByte == SLOW'),
      'const pulledAt = (sp + 1) & BYTE_MASK;',
      'let value = readFast(ram, rp, lr, STACK_PAGE | pulledAt);',
      'if (value == SLOW) value = readInputFast(tia, lr, STACK_PAGE | pulledAt, stackByte, end);',
      ...restartIf('value == SLOW'),
      'cpu.sp = <u8>pulledAt;',
      'pc = (pc + 1) & WORD_MASK;',
      'cy = end;',
      'left--;',
      ...apply('value'),
      lastAccess('value | READ_ACCESS'),
    ],
  };
}

/** The dummy stack read RTS, RTI and JSR make first. */
const STACK_READ = ['const sp = <u32>cpu.sp;', ...restartIf('readFast(ram, rp, lr, STACK_PAGE | sp) == SLOW')];

/** Keyed by `Op` name, or by `Op` and `Mode` names (`JMP Indirect`) where the modes differ. */
const CONTROL_INSTRUCTIONS: Record<string, ControlTemplate> = {
  BRK: {
    comment: [
      'BRK: the padding byte, push the address after it and the status (B set), set I, jump',
      'through the vector. The vector is read first (ROM: the order changes nothing), so that a',
      'restart for a hotspot page happens before any push.',
    ],
    body: (instruction) => [
      'const low = readFast(ram, rp, lr, BREAK_VECTOR);',
      'const high = readFast(ram, rp, lr, BREAK_VECTOR + 1);',
      ...restartIf('(low | high) > BYTE_MASK'),
      'const sp = <u32>cpu.sp;',
      `const returnAddress = (pc + ${lengthOf(instruction.mode) + 1}) & WORD_MASK;`,
      '// A restart after a push repeats it: the same byte to the same RAM, which changes nothing.',
      ...restartIf('!writeFast(ram, wp, lr, STACK_PAGE | sp, returnAddress >> 8)'),
      ...restartIf('!writeFast(ram, wp, lr, STACK_PAGE | ((sp - 1) & BYTE_MASK), returnAddress & BYTE_MASK)'),
      ...restartIf('!writeFast(ram, wp, lr, STACK_PAGE | ((sp - 2) & BYTE_MASK), packStatus(cpu, nz, c))'),
      'cpu.sp = <u8>(sp - 3);',
      'cpu.flagI = true;',
      'pc = low | (high << 8);',
      ...charge(`${instruction.cycles}`),
      lastAccess('high | READ_ACCESS'),
    ],
  },
  JSR: {
    comment: ['JSR: low byte, a stack read, push the address of the high byte, then the high byte'],
    body: (instruction) => [
      'const op1 = <u32>load<u8>(at, 1);',
      ...STACK_READ,
      `const returnAddress = (pc + ${lengthOf(instruction.mode) - 1}) & WORD_MASK;`,
      'const below = (sp - 1) & BYTE_MASK;',
      '// A restart after the first push repeats it: the same byte to the same RAM, which changes nothing.',
      ...restartIf('!writeFast(ram, wp, lr, STACK_PAGE | sp, returnAddress >> 8)'),
      ...restartIf('!writeFast(ram, wp, lr, STACK_PAGE | below, returnAddress & BYTE_MASK)'),
      '// Read after the pushes, as the chip does (they could overwrite it when code runs from RAM).',
      'const high = readFast(ram, rp, lr, returnAddress);',
      ...restartIf('high == SLOW'),
      'cpu.sp = <u8>(below - 1);',
      'pc = op1 | (high << 8);',
      ...charge(`${instruction.cycles}`),
      lastAccess('high | READ_ACCESS'),
    ],
  },
  RTI: {
    comment: ['RTI: a stack read, pull the status, then the address'],
    body: (instruction) => [
      ...STACK_READ,
      'const highAt = (sp + 3) & BYTE_MASK;',
      'const value = readFast(ram, rp, lr, STACK_PAGE | ((sp + 1) & BYTE_MASK));',
      'const low = readFast(ram, rp, lr, STACK_PAGE | ((sp + 2) & BYTE_MASK));',
      'const high = readFast(ram, rp, lr, STACK_PAGE | highAt);',
      ...restartIf('(value | low | high) > BYTE_MASK'),
      'cpu.sp = <u8>highAt;',
      'pc = low | (high << 8);',
      ...charge(`${instruction.cycles}`),
      ...pullStatus('value'),
      lastAccess('high | READ_ACCESS'),
    ],
  },
  RTS: {
    comment: ['RTS: a stack read, pull the address, read it, step past it'],
    body: (instruction) => [
      ...STACK_READ,
      'const highAt = (sp + 2) & BYTE_MASK;',
      'const low = readFast(ram, rp, lr, STACK_PAGE | ((sp + 1) & BYTE_MASK));',
      'const high = readFast(ram, rp, lr, STACK_PAGE | highAt);',
      ...restartIf('(low | high) > BYTE_MASK'),
      'const target = low | (high << 8);',
      'const last = readFast(ram, rp, lr, target);',
      ...restartIf('last == SLOW'),
      'cpu.sp = <u8>highAt;',
      'pc = (target + 1) & WORD_MASK;',
      ...charge(`${instruction.cycles}`),
      lastAccess('last | READ_ACCESS'),
    ],
  },
  'JMP Absolute': {
    comment: ['JMP abs'],
    body: (instruction) => [
      ...operandBytes(2),
      'pc = op1 | (op2 << 8);',
      ...charge(`${instruction.cycles}`),
      lastAccess('op2 | READ_ACCESS'),
    ],
  },
  'JMP Indirect': {
    comment: ["JMP (ind): the pointer's high byte comes from the same page (6502 bug)"],
    body: (instruction) => [
      ...operandBytes(2),
      'const pointer = op1 | (op2 << 8);',
      'const low = readFast(ram, rp, lr, pointer);',
      'const high = readFast(ram, rp, lr, (pointer & PAGE_MASK) | ((pointer + 1) & BYTE_MASK));',
      ...restartIf('(low | high) > BYTE_MASK'),
      'pc = low | (high << 8);',
      ...charge(`${instruction.cycles}`),
      lastAccess('high | READ_ACCESS'),
    ],
  },
  PHA: push('PHA', 'a'),
  PHP: push('PHP', 'packStatus(cpu, nz, c)'),
  PLA: pull('PLA', (value) => load('a', value)),
  PLP: pull('PLP', pullStatus),
};

// ---- Putting a case together ----

export interface InstructionCode {
  readonly comment: readonly string[];
  readonly body: readonly string[];
}

/** The code of `instruction`'s switch case, or undefined when no template serves it. */
export function instructionCode(instruction: Instruction): InstructionCode | undefined {
  const { op, mode } = instruction;
  const control = CONTROL_INSTRUCTIONS[`${op} ${mode}`] ?? CONTROL_INSTRUCTIONS[op];
  if (control) return { comment: control.comment, body: control.body(instruction) };
  const branch = BRANCH_OPERATIONS[op];
  if (branch)
    return {
      comment: [`${op}: 1 more cycle when taken, 2 across a page`],
      body: branchInstruction(instruction, branch),
    };
  const implied = IMPLIED_OPERATIONS[op];
  if (implied && mode === 'Implied') return { comment: [op], body: oneByteInstruction(instruction, implied) };
  const comment = [`${op} ${modeTemplate(mode).name}`];
  const read = READ_OPERATIONS[op];
  if (read) return { comment, body: readInstruction(instruction, read) };
  const written = WRITE_OPERATIONS[op];
  if (written) return { comment, body: writeInstruction(instruction, written) };
  const modify = MODIFY_OPERATIONS[op];
  if (modify) return { comment, body: modifyInstruction(instruction, modify) };
  return undefined;
}

/**
 * The cases of the switch after the opcode loop that applies a pending read of a TIA input register,
 * one per operation in `ops` (the read operations up to NOP, which needs none), each the operation's
 * template applied to `value`. ADC and SBC share one (one copy of the addition), choosing the addend
 * by the pending operation.
 */
export function pendingReadCases(ops: readonly string[]): string[] {
  const arm = (labels: string[], body: string[]): string[] => {
    // A case that declares a local needs a block of its own.
    const block = body.some((line) => /^(const|let) /.test(line));
    return [
      ...labels.map((label, i) => `case Op.${label}:${block && i === labels.length - 1 ? ' {' : ''}`),
      ...body.map((line) => `  ${line}`),
      '  break;',
      ...(block ? ['}'] : []),
    ];
  };
  return ops.flatMap((op) => {
    if (op === 'SBC') return [];
    if (op === 'ADC') {
      const addend = `<i32>cpu.fastValue == Op.SBC ? ${ADDEND.SBC('value')} : ${ADDEND.ADC('value')}`;
      return arm(['ADC', 'SBC'], addWithCarry(addend));
    }
    const operation = READ_OPERATIONS[op];
    if (!operation) throw new Error(`ale-execute templates: no read template for ${op}`);
    return arm([op], operation.apply('value'));
  });
}

/**
 * The constants of BNE's wait loop (`WAIT_LOOP`), from the table: the loads it recognises, their cycles
 * and the branch's, and the branch offset back to such a load just before it. `find` looks an
 * instruction up by operation and mode.
 */
export function waitLoopConstants(find: (op: string, mode: string) => Instruction): string[] {
  const loads = ['LDA', 'LDX', 'LDY'].map((op) => find(op, 'Absolute'));
  const loadCycles = loads[0]!.cycles;
  if (loads.some((load) => load.cycles !== loadCycles))
    throw new Error('ale-execute templates: absolute loads differ in cycles');
  const branch = find('BNE', 'Relative');
  const offset = 0x100 - (lengthOf('Absolute') + lengthOf('Relative'));
  const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`;
  return [
    "/** BNE's offset back to a three-byte load just before it: the timer wait loop `LDA INTIM; BNE loop`. */",
    `const WAIT_LOOP_OFFSET: u32 = ${hex(offset)};`,
    ...loads.map((load) => `const ${load.op}_ABS: u32 = ${hex(load.opcode)};`),
    '/** Base cycles of a load with absolute addressing (its read is at the end) and of a branch. */',
    `const LOAD_ABS_CYCLES: i64 = ${loadCycles};`,
    `const BRANCH_CYCLES: i64 = ${branch.cycles};`,
  ];
}
