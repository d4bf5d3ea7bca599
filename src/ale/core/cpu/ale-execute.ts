// ALE's CPU (Stella's M6502Low: the instruction's whole cycle count charged after the opcode fetch,
// every access at the instruction's end time, no dummy accesses; see access.ts StellaLowAccess),
// specialised for speed. It must behave exactly as `execute` with StellaLowAccess over the bus does;
// test/ale/cpu/fast-executor.test.ts runs the two side by side.
//
// `runFastWith` is one switch over the opcodes with the hot registers and the cycle count in locals.
// It serves, in place, the two kinds of memory almost every access reaches: cartridge pages mapped
// straight to ROM or RAM (Cart.readPages/writePages) and RIOT RAM, and the INTIM reads of wait loops
// while the timer has not expired (Riot.countBeforeExpiry: such a read has no side effect, and the
// value follows from the cycle count; a BNE closing a wait loop on INTIM runs all the rounds it
// can at once), reads of the RIOT's port registers (the switches and
// joysticks, set between frames), and reads of the TIA's input registers (INPT0–INPT5, which
// need no drawing and are queued with the writes; see Tia.readInputQueued). It makes no calls, because in
// V8's WebAssembly code a call clobbers every register and a value live across one is kept on the
// stack (and it stays small enough for V8's best register allocator). An access that needs a chip
// (TIA, RIOT I/O and an expired timer, cartridge hotspots and registers, carts that snoop the low bus) makes it
// stop:
// - a write that only changes the TIA is queued in the TIA (tia.ts, "Queued writes") and the run
//   goes on;
// - when the access is the instruction's last (STA VSYNC, LDA INTIM, the write of an INC, ...), the
//   instruction is finished except for it, and `executeAle` makes the access and applies the
//   operation;
// - otherwise nothing has been changed yet (or only RAM was written with what a rerun writes again),
//   and `executeAle` runs the whole instruction on the generic executor. So do JAM, ADC/SBC in
//   decimal mode, and every undocumented opcode: none of ALE's games we have run uses one (random
//   play of the ROMs in ../shared/roms), and each switch case adds to the time V8 takes to optimise
//   this function, which runs unoptimised (several times slower) until then.
import { Bus } from '../bus';
import { CART_SELECT, RIOT_IO_SELECT, RIOT_SELECT } from '../constants';
import { Riot } from '../riot/riot';
import { Tia, UNDRIVEN_BITS, VSYNC, WRITE_QUEUE_CAPACITY, WSYNC } from '../tia/tia';
import { INPT0, READ_ADDRESS_MASK, VBLANK, WRITE_ADDRESS_MASK } from '../tia/tables';
import { BYTE_MASK, PAGE_MASK, StellaLowAccess, WORD_MASK } from './access';
import { BREAK_VECTOR, Cpu, FLAG_B, FLAG_C, FLAG_D, FLAG_I, FLAG_N, FLAG_UNUSED, FLAG_Z, STACK_PAGE } from './cpu';
import { execute } from './execute';
import { Op } from './opcodes';

/** With A12 low, A9 low and A7 high the access reaches RIOT RAM (bus.ts decodes the same lines). */
const RAM_DECODE_MASK: u32 = <u32>(CART_SELECT | RIOT_IO_SELECT | RIOT_SELECT);
const RAM_DECODED: u32 = <u32>RIOT_SELECT;
/** No masked address equals this: turns the RAM fast path off (for carts that snoop the low bus). */
const NO_ADDRESS: u32 = 0xffffffff;
/** With A12 and A7 low the access reaches the TIA. */
const TIA_DECODE_MASK: u32 = <u32>(CART_SELECT | RIOT_SELECT);
/** RIOT RAM is decoded by A0–A6. */
const RAM_OFFSET_MASK: u32 = 0x7f;
/** Cartridge page tables (cart.ts): 64-byte pages; entry (address >> 6) & 63 is a 4-byte pointer at byte (address >> 4) & $FC. */
const PAGE_ENTRY_SHIFT: u32 = 4;
const PAGE_ENTRY_MASK: u32 = 0xfc;
const PAGE_OFFSET_MASK: u32 = 0x3f;
/** An instruction starting at this page offset or lower has its two following bytes in the same page. */
const LAST_OFFSET_WITH_TWO_AFTER: u32 = 0x3d;
/**
 * `fetchStart` before the run knows a page: above every 16-bit PC, so that pc - fetchStart wraps to
 * far more than LAST_OFFSET_WITH_TWO_AFTER for all of them (NO_ADDRESS would let PCs $0000–$003C
 * through, to read opcodes from linear memory instead of the TIA).
 */
const NO_FETCH_PAGE: u32 = 0x10000;

/** BNE's offset back to a three-byte load just before it: the timer wait loop `LDA INTIM; BNE loop`. */
const WAIT_LOOP_OFFSET: u32 = 0xfb;
const LDA_ABS: u32 = 0xad;
const LDX_ABS: u32 = 0xae;
const LDY_ABS: u32 = 0xac;
/** Base cycles of a load with absolute addressing (its read is at the end) and of a branch. */
const LOAD_ABS_CYCLES: i64 = 4;
const BRANCH_CYCLES: i64 = 2;

/** What `readFast` returns for an access it cannot make (no byte is this large). */
const SLOW: u32 = 0x100;
/**
 * The last access is kept as Bus.dataBus | Bus.lastAccessWasRead << 8 (the two fields are adjacent,
 * see Console), one 16-bit store.
 */
const READ_ACCESS: u32 = 0x100;

/**
 * `nz` holds N and Z: Z is set when its low byte is 0, N when bit 7 or bit 8 is set. An ordinary
 * result sets both from one byte; BIT and PLP put N in bit 8 so it can differ from the low byte's.
 */
