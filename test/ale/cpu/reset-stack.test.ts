import { describe, expect, it } from 'vitest';
import { AsmMachine, CART_4K_BYTES, FLAG } from '../../helpers/asm.js';

describe.each(['nmos', 'ale'] as const)('reset (%s model)', (model) => {
  it("sets ALE's Stella power-on registers: A = X = Y = 0, SP = $FF, only B and bit 5 set, no cycles", () => {
    // A raw image whose reset vector points at $F123.
    const image = new Uint8Array(CART_4K_BYTES).fill(0xea);
    image.set([0x23, 0xf1], 0xffc);
    const machine = new AsmMachine(image, model);
    expect(machine.registers()).toEqual({ a: 0, x: 0, y: 0, sp: 0xff, p: FLAG.B | FLAG.U, pc: 0xf123 });
    expect(machine.cycles).toBe(0);
  });

  it('a reset after running restores the same state', () => {
    const machine = new AsmMachine('sei\nsed\nsec\nldx #$40\ntxs\nlda #$80\ndone:\njmp done', model);
    machine.runUntil('done');
    expect(machine.p & (FLAG.I | FLAG.D | FLAG.C | FLAG.N)).toBe(FLAG.I | FLAG.D | FLAG.C | FLAG.N);
    machine.core.reset();
    expect(machine.registers()).toEqual({ a: 0, x: 0, y: 0, sp: 0xff, p: FLAG.B | FLAG.U, pc: 0xf000 });
  });
});

describe.each(['nmos', 'ale'] as const)('stack (%s model)', (model) => {
  it('PHA/PLA are last-in first-out, pages at $01xx, and SP wraps', () => {
    const machine = new AsmMachine(
      [
        'ldx #$01',
        'txs',
        'lda #$11',
        'pha',
        'lda #$22',
        'pha',
        'lda #$33',
        'pha',
        'pushed:',
        'pla',
        'sta $80',
        'pla',
        'sta $81',
        'pla',
        'sta $82',
        'done:',
        'jmp done',
      ].join('\n'),
      model,
    );
    machine.runUntil('pushed');
    // SP went $01 → $00 → $FF → $FE; the bytes sit at $0101, $0100 (a TIA mirror: not stored) and $01FF.
    expect(machine.sp).toBe(0xfe);
    expect(machine.ram(0x1ff)).toBe(0x33);
    machine.runUntil('done');
    expect(machine.sp).toBe(0x01);
    expect(machine.ram(0x80)).toBe(0x33);
    expect(machine.a).toBe(machine.ram(0x82));
  });

  it('JSR pushes the address of its last byte; RTS returns after it; nesting unwinds in order', () => {
    const machine = new AsmMachine(
      [
        'ldx #$ff',
        'txs',
        'call:',
        'jsr outer',
        'back:',
        'jmp back',
        'outer:',
        'jsr inner',
        'lda #1',
        'rts',
        'inner:',
        'depth:',
        'ldy #2',
        'rts',
      ].join('\n'),
      model,
    );
    machine.runUntil('depth');
    const returnToCall = machine.label('call') + 2;
    const returnToOuter = machine.label('outer') + 2;
    expect(machine.sp).toBe(0xfb);
    expect([machine.ram(0x1ff), machine.ram(0x1fe)]).toEqual([returnToCall >> 8, returnToCall & 0xff]);
    expect([machine.ram(0x1fd), machine.ram(0x1fc)]).toEqual([returnToOuter >> 8, returnToOuter & 0xff]);
    machine.runUntil('back');
    expect([machine.sp, machine.a, machine.y]).toEqual([0xff, 1, 2]);
  });

  it('PHP pushes B and bit 5 set; PLP restores the other flags and ignores those two', () => {
    const machine = new AsmMachine(
      ['ldx #$ff', 'txs', 'sed', 'sec', 'lda #$80', 'php', 'lda #$cb', 'pha', 'plp', 'done:', 'jmp done'].join('\n'),
      model,
    );
    machine.runUntil('done');
    expect(machine.ram(0x1ff)).toBe(FLAG.N | FLAG.U | FLAG.B | FLAG.D | FLAG.C);
    // $CB = N V - - D - Z C: B and bit 5 of the pulled byte are not flags; P still reads them as set.
    expect(machine.p).toBe(0xcb | FLAG.B | FLAG.U);
  });

  it('TXS sets no flags; TSX sets N and Z', () => {
    const machine = new AsmMachine('ldx #0\ntxs\nldx #$80\ntsx\ndone:\njmp done', model);
    machine.runUntil('done');
    expect([machine.x, machine.flag(FLAG.Z), machine.flag(FLAG.N)]).toEqual([0, true, false]);
  });

  it('BRK pushes PC + 2 and P with B, sets I, jumps through $FFFE; RTI restores both', () => {
    const machine = new AsmMachine(
      [
        'ldx #$ff',
        'txs',
        'lda #1',
        'sec',
        'sed',
        'brk',
        '.byte $ea',
        'after:',
        'jmp after',
        'irq:',
        'cld',
        'clc',
        'rti',
      ].join('\n'),
      model,
    );
    machine.runUntil('irq');
    const returnAddress = machine.label('after');
    expect(machine.flag(FLAG.I)).toBe(true);
    expect([machine.ram(0x1ff), machine.ram(0x1fe)]).toEqual([returnAddress >> 8, returnAddress & 0xff]);
    expect(machine.ram(0x1fd)).toBe(FLAG.U | FLAG.B | FLAG.D | FLAG.C);
    machine.runUntil('after');
    expect([machine.flag(FLAG.I), machine.flag(FLAG.D), machine.flag(FLAG.C), machine.sp]).toEqual([
      false,
      true,
      true,
      0xff,
    ]);
  });

  it('JMP ($xxFF) takes the high byte from $xx00 (the 6502 indirect-jump bug)', () => {
    // Pointer at $01FF (RIOT RAM $FF): low byte from $01FF, high byte from $0100 instead of $0200.
    const machine = new AsmMachine('jmp ($01ff)', model);
    machine.setRam(0xff, 0x34);
    machine.traceStart();
    machine.step();
    const reads = machine.trace().map((access) => access.address);
    expect(reads.slice(-2)).toEqual([0x01ff, 0x0100]);
    expect(machine.pc & 0xff).toBe(0x34);
  });
});

