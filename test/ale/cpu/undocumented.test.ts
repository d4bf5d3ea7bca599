import { describe, expect, it } from 'vitest';
import { AsmMachine, type CpuModelName, FLAG } from '../../helpers/asm.js';

// Undocumented NMOS opcodes, as described in "64doc" and "No More Secrets" (NMOS 6510 Unintended
// Opcodes). ALE's Stella implements the same operations except for SHA/SHX/SHY/TAS on a page crossing.

interface State {
  a: number;
  x: number;
  sp: number;
  m: number;
  n: boolean;
  z: boolean;
  c: boolean;
}

/** Executes `instruction` with operand memory at $80 for each case and compares with `expected`. */
function sweep(
  model: CpuModelName,
  instruction: string,
  inputs: { a: number; x?: number; sp?: number; m: number; c: number }[],
  expected: (input: { a: number; x: number; sp: number; m: number; c: number }) => Partial<State>,
): string[] {
  const machine = new AsmMachine(instruction, model);
  const mismatches: string[] = [];
  for (const raw of inputs) {
    const input = { x: 0, sp: 0xff, ...raw };
    machine.setRegisters({ a: input.a, x: input.x, y: 0, sp: input.sp, p: input.c, pc: 0xf000 });
    machine.setRam(0x80, input.m);
    machine.step();
    const got: State = {
      a: machine.a,
      x: machine.x,
      sp: machine.sp,
      m: machine.ram(0x80),
      n: machine.flag(FLAG.N),
      z: machine.flag(FLAG.Z),
      c: machine.flag(FLAG.C),
    };
    const want = expected(input);
    const wrong = Object.entries(want).filter(([key, value]) => got[key as keyof State] !== value);
    if (wrong.length > 0) {
      mismatches.push(`${JSON.stringify(input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      if (mismatches.length >= 5) break;
    }
  }
  return mismatches;
}

const nz = (value: number) => ({ n: value >= 0x80, z: value === 0 });

/** Every memory value and carry, with a few accumulator patterns. */
const memoryCases = [0x00, 0x5a, 0xa5, 0xff].flatMap((a) =>
  Array.from({ length: 512 }, (_, i) => ({ a, x: 0x3c, m: i >> 1, c: i & 1 })),
);
/** Every accumulator value and carry for an immediate operand. */
const accumulatorCases = Array.from({ length: 512 }, (_, i) => ({ a: i >> 1, x: 0xc3, m: 0, c: i & 1 }));

describe.each(['nmos', 'ale'] as const)('undocumented opcodes (%s model)', (model) => {
  const check = (instruction: string, cases: Parameters<typeof sweep>[2], expected: Parameters<typeof sweep>[3]) =>
    expect(sweep(model, instruction, cases, expected)).toEqual([]);

  it('LAX loads A and X; SAX stores A AND X without touching flags', () => {
    check('lax $80', memoryCases, ({ m }) => ({ a: m, x: m, ...nz(m) }));
    // P held only C before, so N and Z stay clear.
    check('sax $80', memoryCases, ({ a, x, c }) => ({ a, m: a & x, c: c === 1, n: false, z: false }));
    const indirect = new AsmMachine('lax ($82),y', model);
    indirect.setRegisters({ y: 2, p: 0 });
    indirect.setRam(0x82, 0x90);
    indirect.setRam(0x83, 0x00);
    indirect.setRam(0x92, 0x81);
    indirect.step();
    expect([indirect.a, indirect.x, indirect.flag(FLAG.N)]).toEqual([0x81, 0x81, true]);
  });

  it('SLO, RLA, SRE: shift memory, then ORA / AND / EOR it into A', () => {
    check('slo $80', memoryCases, ({ a, m }) => {
      const r = (m << 1) & 0xff;
      return { m: r, a: a | r, c: m >= 0x80, ...nz(a | r) };
    });
    check('rla $80', memoryCases, ({ a, m, c }) => {
      const r = ((m << 1) | c) & 0xff;
      return { m: r, a: a & r, c: m >= 0x80, ...nz(a & r) };
    });
    check('sre $80', memoryCases, ({ a, m }) => {
      const r = m >> 1;
      return { m: r, a: a ^ r, c: (m & 1) === 1, ...nz(a ^ r) };
    });
  });

  it('RRA and ISB (binary): rotate / increment memory, then ADC / SBC it', () => {
    check('rra $80', memoryCases, ({ a, m, c }) => {
      const r = (m >> 1) | (c << 7);
      const sum = a + r + (m & 1);
      return { m: r, a: sum & 0xff, c: sum > 0xff, ...nz(sum & 0xff) };
    });
    check('isb $80', memoryCases, ({ a, m, c }) => {
      const r = (m + 1) & 0xff;
      const difference = a - r - (1 - c);
      return { m: r, a: difference & 0xff, c: difference >= 0, ...nz(difference & 0xff) };
    });
  });

  it('DCP decrements memory, then compares it with A', () => {
    check('dcp $80', memoryCases, ({ a, m }) => {
      const r = (m - 1) & 0xff;
      return { m: r, a, c: a >= r, ...nz((a - r) & 0xff) };
    });
  });

  it('ANC ($0B and $2B): AND, then C = N', () => {
    for (const opcode of ['$0b', '$2b']) {
      check(`.byte ${opcode}, $c7`, accumulatorCases, ({ a }) => ({
        a: a & 0xc7,
        c: (a & 0xc7) >= 0x80,
        ...nz(a & 0xc7),
      }));
    }
  });

  it('ALR: AND, then LSR A', () => {
    // dasm spells ALR "asr".
    check('asr #$b5', accumulatorCases, ({ a }) => ({
      a: (a & 0xb5) >> 1,
      c: (a & 0xb5 & 1) === 1,
      ...nz((a & 0xb5) >> 1),
    }));
  });

  it('SBX: X = (A AND X) - imm without borrow, C and N, Z as CMP; A unchanged', () => {
    const cases = Array.from({ length: 512 }, (_, i) => ({ a: i >> 1, x: 0x6e, m: 0, c: i & 1 }));
    check('sbx #$21', cases, ({ a, x }) => {
      const t = a & x;
      return { a, x: (t - 0x21) & 0xff, c: t >= 0x21, ...nz((t - 0x21) & 0xff) };
    });
  });

  it('ANE and LXA OR A with the magic constant $EE first', () => {
    check('ane #$7b', accumulatorCases, ({ a, x }) => {
      const r = (a | 0xee) & x & 0x7b;
      return { a: r, x, ...nz(r) };
    });
    check('lxa #$7b', accumulatorCases, ({ a }) => {
      const r = (a | 0xee) & 0x7b;
      return { a: r, x: r, ...nz(r) };
    });
  });

  it('LAS: A, X and SP all become memory AND SP', () => {
    const cases = Array.from({ length: 256 }, (_, m) => ({ a: 0, sp: 0xb7, m, c: 0 }));
    check('las $0080,y', cases, ({ m }) => ({ a: m & 0xb7, x: m & 0xb7, sp: m & 0xb7, ...nz(m & 0xb7) }));
  });

  it('multi-byte NOPs leave registers, flags and memory alone', () => {
    for (const nop of ['.byte $1a', 'nop #$55', '.byte $82, $55', 'nop $80', 'nop $80,x', 'nop $0280', 'nop $0280,x']) {
      check(nop, memoryCases.slice(0, 64), ({ a, x, m, c }) => ({ a, x, m, c: c === 1 }));
    }
  });

  it('SHA, SHX, SHY, TAS without a page crossing store the register AND (address high byte + 1)', () => {
    // Target $0185 (RIOT RAM $85): high byte $01, so the stored value is register AND $02.
    const run = (program: string, registers: { a?: number; x?: number; y?: number }) => {
      const machine = new AsmMachine(program, model);
      machine.setRegisters({ sp: 0xff, ...registers });
      machine.setRam(0x85, 0xaa);
      machine.setRam(0x90, 0x80);
      machine.setRam(0x91, 0x01);
      machine.step();
      return machine;
    };
    // Spelled as bytes: SHA abs,Y $9F, SHA (zp),Y $93, SHX abs,Y $9E, SHY abs,X $9C, TAS abs,Y $9B.
    expect(run('.byte $9f, $80, $01', { a: 0xff, x: 0xf7, y: 5 }).ram(0x85)).toBe(0xf7 & 0x02);
    expect(run('.byte $93, $90', { a: 0x06, x: 0xff, y: 5 }).ram(0x85)).toBe(0x06 & 0x02);
    expect(run('.byte $9e, $80, $01', { x: 0x33, y: 5 }).ram(0x85)).toBe(0x33 & 0x02);
    expect(run('.byte $9c, $80, $01', { y: 0x3f, x: 5 }).ram(0x85)).toBe(0x3f & 0x02);
    const tas = run('.byte $9b, $80, $01', { a: 0xf3, x: 0x7e, y: 5 });
    expect(tas.sp).toBe(0xf3 & 0x7e);
    expect(tas.ram(0x85)).toBe(0xf3 & 0x7e & 0x02);
  });
});

describe('SHX across a page', () => {
  // Base $00F0 + Y $95 = $0185: the index carries from page $00 into page $01.
  const program = '.byte $9e, $f0, $00';
  function run(model: CpuModelName) {
    const machine = new AsmMachine(program, model);
    machine.setRegisters({ x: 0x83, y: 0x95 });
    machine.setRam(0x85, 0xaa);
    machine.traceStart();
    machine.step();
    return machine.trace().filter((access) => access.write);
  }

  it('NMOS: the value uses the base high byte + 1 and becomes the target high byte', () => {
    // Value = X AND ($00 + 1) = $01; the write goes to $01 << 8 | $85.
    expect(run('nmos').map((w) => [w.address, w.value])).toEqual([[0x0185, 0x01]]);
  });

  it("ALE: Stella uses the final address's high byte + 1 and keeps the address", () => {
    // Value = X AND ($01 + 1) = $02, written to $0185.
    expect(run('ale').map((w) => [w.address, w.value])).toEqual([[0x0185, 0x02]]);
  });
});

describe.each(['nmos', 'ale'] as const)('JAM (%s model)', (model) => {
  it('halts the CPU until reset: nothing executes and no time passes', () => {
    const machine = new AsmMachine('lda #1\n.byte $02\nlda #2', model);
    expect(machine.step()).toBe(2);
    expect(machine.step()).toBe(2);
    expect(machine.jammed).toBe(true);
    const cycles = machine.cycles;
    const pc = machine.pc;
    expect(machine.run(1000)).toBe(0);
    expect(machine.step()).toBe(0);
    expect([machine.cycles, machine.pc, machine.a]).toEqual([cycles, pc, 1]);
    expect(pc).toBe(0xf003);
    machine.core.reset();
    expect(machine.jammed).toBe(false);
    expect(machine.pc).toBe(0xf000);
    expect(machine.run(1)).toBe(1);
  });

  it('every one of the twelve JAM opcodes jams', () => {
    for (const opcode of [0x02, 0x12, 0x22, 0x32, 0x42, 0x52, 0x62, 0x72, 0x92, 0xb2, 0xd2, 0xf2]) {
      const machine = new AsmMachine(`.byte $${opcode.toString(16)}`, model);
      machine.step();
      expect(machine.jammed, `$${opcode.toString(16)}`).toBe(true);
    }
  });
});
