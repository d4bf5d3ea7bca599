// WebAssembly exports of the emulator core: the ABI the TypeScript binding (src/ale/core-binding.ts) uses.
// One wasm instance is one Atari; instances share nothing.
import { detectCartType } from './cart/index';
import { CART_ERROR_EMPTY, CART_ERROR_TOO_LARGE } from './cart/types';
import { Console } from './console';
import { LazyScreen, SCREEN_ADAPTIVE, SCREEN_LAZY, SCREEN_EAGER } from './lazy-screen';
import { MAX_ROM_BYTES } from './constants';
import { StateReader, StateWriter } from './state';

const machine = new Console();
/**
 * The ROM store: the binding copies an image here, then `loadRom` inserts it in place (the cartridge
 * reads it from here, nothing is copied or allocated per load). Write it only to load another ROM.
 */
const romStaging = new StaticArray<u8>(MAX_ROM_BYTES);

/** Where the binding copies ROM bytes before calling `loadRom`. */
export function romStagingPointer(): usize {
  return changetype<usize>(romStaging);
}

export function romStagingCapacity(): i32 {
  return MAX_ROM_BYTES;
}

/**
 * Inserts the `length` staged bytes as a cartridge of `cartType` (0 = detect as Stella does), powers
 * the console on (system generator seeded, RIOT RAM and timer drawn) and performs one system reset.
 * Returns the cart type used, or a negative CART_ERROR_* code (cart/types.ts) the binding turns into
 * a typed error; after an error the slot is empty and reads from the cartridge give 0.
 */
export function loadRom(length: i32, cartType: i32): i32 {
  if (length <= 0) return CART_ERROR_EMPTY;
  if (length > MAX_ROM_BYTES) return CART_ERROR_TOO_LARGE;
  // 3F/3E images whose size is not a multiple of 2 KiB map a last bank that runs past the image (Stella
  // reads past its array there). Clear what an earlier, longer image left behind, so those bytes read
  // 0 as in a fresh instance and a ROM behaves the same whatever was loaded before it.
  memory.fill(changetype<usize>(romStaging) + <usize>length, 0, <usize>(MAX_ROM_BYTES - length));
  const result = machine.loadCart(changetype<usize>(romStaging), length, cartType);
  if (result < 0) return result;
  machine.powerOn();
  machine.reset();
  lazyScreen.invalidate(false);
  return result;
}

/** The scheme autodetection picks for the `length` staged bytes (no load), or CART_ERROR_*. */
export function detectRomType(length: i32): i32 {
  if (length <= 0) return CART_ERROR_EMPTY;
  if (length > MAX_ROM_BYTES) return CART_ERROR_TOO_LARGE;
  return detectCartType(changetype<usize>(romStaging), length);
}

/** The inserted cartridge's type (0: none). */
export function cartType(): i32 {
  return machine.carts.cart.typeId;
}

/** The type the last `loadRom` chose, even when it then refused it (for error messages; 0: none). */
export function chosenCartType(): i32 {
  return machine.carts.chosenType;
}

/** The inserted cartridge's current bank (first segment's slice for E0/E7; 3E RAM banks from 256). */
export function cartBank(): i32 {
  return machine.carts.cart.bank();
}

/** ALE's `system_random_seed` (default 4753849), used by the next `loadRom`. */
export function setSystemRandomSeed(seed: u32): void {
  machine.systemSeed = seed;
}

// Inputs read through the RIOT. Set them before each frame; they are not part of snapshots.

/** One jack's joystick directions: bits 1 up, 2 down, 4 left, 8 right (1 = pressed); jack 0 = left. */
export function setJoystick(jack: i32, pressed: i32): void {
  machine.riot.setJoystick(jack, pressed);
}

/**
 * All eight SWCHA input pins at once (active low): bits 4–7 left jack (joystick up, down, left,
 * right; paddle fire: bit 7 paddle 0, bit 6 paddle 1), bits 0–3 right jack (paddle fire: bit 3
 * paddle 2, bit 2 paddle 3). 0xFF = nothing pressed.
 */
export function setPortAPins(pins: i32): void {
  machine.riot.portAPins = <u8>pins;
}

export function portAPins(): i32 {
  return machine.riot.portAPins;
}

/**
 * SWCHB, the console switches: bit 0 reset, bit 1 select (0 = pressed), bit 3 colour (1) / B&W (0),
 * bit 6 left difficulty, bit 7 right difficulty (1 = A, 0 = B); bits 2, 4, 5 should stay 1.
 * Power-on default 0x3F (B/B, colour).
 */
