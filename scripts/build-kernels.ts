/**
 * Compiles the AssemblyScript training kernels and writes the binary, base64-encoded, into
 * src/tf/wasm/kernels-binary.ts. The generated module is committed so the library and its tests
 * run without a build step; test/tf/kernels-binary.test.ts fails when it is stale.
 * Run: npm run build:kernels
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryModuleSource, compileKernels, KERNELS_BINARY_PATH } from './kernels-compile.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binary = await compileKernels(root);
writeFileSync(resolve(root, KERNELS_BINARY_PATH), binaryModuleSource(binary));
console.log(`build-kernels: wrote ${KERNELS_BINARY_PATH} (${binary.length} bytes of wasm)`);
