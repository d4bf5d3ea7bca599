/** tfjs setup: backend selection and the kernels we add to the `wasm` backend. */
export {
  AUTO_BACKEND_ORDER,
  activeBackend,
  BACKEND_CHOICES,
  type BackendChoice,
  type BackendName,
  DEFAULT_BACKEND,
  ensureBackend,
  selectBackend,
} from './backend.js';
export { BackendUnavailableError, KernelInputError } from './errors.js';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm/training-kernels.js';
