/** Typed errors of src/models. Each says what is wrong and what to do next. */

/** An architecture spec that cannot be built (bad sizes, unknown kind). */
export class ArchitectureError extends Error {
  override readonly name = 'ArchitectureError';
}

/** A tensor, weight or input whose shape is not what the model needs. */
export class ModelShapeError extends Error {
  override readonly name = 'ModelShapeError';
}

/** Weights that do not cover the model's parameters, or name parameters it does not have. */
export class WeightsMismatchError extends Error {
  override readonly name = 'WeightsMismatchError';
}
