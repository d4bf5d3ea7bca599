import { describe, expect, it } from 'vitest';
import { AsmMachine, type CpuModelName, FLAG } from '../../helpers/asm.js';

// Reference models written here from the documented algorithms, checked exhaustively (every A,
// operand and carry) against the wasm core executing the real instruction.

interface Result {
  a: number;
  n: boolean;
  v: boolean;
  z: boolean;
  c: boolean;
}

const signed = (byte: number) => (byte & 0x80 ? byte - 256 : byte);

function binaryAdc(a: number, b: number, carry: number): Result {
  const sum = a + b + carry;
  const signedSum = signed(a) + signed(b) + carry;
  const result = sum & 0xff;
  return { a: result, n: result >= 0x80, v: signedSum < -128 || signedSum > 127, z: result === 0, c: sum > 0xff };
}

function binarySbc(a: number, b: number, carry: number): Result {
  const borrow = 1 - carry;
  const difference = a - b - borrow;
  const signedDifference = signed(a) - signed(b) - borrow;
  const result = difference & 0xff;
  return {
    a: result,
    n: result >= 0x80,
    v: signedDifference < -128 || signedDifference > 127,
    z: result === 0,
    c: difference >= 0,
  };
}

/**
 * NMOS 6502 decimal ADC as given in Bruce Clark's "Decimal Mode" tutorial (6502.org), Appendix A:
 * sequence 1 gives A and C, sequence 2 (signed) gives N and V; Z is the binary sum's.
 */
function nmosDecimalAdc(a: number, b: number, carry: number): Result {
  let al = (a & 0x0f) + (b & 0x0f) + carry;
  if (al >= 0x0a) al = ((al + 0x06) & 0x0f) + 0x10;
  let sum = (a & 0xf0) + (b & 0xf0) + al;
  const signedSum = signed(a & 0xf0) + signed(b & 0xf0) + al;
  if (sum >= 0xa0) sum += 0x60;
  return {
    a: sum & 0xff,
    n: (signedSum & 0x80) !== 0,
    v: signedSum < -128 || signedSum > 127,
    z: ((a + b + carry) & 0xff) === 0,
    c: sum >= 0x100,
  };
}

/** NMOS decimal SBC (same tutorial, sequence 3): A is decimal-adjusted, every flag is the binary subtraction's. */
function nmosDecimalSbc(a: number, b: number, carry: number): Result {
  let al = (a & 0x0f) - (b & 0x0f) + carry - 1;
  if (al < 0) al = ((al - 0x06) & 0x0f) - 0x10;
  let difference = (a & 0xf0) - (b & 0xf0) + al;
  if (difference < 0) difference -= 0x60;
  return { ...binarySbc(a, b, carry), a: difference & 0xff };
}

/**
 * ALE 0.12.1's decimal mode (Stella's M6502.m4): each byte is read as tens × 10 + units (digits above
 * 9 included), the arithmetic is done on those numbers, and the result is written back as two digits.
 */
const tensAndUnits = (byte: number) => 10 * (byte >> 4) + (byte & 0x0f);
const twoDigits = (n: number) => (Math.floor((n % 100) / 10) << 4) | (n % 10);

function aleDecimalAdc(a: number, b: number, carry: number): Result {
  const sum = tensAndUnits(a) + tensAndUnits(b) + carry;
  const result = twoDigits(sum & 0xff);
  return {
    a: result,
    n: result >= 0x80,
    z: result === 0,
    c: sum > 99,
    v: ((a ^ result) & 0x80) !== 0 && ((result ^ b) & 0x80) !== 0,
  };
}

function aleDecimalSbc(a: number, b: number, carry: number): Result {
  const borrow = 1 - carry;
  let difference = tensAndUnits(a) - tensAndUnits(b) - borrow;
  if (difference < 0) difference += 100;
  // Only reachable with digits above 9: Stella's table lookup then lands 256 + difference bytes into
  // its tens-and-units table.
  const result = difference >= 0 ? twoDigits(difference) : tensAndUnits(256 + difference);
  return {
    a: result,
    n: result >= 0x80,
    z: result === 0,
    c: a >= b + borrow,
    v: ((a ^ result) & 0x80) !== 0 && ((result ^ b) & 0x80) !== 0,
  };
}

