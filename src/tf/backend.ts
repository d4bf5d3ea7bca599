/**
 * tfjs backend selection. `wasm` is the default: single-threaded in Node, but with our training
 * kernels (src/tf/wasm) it trains conv nets at XNNPACK speed. `cpu` is the pure-JS reference
 * backend (exact, slow). `tensorflow` is libtensorflow through `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node`, used only when one of them is installed; it is never a dependency.
 * `auto` takes the first available of tensorflow, wasm, cpu.
 *
 * tfjs keeps one active backend per process (its engine is global), so every model and trainer in
 * a process shares the backend chosen here.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError } from './errors.js';
import { registerWasmTrainingKernels } from './wasm/training-kernels.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

export const BACKEND_CHOICES: readonly BackendChoice[] = ['wasm', 'cpu', 'tensorflow', 'auto'];
export const DEFAULT_BACKEND: BackendChoice = 'wasm';

/** Order in which `auto` tries backends. */
export const AUTO_BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Packages that provide the `tensorflow` backend, GPU build first. */
const TENSORFLOW_PACKAGES: readonly string[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

async function loadTensorflowPackage(): Promise<string | undefined> {
  for (const name of TENSORFLOW_PACKAGES) {
    try {
      // A variable specifier: these packages are optional and absent from our dependencies.
      const specifier: string = name;
      await import(specifier);
      return name;
    } catch {
      // Not installed (or its native library failed to load): try the next one.
    }
  }
  return undefined;
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow' && !(await loadTensorflowPackage())) return false;
  if (name === 'wasm') registerWasmTrainingKernels();
  if (!tf.findBackendFactory(name)) return false;
  const ok = await tf.setBackend(name);
  if (ok) await tf.ready();
  return ok && tf.getBackend() === name;
}

/**
 * Makes `choice` the active tfjs backend and returns the backend now active. Throws
 * BackendUnavailableError when it cannot be used (for `auto`, when none can).
 */
export async function selectBackend(choice: BackendChoice = DEFAULT_BACKEND): Promise<BackendName> {
  if (!BACKEND_CHOICES.includes(choice)) {
    throw new BackendUnavailableError(`unknown backend '${choice}': choose one of ${BACKEND_CHOICES.join(', ')}`);
  }
  const candidates = choice === 'auto' ? AUTO_BACKEND_ORDER : [choice];
  for (const name of candidates) {
    if (await activate(name)) return name;
  }
  if (choice === 'tensorflow') {
    throw new BackendUnavailableError(
      "backend 'tensorflow' needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node: install one " +
        "(npm install @tensorflow/tfjs-node; it downloads libtensorflow) or choose 'wasm'",
    );
  }
  throw new BackendUnavailableError(
    `backend '${choice}' could not be initialised in this process; try 'cpu', which always works`,
  );
}

/**
 * Selects the default backend unless one is already active, and (re)registers our kernels when the
 * active backend is `wasm` (e.g. chosen with tf.setBackend directly). Returns the active backend.
 */
export async function ensureBackend(): Promise<BackendName> {
  const current = activeBackend();
  if (current === undefined) return selectBackend(DEFAULT_BACKEND);
  if (current === 'wasm') registerWasmTrainingKernels();
  return current;
}

/** The active backend, or undefined before one is selected. */
export function activeBackend(): BackendName | undefined {
  const name = tf.getBackend() as string | undefined;
  return name === 'tensorflow' || name === 'wasm' || name === 'cpu' ? name : undefined;
}
