/**
 * Loads the AssemblyScript emulator core (build/ale/core.wasm) and wraps its raw
 * exports. One `CoreInstance` is one Atari with its own linear memory, so any
 * number can run side by side; the compiled module is shared, never its state.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AleError } from './errors.js';

/** The raw ABI exported by src/ale/core/index.ts. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  romStagingPointer(): number;
  romStagingCapacity(): number;
  loadRom(length: number, cartType: number): number;
  reset(): void;
  runCycles(cycles: number): void;
  cycles(): number;
  peek(addr: number): number;
  ramPointer(): number;
  screenPointer(): number;
  cpuA(): number;
  cpuX(): number;
  cpuY(): number;
  cpuSP(): number;
  cpuPC(): number;
  cpuP(): number;

  // Cartridge slot and RIOT inputs (src/ale/core/cart, src/ale/core/riot; ids and codes: src/ale/cart-types.ts).
  /** The scheme autodetection picks for the `length` staged bytes, without loading; negative: CART_ERROR. */
  detectRomType(length: number): number;
  /** The inserted cartridge's type id (0: none, e.g. after a refused load). */
  cartType(): number;
  /** The type the last `loadRom` chose, even when it refused it (for error messages). */
  chosenCartType(): number;
  /** The current bank (E0/E7: first segment's slice; 3E: RAM banks from 256). */
  cartBank(): number;
  /** Joystick directions of jack 0 (left) or 1 (right): bits 1 up, 2 down, 4 left, 8 right, 1 = pressed. */
  setJoystick(jack: number, pressed: number): void;
  /** The SWCHA input pins as set (active low). */
  portAPins(): number;
  /** The SWCHB switches as set. */
  consoleSwitches(): number;
  /** Test hooks: a CPU read/write through the bus (one cycle each, with side effects); idle cycles. */
  testBusRead(address: number): number;
  testBusWrite(address: number, value: number): void;
  testAdvanceCycles(cycles: number): void;
  /** Test hooks: RIOT + cartridge snapshot into the state buffer (length or -1) and back (0 or -1). */
  testSaveRiotAndCart(): number;
  testLoadRiotAndCart(length: number): number;

  // CPU hooks for tests and tools (src/ale/core/cpu/).
  /** 0: ALE 0.12.1's CPU (Stella's M6502Low; the default), 1: the cycle-exact NMOS 6507. Survives resets. */
  cpuSetModel(model: number): void;
  cpuModel(): number;
  /** 1 (default): ALE's CPU runs on the fast executor (cpu/ale-execute.ts); 0: on the generic executor it must match. */
  cpuSetFastExecutor(on: number): void;
  /** Runs up to `maxInstructions` whole instructions; returns how many ran (fewer when the CPU jams). */
  cpuRun(maxInstructions: number): number;
  /** Runs until the PC equals `pc` at an instruction boundary, the CPU jams, or the budget ends. */
  cpuRunUntilPc(pc: number, maxInstructions: number): number;
  /** 1 after a JAM opcode until the next reset. */
  cpuJammed(): number;
  cpuSetRegisters(a: number, x: number, y: number, sp: number, p: number, pc: number): void;
  /** Records every CPU bus access from now on (up to 16384), clearing the previous record. */
  cpuTraceStart(): void;
  cpuTraceStop(): void;
  cpuTraceLength(): number;
  /** u32 entries: address | value << 16 | (write ? 1 << 24 : 0). */
  cpuTraceEntriesPointer(): number;
  /** u32 per entry: the low 32 bits of `cycles()` at that access. */
  cpuTraceCyclesPointer(): number;
  /** The packed opcode-table entry: op | pattern << 8 | cycles << 16 | ALE cycles << 20 | mode << 24. */
  cpuOpcodeEntry(opcode: number): number;
  /** The mnemonic's three ASCII codes, first letter in the low byte. */
  cpuOpcodeMnemonic(opcode: number): number;
  /** Test hooks: the CPU's state to / from the state buffer (`stateBufferPointer`); -1 on failure. */
  testSaveCpu(): number;
  testLoadCpu(length: number): number;

  // Used by the ALE layer (src/ale/machine.ts); the optional ones until every chip provides its part.
  /** ALE's `system_random_seed` for the next `loadRom` (which powers on and resets the console). */
  setSystemRandomSeed(seed: number): void;
  /** SWCHA input pins (active low): left jack bits 4–7, right jack bits 0–3. */
  setPortAPins(pins: number): void;
  /** SWCHB console switches. */
  setConsoleSwitches(value: number): void;
  /** Fire button of port 0 (INPT4) or 1 (INPT5); pressed reads D7 = 0. */
  setFireButton?(port: number, pressed: number): void;
  /** Resistance on INPT0–3 (`index` 0–3): 0 reads 1 at once, 0x7FFFFFFF never charges. */
  setPaddleResistance?(index: number, resistance: number): void;
  /** Display.YStart, Display.Height, PAL format and Emulation.HmoveBlanks; applied by the next reset. */
  /** 1 when the window was applied, 0 when the core refused it. */
  setDisplay?(yStart: number, height: number, pal: number, hmoveBlanks: number): number;
  /** 0: frames skip drawing pixels (collisions stay exact); 1: frames draw. */
  setRendering?(on: number): void;
  /**
   * Stella `TIA::update`: runs the CPU until the frame ends or the per-frame cap. Returns 0 (ended by
   * VSYNC), 1 (ended by a TIA write past the scanline cap; also a finished frame) or 2 (25,000
   * instructions without an end: unfinished, continued by the next call).
   */
  runFrame?(): number;
  /**
   * Which frames draw pixels as they run: 0 all (eager), 1 those the caller's read pattern says it
   * will read (adaptive), 2 none until read (lazy). Frames run without pixels are run again, with
   * them, when `settleScreen` is called, which must precede any read of the screen buffer.
   */
  setScreenPolicy?(policy: number): void;
  settleScreen?(): void;
  /** The next frame's screen will not be read: it runs without pixels (and again, with them, if it is). */
  hintNextFrameUnread?(): void;
  /** Frames run a second time because their screen was read after they ran without pixels. */
  lazyScreenReruns?(): number;
  /** Test hook: reruns of frame N − 2 to fill the lines a short frame N did not reach. */
  lazyScreenHoleRepairs?(): number;
  /** Stella `TIA::scanlines()`: lines since the frame started, from the cycle count now (format detection). */
  scanlines?(): number;
  /** Lines in the screen buffer (Display.Height, at least 200). */
  screenHeight?(): number;
  /** The machine-state buffer `saveState` writes and `loadState` reads. */
  stateBufferPointer(): number;
  stateBufferCapacity(): number;
  /** Writes the whole machine state to the state buffer; returns its length, or -1 if it does not fit. */
  saveState?(): number;
  /** Reads `length` bytes of machine state from the state buffer; returns 0, or -1 if they are not valid. */
  loadState?(length: number): number;

  // TIA and frame hooks (src/ale/core/tia/).
  /** Scanlines of the last finished frame. */
  lastFrameScanlines?(): number;
  /** Rendered frames whose lower lines a render-skipped frame should have left (render-skip's one inexact case). */
  inexactScreens?(): number;
  /** Test hooks: start / finish a frame without running the CPU (drive the TIA with testBusWrite). */
  testTiaBeginFrame?(): void;
  /** Returns runFrame's status: 0 VSYNC, 1 scanline cap, 2 unfinished. */
  testTiaEndFrame?(): number;
  /** Test hooks: the TIA write log (every register write, u32 pairs register | value << 8 and the low 32 bits of `cycles()`). */
  testTiaWriteLogStart?(): void;
  testTiaWriteLogLength?(): number;
  testTiaWriteLogPointer?(): number;
  /** Test hook: the 15 collision latches (bit 0 CXM0P D7 … bit 14 CXPPMM D6). */
  testTiaCollisions?(): number;
  /** Test hook: position (0–159) of P0, P1, M0, M1, BL (`object` 0–4). */
  testTiaPosition?(object: number): number;
}

