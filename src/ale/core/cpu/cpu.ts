// 6507 CPU core (skeleton: the table-driven implementation lands in cpu/).
import { Bus } from '../bus';

/** 6502: the reset vector lives at $FFFC/$FFFD (on the 6507, $1FFC/$1FFD). */
export const RESET_VECTOR: u16 = 0xfffc;

export class Cpu {
  a: u8 = 0;
  x: u8 = 0;
  y: u8 = 0;
  sp: u8 = 0xfd;
  pc: u16 = 0;
  /** Status register as the 6502 pushes it (N V 1 B D I Z C). */
  p: u8 = 0x24;

  constructor(private readonly bus: Bus) {}

  reset(): void {
    this.pc = <u16>this.bus.peek(RESET_VECTOR) | (<u16>this.bus.peek(RESET_VECTOR + 1) << 8);
  }

  /** Executes one instruction. */
  step(): void {
    abort('6507 core not implemented yet');
  }
}
