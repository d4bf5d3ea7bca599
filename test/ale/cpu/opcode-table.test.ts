import { describe, expect, it } from 'vitest';
import { instantiateCore } from '../../../src/ale/core-binding.js';
import { AsmMachine, CART_4K_BYTES, type CpuModelName } from '../../helpers/asm.js';
import { MODE_IDS } from '../../helpers/cpu-modes.js';

/**
 * The NMOS 6502 opcode matrix as published (MOS data sheet for the documented opcodes; "64doc" and
 * "No More Secrets" for the undocumented ones): mnemonic, addressing mode and base cycles. Branches
 * are 2 (+1 taken, +1 page crossing), indexed reads +1 on a page crossing; JAM has no timing.
 */
const PUBLISHED = `
BRK imp 7|ORA izx 6|JAM imp -|SLO izx 8|NOP zp 3|ORA zp 3|ASL zp 5|SLO zp 5|PHP imp 3|ORA imm 2|ASL acc 2|ANC imm 2|NOP abs 4|ORA abs 4|ASL abs 6|SLO abs 6
BPL rel 2|ORA izy 5|JAM imp -|SLO izy 8|NOP zpx 4|ORA zpx 4|ASL zpx 6|SLO zpx 6|CLC imp 2|ORA aby 4|NOP imp 2|SLO aby 7|NOP abx 4|ORA abx 4|ASL abx 7|SLO abx 7
JSR abs 6|AND izx 6|JAM imp -|RLA izx 8|BIT zp 3|AND zp 3|ROL zp 5|RLA zp 5|PLP imp 4|AND imm 2|ROL acc 2|ANC imm 2|BIT abs 4|AND abs 4|ROL abs 6|RLA abs 6
BMI rel 2|AND izy 5|JAM imp -|RLA izy 8|NOP zpx 4|AND zpx 4|ROL zpx 6|RLA zpx 6|SEC imp 2|AND aby 4|NOP imp 2|RLA aby 7|NOP abx 4|AND abx 4|ROL abx 7|RLA abx 7
RTI imp 6|EOR izx 6|JAM imp -|SRE izx 8|NOP zp 3|EOR zp 3|LSR zp 5|SRE zp 5|PHA imp 3|EOR imm 2|LSR acc 2|ALR imm 2|JMP abs 3|EOR abs 4|LSR abs 6|SRE abs 6
BVC rel 2|EOR izy 5|JAM imp -|SRE izy 8|NOP zpx 4|EOR zpx 4|LSR zpx 6|SRE zpx 6|CLI imp 2|EOR aby 4|NOP imp 2|SRE aby 7|NOP abx 4|EOR abx 4|LSR abx 7|SRE abx 7
RTS imp 6|ADC izx 6|JAM imp -|RRA izx 8|NOP zp 3|ADC zp 3|ROR zp 5|RRA zp 5|PLA imp 4|ADC imm 2|ROR acc 2|ARR imm 2|JMP ind 5|ADC abs 4|ROR abs 6|RRA abs 6
BVS rel 2|ADC izy 5|JAM imp -|RRA izy 8|NOP zpx 4|ADC zpx 4|ROR zpx 6|RRA zpx 6|SEI imp 2|ADC aby 4|NOP imp 2|RRA aby 7|NOP abx 4|ADC abx 4|ROR abx 7|RRA abx 7
NOP imm 2|STA izx 6|NOP imm 2|SAX izx 6|STY zp 3|STA zp 3|STX zp 3|SAX zp 3|DEY imp 2|NOP imm 2|TXA imp 2|ANE imm 2|STY abs 4|STA abs 4|STX abs 4|SAX abs 4
BCC rel 2|STA izy 6|JAM imp -|SHA izy 6|STY zpx 4|STA zpx 4|STX zpy 4|SAX zpy 4|TYA imp 2|STA aby 5|TXS imp 2|TAS aby 5|SHY abx 5|STA abx 5|SHX aby 5|SHA aby 5
LDY imm 2|LDA izx 6|LDX imm 2|LAX izx 6|LDY zp 3|LDA zp 3|LDX zp 3|LAX zp 3|TAY imp 2|LDA imm 2|TAX imp 2|LXA imm 2|LDY abs 4|LDA abs 4|LDX abs 4|LAX abs 4
BCS rel 2|LDA izy 5|JAM imp -|LAX izy 5|LDY zpx 4|LDA zpx 4|LDX zpy 4|LAX zpy 4|CLV imp 2|LDA aby 4|TSX imp 2|LAS aby 4|LDY abx 4|LDA abx 4|LDX aby 4|LAX aby 4
CPY imm 2|CMP izx 6|NOP imm 2|DCP izx 8|CPY zp 3|CMP zp 3|DEC zp 5|DCP zp 5|INY imp 2|CMP imm 2|DEX imp 2|SBX imm 2|CPY abs 4|CMP abs 4|DEC abs 6|DCP abs 6
BNE rel 2|CMP izy 5|JAM imp -|DCP izy 8|NOP zpx 4|CMP zpx 4|DEC zpx 6|DCP zpx 6|CLD imp 2|CMP aby 4|NOP imp 2|DCP aby 7|NOP abx 4|CMP abx 4|DEC abx 7|DCP abx 7
CPX imm 2|SBC izx 6|NOP imm 2|ISB izx 8|CPX zp 3|SBC zp 3|INC zp 5|ISB zp 5|INX imp 2|SBC imm 2|NOP imp 2|SBC imm 2|CPX abs 4|SBC abs 4|INC abs 6|ISB abs 6
BEQ rel 2|SBC izy 5|JAM imp -|ISB izy 8|NOP zpx 4|SBC zpx 4|INC zpx 6|ISB zpx 6|SED imp 2|SBC aby 4|NOP imp 2|ISB aby 7|NOP abx 4|SBC abx 4|INC abx 7|ISB abx 7
`;