export function setConsoleSwitches(value: i32): void {
  machine.riot.switches = <u8>value;
}

export function consoleSwitches(): i32 {
  return machine.riot.switches;
}

// Snapshots of the RIOT and the cartridge (the console-wide cloneState builds on the same writer).

/** Room for the largest cartridge state (3E: 32 KiB of RAM) besides the chips'. */
const STATE_CAPACITY: i32 = 40 * 1024;
const stateBuffer = new StaticArray<u8>(STATE_CAPACITY);
const stateWriter = new StateWriter(stateBuffer);
const stateReader = new StateReader(stateBuffer);
const lazyScreen = new LazyScreen(machine, STATE_CAPACITY);

export function stateBufferPointer(): usize {
  return changetype<usize>(stateBuffer);
}

export function stateBufferCapacity(): i32 {
  return STATE_CAPACITY;
}

/** Test hook: writes the RIOT's and the cartridge's state to the state buffer; returns its length or -1. */
export function testSaveRiotAndCart(): i32 {
  stateWriter.begin();
  machine.riot.save(stateWriter);
  machine.carts.cart.save(stateWriter);
  return stateWriter.overflow ? -1 : stateWriter.pos;
}

/** Test hook: restores `length` bytes written by testSaveRiotAndCart; returns 0, or -1 if they were not valid. */
export function testLoadRiotAndCart(length: i32): i32 {
  stateReader.begin(length);
  machine.riot.load(stateReader);
  machine.carts.cart.load(stateReader);
  return stateReader.finishedCleanly() ? 0 : -1;
}

/** Test hook: a CPU read through the bus (one cycle, with every side effect). */
export function testBusRead(address: i32): i32 {
  return machine.bus.read(<u16>address);
}

/** Test hook: a CPU write through the bus (one cycle). */
export function testBusWrite(address: i32, value: i32): void {
  machine.bus.write(<u16>address, <u8>value);
}

/** Test hook: lets `cycles` CPU cycles pass with no bus access. */
export function testAdvanceCycles(cycles: i32): void {
  machine.clock.cycles += cycles;
}

export function reset(): void {
  machine.reset();
  lazyScreen.invalidate(true);
}

/** Test hook: runs whole instructions for at least `cycles` CPU cycles. */
export function runCycles(cycles: i32): void {
  machine.runCycles(<i64>cycles);
}

export function cycles(): f64 {
  return <f64>machine.clock.cycles;
}

/** Side-effect-free read of any address, as the CPU would see it. */
export function peek(addr: i32): i32 {
  return machine.bus.peek(<u16>addr);
}

export function ramPointer(): usize {
  return changetype<usize>(machine.riot.ram);
}

export function screenPointer(): usize {
  return machine.tia.screenPointer();
}

export function cpuA(): i32 { return machine.cpu.a; }
export function cpuX(): i32 { return machine.cpu.x; }
export function cpuY(): i32 { return machine.cpu.y; }
export function cpuSP(): i32 { return machine.cpu.sp; }
export function cpuPC(): i32 { return machine.cpu.pc; }
export function cpuP(): i32 { return machine.cpu.p; }

// ---- CPU hooks for tests and tools (owned by the CPU engineer; see src/ale/core/cpu/) ----
import { CpuModel } from './cpu/cpu';
import { mnemonicOf, OPCODE_TABLE, ENTRY_BYTE_MASK, ENTRY_OP_SHIFT } from './cpu/opcodes';

/** 0: ALE's Stella CPU (default), 1: the cycle-exact NMOS 6507. Survives resets. */
export function cpuSetModel(model: i32): void {
  machine.cpu.model = model == CpuModel.Nmos ? CpuModel.Nmos : CpuModel.Ale;
}

/** 1 (default): ALE's CPU runs on the fast executor (cpu/ale-execute.ts); 0: on the generic one it must match. */
export function cpuSetFastExecutor(on: i32): void {
  machine.cpu.fastExecutor = on != 0;
}

export function cpuModel(): i32 {
  return machine.cpu.model;
}

/** Runs up to `maxInstructions` instructions; returns how many ran (fewer when the CPU jams). */
export function cpuRun(maxInstructions: i32): i32 {
  return machine.cpu.run(maxInstructions);
}

/** Runs until the PC equals `pc` at an instruction boundary (or the CPU jams); returns instructions run. */
export function cpuRunUntilPc(pc: i32, maxInstructions: i32): i32 {
  const cpu = machine.cpu;
  let executed = 0;
  while (executed < maxInstructions && <i32>cpu.pc != pc && cpu.step()) executed++;
  return executed;
}

export function cpuJammed(): i32 {
  return machine.cpu.jammed ? 1 : 0;
}

