/**
 * sobolev-distill library entry: each module as a namespace, plus the handful of
 * entry points most programs start from.
 */

export * as ale from './ale/index.js';
export { ALEInterface } from './ale/index.js';
export * as envs from './envs/index.js';
export { makeEnv, makeVectorEnv } from './envs/index.js';
export * as models from './models/index.js';
export * as rl from './rl/index.js';
export * as teachers from './teachers/index.js';
export { loadTeacher } from './teachers/index.js';
export * as tf from './tf/index.js';
export { selectBackend } from './tf/index.js';
export { VERSION } from './version.js';
