// The instruction loop: decode through OPCODE_TABLE, then one bus-access sequence per access
// pattern. `M` (access.ts) decides which accesses reach the bus and when cycles are charged, so the
// same sequences serve the cycle-exact NMOS chip and ALE's Stella CPU.
import { BREAK_VECTOR, Cpu, FLAG_B, FLAG_UNUSED, STACK_PAGE, CPU_JAMMED } from './cpu';
import { BYTE_MASK, PAGE_MASK, WORD_MASK } from './access';
import { ENTRY_BYTE_MASK, ENTRY_PATTERN_SHIFT, OPCODE_TABLE, Op, Pattern } from './opcodes';

/** Sign-extends a branch offset byte: (offset ^ $80) - $80. */
const SIGN_FLIP: u32 = 0x80;

/** Index `base` by `index` as the 6502 does: 16-bit wrap-around. */
@inline function indexed(base: u32, index: u32): u32 {
  return (base + index) & WORD_MASK;
}

/** The address the 6502 puts on the bus before it fixes the high byte of an indexed address. */
@inline function unfixed(base: u32, index: u32): u32 {
  return (base & PAGE_MASK) | ((base + index) & BYTE_MASK);
}

/**
 * Runs up to `budget` instructions while `cpu.status` is 0; returns how many ran.
 * Each case is one instruction's bus sequence in cycle order (comments give the cycle numbers of the
 * NMOS chip; dummy accesses are the ones `M` may drop).
 */
export function execute<M>(cpu: Cpu, m: M, budget: i32): i32 {
  let executed = 0;
  // The PC lives in a local while instructions run; nothing outside the CPU reads it meanwhile.
  let pc = <u32>cpu.pc;
  while (executed < budget && cpu.status == 0) {
    executed++;
    const entry = unchecked(OPCODE_TABLE[m.fetchOpcode(pc)]);
    pc = (pc + 1) & WORD_MASK;
    m.chargeInstruction(entry);
    pc = executeFetched<M>(cpu, m, entry, pc);
  }
  cpu.pc = <u16>pc;
  return executed;
}

/**
 * One instruction after its opcode fetch and cycle charge: its bus sequence in cycle order (comments
 * give the cycle numbers of the NMOS chip; dummy accesses are the ones `M` may drop). `pc` points past
 * the opcode; returns the PC of the next instruction.
 */
