/** Typed errors of src/tf (backend selection and our own kernels). Each says what to do next. */

/** The requested tfjs backend cannot be used in this process. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

/** One of our kernels got inputs it does not handle (layout, dilation, dtype). */
export class KernelInputError extends Error {
  override readonly name = 'KernelInputError';
}
