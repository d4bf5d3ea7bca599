/**
 * Assembles 6502 snippets with dasm into 4K cartridge images and runs them on a real wasm core
 * instance, exposing registers, RAM, cycle counts and the CPU's bus-access trace.
 *
 * Snippet format (dasm syntax): one statement per line; a line ending in `:` is a label, every other
 * line is indented for you. Code starts at $F000 (label `start`, also the reset vector). If the snippet
 * defines `irq:`, BRK jumps there; otherwise BRK jumps to `start`.
 */
import * as dasmModule from 'dasm';
import { type CoreExports, instantiateCore } from '../../src/ale/core-binding.js';

/** The 6507 sees a 4K cartridge at $1000–$1FFF; we assemble at its $F000 mirror, like most 2600 code. */
export const CODE_ORIGIN = 0xf000;
export const CART_4K_BYTES = 4096;
/** `loadRom`'s cartridge type 0: let the core detect it (a 4096-byte image is a plain 4K cartridge). */
const CART_TYPE_AUTO = 0;

/** The CPU models the core offers (src/ale/core/cpu/cpu.ts CpuModel). */
export const CPU_MODEL = { ale: 0, nmos: 1 } as const;
export type CpuModelName = keyof typeof CPU_MODEL;

// Trace entry layout (src/ale/core/cpu/trace.ts).
const TRACE_ADDRESS_MASK = 0xffff;
const TRACE_VALUE_SHIFT = 16;
const TRACE_WRITE_BIT = 1 << 24;

type DasmFn = (
  src: string,
  options?: { format?: 1 | 2 | 3 },
) => {
  data: Uint8Array;
  success: boolean;
  symbolsRaw?: string;
  list?: { number: number; raw: string; errorMessage?: string }[];
  output: string[];
};

// dasm is CommonJS with a `default` export; unwrap whichever shape the loader produced.
const dasm: DasmFn = (() => {
  const mod = dasmModule as unknown as { default?: DasmFn | { default?: DasmFn } };
  const first = mod.default;
  if (typeof first === 'function') return first;
  if (first && typeof first.default === 'function') return first.default;
  throw new Error('dasm: unexpected module shape');
})();

/** dasm rejected the snippet; the message lists each error with its source line. */
export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
}

/** A snippet did not reach the label or address it was run to. */
export class RunError extends Error {
  override readonly name = 'RunError';
}

export interface Assembled {
  /** The 4096-byte cartridge image. */
  readonly image: Uint8Array;
  /** Label → address ($Fxxx for code). */
  readonly symbols: ReadonlyMap<string, number>;
}

function formatSnippet(snippet: string): string {
  return snippet
    .split('\n')
    .map((line) => {
      const text = line.trim();
      if (text === '') return '';
      return text.endsWith(':') ? text : `    ${text}`;
    })
    .join('\n');
}

function parseSymbols(raw: string | undefined): Map<string, number> {
  const symbols = new Map<string, number>();
  for (const line of (raw ?? '').split('\n')) {
    // "name   f002   (R )"; unresolved symbols show "????" after the value.
    const match = /^([A-Za-z_.][\w.]*)\s+([0-9a-fA-F]+)\s+(\S*)/.exec(line);
    if (!match || match[3] === '????') continue;
    symbols.set(match[1]!, Number.parseInt(match[2]!, 16));
  }
  return symbols;
}

/** Assembles `snippet` at $F000 into a 4K image with the reset vector at `start`. */
export function assemble(snippet: string): Assembled {
  const source = [
    '    processor 6502',
    `    org $${CODE_ORIGIN.toString(16)}`,
    'start:',
    formatSnippet(snippet),
    '    org $fffa',
    '    .word start',
    '    .word start',
    '    IFCONST irq',
    '    .word irq',
    '    ELSE',
    '    .word start',
    '    ENDIF',
    '',
  ].join('\n');
  // The dasm wrapper warns about list-file address formats it does not know; we never use those addresses.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('dasm list parsing error')) warn(...args);
  };
  let result: ReturnType<DasmFn>;
  try {
    result = dasm(source, { format: 3 });
  } finally {
    console.warn = warn;
  }
  const errors = (result.list ?? []).filter((line) => line.errorMessage);
  if (!result.success || errors.length > 0) {
    const detail = errors.map((line) => `line ${line.number}: ${line.errorMessage} (${line.raw.trim()})`).join('\n');
    throw new AssemblyError(`dasm could not assemble the snippet:\n${detail || result.output.join('\n')}`);
  }
  if (result.data.length !== CART_4K_BYTES) {
    throw new AssemblyError(`the snippet assembled to ${result.data.length} bytes, not a 4K image (does it fit?)`);
  }
  return { image: result.data, symbols: parseSymbols(result.symbolsRaw) };
}

export interface BusAccess {
  /** The 16-bit address the CPU drove (the 6507 only decodes the low 13 bits). */
  readonly address: number;
  readonly value: number;
  readonly write: boolean;
  /** `cycles()` when the access happened. */
  readonly cycle: number;
}

