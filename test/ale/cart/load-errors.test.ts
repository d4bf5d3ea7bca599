/**
 * Images the core refuses, the typed errors they become, and loading many images into one instance
 * without growing its memory (the stub runtime never frees).
 */
import { describe, expect, it } from 'vitest';
import {
  CART_ERROR,
  CART_TYPES,
  cartLoadError,
  cartTypeIdForRom,
  EmptyRomError,
  RomTooLargeError,
  RomTooSmallForSchemeError,
  UnknownCartTypeError,
  UnrecognizedRomSizeError,
  UnsupportedCartSchemeError,
} from '../../../src/ale/cart-types.js';
import type { InvalidRomError } from '../../../src/ale/errors.js';
import { blocks, loadImage, read } from './harness.js';

function typeId(name: string): number {
  const info = CART_TYPES.find((t) => t.stellaName === name);
  if (!info) throw new Error(`no cart type ${name}`);
  return info.id;
}

function errorFor(code: number, size: number, chosenType: number, requestedType = 0): InvalidRomError {
  return cartLoadError(code, { describe: 'test.bin', size, capacity: 512 * 1024, chosenType, requestedType });
}

describe('refused images', () => {
  it('an empty image', () => {
    const { core, result } = loadImage(new Uint8Array(0));
    expect(result).toBe(CART_ERROR.empty);
    expect(core.cartType()).toBe(0);
    expect(errorFor(result, 0, 0)).toBeInstanceOf(EmptyRomError);
  });

  it('an image larger than 512 KiB', () => {
    const { core } = loadImage(new Uint8Array(0));
    const result = core.loadRom(core.romStagingCapacity() + 1, 0);
    expect(result).toBe(CART_ERROR.tooLarge);
    const error = errorFor(result, core.romStagingCapacity() + 1, 0);
    expect(error).toBeInstanceOf(RomTooLargeError);
    expect(error.message).toMatch(/at most 524288 bytes/);
  });

  it('a size no scheme decodes', () => {
    const { core, result } = loadImage(new Uint8Array(3000).fill(0xea));
    expect(result).toBe(CART_ERROR.unrecognized);
    expect(core.chosenCartType()).toBe(0);
    expect(errorFor(result, 3000, 0).message).toMatch(/3000 bytes.*matches no bankswitching scheme/);
    expect(errorFor(result, 3000, 0)).toBeInstanceOf(UnrecognizedRomSizeError);
  });

  it('schemes Stella detects but this core does not run: Supercharger, MegaCart, 4A50', () => {
    for (const [size, type, name] of [
      [8448, 0, 'AR'],
      [131072, 0, 'MC'],
      [65536, typeId('4A50'), '4A50'],
    ] as const) {
      const { core, result } = loadImage(new Uint8Array(size).fill(0xea), type);
      expect(result).toBe(CART_ERROR.unsupportedScheme);
      expect(core.chosenCartType()).toBe(typeId(name));
      const error = errorFor(result, size, core.chosenCartType());
      expect(error).toBeInstanceOf(UnsupportedCartSchemeError);
      expect(error.message).toContain(name);
    }
  });

  it('a type id outside the table', () => {
    for (const type of [-1, CART_TYPES.length, 1000]) {
      const { result } = loadImage(new Uint8Array(4096), type);
      expect(result).toBe(CART_ERROR.unknownType);
      expect(errorFor(result, 4096, 0, type)).toBeInstanceOf(UnknownCartTypeError);
    }
  });

  it('a requested scheme larger than the image', () => {
    const { core, result } = loadImage(new Uint8Array(4096), typeId('E7'));
    expect(result).toBe(CART_ERROR.tooSmallForScheme);
    const error = errorFor(result, 4096, core.chosenCartType());
    expect(error).toBeInstanceOf(RomTooSmallForSchemeError);
    expect(error.message).toMatch(/needs 16384 bytes/);
  });

  it('a refused load empties the slot: the cartridge reads 0 and nothing traps', () => {
    const { core } = loadImage(
      blocks(2, 4096, () => 0x33),
      typeId('F8'),
    );
    expect(read(core, 0x1000)).toBe(0x33);
    loadImage(new Uint8Array(3000), 0, core);
    expect(core.cartType()).toBe(0);
    expect(read(core, 0x1000)).toBe(0);
    expect(read(core, 0x1ff8)).toBe(0);
    core.testBusWrite(0x1ff9, 1);
    core.reset();
    expect(read(core, 0x1fff)).toBe(0);
  });
});

