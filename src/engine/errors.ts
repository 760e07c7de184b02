/**
 * Errors the engine throws on purpose. Anything else escaping the engine is a bug.
 * `AutoMLError` subclasses carry a message meant for the user, so boundaries (CLI, extension)
 * show `message` without a stack trace.
 */
export class AutoMLError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input data cannot be used as given (empty file, binary content, unknown column, …). */
export class DataError extends AutoMLError {
  /** 1-based physical line in the source file the problem refers to, when there is one. */
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(message);
    if (line !== undefined) this.line = line;
  }
}

/** A learner or search parameter that is unknown, of the wrong type or out of range. */
export class ParamError extends AutoMLError {}

/** The work was cancelled through an AbortSignal. */
export class CancelledError extends AutoMLError {
  constructor(message = 'cancelled') {
    super(message);
  }
}

/** True for errors whose message is meant for the user (no stack trace needed). */
export function isUserFacingError(error: unknown): error is AutoMLError {
  return error instanceof AutoMLError;
}
