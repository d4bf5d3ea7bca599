/**
 * The AssemblyScript training kernels (src/tf/wasm/assembly/kernels.ts), compiled in memory. Used by
 * scripts/build-kernels.ts and by test/tf/kernels-binary.test.ts, which checks that the committed
 * binary is up to date. The module imports tfjs's memory.
 */
import { compileKernel, type KernelBuild, kernelModuleSource } from './wasm-kernel.js';

export const TRAINING_KERNELS: KernelBuild = {
  sourcePath: 'src/tf/wasm/assembly/kernels.ts',
  binaryPath: 'src/tf/wasm/kernels-binary.ts',
  exportName: 'KERNELS_WASM_BASE64',
  npmScript: 'build:kernels',
};
export const KERNELS_SOURCE_PATH = TRAINING_KERNELS.sourcePath;
export const KERNELS_BINARY_PATH = TRAINING_KERNELS.binaryPath;

export const compileKernels = (root: string): Promise<Uint8Array> => compileKernel(root, TRAINING_KERNELS);
export const binaryModuleSource = (binary: Uint8Array): string => kernelModuleSource(binary, TRAINING_KERNELS);
