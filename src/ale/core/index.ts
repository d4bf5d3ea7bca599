// WebAssembly exports of the emulator core: the ABI the TypeScript binding (src/ale/core-binding.ts) uses.
// One wasm instance is one Atari; instances share nothing.
import { createCart, detectCartType, CartType } from './cart/index';
import { Console } from './console';
import { MAX_ROM_BYTES } from './constants';

const machine = new Console();
const romStaging = new StaticArray<u8>(MAX_ROM_BYTES);

/** Where the binding copies ROM bytes before calling `loadRom`. */
export function romStagingPointer(): usize {
  return changetype<usize>(romStaging);
}

export function romStagingCapacity(): i32 {
  return MAX_ROM_BYTES;
}

/**
 * Inserts the `length` staged bytes as a cartridge of `cartType` (0 = detect) and
 * resets the console. Returns the cart type used, or a negative error code
 * (cart/index.ts) the binding turns into a typed error.
 */
export function loadRom(length: i32, cartType: i32): i32 {
  if (length <= 0 || length > MAX_ROM_BYTES) return -1;
  const rom = new StaticArray<u8>(length);
  memory.copy(changetype<usize>(rom), changetype<usize>(romStaging), <usize>length);
  const type = cartType == CartType.Auto ? detectCartType(rom) : cartType;
  if (type < 0) return type;
  const cart = createCart(type, rom);
  if (cart == null) return -2;
  machine.insertCart(cart);
  machine.reset();
  return type;
}

export function reset(): void {
  machine.reset();
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
  return changetype<usize>(machine.tia.screen);
}

export function cpuA(): i32 { return machine.cpu.a; }
export function cpuX(): i32 { return machine.cpu.x; }
export function cpuY(): i32 { return machine.cpu.y; }
export function cpuSP(): i32 { return machine.cpu.sp; }
export function cpuPC(): i32 { return machine.cpu.pc; }
export function cpuP(): i32 { return machine.cpu.p; }
