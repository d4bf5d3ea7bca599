/** Distillation loss terms: each a pure function of its inputs returning a scalar. */
export { unitDirections } from './directions.js';
export { LossInputError } from './errors.js';
export { type KlDirection, type KlOptions, klLoss } from './kl.js';
export { sobolevFullLoss } from './sobolev-full.js';
export { sobolevJvpLoss, sobolevJvpPenalty } from './sobolev-jvp.js';
export { sobolevVjpLoss, sobolevVjpPenalty } from './sobolev-vjp.js';