describe('cartridge type of a ROM from its properties', () => {
  it('maps Stella names, AUTO-DETECT, and the two "F8 swapped" MD5s', () => {
    expect(cartTypeIdForRom('00000000000000000000000000000000', 'AUTO-DETECT')).toBe(0);
    expect(cartTypeIdForRom('00000000000000000000000000000000', 'F6SC')).toBe(typeId('F6SC'));
    expect(cartTypeIdForRom('00000000000000000000000000000000', 'FASC')).toBe(typeId('FASC'));
    expect(cartTypeIdForRom('bc24440b59092559a1ec26055fd1270e', 'AUTO-DETECT')).toBe(typeId('F8 swapped'));
    expect(cartTypeIdForRom('75EE371CCFC4F43E7D9B8F24E1266B55', 'AUTO-DETECT')).toBe(typeId('F8 swapped'));
    expect(() => cartTypeIdForRom('00000000000000000000000000000000', 'F9')).toThrow(UnknownCartTypeError);
  });

  it('keeps the TS table in step with the core: ids, emulated schemes and image sizes', () => {
    for (const info of CART_TYPES) {
      if (info.id === 0) continue;
      const { core, result } = loadImage(new Uint8Array(info.imageBytes).fill(0xea), info.id);
      expect(result).toBe(info.emulated ? info.id : CART_ERROR.unsupportedScheme);
      if (!info.emulated) continue;
      expect(core.cartType()).toBe(info.id);
      expect(loadImage(new Uint8Array(info.imageBytes - 1).fill(0xea), info.id).result).toBe(
        CART_ERROR.tooSmallForScheme,
      );
    }
  });
});

describe('many loads into one instance', () => {
  /** Deterministic pseudo-random bytes (the FORMAT.md LCG), so failures reproduce. */
  function lcg(seed: number): () => number {
    let s = (Math.imul(seed, 2654435761) + 1) >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s >>> 8;
    };
  }

  it('loads 3,000 random, truncated and oversized images with bus traffic, and memory stops growing', () => {
    const next = lcg(7);
    const { core } = loadImage(new Uint8Array(0));
    const capacity = core.romStagingCapacity();
    const sizes = [
      2048,
      4096,
      8192,
      10240,
      10495,
      12288,
      16384,
      32768,
      65536,
      131072,
      8448,
      0,
      1,
      3000,
      6144,
      capacity,
      capacity + 1,
    ];
    // Every table id, plus two outside it.
    const ids = [...CART_TYPES.map((t) => t.id), -1, 99];
    let memoryAfterWarmup = 0;
    const outcomes = new Set<number>();
    for (let i = 0; i < 3000; i++) {
      if (i === 600) memoryAfterWarmup = core.memory.buffer.byteLength;
      const size = i % 7 === 6 ? next() % 40000 : sizes[next() % sizes.length]!;
      const type = i % 3 === 0 ? ids[next() % ids.length]! : 0;
      const staging = new Uint8Array(core.memory.buffer, core.romStagingPointer(), Math.min(size, capacity));
      for (let j = 0; j < size; j += 4) staging[j] = next() & 0xff;
      const result = core.loadRom(size, type);
      outcomes.add(result);
      for (let k = 0; k < 64; k++) {
        const address = next() & 0xffff;
        if (next() & 1) core.testBusWrite(address, next() & 0xff);
        else core.testBusRead(address);
      }
    }
    expect(core.memory.buffer.byteLength).toBe(memoryAfterWarmup);
    expect(core.memory.buffer.byteLength).toBeLessThanOrEqual(2 * 1024 * 1024);
    // Both successes and every kind of refusal occurred.
    expect([...outcomes].filter((r) => r > 0).length).toBeGreaterThan(10);
    for (const code of Object.values(CART_ERROR)) expect(outcomes.has(code)).toBe(true);
  });
});
