/** The committed wasm binary is what the AssemblyScript source compiles to (run npm run build:kernels if not). */
import { describe, expect, it } from 'vitest';
import { binaryModuleSource, compileKernels } from '../../scripts/kernels-compile.js';
import { KERNELS_WASM_BASE64 } from '../../src/tf/wasm/kernels-binary.js';
import { PROJECT_ROOT } from '../helpers/shared.js';

describe('src/tf/wasm/kernels-binary.ts', () => {
  it('matches a fresh compile of src/tf/wasm/assembly/kernels.ts', async () => {
    const binary = await compileKernels(PROJECT_ROOT);
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(Buffer.from(binary))).toBe(true);
    expect(binaryModuleSource(binary)).toContain(KERNELS_WASM_BASE64.slice(0, 100));
  });

  it('has no data segment, so instantiating it writes nothing into the heap it imports', async () => {
    const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    const imports = WebAssembly.Module.imports(module);
    expect(imports).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // Section id 11 is the data section (WebAssembly core spec, binary format 5.5.2).
    const DATA_SECTION_ID = 11;
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    const sectionIds: number[] = [];
    let offset = 8; // magic + version
    while (offset < bytes.length) {
      sectionIds.push(bytes[offset]!);
      offset++;
      let size = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[offset++]!;
        size |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      offset += size;
    }
    expect(offset).toBe(bytes.length);
    expect(sectionIds).not.toContain(DATA_SECTION_ID);
  });
});
