/**
 * Loads the AssemblyScript emulator core (build/ale/core.wasm) and wraps its raw
 * exports. One `CoreInstance` is one Atari with its own linear memory, so any
 * number can run side by side; the compiled module is shared, never its state.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
}

/** The core hit an internal assertion (a bug in the emulator, not in the ROM). */
export class EmulatorCoreError extends Error {
  override readonly name = 'EmulatorCoreError';
}

/** build/ale/core.wasm is missing: the project has not been built. */
export class EmulatorCoreMissingError extends Error {
  override readonly name = 'EmulatorCoreMissingError';
}

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
