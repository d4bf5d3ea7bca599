/** Inputs a loss term cannot use (mismatched shapes, bad options). */
export class LossInputError extends Error {
  override readonly name = 'LossInputError';
}
