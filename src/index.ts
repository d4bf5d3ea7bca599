/**
 * sobolev-distill library entry: each module as a namespace, plus the handful of
 * entry points most programs start from.
 */

export * as ale from './ale/index.js';
export { ALEInterface } from './ale/index.js';
export * as demo from './demo/index.js';
export * as distillation from './distill/index.js';
/**
 * `distill` collects (or reads) teacher data, trains a student with KL (+ Sobolev), evaluates it and
 * writes a report; `evaluate` scores any policy by an env id's evaluation protocol (`evaluateAgent`).
 */
export { distill, evaluateAgent as evaluate } from './distill/run.js';
export * as envs from './envs/index.js';
export { makeEnv, makeVectorEnv } from './envs/index.js';
export * as media from './media/index.js';
export * as models from './models/index.js';
export * as rl from './rl/index.js';
export * as teachers from './teachers/index.js';
export { loadTeacher } from './teachers/index.js';
export * as tf from './tf/index.js';
export { selectBackend } from './tf/index.js';
export { VERSION } from './version.js';
