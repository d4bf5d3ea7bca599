/** Typed errors of src/teachers. Each names the file and the problem, and says what to do next. */

/** A file that is truncated, corrupt, or not in the format it claims. */
export class TeacherFormatError extends Error {
  override readonly name = 'TeacherFormatError';
}

/** A pickle that asks for something other than tensors and dicts (it could run code): never loaded. */
export class UnsafePickleError extends Error {
  override readonly name = 'UnsafePickleError';
}

/** A readable file whose contents we cannot map to a supported architecture. */
export class UnsupportedTeacherError extends Error {
  override readonly name = 'UnsupportedTeacherError';
}
