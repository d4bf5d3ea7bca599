import { describe, expect, it } from 'vitest';
import { AsmMachine, type BusAccess, type CpuModelName } from '../../helpers/asm.js';

// The bus accesses of single instructions, from the cycle-by-cycle tables of "64doc" (NMOS model)
// and from ALE 0.12.1's default CPU, Stella's M6502Low (ALE model): no dummy reads or writes except
// the stack reads of JSR/RTS/RTI/PLA/PLP and BRK's padding byte.

/** "R f001" for a read, "W 01ff=f0" for a write (the data written). */
function show(access: BusAccess): string {
  const address = access.address.toString(16).padStart(4, '0');
  return access.write ? `W ${address}=${access.value.toString(16).padStart(2, '0')}` : `R ${address}`;
}

interface Setup {
  registers?: Partial<{ a: number; x: number; y: number; sp: number; p: number }>;
  ram?: Record<number, number>;
}

/** The accesses of the instruction at `start` (the first of `program`). */
function accessesOf(model: CpuModelName, program: string, setup: Setup = {}): string[] {
  const machine = new AsmMachine(`${program}\nhalt:\njmp halt`, model);
  machine.setRegisters({ sp: 0xff, p: 0, ...setup.registers, pc: machine.label('start') });
  for (const [address, value] of Object.entries(setup.ram ?? {})) machine.setRam(Number(address), value);
  return machine.traceStep().map(show);
}

