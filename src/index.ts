/**
 * sobolev-distill library entry. Modules are re-exported here as they land:
 * `ale` (emulator), `envs`, `models`, `teachers`, `distill`.
 */

export * as ale from './ale/index.js';
export { VERSION } from './version.js';