/** The core hit an internal assertion (a bug in the emulator, not in the ROM). */
export class EmulatorCoreError extends AleError {}

/** build/ale/core.wasm is missing: the project has not been built. */
export class EmulatorCoreMissingError extends AleError {}

// src/ale and dist/ale are both two levels below the package root.
const CORE_URL = new URL('../../build/ale/core.wasm', import.meta.url);

let compiled: WebAssembly.Module | undefined;

function coreModule(): WebAssembly.Module {
  if (!compiled) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(fileURLToPath(CORE_URL)));
    } catch (err) {
      throw new EmulatorCoreMissingError(
        `The emulator core ${fileURLToPath(CORE_URL)} is missing (${(err as Error).message}). Run \`npm run build\`.`,
      );
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

function readCString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return '';
  // AssemblyScript strings: UTF-16 code units, byte length stored 4 bytes before the data.
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0] ?? 0;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

/** A fresh emulator instance: its own memory, registers and cartridge slot. */
export function instantiateCore(): CoreExports {
  let memory: WebAssembly.Memory | undefined;
  const instance = new WebAssembly.Instance(coreModule(), {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        const text = memory ? `${readCString(memory, message)} at ${readCString(memory, file)}:${line}:${column}` : '';
        throw new EmulatorCoreError(`emulator core aborted: ${text}`);
      },
    },
  });
  const exports = instance.exports as unknown as CoreExports;
  memory = exports.memory;
  return exports;
}