const EXTRA_N_SHIFT: u32 = 1;
/** Bits 7 and 8 (FLAG_N and FLAG_N << EXTRA_N_SHIFT; cpu.ts's constants are not visible here at start-up). */
const N_BITS: u32 = 0x180;

/** `addBinary` packs the carry and overflow above the 8-bit sum. */
const CARRY_SHIFT: u32 = 8;
const OVERFLOW_SHIFT: u32 = 9;
const SIGN_FLIP: u32 = 0x80;

/** TIA accesses one instruction may queue: one write, or the two stack reads of PLA/PLP. */
const QUEUED_PER_INSTRUCTION: i32 = 2;
/** Why `runFast` returned (Cpu.fastExit). */
export const EXIT_NONE: i32 = 0;
/** The instruction is done but for its last access, a write of Cpu.fastValue at Cpu.fastAddress. */
export const EXIT_WRITE: i32 = 1;
/** The instruction is done but for its last access, a read at Cpu.fastAddress feeding operation Cpu.fastValue (Op). */
export const EXIT_READ: i32 = 2;
/** Nothing of the instruction at the PC has happened: run it on the generic executor. */
export const EXIT_RESTART: i32 = 3;

/** The byte at `address` if it is ROM/RAM the CPU reads without side effects, else SLOW. */
@inline
function readFast(ram: usize, rp: usize, lr: u32, address: u32): u32 {
  if (address & <u32>CART_SELECT) {
    const base = load<usize>(rp + ((address >> PAGE_ENTRY_SHIFT) & PAGE_ENTRY_MASK));
    return base != 0 ? <u32>load<u8>(base + (address & PAGE_OFFSET_MASK)) : SLOW;
  }
  return (address & RAM_DECODE_MASK) == lr ? <u32>load<u8>(ram + (address & RAM_OFFSET_MASK)) : SLOW;
}

/** Writes `value` if `address` is RAM the CPU writes without side effects; false (and nothing written) otherwise. */
@inline
function writeFast(ram: usize, wp: usize, lr: u32, address: u32, value: u32): bool {
  if (address & <u32>CART_SELECT) {
    const base = load<usize>(wp + ((address >> PAGE_ENTRY_SHIFT) & PAGE_ENTRY_MASK));
    if (base == 0) return false;
    store<u8>(base + (address & PAGE_OFFSET_MASK), <u8>value);
    return true;
  }
  if ((address & RAM_DECODE_MASK) != lr) return false;
  store<u8>(ram + (address & RAM_OFFSET_MASK), <u8>value);
  return true;
}

/** RIOT I/O and timer: A12 low, A9 and A7 high (bus.ts decodes the same lines). */
const RIOT_IO_DECODED: u32 = <u32>(RIOT_IO_SELECT | RIOT_SELECT);
/** Stella's M6532 decodes reads by A0–A2: the port registers at 0–3 (A2 low), INTIM at 4 and 6 (A2 high, A0 low). */
const PORT_READ_BIT: u32 = 0x04;
const PORT_SELECT_MASK: u32 = 0x03;
const TIMER_READ_MASK: u32 = 0x05;
const INTIM_READ: u32 = 0x04;

/**
 * A port register (SWCHA, SWACNT, SWCHB, SWBCNT), or INTIM at `cycles` while the timer has not
 * expired, else SLOW: these reads have no side effect. Served in place because games read the
 * switches and joysticks every frame and poll INTIM in their wait loops; a cart snooping the low bus
 * (`lr` is NO_ADDRESS) sees the read through the bus instead.
 */
@inline
function readRiotFast(riot: Riot, lr: u32, address: u32, cycles: i64): u32 {
  if ((address & RAM_DECODE_MASK) != RIOT_IO_DECODED || lr == NO_ADDRESS) return SLOW;
  if ((address & PORT_READ_BIT) == 0) return riot.portValue(address & PORT_SELECT_MASK);
  return (address & TIMER_READ_MASK) == INTIM_READ ? riot.countBeforeExpiry(cycles) : SLOW;
}

/** A TIA read with A3 high reaches an input register (INPT0–INPT5, then two undriven ones). */
const INPUT_READ_BIT: u32 = <u32>INPT0;

/**
 * A TIA input-register read at `cycles` (its value needs no drawing, see Tia.readInputQueued), else
 * SLOW; `previous` is the byte of the access before it (the data bus fills the undriven bits). Served
 * in place because paddle games poll INPT0–INPT3 on every line and kernels that push to ENABL pull
 * from the input registers; a cart snooping the low bus sees the read through the bus instead.
 */
@inline
function readInputFast(tia: Tia, lr: u32, address: u32, previous: u32, cycles: i64): u32 {
  if ((address & TIA_DECODE_MASK) != 0 || (address & INPUT_READ_BIT) == 0 || lr == NO_ADDRESS) return SLOW;
  return tia.readInputQueued(<i32>(address & <u32>READ_ADDRESS_MASK), previous & <u32>UNDRIVEN_BITS, cycles);
}

/** Binary ADC: the 8-bit sum | carry << CARRY_SHIFT | overflow << OVERFLOW_SHIFT. */
@inline
function addBinary(a: u32, value: u32, carry: u32): u32 {
  const sum = a + value + carry;
  const overflow = ((~(a ^ value) & (a ^ sum)) >> 7) & 1;
  return (sum & BYTE_MASK) | ((sum >> 8) << CARRY_SHIFT) | (overflow << OVERFLOW_SHIFT);
}

/** The status byte PHP pushes (B and bit 5 set); V, D and I live in the Cpu. */
@inline
function packStatus(cpu: Cpu, nz: u32, c: u32): u32 {
  return (
    ((nz | (nz >> EXTRA_N_SHIFT)) & FLAG_N) |
    (cpu.flagV << 6) |
    FLAG_B |
    FLAG_UNUSED |
    (cpu.flagD ? FLAG_D : 0) |
    (cpu.flagI ? FLAG_I : 0) |
    ((nz & BYTE_MASK) == 0 ? FLAG_Z : 0) |
    c
  );
}

