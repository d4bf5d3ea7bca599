import { describe, expect, it } from 'vitest';
import { compileWarpKernel, warpKernelModuleSource } from '../../../scripts/env-kernels-compile.js';
import { indicesToRGB } from '../../../src/ale/palette.js';
import { AreaResizer } from '../../../src/envs/preprocess/area-resize.js';
import { maxPool2 } from '../../../src/envs/preprocess/max-pool.js';
import { rgbToGray } from '../../../src/envs/preprocess/rgb-to-gray.js';
import { WarpKernel } from '../../../src/envs/preprocess/warp-kernel.js';
import { WARP_KERNEL_WASM_BASE64 } from '../../../src/envs/preprocess/warp-kernel-binary.js';
import { grayMaxTable } from '../../../src/envs/wrappers/max-and-skip-warp.js';
import { mulberry32 } from '../../../src/models/params.js';
import { PROJECT_ROOT } from '../../helpers/shared.js';

const H = 210;
const W = 160;
const OUT = 84;

/** Reproducible frames. */
const rng = mulberry32;

/** OpenCV's path, from RGB: gray(max(rgb(a), rgb(b))), then INTER_AREA by a fresh resizer. */
function reference(a: Uint8Array, b: Uint8Array): Uint8Array {
  const rgb = maxPool2(indicesToRGB(a), indicesToRGB(b), new Uint8Array(H * W * 3));
  const gray = rgbToGray(rgb, new Uint8Array(H * W));
  return new AreaResizer(H, W, OUT, OUT).resize(gray, new Uint8Array(OUT * OUT));
}

describe('WarpKernel (MaxAndSkipWarp in WebAssembly)', () => {
  it('equals RGB max-pool, RGB2GRAY and INTER_AREA frame after frame, whatever changes between calls', () => {
    const next = rng(5);
    const kernel = new WarpKernel(H, W, OUT, OUT, grayMaxTable());
    const a = kernel.secondLast.bytes;
    const b = kernel.last.bytes;
    // Start from noise (every palette index), then change rectangles of various sizes, sometimes nothing,
    // sometimes one frame only, sometimes single pixels at the row ends.
    for (let i = 0; i < a.length; i++) {
      a[i] = Math.floor(next() * 128) * 2;
      b[i] = Math.floor(next() * 128) * 2;
    }
    for (let call = 0; call < 60; call++) {
      if (call > 0) {
        const edits = Math.floor(next() * 4);
        for (let e = 0; e < edits; e++) {
          const frame = next() < 0.5 ? a : b;
          const y0 = Math.floor(next() * H);
          const x0 = Math.floor(next() * W);
          const h = 1 + Math.floor(next() * (call % 7 === 0 ? H : 12));
          const w = 1 + Math.floor(next() * (call % 5 === 0 ? W : 9));
          const colour = Math.floor(next() * 128) * 2;
          for (let y = y0; y < Math.min(H, y0 + h); y++) {
            for (let x = x0; x < Math.min(W, x0 + w); x++) frame[y * W + x] = colour;
          }
        }
        if (call % 9 === 0) b[W - 1] = (b[W - 1]! + 2) & 0xfe;
      }
      const got = kernel.warp(kernel.secondLast, kernel.last);
      expect(Buffer.from(got).equals(Buffer.from(reference(a, b))), `call ${call}`).toBe(true);
    }
    // The same slot as both frames (a reset): gray(rgb(a)).
    kernel.resetScreen.bytes.set(a);
    expect(Buffer.from(kernel.warp(kernel.resetScreen, kernel.resetScreen)).equals(Buffer.from(reference(a, a)))).toBe(
      true,
    );
  });

  it('refuses screens whose rows are not whole 16-byte vectors, and a wrong pair table', () => {
    expect(() => new WarpKernel(H, 150, OUT, OUT, grayMaxTable())).toThrow(/multiple of 16/);
    expect(() => new WarpKernel(H, W, OUT, OUT, new Uint8Array(10))).toThrow(/pair table/);
  });

  it('is what src/envs/preprocess/assembly/warp.as compiles to (npm run build:env-kernels), with no data segment', async () => {
    const binary = await compileWarpKernel(PROJECT_ROOT);
    expect(Buffer.from(WARP_KERNEL_WASM_BASE64, 'base64').equals(Buffer.from(binary))).toBe(true);
    expect(warpKernelModuleSource(binary)).toContain(WARP_KERNEL_WASM_BASE64.slice(0, 100));
    const module = new WebAssembly.Module(new Uint8Array(binary));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // Section id 11 is the data section (WebAssembly core spec, binary format 5.5.2).
    const DATA_SECTION_ID = 11;
    const sectionIds: number[] = [];
    let offset = 8; // magic + version
    while (offset < binary.length) {
      sectionIds.push(binary[offset]!);
      offset++;
      let size = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = binary[offset++]!;
        size |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      offset += size;
    }
    expect(offset).toBe(binary.length);
    expect(sectionIds).not.toContain(DATA_SECTION_ID);
  }, 60_000);
});
