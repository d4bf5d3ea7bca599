// The template of ale-execute.ts, which scripts/build-ale-execute.ts (`npm run build:ale-execute`) writes:
// this file with each `// @generate ...` line replaced by code made from the opcode table (opcodes.ts)
// and the per-mode and per-operation templates (scripts/ale-execute-templates.ts), and this paragraph
// by a note that the result is generated. Edit this file, not ale-execute.ts, then run the script.

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

// @generate wait-loop constants

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
        // One case per documented opcode of the table (opcodes.ts), made from its addressing mode,
        // operation and cycles by scripts/ale-execute-templates.ts.
        // @generate cases
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
      // Each read operation's template again (scripts/ale-execute-templates.ts), applied to `value`.
      // @generate pending-read cases
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
