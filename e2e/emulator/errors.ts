/**
 * An error the emulator answers with, shaped like an AWS service error.
 *
 * `code` is the wire name (`__type` for JSON services, `<Code>` for STS) and `status` the HTTP
 * status. Every failure path in the emulator throws one of these; anything else becomes
 * `InternalFailure` (500).
 * @public
 */
export class AwsError extends Error {
  /** Wire error name, e.g. `InvalidStateException`. */
  readonly code: string;
  /** HTTP status code; 400 unless stated. */
  readonly status: number;

  constructor(code: string, message: string, status = 400, options?: ErrorOptions) {
    super(message, options);
    this.name = "AwsError";
    this.code = code;
    this.status = status;
  }
}

/** Shorthand for the common 400 errors. @internal */
export function awsError(code: string, message: string): AwsError {
  return new AwsError(code, message);
}

/** `ValidationException` in the front end's wording for one or more constraint violations. */
export function validationError(violations: readonly string[]): AwsError {
  const n = violations.length;
  const head = `${n} validation error${n === 1 ? "" : "s"} detected: `;
  return new AwsError("ValidationException", head + violations.join("; "));
}