describe('NMOS model: every cycle is a bus access, dummy ones included', () => {
  const nmos = (program: string, setup?: Setup) => accessesOf('nmos', program, setup);

  it('implied and accumulator instructions read the next byte and discard it', () => {
    expect(nmos('inx')).toEqual(['R f000', 'R f001']);
    expect(nmos('asl')).toEqual(['R f000', 'R f001']);
    expect(nmos('lda #7')).toEqual(['R f000', 'R f001']);
  });

  it('zero page: read-modify-write writes the unmodified value back before the result', () => {
    expect(nmos('lda $85')).toEqual(['R f000', 'R f001', 'R 0085']);
    expect(nmos('sta $85', { registers: { a: 0x42 } })).toEqual(['R f000', 'R f001', 'W 0085=42']);
    expect(nmos('inc $85', { ram: { 133: 5 } })).toEqual(['R f000', 'R f001', 'R 0085', 'W 0085=05', 'W 0085=06']);
    expect(nmos('slo $85', { ram: { 133: 0x41 } })).toEqual(['R f000', 'R f001', 'R 0085', 'W 0085=41', 'W 0085=82']);
  });

  it('zero page indexed: reads the unindexed address first and wraps within page zero', () => {
    expect(nmos('lda $ff,x', { registers: { x: 0x81 } })).toEqual(['R f000', 'R f001', 'R 00ff', 'R 0080']);
    expect(nmos('stx $f0,y', { registers: { x: 9, y: 0x95 } })).toEqual(['R f000', 'R f001', 'R 00f0', 'W 0085=09']);
    expect(nmos('dec $f0,x', { registers: { x: 0x95 }, ram: { 133: 0 } })).toEqual([
      'R f000',
      'R f001',
      'R 00f0',
      'R 0085',
      'W 0085=00',
      'W 0085=ff',
    ]);
  });

  it('absolute indexed reads touch the un-fixed address only when the index crosses a page', () => {
    expect(nmos('lda $0180,x', { registers: { x: 0x10 } })).toEqual(['R f000', 'R f001', 'R f002', 'R 0190']);
    expect(nmos('lda $01f0,x', { registers: { x: 0x20 } })).toEqual(['R f000', 'R f001', 'R f002', 'R 0110', 'R 0210']);
    expect(nmos('ldx $01f0,y', { registers: { y: 0x20 } })).toEqual(['R f000', 'R f001', 'R f002', 'R 0110', 'R 0210']);
  });

  it('absolute indexed writes always read the un-fixed address first', () => {
    expect(nmos('sta $0180,x', { registers: { a: 1, x: 1 } })).toEqual([
      'R f000',
      'R f001',
      'R f002',
      'R 0181',
      'W 0181=01',
    ]);
    expect(nmos('sta.w $00f0,y', { registers: { a: 2, y: 0x90 } })).toEqual([
      'R f000',
      'R f001',
      'R f002',
      'R 0080',
      'W 0180=02',
    ]);
  });

  it('absolute indexed read-modify-write: un-fixed read, read, dummy write, write', () => {
    expect(nmos('inc.w $00f0,x', { registers: { x: 0x90 }, ram: { 128: 0x7f } })).toEqual([
      'R f000',
      'R f001',
      'R f002',
      'R 0080',
      'R 0180',
      'W 0180=7f',
      'W 0180=80',
    ]);
  });

  it('indirect modes: the (zp,X) pointer is read while X is added; (zp),Y fixes the page like abs,Y', () => {
    const pointers = { 130: 0x90, 131: 0x01, 132: 0xf0, 133: 0x01 };
    expect(nmos('lda ($80,x)', { registers: { x: 2 }, ram: pointers })).toEqual([
      'R f000',
      'R f001',
      'R 0080',
      'R 0082',
      'R 0083',
      'R 0190',
    ]);
    expect(nmos('lda ($82),y', { registers: { y: 0x10 }, ram: pointers })).toEqual([
      'R f000',
      'R f001',
      'R 0082',
      'R 0083',
      'R 01a0',
    ]);
    expect(nmos('lda ($84),y', { registers: { y: 0x20 }, ram: pointers })).toEqual([
      'R f000',
      'R f001',
      'R 0084',
      'R 0085',
      'R 0110',
      'R 0210',
    ]);
    expect(nmos('sta ($82),y', { registers: { a: 3, y: 0x10 }, ram: pointers })).toEqual([
      'R f000',
      'R f001',
      'R 0082',
      'R 0083',
      'R 01a0',
      'W 01a0=03',
    ]);
    // A pointer at $FF takes its high byte from $00: the chip wraps within page zero.
    expect(nmos('lda ($ff),y', { registers: { y: 0 }, ram: { 255: 0x80 } })).toContain('R 0000');
  });

  it('taken branches read the next opcode, and across a page also the un-fixed target', () => {
    const sameAndCross = new AsmMachine(
      ['clc', 'bcc near', 'near:', 'jmp cross', 'org $f0fb', 'cross:', 'bcc far', 'org $f110', 'far:', 'jmp far'].join(
        '\n',
      ),
      'nmos',
    );
    sameAndCross.step();
    expect(sameAndCross.traceStep().map(show)).toEqual(['R f001', 'R f002', 'R f003']);
    sameAndCross.step();
    expect(sameAndCross.traceStep().map(show)).toEqual(['R f0fb', 'R f0fc', 'R f0fd', 'R f010']);
    expect(sameAndCross.pc).toBe(0xf110);
    expect(nmos('bcs start', { registers: { p: 0 } })).toEqual(['R f000', 'R f001']);
  });

  it('stack instructions read the stack (and the byte after the opcode) on their internal cycles', () => {
    expect(nmos('pha', { registers: { a: 0x5a, sp: 0xff } })).toEqual(['R f000', 'R f001', 'W 01ff=5a']);
    expect(nmos('php', { registers: { p: 0xc3, sp: 0x80 } })).toEqual(['R f000', 'R f001', 'W 0180=f3']);
    // SP wraps from $FF to $00: the pull reads $0100.
    expect(nmos('pla', { registers: { sp: 0xff } })).toEqual(['R f000', 'R f001', 'R 01ff', 'R 0100']);
    expect(nmos('plp', { registers: { sp: 0xf0 } })).toEqual(['R f000', 'R f001', 'R 01f0', 'R 01f1']);
  });

  it('JSR pushes the address of its last byte between reading the two address bytes', () => {
    expect(nmos('jsr sub\nsub:\nrts')).toEqual(['R f000', 'R f001', 'R 01ff', 'W 01ff=f0', 'W 01fe=02', 'R f002']);
  });

  it('RTS and RTI pull from the stack after a dummy stack read; RTS reads the pulled address', () => {
    expect(nmos('rts', { registers: { sp: 0xfd }, ram: { 254: 0x41, 255: 0xf0 } })).toEqual([
      'R f000',
      'R f001',
      'R 01fd',
      'R 01fe',
      'R 01ff',
      'R f041',
    ]);
    expect(nmos('rti', { registers: { sp: 0xfc }, ram: { 253: 0x00, 254: 0x41, 255: 0xf0 } })).toEqual([
      'R f000',
      'R f001',
      'R 01fc',
      'R 01fd',
      'R 01fe',
      'R 01ff',
    ]);
  });

  it('BRK skips a padding byte, pushes PC and P with B set, then reads the vector', () => {
    expect(nmos('brk\nnop\nirq:\nrti', { registers: { p: 0x01 } })).toEqual([
      'R f000',
      'R f001',
      'W 01ff=f0',
      'W 01fe=02',
      'W 01fd=31',
      'R fffe',
      'R ffff',
    ]);
  });

  it('JMP indirect takes the high byte from the start of the same page', () => {
    expect(nmos('jmp ($01ff)', { ram: { 255: 0x34 } })).toEqual(['R f000', 'R f001', 'R f002', 'R 01ff', 'R 0100']);
  });

  it('undocumented read-modify-writes and multi-byte NOPs follow the same patterns', () => {
    expect(nmos('nop $85')).toEqual(['R f000', 'R f001', 'R 0085']);
    expect(nmos('nop $01f0,x', { registers: { x: 0x20 } })).toEqual(['R f000', 'R f001', 'R f002', 'R 0110', 'R 0210']);
    expect(nmos('nop #$12')).toEqual(['R f000', 'R f001']);
    expect(nmos('dcp ($82),y', { registers: { y: 0 }, ram: { 130: 0x90, 131: 0x00, 144: 7 } })).toEqual([
      'R f000',
      'R f001',
      'R 0082',
      'R 0083',
      'R 0090',
      'R 0090',
      'W 0090=07',
      'W 0090=06',
    ]);
  });
});

