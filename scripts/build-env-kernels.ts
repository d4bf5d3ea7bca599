/**
 * Compiles the env layer's AssemblyScript kernel and writes the binary, base64-encoded, into
 * src/envs/preprocess/warp-kernel-binary.ts. The generated module is committed so the library and its tests
 * run without a build step; test/envs/preprocess/warp-kernel.test.ts fails when it is stale.
 * Run: npm run build:env-kernels
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWarpKernel, WARP_KERNEL_BINARY_PATH, warpKernelModuleSource } from './env-kernels-compile.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binary = await compileWarpKernel(root);
writeFileSync(resolve(root, WARP_KERNEL_BINARY_PATH), warpKernelModuleSource(binary));
console.log(`build-env-kernels: wrote ${WARP_KERNEL_BINARY_PATH} (${binary.length} bytes of wasm)`);