export interface Registers {
  a: number;
  x: number;
  y: number;
  sp: number;
  p: number;
  pc: number;
}

export const FLAG = { C: 0x01, Z: 0x02, I: 0x04, D: 0x08, B: 0x10, U: 0x20, V: 0x40, N: 0x80 } as const;

/** One core instance with an assembled (or raw) cartridge inserted. */
export class AsmMachine {
  readonly core: CoreExports;
  readonly symbols: ReadonlyMap<string, number>;

  constructor(program: string | Uint8Array, model: CpuModelName = 'ale') {
    const { image, symbols } = typeof program === 'string' ? assemble(program) : { image: program, symbols: new Map() };
    this.symbols = symbols;
    this.core = instantiateCore();
    this.core.cpuSetModel(CPU_MODEL[model]);
    new Uint8Array(this.core.memory.buffer, this.core.romStagingPointer(), image.length).set(image);
    const type = this.core.loadRom(image.length, CART_TYPE_AUTO);
    if (type < 0) throw new Error(`the core refused the image (error ${type})`);
  }

  label(name: string): number {
    const address = this.symbols.get(name);
    if (address === undefined) throw new RunError(`no label "${name}" in the snippet`);
    return address;
  }

  get a(): number {
    return this.core.cpuA();
  }
  get x(): number {
    return this.core.cpuX();
  }
  get y(): number {
    return this.core.cpuY();
  }
  get sp(): number {
    return this.core.cpuSP();
  }
  get pc(): number {
    return this.core.cpuPC();
  }
  get p(): number {
    return this.core.cpuP();
  }
  get cycles(): number {
    return this.core.cycles();
  }
  get jammed(): boolean {
    return this.core.cpuJammed() !== 0;
  }

  flag(mask: number): boolean {
    return (this.p & mask) !== 0;
  }

  registers(): Registers {
    return { a: this.a, x: this.x, y: this.y, sp: this.sp, p: this.p, pc: this.pc };
  }

  setRegisters(values: Partial<Registers>): void {
    const r = { ...this.registers(), ...values };
    this.core.cpuSetRegisters(r.a, r.x, r.y, r.sp, r.p, r.pc);
  }

  private ramView(): Uint8Array {
    return new Uint8Array(this.core.memory.buffer, this.core.ramPointer(), 128);
  }

  /** RIOT RAM byte at `address` ($80–$FF, or any mirror: only the low 7 bits select it). */
  ram(address: number): number {
    return this.ramView()[address & 0x7f]!;
  }

  setRam(address: number, value: number): void {
    this.ramView()[address & 0x7f] = value & 0xff;
  }

  /** Executes one instruction; returns the cycles it took (0 when jammed). */
  step(): number {
    const before = this.cycles;
    this.core.cpuRun(1);
    return this.cycles - before;
  }

  /** Executes up to `maxInstructions`; returns how many ran. */
  run(maxInstructions: number): number {
    return this.core.cpuRun(maxInstructions);
  }

  /** Runs until the PC reaches `target` (label or address) at an instruction boundary; returns the cycles spent. */
  runUntil(target: string | number, maxInstructions = 1_000_000): number {
    const address = typeof target === 'string' ? this.label(target) : target;
    const before = this.cycles;
    this.core.cpuRunUntilPc(address, maxInstructions);
    if (this.pc !== address) {
      const why = this.jammed ? 'the CPU jammed' : `${maxInstructions} instructions ran`;
      throw new RunError(
        `did not reach ${String(target)} ($${address.toString(16)}): ${why}, PC=$${this.pc.toString(16)}`,
      );
    }
    return this.cycles - before;
  }

  /** Cycles from reaching label `from` to reaching label `to`. */
  cyclesBetween(from: string, to: string): number {
    this.runUntil(from);
    return this.runUntil(to);
  }

  traceStart(): void {
    this.core.cpuTraceStart();
  }

  traceStop(): void {
    this.core.cpuTraceStop();
  }

  /** The accesses recorded since `traceStart`. */
  trace(): BusAccess[] {
    const length = this.core.cpuTraceLength();
    const entries = new Uint32Array(this.core.memory.buffer, this.core.cpuTraceEntriesPointer(), length);
    const cycles = new Uint32Array(this.core.memory.buffer, this.core.cpuTraceCyclesPointer(), length);
    return Array.from(entries, (entry, i) => ({
      address: entry & TRACE_ADDRESS_MASK,
      value: (entry >>> TRACE_VALUE_SHIFT) & 0xff,
      write: (entry & TRACE_WRITE_BIT) !== 0,
      cycle: cycles[i]!,
    }));
  }

  /** Runs one instruction with the trace on; returns its accesses. */
  traceStep(): BusAccess[] {
    this.traceStart();
    this.core.cpuRun(1);
    this.traceStop();
    return this.trace();
  }
}