/** Runs `instruction` (operand in RAM $80 unless immediate) over the cases; returns the first mismatches. */
function sweep(
  model: CpuModelName,
  instruction: string,
  cases: Iterable<[a: number, operand: number, carry: number]>,
  decimal: boolean,
  expected: (a: number, operand: number, carry: number) => Result,
  check: { memory?: (operand: number, carry: number) => number } = {},
): string[] {
  const machine = new AsmMachine(instruction, model);
  const core = machine.core;
  const ram = new Uint8Array(core.memory.buffer, core.ramPointer(), 128);
  const mismatches: string[] = [];
  for (const [a, operand, carry] of cases) {
    core.cpuSetRegisters(a, 0, 0, 0xff, (decimal ? FLAG.D : 0) | carry, 0xf000);
    ram[0] = operand;
    core.cpuRun(1);
    const p = core.cpuP();
    const got: Result = {
      a: core.cpuA(),
      n: (p & FLAG.N) !== 0,
      v: (p & FLAG.V) !== 0,
      z: (p & FLAG.Z) !== 0,
      c: (p & FLAG.C) !== 0,
    };
    const want = expected(a, operand, carry);
    const memoryOk = !check.memory || ram[0] === check.memory(operand, carry);
    if (!memoryOk || got.a !== want.a || got.n !== want.n || got.v !== want.v || got.z !== want.z || got.c !== want.c) {
      mismatches.push(`A=${a} M=${operand} C=${carry}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      if (mismatches.length >= 5) break;
    }
  }
  return mismatches;
}

function* allCases(): Generator<[number, number, number]> {
  for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) for (let c = 0; c < 2; c++) yield [a, b, c];
}

function* validBcdCases(): Generator<[number, number, number]> {
  const valid = Array.from({ length: 100 }, (_, n) => twoDigits(n));
  for (const a of valid) for (const b of valid) for (let c = 0; c < 2; c++) yield [a, b, c];
}

describe.each(['nmos', 'ale'] as const)('binary arithmetic (%s model)', (model) => {
  it('ADC: result, N, V, Z, C for every A, operand and carry', () => {
    expect(sweep(model, 'adc $80', allCases(), false, binaryAdc)).toEqual([]);
  });

  it('SBC (and the undocumented $EB) for every A, operand and carry', () => {
    expect(sweep(model, 'sbc $80', allCases(), false, binarySbc)).toEqual([]);
    const immediate = new AsmMachine('.byte $eb, $30', model);
    immediate.setRegisters({ a: 0x50, p: FLAG.C });
    immediate.step();
    expect(immediate.a).toBe(0x20);
    expect(immediate.flag(FLAG.C)).toBe(true);
  });

  it('CMP sets C, Z, N from A - M and leaves A and V alone', () => {
    const mismatches = sweep(model, 'cmp $80', allCases(), false, (a, b) => {
      const d = (a - b) & 0xff;
      return { a, n: d >= 0x80, z: a === b, c: a >= b, v: false };
    });
    expect(mismatches).toEqual([]);
  });
});

describe('decimal mode, NMOS model: Bruce Clark\'s NMOS algorithm (6502.org "Decimal Mode", Appendix A)', () => {
  it('ADC for every A, operand and carry, valid and invalid digits', () => {
    expect(sweep('nmos', 'adc $80', allCases(), true, nmosDecimalAdc)).toEqual([]);
  });

  it('SBC for every A, operand and carry', () => {
    expect(sweep('nmos', 'sbc $80', allCases(), true, nmosDecimalSbc)).toEqual([]);
  });

  it('hand-worked NMOS results: 99 + 01 gives 00 with C set, Z clear (binary $9A) and N set', () => {
    const machine = new AsmMachine('sed\nclc\nlda #$99\nadc #$01\ndone:\njmp done', 'nmos');
    machine.runUntil('done');
    expect(machine.a).toBe(0x00);
    expect([machine.flag(FLAG.C), machine.flag(FLAG.Z), machine.flag(FLAG.N), machine.flag(FLAG.V)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('RRA rotates memory right, then adds it in decimal', () => {
    const expected = (a: number, m: number, c: number) => nmosDecimalAdc(a, (m >> 1) | (c << 7), m & 1);
    expect(sweep('nmos', 'rra $80', allCases(), true, expected, { memory: (m, c) => (m >> 1) | (c << 7) })).toEqual([]);
  });

  it('ISB increments memory, then subtracts it in decimal', () => {
    const expected = (a: number, m: number, c: number) => nmosDecimalSbc(a, (m + 1) & 0xff, c);
    expect(sweep('nmos', 'isb $80', allCases(), true, expected, { memory: (m) => (m + 1) & 0xff })).toEqual([]);
  });
});

describe("decimal mode, ALE model: ALE's Stella algorithm (tens-and-units arithmetic)", () => {
  it('ADC for every A, operand and carry', () => {
    expect(sweep('ale', 'adc $80', allCases(), true, aleDecimalAdc)).toEqual([]);
  });

  it('SBC for every A, operand and carry', () => {
    expect(sweep('ale', 'sbc $80', allCases(), true, aleDecimalSbc)).toEqual([]);
  });

  it('RRA and ISB use the same decimal arithmetic', () => {
    const rra = (a: number, m: number, c: number) => aleDecimalAdc(a, (m >> 1) | (c << 7), m & 1);
    expect(sweep('ale', 'rra $80', allCases(), true, rra)).toEqual([]);
    const isb = (a: number, m: number, c: number) => aleDecimalSbc(a, (m + 1) & 0xff, c);
    expect(sweep('ale', 'isb $80', allCases(), true, isb)).toEqual([]);
  });

  it('agrees with the NMOS chip on A and C for valid BCD digits (where games live)', () => {
    for (const [a, b, c] of validBcdCases()) {
      const ale = aleDecimalAdc(a, b, c);
      const nmos = nmosDecimalAdc(a, b, c);
      expect([ale.a, ale.c]).toEqual([nmos.a, nmos.c]);
      const aleSub = aleDecimalSbc(a, b, c);
      const nmosSub = nmosDecimalSbc(a, b, c);
      expect([aleSub.a, aleSub.c]).toEqual([nmosSub.a, nmosSub.c]);
    }
    expect(sweep('ale', 'adc $80', validBcdCases(), true, aleDecimalAdc)).toEqual([]);
  });
});

/**
 * ARR ("64doc"; ALE's Stella implements the same): A = (A AND imm) rotated right through carry.
 * Binary: C = bit 6, V = bit 6 XOR bit 5 of the result. Decimal: N, Z from the rotated value; V set
 * when bit 6 differs between the AND result and the rotated value; a nibble of the AND result above 5
 * (counting its lowest bit twice) gets 6 added to the result's matching nibble, the high one setting C.
 */
function arrReference(a: number, imm: number, carry: number, decimal: boolean): Result {
  const t = a & imm;
  const rotated = (t >> 1) | (carry << 7);
  if (!decimal) {
    const bit6 = (rotated >> 6) & 1;
    const bit5 = (rotated >> 5) & 1;
    return { a: rotated, n: rotated >= 0x80, z: rotated === 0, c: bit6 === 1, v: (bit6 ^ bit5) === 1 };
  }
  const lowNibble = t & 0x0f;
  const highNibble = t >> 4;
  let result = rotated;
  if (lowNibble + (lowNibble & 1) > 5) result = (result & 0xf0) | ((result + 6) & 0x0f);
  const highFix = highNibble + (highNibble & 1) > 5;
  if (highFix) result = (result + 0x60) & 0xff;
  return { a: result, n: carry === 1, z: rotated === 0, v: ((t ^ rotated) & 0x40) !== 0, c: highFix };
}

describe.each(['nmos', 'ale'] as const)('ARR (%s model)', (model) => {
  function* cases(): Generator<[number, number, number]> {
    for (let a = 0; a < 256; a++) for (let c = 0; c < 2; c++) yield [a, 0, c];
  }
  // With the immediate $FF, A AND imm = A: sweeping A covers every AND result.
  it('binary, every AND result and carry', () => {
    expect(sweep(model, 'arr #$ff', cases(), false, (a, _m, c) => arrReference(a, 0xff, c, false))).toEqual([]);
  });
  it('decimal, every AND result and carry', () => {
    expect(sweep(model, 'arr #$ff', cases(), true, (a, _m, c) => arrReference(a, 0xff, c, true))).toEqual([]);
  });
  it('ANDs with the immediate first', () => {
    expect(sweep(model, 'arr #$0f', cases(), false, (a, _m, c) => arrReference(a, 0x0f, c, false))).toEqual([]);
  });
});

describe.each(['nmos', 'ale'] as const)('shifts, rotates, increments and BIT (%s model)', (model) => {
  function* cases(): Generator<[number, number, number]> {
    for (let m = 0; m < 256; m++) for (let c = 0; c < 2; c++) yield [0x5a, m, c];
  }
  const nz = (value: number) => ({ n: value >= 0x80, z: value === 0 });

  it('ASL, LSR, ROL, ROR on memory: result, N, Z, C; A and V untouched', () => {
    const shift = (op: string, f: (m: number, c: number) => [number, boolean]) =>
      sweep(model, `${op} $80`, cases(), false, (a, m, c) => ({ a, v: false, ...nz(f(m, c)[0]), c: f(m, c)[1] }), {
        memory: (m, c) => f(m, c)[0],
      });
    expect(shift('asl', (m) => [(m << 1) & 0xff, m >= 0x80])).toEqual([]);
    expect(shift('lsr', (m) => [m >> 1, (m & 1) === 1])).toEqual([]);
    expect(shift('rol', (m, c) => [((m << 1) | c) & 0xff, m >= 0x80])).toEqual([]);
    expect(shift('ror', (m, c) => [(m >> 1) | (c << 7), (m & 1) === 1])).toEqual([]);
  });

  it('INC and DEC wrap and set N, Z only', () => {
    const step = (op: string, d: number) =>
      sweep(model, `${op} $80`, cases(), false, (a, m, c) => ({ a, v: false, c: c === 1, ...nz((m + d) & 0xff) }), {
        memory: (m) => (m + d) & 0xff,
      });
    expect(step('inc', 1)).toEqual([]);
    expect(step('dec', -1)).toEqual([]);
  });

  it('BIT: Z from A AND M, N and V from bits 7 and 6 of M', () => {
    const bit = sweep(model, 'bit $80', cases(), false, (a, m, c) => ({
      a,
      n: (m & 0x80) !== 0,
      v: (m & 0x40) !== 0,
      z: (a & m) === 0,
      c: c === 1,
    }));
    expect(bit).toEqual([]);
  });
});
