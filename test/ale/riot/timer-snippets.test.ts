/**
 * The RIOT timer seen from 6507 code (assembled with dasm, run on both CPU models). In both models an
 * absolute STA writes, and an absolute LDA/BIT reads, on the instruction's 4th cycle, so the times
 * below hold for either. Expected values follow Stella's M6532 rules (see riot.test.ts): a read at
 * cycle r of a timer written with N at cycle w gives N - floor((r - 1 - w) / interval) - 1 until
 * expiry, and the first INTIM read two or more cycles past expiry clears TIMINT.
 */
import { describe, expect, it } from 'vitest';
import { AsmMachine } from '../../helpers/asm.js';

describe.each(['ale', 'nmos'] as const)('RIOT timer from 6507 code (%s CPU)', (model) => {
  it('reads INTIM right after setting TIM8T', () => {
    const machine = new AsmMachine(
      `
      lda #10
      sta $0295   ; TIM8T: written on cycle w
      lda $0284   ; read on w + 4: (r - 1 - w) = 3 → 10 - 0 - 1 = 9
      sta $80
      lda $0284   ; read on w + 11: 10 → 10 - 1 - 1 = 8
      sta $81
done:
      jmp done
      `,
      model,
    );
    machine.runUntil('done');
    expect(machine.ram(0x80)).toBe(9);
    expect(machine.ram(0x81)).toBe(8);
  });

  it('waits on TIMINT, then the INTIM read acknowledges', () => {
    const machine = new AsmMachine(
      `
      lda #2
      sta $0296   ; TIM64T = 2 on cycle w; expiry when r - 1 - w = 128
wait:
      bit $0285   ; TIMINT read on w + 4 + 7j: bit 7 first set for j = 18 (r - 1 - w = 129)
      bpl wait
      lda $0284   ; r = w + 136: past expiry, acknowledges with offset 8 → 2 - 2 - 8 = $F8
      sta $80
      lda $0285   ; TIMINT after the acknowledge: 0
      sta $81
done:
      jmp done
      `,
      model,
    );
    const spent = machine.runUntil('done');
    expect(machine.ram(0x80)).toBe(0xf8);
    expect(machine.ram(0x81)).toBe(0);
    // From reset: LDA #, STA abs, 19 loop passes (18 taken branches), then the tail up to `done`.
    expect(spent).toBe(2 + 4 + 19 * 4 + 18 * 3 + 2 + 4 + 3 + 4 + 3);
  });
});