/** The V, D and I flags of a status byte PLP or RTI pulls, into the Cpu (N, Z and C live in locals). */
@inline
function unpackStatus(cpu: Cpu, value: u32): void {
  cpu.flagV = (value >> 6) & 1;
  cpu.flagD = (value & FLAG_D) != 0;
  cpu.flagI = (value & FLAG_I) != 0;
}

/** CPU cycles per scanline (WSYNC waits for the next line). */
const CYCLES_PER_LINE: u32 = 76;

/**
 * Queues a write to the TIA that only changes the TIA (Tia: "Queued writes"): not VSYNC, not VBLANK
 * (the paddle inputs `readInputFast` reads depend on it), not at or past `queueLimit` (the scanline
 * cap; -1 queues nothing). Returns the cycle count after the write, which WSYNC moves to the start of
 * the next line (`lineBase`: the frame's first line start; every queued write, PHP and PHA included,
 * follows a read, the condition for Stella's WSYNC halt), or -1 when the write must go
 * through the bus. The caller leaves room in the queue (`executeAle`).
 */
@inline
function queueTiaWrite(tia: Tia, address: u32, value: u32, cycles: i64, queueLimit: i64, lineBase: i64): i64 {
  const register = address & <u32>WRITE_ADDRESS_MASK;
  if ((address & TIA_DECODE_MASK) != 0 || register == VSYNC || register == <u32>VBLANK || cycles >= queueLimit) {
    return -1;
  }
  tia.queueWrite(register, value, cycles);
  if (register == WSYNC) {
    const intoLine = <u32>(cycles - lineBase) % CYCLES_PER_LINE;
    if (intoLine != 0) return cycles + <i64>(CYCLES_PER_LINE - intoLine);
  }
  return cycles;
}

/** Leaves the instruction's last access to `executeAle`; `previous` is the access before it. */
@inline
function pend(cpu: Cpu, address: u32, value: u32, lastAccess: usize, previous: u32): void {
  cpu.fastAddress = address;
  cpu.fastValue = value;
  store<u16>(lastAccess, <u16>previous);
}

/** Ends the run for `reason` (EXIT_*), remembering the instruction budget left; returns 0 for `left`. */
@inline
function exitWith(cpu: Cpu, reason: i32, left: i32): i32 {
  cpu.fastExit = reason;
  cpu.fastLeft = left;
  return 0;
}

/**
 * Runs up to `budget` instructions while `cpu.status` is 0 and returns how many ran: what
 * `execute(cpu, m, budget)` does with `m` = StellaLowAccess over `bus`, faster.
 */
export function executeAle(cpu: Cpu, bus: Bus, m: StellaLowAccess<Bus>, budget: i32): i32 {
  let executed = 0;
  const tia = bus.tia;
  // Instructions per `runFast` call, so that the TIA's queue cannot overflow (tia.ts is not yet
  // initialised when this module's globals are).
  const maxRun = WRITE_QUEUE_CAPACITY / QUEUED_PER_INSTRUCTION;
  while (executed < budget && cpu.status == 0) {
    // At most QUEUED_PER_INSTRUCTION queued TIA accesses per instruction: the run must fit the queue.
    const chunk = budget - executed;
    executed += runFast(cpu, bus, chunk < maxRun ? chunk : maxRun);
    if (tia.queueLength != 0) tia.drainQueue();
    const exit = cpu.fastExit;
    if (exit == EXIT_WRITE) {
      bus.writeUntimed(<u16>cpu.fastAddress, <u8>cpu.fastValue);
    } else if (exit == EXIT_READ) {
      cpu.readOperation(<i32>cpu.fastValue, <u32>bus.readUntimed(<u16>cpu.fastAddress));
    } else if (exit == EXIT_RESTART) {
      executed += execute(cpu, m, 1);
    }
  }
  return executed;
}

/**
 * Runs instructions until `budget` ran or one needs a chip (see the file comment); leaves the
 * registers, the clock and the data-bus state in the Cpu and Bus, and the reason in `cpu.fastExit`.
 * Returns the number of instructions run, counting one finished but for its last access.
 */
function runFast(cpu: Cpu, bus: Bus, budget: i32): i32 {
  const cart = bus.cart!;
  const tia = bus.tia;
  const snoops = cart.snoopsLowBus;
  return runFastWith(
    cpu,
    tia,
    bus.riot,
    budget,
    changetype<usize>(bus.riot.ram),
    changetype<usize>(cart.readPages),
    changetype<usize>(cart.writePages),
    snoops ? NO_ADDRESS : RAM_DECODED,
    changetype<usize>(bus) + offsetof<Bus>('dataBus'),
    // A snooping cart sees TIA writes too (3F/3E bankswitch there): none is queued.
    snoops ? -1 : tia.queueLimit,
    tia.lineBase,
  );
}

/**
 * `runFast` with the memory map in parameters: `riot` for the ports and INTIM (`readRiotFast`), `ram` RIOT RAM, `rp`/`wp` the cart's page tables,
 * `lr` RAM_DECODED, or NO_ADDRESS for a cart that snoops the low bus (it then sees every low-bus
 * access through the bus), `lastAccess` the address of Bus.dataBus, `queueLimit` and `lineBase` as
 * `queueTiaWrite` takes them.
 */
