/**
 * The AssemblyScript kernel of the env layer (src/envs/preprocess/assembly/warp.as), compiled in memory.
 * Used by scripts/build-env-kernels.ts and by test/envs/preprocess/warp-kernel.test.ts, which checks
 * that the committed binary is up to date.
 */
import { compileKernel, type KernelBuild, kernelModuleSource } from './wasm-kernel.js';

export const WARP_KERNEL: KernelBuild = {
  sourcePath: 'src/envs/preprocess/assembly/warp.as',
  binaryPath: 'src/envs/preprocess/warp-kernel-binary.ts',
  exportName: 'WARP_KERNEL_WASM_BASE64',
  npmScript: 'build:env-kernels',
};
export const WARP_KERNEL_SOURCE_PATH = WARP_KERNEL.sourcePath;
export const WARP_KERNEL_BINARY_PATH = WARP_KERNEL.binaryPath;

export const compileWarpKernel = (root: string): Promise<Uint8Array> => compileKernel(root, WARP_KERNEL);
export const warpKernelModuleSource = (binary: Uint8Array): string => kernelModuleSource(binary, WARP_KERNEL);