describe.each(['nmos', 'ale'] as const)('CPU snapshot (%s model)', (model) => {
  function snapshot(machine: AsmMachine): Uint8Array {
    const length = machine.core.testSaveCpu();
    expect(length).toBeGreaterThan(0);
    return new Uint8Array(machine.core.memory.buffer, machine.core.stateBufferPointer!(), length).slice();
  }

  function restore(machine: AsmMachine, state: Uint8Array): number {
    new Uint8Array(machine.core.memory.buffer, machine.core.stateBufferPointer!(), state.length).set(state);
    return machine.core.testLoadCpu(state.length);
  }

  it('restores registers, every flag and the jam, and rejects a truncated or corrupt state', () => {
    const machine = new AsmMachine('sed\nsei\nsec\nldx #$c5\ntxs\nldy #$80\nlda #0\ndone:\n.byte $02', model);
    machine.runUntil('done');
    const before = machine.registers();
    const state = snapshot(machine);
    machine.step();
    expect(machine.jammed).toBe(true);
    const jammed = snapshot(machine);
    machine.core.reset();
    expect(restore(machine, state)).toBe(0);
    expect(machine.registers()).toEqual(before);
    expect(machine.jammed).toBe(false);
    expect(restore(machine, jammed)).toBe(0);
    expect(machine.jammed).toBe(true);
    expect(restore(machine, state.subarray(0, state.length - 1))).toBe(-1);
    const corrupt = state.slice();
    corrupt[corrupt.length - 1] = 0x80;
    expect(restore(machine, corrupt)).toBe(-1);
  });
});