function runFastWith(
  cpu: Cpu,
  tia: Tia,
  riot: Riot,
  budget: i32,
  ram: usize,
  rp: usize,
  wp: usize,
  lr: u32,
  lastAccess: usize,
  queueLimit: i64,
  lineBase: i64,
): i32 {
  let a = <u32>cpu.a;
  let x = <u32>cpu.x;
  let y = <u32>cpu.y;
  let nz = ((cpu.flagN & FLAG_N) << EXTRA_N_SHIFT) | (cpu.flagZ != 0 ? 1 : 0);
  let c = cpu.flagC;
  let pc = <u32>cpu.pc;
  let cy = tia.clock.cycles;
  let left = budget;
  // The ROM/RAM page the PC is in: instructions starting at fetchStart .. fetchStart + 61 have all
  // their bytes at fetchBase + PC (no page change or wrap). Bankswitching ends the run, so the page
  // table does not change under it.
  let fetchStart: u32 = NO_FETCH_PAGE;
  let fetchBase: usize = 0;
  cpu.fastExit = EXIT_NONE;
  for (;;) {
    while (left > 0) {
      // The instruction's bytes: Stella fetches the opcode at the previous instruction's end time,
      // then charges the whole instruction. Reading the bytes after it ahead of time changes nothing
      // (these reads have no side effects). `at` points at the opcode, followed by its operands.
      let at: usize;
      if (pc - fetchStart <= LAST_OFFSET_WITH_TWO_AFTER) {
        at = fetchBase + pc;
      } else {
        const offset = pc & PAGE_OFFSET_MASK;
        const page = pc & <u32>CART_SELECT ? load<usize>(rp + ((pc >> PAGE_ENTRY_SHIFT) & PAGE_ENTRY_MASK)) : 0;
        if (page != 0 && offset <= LAST_OFFSET_WITH_TWO_AFTER) {
          fetchStart = pc - offset;
          fetchBase = page - fetchStart;
          at = page + offset;
        } else {
          // Across a page end, or outside the cartridge: the three bytes one by one.
          const opcode = readFast(ram, rp, lr, pc);
          const op1 = readFast(ram, rp, lr, (pc + 1) & WORD_MASK);
          const op2 = readFast(ram, rp, lr, (pc + 2) & WORD_MASK);
          if ((opcode | op1 | op2) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          at = changetype<usize>(cpu.fetchScratch);
          store<u8>(at, <u8>opcode);
          store<u8>(at, <u8>op1, 1);
          store<u8>(at, <u8>op2, 2);
        }
      }
      const opcode = <u32>load<u8>(at);
      switch (opcode) {
        case 0x00: {
          // BRK: the padding byte, push the address after it and the status (B set), set I, jump
          // through the vector. The vector is read first (ROM: the order changes nothing), so that a
          // restart for a hotspot page happens before any push.
          const low = readFast(ram, rp, lr, BREAK_VECTOR);
          const high = readFast(ram, rp, lr, BREAK_VECTOR + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const sp = <u32>cpu.sp;
          const returnAddress = (pc + 2) & WORD_MASK;
          // A restart after a push repeats it: the same byte to the same RAM, which changes nothing.
          if (!writeFast(ram, wp, lr, STACK_PAGE | sp, returnAddress >> 8)) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          if (!writeFast(ram, wp, lr, STACK_PAGE | ((sp - 1) & BYTE_MASK), returnAddress & BYTE_MASK)) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          if (!writeFast(ram, wp, lr, STACK_PAGE | ((sp - 2) & BYTE_MASK), packStatus(cpu, nz, c))) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          cpu.sp = <u8>(sp - 3);
          cpu.flagI = true;
          pc = low | (high << 8);
          cy += 7;
          left--;
          store<u16>(lastAccess, <u16>(high | READ_ACCESS));
          break;
        }
        case 0x01: {
          // ORA izx
          const op1 = <u32>load<u8>(at, 1);
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x05: {
          // ORA zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x06: {
          // ASL zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old << 1) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 5;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x08: {
          // PHP (kernels point the stack at ENAM0–ENABL and push flags to draw: queued like STA)
          const sp = <u32>cpu.sp;
          const to = STACK_PAGE | sp;
          const value = packStatus(cpu, nz, c);
          cpu.sp = <u8>(sp - 1);
          pc = (pc + 1) & WORD_MASK;
          cy += 3;
          left--;
          if (!writeFast(ram, wp, lr, to, value)) {
            const after = queueTiaWrite(tia, to, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, to, value, lastAccess, opcode | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x09: {
          // ORA imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          a |= op1;
          nz = a;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x0a: {
          // ASL A
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          c = a >> 7;
          a = (a << 1) & BYTE_MASK;
          nz = a;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x0d: {
          // ORA abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x0e: {
          // ASL abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old << 1) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x10: {
          // BPL: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if ((nz & N_BITS) == 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x11: {
          // ORA izy
          const op1 = <u32>load<u8>(at, 1);
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x15: {
          // ORA zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x16: {
          // ASL zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old << 1) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x18: {
          // CLC
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          c = 0;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x19: {
          // ORA aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x1d: {
          // ORA abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ORA, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a |= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x1e: {
          // ASL abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old << 1) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 7;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x20: {
          // JSR: low byte, a stack read, push the address of the high byte, then the high byte
          const op1 = <u32>load<u8>(at, 1);
          const sp = <u32>cpu.sp;
          if (readFast(ram, rp, lr, STACK_PAGE | sp) == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const returnAddress = (pc + 2) & WORD_MASK;
          const below = (sp - 1) & BYTE_MASK;
          // A restart after the first push repeats it: the same byte to the same RAM, which changes nothing.
          if (!writeFast(ram, wp, lr, STACK_PAGE | sp, returnAddress >> 8)) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          if (!writeFast(ram, wp, lr, STACK_PAGE | below, returnAddress & BYTE_MASK)) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          // Read after the pushes, as the chip does (they could overwrite it when code runs from RAM).
          const high = readFast(ram, rp, lr, returnAddress);
          if (high == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          cpu.sp = <u8>(below - 1);
          pc = op1 | (high << 8);
          cy += 6;
          left--;
          store<u16>(lastAccess, <u16>(high | READ_ACCESS));
          break;
        }
        case 0x21: {
          // AND izx
          const op1 = <u32>load<u8>(at, 1);
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x24: {
          // BIT zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.BIT, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          nz = (a & value) | ((value & FLAG_N) << EXTRA_N_SHIFT);
          cpu.flagV = (value >> 6) & 1;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x25: {
          // AND zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x26: {
          // ROL zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = ((old << 1) | c) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 5;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x28: {
          // PLP: a stack read, then the pull (both at the end time; with the stack on the TIA's
          // input registers, as after a push to ENABL, each returns the bus's last bits)
          const sp = <u32>cpu.sp;
          const end = cy + 4;
          let stackByte = readFast(ram, rp, lr, STACK_PAGE | sp);
          if (stackByte == SLOW) stackByte = readInputFast(tia, lr, STACK_PAGE | sp, opcode, end);
          if (stackByte == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const pulledAt = (sp + 1) & BYTE_MASK;
          let value = readFast(ram, rp, lr, STACK_PAGE | pulledAt);
          if (value == SLOW) value = readInputFast(tia, lr, STACK_PAGE | pulledAt, stackByte, end);
          if (value == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          cpu.sp = <u8>pulledAt;
          pc = (pc + 1) & WORD_MASK;
          cy = end;
          left--;
          nz = ((value & FLAG_N) << EXTRA_N_SHIFT) | ((value & FLAG_Z) ^ FLAG_Z);
          c = value & FLAG_C;
          unpackStatus(cpu, value);
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x29: {
          // AND imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          a &= op1;
          nz = a;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x2a: {
          // ROL A
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          const rotated = ((a << 1) | c) & BYTE_MASK;
          c = a >> 7;
          a = rotated;
          nz = a;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x2c: {
          // BIT abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          let value = readFast(ram, rp, lr, ad);
          if (value == SLOW) value = readRiotFast(riot, lr, ad, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.BIT, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          nz = (a & value) | ((value & FLAG_N) << EXTRA_N_SHIFT);
          cpu.flagV = (value >> 6) & 1;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x2d: {
          // AND abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x2e: {
          // ROL abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = ((old << 1) | c) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x30: {
          // BMI: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if ((nz & N_BITS) != 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x31: {
          // AND izy
          const op1 = <u32>load<u8>(at, 1);
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x35: {
          // AND zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x36: {
          // ROL zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = ((old << 1) | c) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x38: {
          // SEC
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          c = 1;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x39: {
          // AND aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x3d: {
          // AND abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.AND, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a &= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x3e: {
          // ROL abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = ((old << 1) | c) & BYTE_MASK;
          c = old >> 7;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 7;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x40: {
          // RTI: a stack read, pull the status, then the address
          const sp = <u32>cpu.sp;
          if (readFast(ram, rp, lr, STACK_PAGE | sp) == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const highAt = (sp + 3) & BYTE_MASK;
          const value = readFast(ram, rp, lr, STACK_PAGE | ((sp + 1) & BYTE_MASK));
          const low = readFast(ram, rp, lr, STACK_PAGE | ((sp + 2) & BYTE_MASK));
          const high = readFast(ram, rp, lr, STACK_PAGE | highAt);
          if ((value | low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          cpu.sp = <u8>highAt;
          pc = low | (high << 8);
          cy += 6;
          left--;
          nz = ((value & FLAG_N) << EXTRA_N_SHIFT) | ((value & FLAG_Z) ^ FLAG_Z);
          c = value & FLAG_C;
          unpackStatus(cpu, value);
          store<u16>(lastAccess, <u16>(high | READ_ACCESS));
          break;
        }
        case 0x41: {
          // EOR izx
          const op1 = <u32>load<u8>(at, 1);
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x45: {
          // EOR zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x46: {
          // LSR zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = old >> 1;
          c = old & 1;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 5;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x48: {
          // PHA (kernels point the stack at ENAM0–ENABL and push flags to draw: queued like STA)
          const sp = <u32>cpu.sp;
          const to = STACK_PAGE | sp;
          const value = a;
          cpu.sp = <u8>(sp - 1);
          pc = (pc + 1) & WORD_MASK;
          cy += 3;
          left--;
          if (!writeFast(ram, wp, lr, to, value)) {
            const after = queueTiaWrite(tia, to, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, to, value, lastAccess, opcode | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x49: {
          // EOR imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          a ^= op1;
          nz = a;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x4a: {
          // LSR A
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          c = a & 1;
          a >>= 1;
          nz = a;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x4c: {
          // JMP abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          pc = op1 | (op2 << 8);
          cy += 3;
          left--;
          store<u16>(lastAccess, <u16>(op2 | READ_ACCESS));
          break;
        }
        case 0x4d: {
          // EOR abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x4e: {
          // LSR abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = old >> 1;
          c = old & 1;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x50: {
          // BVC: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if (cpu.flagV == 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x51: {
          // EOR izy
          const op1 = <u32>load<u8>(at, 1);
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x55: {
          // EOR zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x56: {
          // LSR zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = old >> 1;
          c = old & 1;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x58: {
          // CLI
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          cpu.flagI = false;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x59: {
          // EOR aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x5d: {
          // EOR abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.EOR, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a ^= value;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x5e: {
          // LSR abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = old >> 1;
          c = old & 1;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 7;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x60: {
          // RTS: a stack read, pull the address, read it, step past it
          const sp = <u32>cpu.sp;
          if (readFast(ram, rp, lr, STACK_PAGE | sp) == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const highAt = (sp + 2) & BYTE_MASK;
          const low = readFast(ram, rp, lr, STACK_PAGE | ((sp + 1) & BYTE_MASK));
          const high = readFast(ram, rp, lr, STACK_PAGE | highAt);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const target = low | (high << 8);
          const last = readFast(ram, rp, lr, target);
          if (last == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          cpu.sp = <u8>highAt;
          pc = (target + 1) & WORD_MASK;
          cy += 6;
          left--;
          store<u16>(lastAccess, <u16>(last | READ_ACCESS));
          break;
        }
        case 0x61: {
          // ADC izx
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x65: {
          // ADC zp
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x66: {
          // ROR zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old >> 1) | (c << 7);
          c = old & 1;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 5;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x68: {
          // PLA: a stack read, then the pull (both at the end time; with the stack on the TIA's
          // input registers, as after a push to ENABL, each returns the bus's last bits)
          const sp = <u32>cpu.sp;
          const end = cy + 4;
          let stackByte = readFast(ram, rp, lr, STACK_PAGE | sp);
          if (stackByte == SLOW) stackByte = readInputFast(tia, lr, STACK_PAGE | sp, opcode, end);
          if (stackByte == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const pulledAt = (sp + 1) & BYTE_MASK;
          let value = readFast(ram, rp, lr, STACK_PAGE | pulledAt);
          if (value == SLOW) value = readInputFast(tia, lr, STACK_PAGE | pulledAt, stackByte, end);
          if (value == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          cpu.sp = <u8>pulledAt;
          pc = (pc + 1) & WORD_MASK;
          cy = end;
          left--;
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x69: {
          // ADC imm
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          const sum = addBinary(a, op1, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x6a: {
          // ROR A
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          const rotated = (a >> 1) | (c << 7);
          c = a & 1;
          a = rotated;
          nz = a;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x6c: {
          // JMP (ind): the pointer's high byte comes from the same page (6502 bug)
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const pointer = op1 | (op2 << 8);
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, (pointer & PAGE_MASK) | ((pointer + 1) & BYTE_MASK));
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          pc = low | (high << 8);
          cy += 5;
          left--;
          store<u16>(lastAccess, <u16>(high | READ_ACCESS));
          break;
        }
        case 0x6d: {
          // ADC abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x6e: {
          // ROR abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old >> 1) | (c << 7);
          c = old & 1;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x70: {
          // BVS: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if (cpu.flagV != 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x71: {
          // ADC izy
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x75: {
          // ADC zpx
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x76: {
          // ROR zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old >> 1) | (c << 7);
          c = old & 1;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x78: {
          // SEI
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          cpu.flagI = true;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x79: {
          // ADC aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x7d: {
          // ADC abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.ADC, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0x7e: {
          // ROR abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old >> 1) | (c << 7);
          c = old & 1;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 7;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0x81: {
          // STA izx
          const op1 = <u32>load<u8>(at, 1);
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, high | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x84: {
          // STY zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = y;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op1 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x85: {
          // STA zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op1 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x86: {
          // STX zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = x;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op1 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x88: {
          // DEY
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          y = (y - 1) & BYTE_MASK;
          nz = y;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x8a: {
          // TXA
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          a = x;
          nz = x;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x8c: {
          // STY abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = y;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op2 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x8d: {
          // STA abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op2 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x8e: {
          // STX abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = x;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op2 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x90: {
          // BCC: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if (c == 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0x91: {
          // STA izy
          const op1 = <u32>load<u8>(at, 1);
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, high | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x94: {
          // STY zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = y;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op1 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x95: {
          // STA zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op1 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x96: {
          // STX zpy
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + y) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = x;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op1 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x98: {
          // TYA
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          a = y;
          nz = y;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x99: {
          // STA aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 5;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op2 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0x9a: {
          // TXS
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          cpu.sp = <u8>x;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0x9d: {
          // STA abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 5;
          left--;
          const value = a;
          if (!writeFast(ram, wp, lr, ad, value)) {
            const after = queueTiaWrite(tia, ad, value, cy, queueLimit, lineBase);
            if (after < 0) {
              pend(cpu, ad, value, lastAccess, op2 | READ_ACCESS);
              left = exitWith(cpu, EXIT_WRITE, left);
              break;
            }
            cy = after;
          }
          store<u16>(lastAccess, <u16>(value));
          break;
        }
        case 0xa0: {
          // LDY imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          y = op1;
          nz = op1;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xa1: {
          // LDA izx
          const op1 = <u32>load<u8>(at, 1);
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xa2: {
          // LDX imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          x = op1;
          nz = op1;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xa4: {
          // LDY zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDY, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          y = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xa5: {
          // LDA zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xa6: {
          // LDX zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDX, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          x = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xa8: {
          // TAY
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          y = a;
          nz = a;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xa9: {
          // LDA imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          a = op1;
          nz = op1;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xaa: {
          // TAX
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          x = a;
          nz = a;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xac: {
          // LDY abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          let value = readFast(ram, rp, lr, ad);
          if (value == SLOW) value = readRiotFast(riot, lr, ad, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDY, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          y = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xad: {
          // LDA abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          let value = readFast(ram, rp, lr, ad);
          if (value == SLOW) value = readRiotFast(riot, lr, ad, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xae: {
          // LDX abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          let value = readFast(ram, rp, lr, ad);
          if (value == SLOW) value = readRiotFast(riot, lr, ad, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDX, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          x = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xb0: {
          // BCS: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if (c != 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xb1: {
          // LDA izy
          const op1 = <u32>load<u8>(at, 1);
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xb4: {
          // LDY zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDY, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          y = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xb5: {
          // LDA zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          let value = readFast(ram, rp, lr, ad);
          // Paddle kernels read INPT0–INPT3 like this on every line: in place, not as a pending read.
          if (value == SLOW) value = readInputFast(tia, lr, ad, op1, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xb6: {
          // LDX zpy
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + y) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDX, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          x = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xb8: {
          // CLV
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          cpu.flagV = 0;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xb9: {
          // LDA aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          let value = readFast(ram, rp, lr, ad);
          // Paddle kernels read INPT0–INPT3 like this on every line: in place, not as a pending read.
          if (value == SLOW) value = readInputFast(tia, lr, ad, op2, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xba: {
          // TSX
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          x = <u32>cpu.sp;
          nz = x;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xbc: {
          // LDY abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDY, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          y = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xbd: {
          // LDA abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDA, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          a = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xbe: {
          // LDX aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.LDX, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          x = value;
          nz = value;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xc0: {
          // CPY imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          c = y >= op1 ? 1 : 0;
          nz = (y - op1) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xc1: {
          // CMP izx
          const op1 = <u32>load<u8>(at, 1);
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xc4: {
          // CPY zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CPY, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = y >= value ? 1 : 0;
          nz = (y - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xc5: {
          // CMP zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xc6: {
          // DEC zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old - 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 5;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xc8: {
          // INY
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          y = (y + 1) & BYTE_MASK;
          nz = y;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xc9: {
          // CMP imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          c = a >= op1 ? 1 : 0;
          nz = (a - op1) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xca: {
          // DEX
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          x = (x - 1) & BYTE_MASK;
          nz = x;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xcc: {
          // CPY abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CPY, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = y >= value ? 1 : 0;
          nz = (y - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xcd: {
          // CMP abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          let value = readFast(ram, rp, lr, ad);
          if (value == SLOW) value = readRiotFast(riot, lr, ad, cy);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xce: {
          // DEC abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old - 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xd0: {
          // BNE: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if ((nz & BYTE_MASK) != 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            const takenCycles: i64 = (pc ^ target) & PAGE_MASK ? 2 : 1;
            cy += takenCycles;
            // A timer wait loop, LDA/LDX/LDY INTIM then BNE back to it: the rounds whose INTIM read is
            // served in place and not 0 (so the branch is taken again) run at once. Each round reads
            // INTIM at the end of the load, then branches; nothing else happens.
            if (op1 == WAIT_LOOP_OFFSET && target - fetchStart <= LAST_OFFSET_WITH_TWO_AFTER) {
              const loop = fetchBase + target;
              const loadOp = <u32>load<u8>(loop);
              if (loadOp == LDA_ABS || loadOp == LDX_ABS || loadOp == LDY_ABS) {
                const address = <u32>load<u8>(loop, 1) | (<u32>load<u8>(loop, 2) << 8);
                const round: i64 = LOAD_ABS_CYCLES + BRANCH_CYCLES + takenCycles;
                // Rounds 1..lo read INTIM in 1..255 (INTIM only falls until expiry, then needs the bus).
                let lo: i32 = 0;
                let hi: i32 = left >> 1;
                while (lo < hi) {
                  const mid = (lo + hi + 1) >> 1;
                  const read = readRiotFast(riot, lr, address, cy + LOAD_ABS_CYCLES + round * <i64>(mid - 1));
                  if (read - 1 < BYTE_MASK) lo = mid;
                  else hi = mid - 1;
                }
                if (lo > 0) {
                  const value = readRiotFast(riot, lr, address, cy + LOAD_ABS_CYCLES + round * <i64>(lo - 1));
                  if (loadOp == LDA_ABS) a = value;
                  else if (loadOp == LDX_ABS) x = value;
                  else y = value;
                  nz = value;
                  cy += round * <i64>lo;
                  left -= 2 * lo;
                }
              }
            }
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xd1: {
          // CMP izy
          const op1 = <u32>load<u8>(at, 1);
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xd5: {
          // CMP zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xd6: {
          // DEC zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old - 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xd8: {
          // CLD
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          cpu.flagD = false;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xd9: {
          // CMP aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xdd: {
          // CMP abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CMP, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = a >= value ? 1 : 0;
          nz = (a - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xde: {
          // DEC abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old - 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 7;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xe0: {
          // CPX imm
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          c = x >= op1 ? 1 : 0;
          nz = (x - op1) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xe1: {
          // SBC izx
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const pointer = (op1 + x) & BYTE_MASK;
          const low = readFast(ram, rp, lr, pointer);
          const high = readFast(ram, rp, lr, pointer + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = low | (high << 8);
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xe4: {
          // CPX zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CPX, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = x >= value ? 1 : 0;
          nz = (x - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xe5: {
          // SBC zp
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = op1;
          pc = (pc + 2) & WORD_MASK;
          cy += 3;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xe6: {
          // INC zp
          const op1 = <u32>load<u8>(at, 1);
          const ad = op1;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old + 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 5;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xe8: {
          // INX
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          x = (x + 1) & BYTE_MASK;
          nz = x;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xe9: {
          // SBC imm
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          const sum = addBinary(a, op1 ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xea: {
          // NOP
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xec: {
          // CPX abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.CPX, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          c = x >= value ? 1 : 0;
          nz = (x - value) & BYTE_MASK;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xed: {
          // SBC abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = op1 | (op2 << 8);
          pc = (pc + 3) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xee: {
          // INC abs
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = op1 | (op2 << 8);
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old + 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xf0: {
          // BEQ: 1 more cycle when taken, 2 across a page
          const op1 = <u32>load<u8>(at, 1);
          pc = (pc + 2) & WORD_MASK;
          cy += 2;
          left--;
          if ((nz & BYTE_MASK) == 0) {
            const target = (pc + (op1 ^ SIGN_FLIP) - SIGN_FLIP) & WORD_MASK;
            cy += (pc ^ target) & PAGE_MASK ? 2 : 1;
            pc = target;
          }
          store<u16>(lastAccess, <u16>(op1 | READ_ACCESS));
          break;
        }
        case 0xf1: {
          // SBC izy
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const low = readFast(ram, rp, lr, op1);
          const high = readFast(ram, rp, lr, op1 + 1);
          if ((low | high) > BYTE_MASK) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((low | (high << 8)) + y) & WORD_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 5 + ((low + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, high | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xf5: {
          // SBC zpx
          const op1 = <u32>load<u8>(at, 1);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = (op1 + x) & BYTE_MASK;
          pc = (pc + 2) & WORD_MASK;
          cy += 4;
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, op1 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xf6: {
          // INC zpx
          const op1 = <u32>load<u8>(at, 1);
          const ad = (op1 + x) & BYTE_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old + 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 2) & WORD_MASK;
          cy += 6;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        case 0xf8: {
          // SED
          pc = (pc + 1) & WORD_MASK;
          cy += 2;
          left--;
          cpu.flagD = true;
          store<u16>(lastAccess, <u16>(opcode | READ_ACCESS));
          break;
        }
        case 0xf9: {
          // SBC aby
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((op1 | (op2 << 8)) + y) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + y) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xfd: {
          // SBC abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          if (cpu.flagD) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          pc = (pc + 3) & WORD_MASK;
          cy += 4 + ((op1 + x) >> 8);
          left--;
          const value = readFast(ram, rp, lr, ad);
          if (value == SLOW) {
            pend(cpu, ad, Op.SBC, lastAccess, op2 | READ_ACCESS);
            left = exitWith(cpu, EXIT_READ, left);
            break;
          }
          const sum = addBinary(a, value ^ BYTE_MASK, c);
          a = sum & BYTE_MASK;
          c = (sum >> CARRY_SHIFT) & 1;
          cpu.flagV = sum >> OVERFLOW_SHIFT;
          nz = a;
          store<u16>(lastAccess, <u16>(value | READ_ACCESS));
          break;
        }
        case 0xfe: {
          // INC abx
          const op1 = <u32>load<u8>(at, 1);
          const op2 = <u32>load<u8>(at, 2);
          const ad = ((op1 | (op2 << 8)) + x) & WORD_MASK;
          const old = readFast(ram, rp, lr, ad);
          if (old == SLOW) {
            left = exitWith(cpu, EXIT_RESTART, left);
            break;
          }
          const res = (old + 1) & BYTE_MASK;
          nz = res;
          pc = (pc + 3) & WORD_MASK;
          cy += 7;
          left--;
          if (!writeFast(ram, wp, lr, ad, res)) {
            pend(cpu, ad, res, lastAccess, old | READ_ACCESS);
            left = exitWith(cpu, EXIT_WRITE, left);
            break;
          }
          store<u16>(lastAccess, <u16>(res));
          break;
        }
        default: {
          // JAM and the undocumented opcodes, which no game of ALE's we have run uses (one switch
          // case fewer each keeps this function quick to compile: it runs unoptimised until then).
          left = exitWith(cpu, EXIT_RESTART, left);
          break;
        }
      }
    }
    // A pending read of a TIA input register: served here, once for every read instruction (one copy
    // keeps this function small), and the run goes on. Leaving the opcode loop and entering it again
    // costs, so LDA zpx and LDA aby, the paddle kernels' reads, serve theirs in their case. Pending reads feed only the operations LDA..NOP; ADC and SBC are binary here (decimal mode
    // restarts before its read).
    if (cpu.fastExit != EXIT_READ || cpu.fastValue > <u32>Op.NOP) break;
    const value = readInputFast(tia, lr, cpu.fastAddress, <u32>load<u8>(lastAccess), cy);
    if (value == SLOW) break;
    switch (<i32>cpu.fastValue) {
      case Op.LDA:
        a = value;
        nz = value;
        break;
      case Op.LDX:
        x = value;
        nz = value;
        break;
      case Op.LDY:
        y = value;
        nz = value;
        break;
      case Op.LAX:
        a = value;
        x = value;
        nz = value;
        break;
      case Op.AND:
        a &= value;
        nz = a;
        break;
      case Op.ORA:
        a |= value;
        nz = a;
        break;
      case Op.EOR:
        a ^= value;
        nz = a;
        break;
      case Op.ADC:
      case Op.SBC: {
        const sum = addBinary(a, <i32>cpu.fastValue == Op.SBC ? value ^ BYTE_MASK : value, c);
        a = sum & BYTE_MASK;
        c = (sum >> CARRY_SHIFT) & 1;
        cpu.flagV = sum >> OVERFLOW_SHIFT;
        nz = a;
        break;
      }
      case Op.CMP:
        c = a >= value ? 1 : 0;
        nz = (a - value) & BYTE_MASK;
        break;
      case Op.CPX:
        c = x >= value ? 1 : 0;
        nz = (x - value) & BYTE_MASK;
        break;
      case Op.CPY:
        c = y >= value ? 1 : 0;
        nz = (y - value) & BYTE_MASK;
        break;
      case Op.BIT:
        nz = (a & value) | ((value & FLAG_N) << EXTRA_N_SHIFT);
        cpu.flagV = (value >> 6) & 1;
        break;
      default:
        // NOP
        break;
    }
    store<u16>(lastAccess, <u16>(value | READ_ACCESS));
    cpu.fastExit = EXIT_NONE;
    left = cpu.fastLeft;
  }
  // An exit set `left` to 0 to end the loop and kept the real count.
  if (cpu.fastExit != EXIT_NONE) left = cpu.fastLeft;
  cpu.a = <u8>a;
  cpu.x = <u8>x;
  cpu.y = <u8>y;
  cpu.pc = <u16>pc;
  cpu.flagN = (nz | (nz >> EXTRA_N_SHIFT)) & FLAG_N;
  cpu.flagZ = nz & BYTE_MASK;
  cpu.flagC = c;
  tia.clock.cycles = cy;
  return budget - left;
}