describe("ALE model: the accesses ALE's Stella (M6502Low) makes", () => {
  const ale = (program: string, setup?: Setup) => accessesOf('ale', program, setup);

  it('no dummy reads for implied, indexed and branch instructions', () => {
    expect(ale('inx')).toEqual(['R f000']);
    expect(ale('asl')).toEqual(['R f000']);
    expect(ale('lda $ff,x', { registers: { x: 0x81 } })).toEqual(['R f000', 'R f001', 'R 0080']);
    expect(ale('lda $01f0,x', { registers: { x: 0x20 } })).toEqual(['R f000', 'R f001', 'R f002', 'R 0210']);
    expect(ale('sta $0180,x', { registers: { a: 1, x: 1 } })).toEqual(['R f000', 'R f001', 'R f002', 'W 0181=01']);
    expect(ale('lda ($80,x)', { registers: { x: 2 }, ram: { 130: 0x90, 131: 0x01 } })).toEqual([
      'R f000',
      'R f001',
      'R 0082',
      'R 0083',
      'R 0190',
    ]);
  });

  it('a taken branch reads only its opcode and offset, and charges its extra cycle after them', () => {
    const machine = new AsmMachine('clc\nbcc next\nnext:\njmp next', 'ale');
    machine.step();
    const start = machine.cycles;
    const accesses = machine.traceStep();
    expect(accesses.map(show)).toEqual(['R f001', 'R f002']);
    expect(accesses.map((a) => a.cycle - start)).toEqual([0, 2]);
    expect(machine.cycles - start).toBe(3);
  });

  it('read-modify-write reads once and writes only the result', () => {
    expect(ale('inc $85', { ram: { 133: 5 } })).toEqual(['R f000', 'R f001', 'R 0085', 'W 0085=06']);
    expect(ale('inc.w $00f0,x', { registers: { x: 0x90 }, ram: { 128: 0x7f } })).toEqual([
      'R f000',
      'R f001',
      'R f002',
      'R 0180',
      'W 0180=80',
    ]);
  });

  it('keeps the stack reads of JSR, RTS and PLA, and the byte RTS returns to', () => {
    expect(ale('jsr sub\nsub:\nrts')).toEqual(['R f000', 'R f001', 'R 01ff', 'W 01ff=f0', 'W 01fe=02', 'R f002']);
    expect(ale('rts', { registers: { sp: 0xfd }, ram: { 254: 0x41, 255: 0xf0 } })).toEqual([
      'R f000',
      'R 01fd',
      'R 01fe',
      'R 01ff',
      'R f041',
    ]);
    expect(ale('pla', { registers: { sp: 0xff } })).toEqual(['R f000', 'R 01ff', 'R 0100']);
    expect(ale('pha', { registers: { a: 0x5a } })).toEqual(['R f000', 'W 01ff=5a']);
    expect(ale('brk\nnop\nirq:\nrti', { registers: { p: 0x01 } })).toEqual([
      'R f000',
      'R f001',
      'W 01ff=f0',
      'W 01fe=02',
      'W 01fd=31',
      'R fffe',
      'R ffff',
    ]);
  });

  it("takes a zero-page pointer's high byte from $0100 when the pointer is $FF (Stella does not wrap)", () => {
    expect(ale('lda ($ff),y', { registers: { y: 0 }, ram: { 255: 0x80 } })).toEqual([
      'R f000',
      'R f001',
      'R 00ff',
      'R 0100',
      'R 0080',
    ]);
  });
});
