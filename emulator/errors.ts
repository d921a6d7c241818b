/**
 * One error type for every AWS error the emulator answers with. `code` becomes the response's
 * `__type`, which is what the AWS SDK uses to name the error and to decide whether to retry.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Shorthand for the common case of an HTTP 400 client error. */
export function fail(code: string, message: string): never {
  throw new ServiceError(code, message);
}

/** The answer to a request the emulator failed on by its own fault (a bug): a 500 that says so. */
export function internalFailure(): ServiceError {
  return new ServiceError("InternalFailure", "The emulator failed to process the request.", 500);
}