/** Bytes each addressing mode adds after the opcode. */
const OPERAND_BYTES: Record<string, number> = {
  imp: 0,
  acc: 0,
  imm: 1,
  zp: 1,
  zpx: 1,
  zpy: 1,
  abs: 2,
  abx: 2,
  aby: 2,
  ind: 2,
  izx: 1,
  izy: 1,
  rel: 1,
};

/** ALE's Stella charges 4 cycles for LAX zero page (M6502.cxx cycle table); the chip takes 3. */
const ALE_CYCLE_EXCEPTIONS: Record<number, number> = { 167: 4 };
/** What a JAM costs before the CPU stops: the opcode and one more read (ALE's Stella: its table's 2). */
const JAM_CYCLES = 2;

interface Published {
  mnemonic: string;
  mode: string;
  cycles: number | undefined;
}

const published: Published[] = PUBLISHED.trim()
  .split('\n')
  .flatMap((row) => row.split('|'))
  .map((cell) => {
    const [mnemonic, mode, cycles] = cell.split(' ') as [string, string, string];
    return { mnemonic, mode, cycles: cycles === '-' ? undefined : Number(cycles) };
  });

const ENTRY = { op: 0, pattern: 8, cycles: 16, aleCycles: 20, mode: 24 } as const;

function decodeMnemonic(packed: number): string {
  return String.fromCharCode(packed & 0xff, (packed >> 8) & 0xff, (packed >> 16) & 0xff);
}

