/**
 * sobolev-distill library entry. Modules are re-exported here as they land:
 * `ale` (emulator), `envs`, `models`, `teachers`, `distill`.
 */
export { VERSION } from './version.js';
