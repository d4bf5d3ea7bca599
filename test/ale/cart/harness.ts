/**
 * Drives the core's cartridge slot and RIOT through the bus test hooks (each access is one CPU cycle
 * with every side effect), with synthetic cartridge images built in the tests.
 */
import { type CoreExports, instantiateCore } from '../../../src/ale/core-binding.js';

/** A core with `image` loaded as `type` (0: autodetect); returns the core and loadRom's result. */
export function loadImage(
  image: Uint8Array,
  type = 0,
  core: CoreExports = instantiateCore(),
): { core: CoreExports; result: number } {
  if (image.length > 0) new Uint8Array(core.memory.buffer, core.romStagingPointer(), image.length).set(image);
  return { core, result: core.loadRom(image.length, type) };
}

/** Like `loadImage`, but fails the test when the core refuses the image. */
export function loaded(image: Uint8Array, type = 0): CoreExports {
  const { core, result } = loadImage(image, type);
  if (result < 0) throw new Error(`loadRom refused the image: ${result}`);
  return core;
}

/** An image of `banks` blocks of `blockBytes`, block b filled with `fill(b)` (default: b). */
export function blocks(banks: number, blockBytes: number, fill: (bank: number) => number = (b) => b): Uint8Array {
  const image = new Uint8Array(banks * blockBytes);
  for (let b = 0; b < banks; b++) image.fill(fill(b) & 0xff, b * blockBytes, (b + 1) * blockBytes);
  return image;
}

/** Reads through the bus (a CPU read: hotspots switch). */
export function read(core: CoreExports, address: number): number {
  return core.testBusRead(address);
}

export function write(core: CoreExports, address: number, value: number): void {
  core.testBusWrite(address, value);
}

/** Side-effect-free read. */
export function peek(core: CoreExports, address: number): number {
  return core.peek(address);
}