describe('opcode table', () => {
  const core = instantiateCore();

  it('the published matrix has 256 cells', () => {
    expect(published).toHaveLength(256);
  });

  it('fills every one of the 256 slots with the published mnemonic, mode and NMOS base cycles', () => {
    const mismatches: string[] = [];
    for (let opcode = 0; opcode < 256; opcode++) {
      const want = published[opcode]!;
      const entry = core.cpuOpcodeEntry(opcode) >>> 0;
      const got = {
        mnemonic: decodeMnemonic(core.cpuOpcodeMnemonic(opcode)),
        mode: (entry >>> ENTRY.mode) & 0xf,
        cycles: (entry >>> ENTRY.cycles) & 0xf,
      };
      const wantCycles = want.cycles ?? JAM_CYCLES;
      if (
        got.mnemonic !== want.mnemonic ||
        got.mode !== MODE_IDS[want.mode as keyof typeof MODE_IDS] ||
        got.cycles !== wantCycles
      ) {
        mismatches.push(`$${opcode.toString(16)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("charges ALE's Stella cycle counts: the NMOS ones except LAX zero page", () => {
    for (let opcode = 0; opcode < 256; opcode++) {
      const entry = core.cpuOpcodeEntry(opcode) >>> 0;
      const nmos = (entry >>> ENTRY.cycles) & 0xf;
      const ale = (entry >>> ENTRY.aleCycles) & 0xf;
      expect(ale, `$${opcode.toString(16)}`).toBe(ALE_CYCLE_EXCEPTIONS[opcode] ?? nmos);
    }
  });

  it('distinguishes every operation: 256 opcodes decode to the published mnemonics only', () => {
    const names = new Set(published.map((p) => p.mnemonic));
    for (let opcode = 0; opcode < 256; opcode++) {
      expect(names.has(decodeMnemonic(core.cpuOpcodeMnemonic(opcode)))).toBe(true);
    }
  });
});

// ---- Every opcode, executed: cycles measured on the clock and, for the NMOS model, bus accesses ----

const RESET_VECTOR_OFFSET = 0xffc;
const BREAK_VECTOR_OFFSET = 0xffe;
/** Operand bytes after the opcode: zero page $80 / absolute $0080 (RIOT RAM), index registers 0, no page crossing. */
const OPERAND = [0x80, 0x00];
/** RAM $80/$81 hold the pointer $0090 for the indirect modes. */
const POINTER_TARGET = 0x0090;

function imageFor(opcode: number): Uint8Array {
  const image = new Uint8Array(CART_4K_BYTES).fill(0xea);
  image.set([opcode, ...OPERAND], 0);
  image.set([0x00, 0xf0], RESET_VECTOR_OFFSET);
  image.set([0x00, 0xf0], BREAK_VECTOR_OFFSET);
  return image;
}

/** Status flags under which each branch is NOT taken. */
const BRANCH_NOT_TAKEN_P: Record<string, number> = {
  BPL: 0x80,
  BMI: 0x00,
  BVC: 0x40,
  BVS: 0x00,
  BCC: 0x01,
  BCS: 0x00,
  BNE: 0x02,
  BEQ: 0x00,
};

function runOne(opcode: number, model: CpuModelName) {
  const machine = new AsmMachine(imageFor(opcode), model);
  machine.setRam(0x80, POINTER_TARGET & 0xff);
  machine.setRam(0x81, POINTER_TARGET >> 8);
  const mnemonic = published[opcode]!.mnemonic;
  machine.setRegisters({ a: 0, x: 0, y: 0, sp: 0xff, p: BRANCH_NOT_TAKEN_P[mnemonic] ?? 0, pc: 0xf000 });
  const start = machine.cycles;
  const accesses = machine.traceStep();
  return { machine, cycles: machine.cycles - start, accesses, start };
}

describe.each(['nmos', 'ale'] as const)('every opcode executes in its base cycles (%s model)', (model) => {
  it('matches the timing table on the clock', () => {
    const mismatches: string[] = [];
    for (let opcode = 0; opcode < 256; opcode++) {
      const { cycles } = runOne(opcode, model);
      const base = published[opcode]!.cycles ?? JAM_CYCLES;
      const want = model === 'ale' ? (ALE_CYCLE_EXCEPTIONS[opcode] ?? base) : base;
      if (cycles !== want)
        mismatches.push(`$${opcode.toString(16)} ${published[opcode]!.mnemonic}: ${cycles} != ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reads the operand bytes that follow the opcode, in order', () => {
    for (let opcode = 0; opcode < 256; opcode++) {
      const want = published[opcode]!;
      if (want.mnemonic === 'JAM' || want.mode === 'imp' || want.mode === 'acc') continue;
      const { accesses } = runOne(opcode, model);
      const operandReads = accesses.filter((a) => !a.write && a.address > 0xf000 && a.address <= 0xf002);
      const count = OPERAND_BYTES[want.mode]!;
      expect(
        operandReads.slice(0, count).map((a) => a.address),
        `$${opcode.toString(16)}`,
      ).toEqual([0xf001, 0xf002].slice(0, count));
    }
  });
});

describe('the NMOS model makes exactly one bus access per cycle', () => {
  it('for every opcode, on consecutive cycles', () => {
    for (let opcode = 0; opcode < 256; opcode++) {
      const { accesses, cycles, start } = runOne(opcode, 'nmos');
      expect(accesses.length, `$${opcode.toString(16)}`).toBe(cycles);
      expect(
        accesses.map((a) => a.cycle - start),
        `$${opcode.toString(16)}`,
      ).toEqual(Array.from({ length: cycles }, (_, i) => i + 1));
    }
  });
});

describe("the ALE model accesses the bus as ALE's Stella does", () => {
  it('fetches the opcode at the start and makes every other access at the end of the base cycles', () => {
    for (let opcode = 0; opcode < 256; opcode++) {
      const { accesses, cycles, start } = runOne(opcode, 'ale');
      expect(accesses[0], `$${opcode.toString(16)}`).toMatchObject({ address: 0xf000, cycle: start });
      for (const access of accesses.slice(1)) expect(access.cycle - start, `$${opcode.toString(16)}`).toBe(cycles);
    }
  });
});