export function cpuSetRegisters(a: i32, x: i32, y: i32, sp: i32, p: i32, pc: i32): void {
  const cpu = machine.cpu;
  cpu.a = <u8>a;
  cpu.x = <u8>x;
  cpu.y = <u8>y;
  cpu.sp = <u8>sp;
  cpu.setP(<u32>p);
  cpu.pc = <u16>pc;
}

/** Starts recording every CPU bus access (clears the previous record). */
export function cpuTraceStart(): void {
  machine.cpu.startTrace();
}

export function cpuTraceStop(): void {
  machine.cpu.stopTrace();
}

/** Recorded accesses; entries hold address | value << 16 | write << 24 (cpu/trace.ts). */
export function cpuTraceLength(): i32 {
  const trace = machine.cpu.trace;
  return trace == null ? 0 : trace.length;
}

export function cpuTraceEntriesPointer(): usize {
  const trace = machine.cpu.trace;
  return trace == null ? 0 : changetype<usize>(trace.entries);
}

/** The cycle (low 32 bits of `cycles()`) at which each recorded access happened. */
export function cpuTraceCyclesPointer(): usize {
  const trace = machine.cpu.trace;
  return trace == null ? 0 : changetype<usize>(trace.cycles);
}

/** The packed opcode-table entry (cpu/opcodes.ts ENTRY_* layout). */
export function cpuOpcodeEntry(opcode: i32): i32 {
  return <i32>unchecked(OPCODE_TABLE[opcode & 0xff]);
}

/** The opcode's mnemonic as three ASCII codes, first letter in the low byte. */
export function cpuOpcodeMnemonic(opcode: i32): i32 {
  const name = mnemonicOf(<i32>((unchecked(OPCODE_TABLE[opcode & 0xff]) >> ENTRY_OP_SHIFT) & ENTRY_BYTE_MASK));
  return name.charCodeAt(0) | (name.charCodeAt(1) << 8) | (name.charCodeAt(2) << 16);
}

/** Test hook: writes the CPU's state to the state buffer; returns its length or -1. */
export function testSaveCpu(): i32 {
  stateWriter.begin();
  machine.cpu.save(stateWriter);
  return stateWriter.overflow ? -1 : stateWriter.pos;
}

/** Test hook: restores `length` bytes written by testSaveCpu; returns 0, or -1 if they were not valid. */
export function testLoadCpu(length: i32): i32 {
  stateReader.begin(length);
  machine.cpu.load(stateReader);
  return stateReader.finishedCleanly() ? 0 : -1;
}

// ---- Frames, screen and the TIA's inputs (owned by the TIA engineer; see src/ale/core/tia/) ----
import { FRAME_PARTIAL, OBJECT_POSITIONS } from './tia/tia';

/**
 * One ALE frame (Stella's TIA::update): runs the CPU until the frame ends or 25,000 instructions ran.
 * Returns 0 (ended by VSYNC), 1 (ended by a TIA write past the scanline cap, which Stella also treats
 * as a finished frame) or 2 (instruction cap: the frame is unfinished and continues on the next call).
 */
export function runFrame(): i32 {
  return lazyScreen.runFrame();
}

/**
 * Which frames draw pixels when they run (lazy-screen.ts): SCREEN_EAGER (0) all, SCREEN_ADAPTIVE (1)
 * those whose screen the read pattern says will be read, SCREEN_LAZY (2) none until read. Frames
 * that do not draw are run again, with pixels, if their screen is read: call `settleScreen` first.
 */
export function setScreenPolicy(policy: i32): void {
  lazyScreen.policy = policy == SCREEN_ADAPTIVE || policy == SCREEN_LAZY ? policy : SCREEN_EAGER;
}

/** Call before reading the screen buffer: draws the last frame's pixels if they are owed. */
export function settleScreen(): void {
  lazyScreen.settle();
}

/** The next frame's screen will not be read: it runs without pixels (run again if read after all). */
export function hintNextFrameUnread(): void {
  lazyScreen.hintNextFrameUnread();
}

/** Frames run a second time because their screen was read after they ran without pixels. */
export function lazyScreenReruns(): i32 {
  return lazyScreen.reruns;
}

/** Test hook: reruns of the frame two back, for the lines a short frame did not reach. */
export function lazyScreenHoleRepairs(): i32 {
  return lazyScreen.holeRepairs;
}

/** Stella's TIA::scanlines(): scanlines since the current frame started, from the cycle count now. */
export function scanlines(): i32 {
  return machine.tia.scanlinesNow();
}