@inline
export function executeFetched<M>(cpu: Cpu, m: M, entry: u32, pc: u32): u32 {
  const op = <i32>(entry & ENTRY_BYTE_MASK);
  const pattern = <i32>((entry >> ENTRY_PATTERN_SHIFT) & ENTRY_BYTE_MASK);
  let value: u32 = 0;
  switch (pattern) {
    case Pattern.Implied: {
      m.dummyRead(pc); // 2: reads the next byte and discards it
      cpu.implied(op);
      return pc;
    }
    case Pattern.AccumulatorModify: {
      m.dummyRead(pc);
      cpu.a = <u8>cpu.modify(op, cpu.a);
      return pc;
    }
    case Pattern.ImmediateRead: {
      value = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      break;
    }
    case Pattern.ZeroPageRead: {
      const address = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      value = m.read(address);
      break;
    }
    case Pattern.ZeroPageWrite: {
      const address = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.write(address, cpu.store(op));
      return pc;
    }
    case Pattern.ZeroPageModify: {
      const address = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      const old = m.read(address); // 3
      m.dummyWrite(address, old); // 4: writes the unmodified value back
      m.write(address, cpu.modify(op, old)); // 5
      return pc;
    }
    case Pattern.ZeroPageXRead: {
      const base = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(base); // 3: reads the unindexed address while adding X
      value = m.read((base + <u32>cpu.x) & BYTE_MASK);
      break;
    }
    case Pattern.ZeroPageXWrite: {
      const base = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(base);
      m.write((base + <u32>cpu.x) & BYTE_MASK, cpu.store(op));
      return pc;
    }
    case Pattern.ZeroPageXModify: {
      const base = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(base);
      const address = (base + <u32>cpu.x) & BYTE_MASK;
      const old = m.read(address);
      m.dummyWrite(address, old);
      m.write(address, cpu.modify(op, old));
      return pc;
    }
    case Pattern.ZeroPageYRead: {
      const base = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(base);
      value = m.read((base + <u32>cpu.y) & BYTE_MASK);
      break;
    }
    case Pattern.ZeroPageYWrite: {
      const base = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(base);
      m.write((base + <u32>cpu.y) & BYTE_MASK, cpu.store(op));
      return pc;
    }
    case Pattern.AbsoluteRead: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      value = m.read(low | (high << 8));
      break;
    }
    case Pattern.AbsoluteWrite: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      m.write(low | (high << 8), cpu.store(op));
      return pc;
    }
    case Pattern.AbsoluteModify: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      const address = low | (high << 8);
      const old = m.read(address);
      m.dummyWrite(address, old);
      m.write(address, cpu.modify(op, old));
      return pc;
    }
    case Pattern.AbsoluteXRead:
    case Pattern.AbsoluteYRead: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      const base = low | (high << 8);
      const idx = pattern == Pattern.AbsoluteYRead ? <u32>cpu.y : <u32>cpu.x;
      if (low + idx > BYTE_MASK) m.pageCrossPenalty(unfixed(base, idx)); // 4: the un-fixed address, then 5
      value = m.read(indexed(base, idx));
      break;
    }
    case Pattern.AbsoluteXWrite:
    case Pattern.AbsoluteYWrite: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      const base = low | (high << 8);
      const idx = pattern == Pattern.AbsoluteYWrite ? <u32>cpu.y : <u32>cpu.x;
      m.dummyRead(unfixed(base, idx)); // 4: always, page crossing or not
      m.write(indexed(base, idx), cpu.store(op));
      return pc;
    }
    case Pattern.AbsoluteXModify:
    case Pattern.AbsoluteYModify: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      const base = low | (high << 8);
      const idx = pattern == Pattern.AbsoluteYModify ? <u32>cpu.y : <u32>cpu.x;
      m.dummyRead(unfixed(base, idx)); // 4
      const address = indexed(base, idx);
      const old = m.read(address); // 5
      m.dummyWrite(address, old); // 6
      m.write(address, cpu.modify(op, old)); // 7
      return pc;
    }
    case Pattern.IndirectXRead: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(pointer); // 3: reads the pointer while adding X
      const p = (pointer + <u32>cpu.x) & BYTE_MASK;
      const low = m.read(p);
      const high = m.read(m.pointerNext(p));
      value = m.read(low | (high << 8));
      break;
    }
    case Pattern.IndirectXWrite: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(pointer);
      const p = (pointer + <u32>cpu.x) & BYTE_MASK;
      const low = m.read(p);
      const high = m.read(m.pointerNext(p));
      m.write(low | (high << 8), cpu.store(op));
      return pc;
    }
    case Pattern.IndirectXModify: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      m.dummyRead(pointer);
      const p = (pointer + <u32>cpu.x) & BYTE_MASK;
      const low = m.read(p);
      const high = m.read(m.pointerNext(p));
      const address = low | (high << 8);
      const old = m.read(address);
      m.dummyWrite(address, old);
      m.write(address, cpu.modify(op, old));
      return pc;
    }
    case Pattern.IndirectYRead: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      const low = m.read(pointer);
      const high = m.read(m.pointerNext(pointer));
      const base = low | (high << 8);
      const idx = <u32>cpu.y;
      if (low + idx > BYTE_MASK) m.pageCrossPenalty(unfixed(base, idx));
      value = m.read(indexed(base, idx));
      break;
    }
    case Pattern.IndirectYWrite: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      const low = m.read(pointer);
      const high = m.read(m.pointerNext(pointer));
      const base = low | (high << 8);
      const idx = <u32>cpu.y;
      m.dummyRead(unfixed(base, idx));
      m.write(indexed(base, idx), cpu.store(op));
      return pc;
    }
    case Pattern.IndirectYModify: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      const low = m.read(pointer);
      const high = m.read(m.pointerNext(pointer));
      const base = low | (high << 8);
      const idx = <u32>cpu.y;
      m.dummyRead(unfixed(base, idx));
      const address = indexed(base, idx);
      const old = m.read(address);
      m.dummyWrite(address, old);
      m.write(address, cpu.modify(op, old));
      return pc;
    }
    case Pattern.AbsoluteXUnstable:
    case Pattern.AbsoluteYUnstable: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = (pc + 2) & WORD_MASK;
      const idx = pattern == Pattern.AbsoluteYUnstable ? <u32>cpu.y : <u32>cpu.x;
      m.unstableStore(cpu.unstableSource(op), low | (high << 8), idx);
      return pc;
    }
    case Pattern.IndirectYUnstable: {
      const pointer = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      const low = m.read(pointer);
      const high = m.read(m.pointerNext(pointer));
      m.unstableStore(cpu.unstableSource(op), low | (high << 8), <u32>cpu.y);
      return pc;
    }
    case Pattern.Branch: {
      const offset = m.read(pc);
      pc = (pc + 1) & WORD_MASK;
      if (cpu.branchCondition(op)) {
        const target = (pc + (offset ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
        m.branchTaken(pc, target); // 3 (and 4 across a page): reads of the next opcode while adding
        pc = target;
      }
      return pc;
    }
    case Pattern.JumpAbsolute: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      pc = low | (high << 8);
      return pc;
    }
    case Pattern.JumpIndirect: {
      const low = m.read(pc);
      const high = m.read((pc + 1) & WORD_MASK);
      const pointer = low | (high << 8);
      const targetLow = m.read(pointer);
      // 6502 bug: the pointer's high byte is read without carrying into the pointer's page.
      const targetHigh = m.read((pointer & PAGE_MASK) | ((pointer + 1) & BYTE_MASK));
      pc = targetLow | (targetHigh << 8);
      return pc;
    }
    case Pattern.JumpSubroutine: {
      const low = m.read(pc); // 2
      pc = (pc + 1) & WORD_MASK;
      let sp = <u32>cpu.sp;
      m.read(STACK_PAGE | sp); // 3: internal cycle, reads the stack
      m.write(STACK_PAGE | sp, pc >> 8); // 4: pushes the address of JSR's last byte
      sp = (sp - 1) & BYTE_MASK;
      m.write(STACK_PAGE | sp, pc & BYTE_MASK); // 5
      cpu.sp = <u8>(sp - 1);
      const high = m.read(pc); // 6
      pc = low | (high << 8);
      return pc;
    }
    case Pattern.ReturnFromSubroutine: {
      m.dummyRead(pc); // 2
      let sp = <u32>cpu.sp;
      m.read(STACK_PAGE | sp); // 3
      sp = (sp + 1) & BYTE_MASK;
      const low = m.read(STACK_PAGE | sp); // 4
      sp = (sp + 1) & BYTE_MASK;
      const high = m.read(STACK_PAGE | sp); // 5
      cpu.sp = <u8>sp;
      const target = low | (high << 8);
      m.read(target); // 6: reads the pulled address, then steps past it
      pc = (target + 1) & WORD_MASK;
      return pc;
    }
    case Pattern.ReturnFromInterrupt: {
      m.dummyRead(pc); // 2
      let sp = <u32>cpu.sp;
      m.read(STACK_PAGE | sp); // 3
      sp = (sp + 1) & BYTE_MASK;
      cpu.setP(m.read(STACK_PAGE | sp)); // 4
      sp = (sp + 1) & BYTE_MASK;
      const low = m.read(STACK_PAGE | sp); // 5
      sp = (sp + 1) & BYTE_MASK;
      const high = m.read(STACK_PAGE | sp); // 6
      cpu.sp = <u8>sp;
      pc = low | (high << 8);
      return pc;
    }
    case Pattern.Break: {
      m.read(pc); // 2: the padding byte after BRK
      pc = (pc + 1) & WORD_MASK;
      let sp = <u32>cpu.sp;
      m.write(STACK_PAGE | sp, pc >> 8); // 3
      sp = (sp - 1) & BYTE_MASK;
      m.write(STACK_PAGE | sp, pc & BYTE_MASK); // 4
      sp = (sp - 1) & BYTE_MASK;
      m.write(STACK_PAGE | sp, <u32>cpu.p | FLAG_B | FLAG_UNUSED); // 5
      cpu.sp = <u8>(sp - 1);
      cpu.flagI = true;
      const low = m.read(BREAK_VECTOR); // 6
      const high = m.read(BREAK_VECTOR + 1); // 7
      pc = low | (high << 8);
      return pc;
    }
    case Pattern.Push: {
      m.dummyRead(pc); // 2
      const sp = <u32>cpu.sp;
      m.write(STACK_PAGE | sp, op == Op.PHA ? <u32>cpu.a : <u32>cpu.p | FLAG_B | FLAG_UNUSED); // 3
      cpu.sp = <u8>(sp - 1);
      return pc;
    }
    case Pattern.Pull: {
      m.dummyRead(pc); // 2
      let sp = <u32>cpu.sp;
      m.read(STACK_PAGE | sp); // 3
      sp = (sp + 1) & BYTE_MASK;
      cpu.sp = <u8>sp;
      const pulled = m.read(STACK_PAGE | sp); // 4
      if (op == Op.PLA) {
        cpu.a = <u8>pulled;
        cpu.setNZ(pulled);
      } else {
        cpu.setP(pulled);
      }
      return pc;
    }
    default: {
      // Pattern.Jam: the chip reads the next byte, then stops; so does time, as in ALE.
      m.dummyRead(pc);
      cpu.status |= CPU_JAMMED;
      return pc;
    }
  }
  cpu.readOperation(op, value);
  return pc;
}
