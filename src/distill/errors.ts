/** Typed errors of src/distill: each says what is wrong and what to do next. */

/** A dataset folder or shard that cannot be read: missing, truncated, corrupt, or of another version. */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
}

/** A dataset that is readable but does not fit what it is used with (teacher, student, another shard). */
export class DatasetMismatchError extends Error {
  override readonly name = 'DatasetMismatchError';
}

/** A distillation, collection or evaluation option that cannot work. */
export class DistillConfigError extends Error {
  override readonly name = 'DistillConfigError';
}

/** A loss term, gradient or teacher target that became NaN or ±Infinity during training. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(
    /** The training step (0-based) whose update was refused. */
    readonly step: number,
    /** Which quantity went non-finite: a loss term (`kl`, `sobolev`), `gradient`, or `teacher-targets`. */
    readonly term: string,
    readonly value: number,
    /** Every term's value at that step, for the message. */
    readonly terms: Readonly<Record<string, number>>,
  ) {
    const all = Object.entries(terms)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    super(
      `step ${step}: the ${term} term is ${value} (${all}); the update was not applied. ` +
        'Lower the learning rate or the Sobolev weight, enable gradient clipping, or check the teacher and dataset for NaN/Inf values',
    );
  }
}

/** A checkpoint that cannot be written or read back. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** The teacher worker thread failed (its error is the cause) or was closed. */
export class TeacherWorkerError extends Error {
  override readonly name = 'TeacherWorkerError';
}
