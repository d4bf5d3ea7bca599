/** Typed errors of src/rl. Each says what is wrong and what to do next. */

/** A trainer or evaluator was configured with values it cannot use. */
export class RlConfigError extends Error {
  override readonly name = 'RlConfigError';
}

/** Tensors handed to a loss term or to GAE do not fit together. */
export class RlInputError extends Error {
  override readonly name = 'RlInputError';
}

/** A loss or gradient became NaN or ±Inf; names the update and the term. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(
    readonly update: number,
    readonly term: string,
    readonly value: number,
  ) {
    super(
      `${term} is ${value} at update ${update}: training diverged; lower the learning rate, ` +
        'check the observation scale, or tighten gradient clipping',
    );
  }
}

/** No scripted expert is known for a game. */
export class UnknownExpertError extends Error {
  override readonly name = 'UnknownExpertError';
}
