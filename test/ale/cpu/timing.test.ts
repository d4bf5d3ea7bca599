import { describe, expect, it } from 'vitest';
import { AsmMachine } from '../../helpers/asm.js';

// Cycle budgets from the 6502 timing tables: indexed reads +1 when the index carries into the next
// page, indexed writes and read-modify-writes never; branches 2, +1 taken, +1 more into another page.
// ALE's Stella charges the same totals (only LAX zero page differs, see opcode-table.test.ts).

describe.each(['nmos', 'ale'] as const)('instruction timing (%s model)', (model) => {
  /** Cycles spent executing `body` (which must not jump away), measured between two labels. */
  function cyclesOf(body: string, setup = ''): number {
    const machine = new AsmMachine(`${setup}\nfrom:\n${body}\nto:\njmp to`, model);
    return machine.cyclesBetween('from', 'to');
  }

  it('loads, stores and ALU operations in each addressing mode', () => {
    expect(cyclesOf('lda #1')).toBe(2);
    expect(cyclesOf('lda $80')).toBe(3);
    expect(cyclesOf('lda $80,x', 'ldx #1')).toBe(4);
    expect(cyclesOf('ldx $80,y', 'ldy #1')).toBe(4);
    expect(cyclesOf('lda $0280')).toBe(4);
    expect(cyclesOf('sta $80')).toBe(3);
    expect(cyclesOf('sta $80,x', 'ldx #1')).toBe(4);
    expect(cyclesOf('sta $0280')).toBe(4);
    expect(cyclesOf('adc ($80,x)', 'ldx #0')).toBe(6);
    expect(cyclesOf('sta ($80,x)', 'ldx #0\nlda #$c0\nsta $80\nlda #0\nsta $81')).toBe(6);
    expect(cyclesOf('cmp ($80),y', 'ldy #0')).toBe(5);
    expect(cyclesOf('sta ($80),y', 'ldy #0\nlda #$c0\nsta $80\nlda #0\nsta $81')).toBe(6);
  });

  it('indexed reads take one more cycle only when the index crosses a page', () => {
    const setup = 'ldx #$10\nldy #$10';
    expect(cyclesOf('lda $f0e0,x', setup)).toBe(4);
    expect(cyclesOf('lda $f0f8,x', setup)).toBe(5);
    expect(cyclesOf('eor $f0e0,y', setup)).toBe(4);
    expect(cyclesOf('eor $f0f8,y', setup)).toBe(5);
    expect(cyclesOf('ldy $f0f8,x', setup)).toBe(5);
    expect(cyclesOf('ldx $f0f8,y', setup)).toBe(5);
    expect(cyclesOf('lax $f0f8,y', setup)).toBe(5);
    expect(cyclesOf('nop $f0f8,x', setup)).toBe(5);
    expect(cyclesOf('las $f0f8,y', setup)).toBe(5);
    const pointer = (low: number) => `lda #$${low.toString(16)}\nsta $90\nlda #$f0\nsta $91\nldy #$10`;
    expect(cyclesOf('lda ($90),y', pointer(0xe0))).toBe(5);
    expect(cyclesOf('lda ($90),y', pointer(0xf8))).toBe(6);
  });

  it('indexed writes and read-modify-writes take their full time whether or not they cross a page', () => {
    const setup = 'ldx #$10\nldy #$10';
    expect(cyclesOf('sta $0280,x', setup)).toBe(5);
    expect(cyclesOf('sta $02f8,x', setup)).toBe(5);
    expect(cyclesOf('sta $0280,y', setup)).toBe(5);
    expect(cyclesOf('sta $02f8,y', setup)).toBe(5);
    expect(cyclesOf('inc $0280,x', setup)).toBe(7);
    expect(cyclesOf('inc $02f8,x', setup)).toBe(7);
    expect(cyclesOf('dcp $02f8,y', setup)).toBe(7);
    const pointer = 'lda #$f8\nsta $90\nlda #$00\nsta $91\nldy #$10';
    expect(cyclesOf('sta ($90),y', pointer)).toBe(6);
    expect(cyclesOf('isb ($90),y', pointer)).toBe(8);
    expect(cyclesOf('asl $80')).toBe(5);
    expect(cyclesOf('ror $80,x', 'ldx #1')).toBe(6);
    expect(cyclesOf('lsr $0280')).toBe(6);
    expect(cyclesOf('rol')).toBe(2);
  });

  it('branches: 2 not taken, 3 taken, 4 taken into another page (both directions)', () => {
    expect(cyclesOf('sec\nbcc to', '')).toBe(2 + 2);
    expect(cyclesOf('clc\nbcc to', '')).toBe(2 + 3);
    const forward = new AsmMachine(
      ['clc', 'jmp cross', 'org $f0fb', 'cross:', 'bcc target', 'org $f110', 'target:', 'jmp target'].join('\n'),
      model,
    );
    expect(forward.label('cross')).toBe(0xf0fb);
    expect(forward.cyclesBetween('cross', 'target')).toBe(4);
    const backward = new AsmMachine(
      ['jmp cross', 'org $f0f0', 'target:', 'jmp target', 'org $f102', 'cross:', 'bne target'].join('\n'),
      model,
    );
    backward.setRegisters({ p: 0 });
    expect(backward.cyclesBetween('cross', 'target')).toBe(4);
    // Ending a page exactly: the branch's next instruction is on the same page as the target.
    const samePage = new AsmMachine(
      ['clc', 'jmp cross', 'org $f0fc', 'cross:', 'bcc target', 'target:', 'jmp target'].join('\n'),
      model,
    );
    expect(samePage.cyclesBetween('cross', 'target')).toBe(3);
  });

  it('stack and control flow', () => {
    expect(cyclesOf('pha')).toBe(3);
    expect(cyclesOf('php')).toBe(3);
    expect(cyclesOf('pla')).toBe(4);
    expect(cyclesOf('plp')).toBe(4);
    expect(cyclesOf('txs\ntsx')).toBe(4);
    expect(cyclesOf('jmp next\nnext:')).toBe(3);
    const subroutine = new AsmMachine('jsr sub\nback:\njmp back\nsub:\nrts', model);
    expect(subroutine.cyclesBetween('start', 'sub')).toBe(6);
    expect(subroutine.runUntil('back')).toBe(6);
    const interrupt = new AsmMachine('brk\nnop\nback:\njmp back\nirq:\nrti', model);
    expect(interrupt.cyclesBetween('start', 'irq')).toBe(7);
    expect(interrupt.runUntil('back')).toBe(6);
    const indirect = new AsmMachine(
      'lda #<dest\nsta $80\nlda #>dest\nsta $81\nfrom:\njmp ($0080)\ndest:\njmp dest',
      model,
    );
    expect(indirect.cyclesBetween('from', 'dest')).toBe(5);
  });

  it('runs a realistic loop in the sum of its instruction times', () => {
    // 5 × (DEX 2 + BNE 3) - 1 for the final untaken branch.
    expect(cyclesOf('ldx #5\nloop:\ndex\nbne loop')).toBe(2 + 5 * 5 - 1);
    // A 16-bit add across RAM: CLC 2, 3 × (LDA zp 3, ADC zp 3, STA zp 3).
    expect(cyclesOf('clc\nlda $80\nadc $82\nsta $84\nlda $81\nadc $83\nsta $85')).toBe(2 + 6 * 3);
  });
});

describe('LAX zero page', () => {
  it('takes 3 cycles on the chip and 4 under ALE (Stella charges its table entry)', () => {
    const program = 'from:\nlax $80\nto:\njmp to';
    expect(new AsmMachine(program, 'nmos').cyclesBetween('from', 'to')).toBe(3);
    expect(new AsmMachine(program, 'ale').cyclesBetween('from', 'to')).toBe(4);
  });
});