/** Scanlines of the last finished frame. */
export function lastFrameScanlines(): i32 {
  return machine.tia.scanlinesLastFrame;
}

/** Rows of ALE's screen buffer: Display.Height, at least 200 (Stella). */
export function screenHeight(): i32 {
  return machine.tia.screenHeight;
}

/**
 * Display.YStart, Display.Height (lines, 1–300), PAL format (342-line cap, colour loss) and
 * Emulation.HmoveBlanks; applied by the next reset. Returns 0 when the window is out of range.
 */
export function setDisplay(yStart: i32, height: i32, pal: i32, hmoveBlanks: i32): i32 {
  machine.tia.setFormat(pal != 0, hmoveBlanks != 0);
  return machine.tia.setDisplayWindow(yStart, height) ? 1 : 0;
}

/** 0: frames skip drawing pixels (collisions, timing and RAM stay exact); 1: frames draw. */
export function setRendering(on: i32): void {
  machine.tia.renderEnabled = on != 0;
}

/**
 * Rendered frames that ended above the display window's end on a buffer last used by a skipped
 * frame: their lower lines are not what ALE shows (render-skip's one inexact case).
 */
export function inexactScreens(): i32 {
  return machine.tia.inexactScreens;
}

/** Fire button of port 0 (INPT4) or 1 (INPT5): pressed reads D7 = 0. Paddle jacks: always released. */
export function setFireButton(port: i32, pressed: i32): void {
  machine.tia.setFireButton(port, pressed != 0);
}

/**
 * Resistance on INPT0–3 (`index` 0–3) in Stella's units: 0 reads charged at once, 0x7FFFFFFF never
 * charges (joysticks), otherwise ohms (ALE's paddle positions).
 */
export function setPaddleResistance(index: i32, resistance: i32): void {
  machine.tia.setResistance(index, resistance);
}

/** Test hooks: frame bookkeeping without the CPU, for driving the TIA with testBusWrite. */
export function testTiaBeginFrame(): void {
  machine.tia.beginFrame();
}

export function testTiaEndFrame(): i32 {
  return machine.tia.endFrame();
}

/** Test hook: the 15 collision latches (CXM0P D7 = bit 0 … CXPPMM D6 = bit 14, Stella's layout). */
/** Test hook: starts or clears the TIA write log (every register write with its CPU cycle). */
export function testTiaWriteLogStart(): void {
  machine.tia.startWriteLog();
}

/** Test hook: writes logged since `testTiaWriteLogStart` (only the first 16384 are kept). */
export function testTiaWriteLogLength(): i32 {
  return machine.tia.writeLogLength;
}

/** Test hook: the log as u32 pairs (register | value << 8, low 32 bits of `cycles()`). */
export function testTiaWriteLogPointer(): usize {
  return machine.tia.writeLogPointer;
}

export function testTiaCollisions(): i32 {
  return machine.tia.collision;
}

/** Test hook: positions (0–159) of P0, P1, M0, M1, BL (`object` 0–4). */
export function testTiaPosition(object: i32): i32 {
  return object >= 0 && object < OBJECT_POSITIONS ? machine.tia.position(object) : -1;
}

/** Writes the whole machine state (Console.save) to the state buffer; returns its length, or -1 if it does not fit. */
export function saveState(): i32 {
  stateWriter.begin();
  machine.save(stateWriter);
  return stateWriter.overflow ? -1 : stateWriter.pos;
}

/**
 * The machine as it was before the last `loadState`. The chips read a state field by field and only
 * the reader's end result says whether it was valid, so a rejected state has already been partly
 * applied; the machine goes back to this copy rather than run on a half-loaded mix (out-of-range
 * frame geometry from a damaged state made the next frame write past the frame buffers).
 */
const fallbackBuffer = new StaticArray<u8>(STATE_CAPACITY);
const fallbackWriter = new StateWriter(fallbackBuffer);
const fallbackReader = new StateReader(fallbackBuffer);

/**
 * Restores `length` bytes written by saveState; returns 0, or -1 if they are not a state of this
 * cartridge (the machine is then left exactly as it was).
 */
export function loadState(length: i32): i32 {
  // ALE keeps the screen across a restore: the last frame's pixels are drawn before it is replaced.
  lazyScreen.settle();
  lazyScreen.invalidate(true);
  fallbackWriter.begin();
  machine.save(fallbackWriter);
  stateReader.begin(length);
  machine.load(stateReader);
  if (stateReader.finishedCleanly()) return 0;
  if (!fallbackWriter.overflow) {
    fallbackReader.begin(fallbackWriter.pos);
    machine.load(fallbackReader);
  }
  return -1;
}
