/**
 * Errors a user can act on. The CLI prints `message` (and `hint`) on one line
 * and exits non-zero; anything else is a bug and keeps its stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** What to do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
