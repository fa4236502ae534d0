/**
 * The signing service's error taxonomy (style.md habit 16). Every error the service throws is
 * one of these, so callers sort outcomes with `instanceof` and never inspect AWS error names:
 *
 * - {@link PendingError}: the certificate is still being issued; ask again after
 *   `requeueAfterMs`. Not a failure.
 * - {@link RetryableError}: a transient failure (throttling, 5xx, network, a CA briefly not
 *   ACTIVE); the same call may succeed later. Keep the request Pending and retry with backoff.
 * - {@link IssuerError}: a retryable failure whose fix lies with the issuer or its AWS setup
 *   (access denied, CA not found), not with the request. Retry slowly; report on the issuer.
 * - {@link PermanentError}: the request can never succeed as written (malformed CSR, invalid
 *   arguments, validation, certificate-count quota, a refused template). End it Failed.
 *
 * See docs/adr/0010-pca-error-taxonomy.md.
 */

/** Where an error came from, beyond its message. @public */
export interface PcaErrorDetails {
  /** The PCA operation that failed, e.g. `IssueCertificate`; absent for local checks. */
  readonly operation?: string;
  /** The AWS error name (`err.name` of the SDK exception), e.g. `MalformedCSRException`. */
  readonly awsName?: string;
  /** AWS's own message, verbatim; absent for local checks and network errors. */
  readonly awsMessage?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * Base class of every error the signing service throws. Not thrown itself.
 * @public
 */
export class PcaError extends Error {
  /** The PCA operation that failed, when a call failed. */
  readonly operation: string | undefined;
  /** The AWS error name, when AWS answered with an error. */
  readonly awsName: string | undefined;
  /** AWS's message verbatim, when AWS sent one. */
  readonly awsMessage: string | undefined;

  /** @param message - lowercase, names the object, no full stop. */
  constructor(message: string, details: PcaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "PcaError";
    this.operation = details.operation;
    this.awsName = details.awsName;
    this.awsMessage = details.awsMessage;
  }

  /**
   * The text to show a user (a condition message or an Event): this error's message followed
   * by AWS's name and message when there are any, so AWS's wording reaches the user unchanged.
   */
  get userMessage(): string {
    if (this.awsName === undefined) return this.message;
    const aws = this.awsMessage === undefined ? "" : `: ${this.awsMessage}`;
    return `${this.message}: ${this.awsName}${aws}`;
  }
}

/**
 * The certificate has been requested but is not signed yet (GetCertificate answered
 * RequestInProgressException). Ask again after {@link PendingError.requeueAfterMs}.
 * @public
 */
export class PendingError extends PcaError {
  /** Suggested wait before asking again, in milliseconds. */
  readonly requeueAfterMs: number;

  /** Creates a pending error that suggests waiting `requeueAfterMs` milliseconds. */
  constructor(message: string, requeueAfterMs: number, details: PcaErrorDetails = {}) {
    super(message, details);
    this.name = "PendingError";
    this.requeueAfterMs = requeueAfterMs;
  }
}

/**
 * The client-side rate limiter holds a slot for this call further ahead than the caller wants
 * to wait: come back after {@link PendingError.requeueAfterMs}, when the slot is due. The slot
 * stays reserved for the same ticket (the request's UID), so the call then goes out at once.
 * Nothing went wrong; the request need not show anything.
 * @public
 */
export class RateLimitedError extends PendingError {
  /** Creates a rate-limited error for a slot `requeueAfterMs` milliseconds ahead. */
  constructor(operation: string, requeueAfterMs: number) {
    super(
      `${operation} waits ${requeueAfterMs} ms for a client-side rate-limit slot`,
      requeueAfterMs,
      {
        operation,
      },
    );
    this.name = "RateLimitedError";
  }
}

/** Extra facts about a {@link RetryableError}. @public */
export interface RetryableDetails extends PcaErrorDetails {
  /** Whether AWS throttled the call (or the SDK saw a throttling error). Default false. */
  readonly throttled?: boolean;
  /** A suggested minimum wait before retrying, in milliseconds, when the cause implies one. */
  readonly requeueAfterMs?: number;
}

/**
 * A transient failure: the same call may succeed later. The request stays Pending and is
 * retried with backoff; IssueCertificate retries are safe because of the idempotency token.
 * @public
 */
export class RetryableError extends PcaError {
  /** Whether the failure was throttling. */
  readonly throttled: boolean;
  /** A suggested minimum wait before retrying, when known. */
  readonly requeueAfterMs: number | undefined;

  /** Creates a retryable error. */
  constructor(message: string, details: RetryableDetails = {}) {
    super(message, details);
    this.name = "RetryableError";
    this.throttled = details.throttled ?? false;
    this.requeueAfterMs = details.requeueAfterMs;
  }
}

/**
 * A retryable failure caused by the issuer's AWS setup rather than by the request: access
 * denied (IAM can be fixed without a new request) or the CA not found. Callers retry with a
 * long backoff and may report it on the issuer's Ready condition.
 * @public
 */
export class IssuerError extends RetryableError {
  /** Creates an issuer-level error; `requeueAfterMs` defaults to one minute. */
  constructor(message: string, details: RetryableDetails = {}) {
    super(message, { requeueAfterMs: 60_000, ...details });
    this.name = "IssuerError";
  }
}

/**
 * The request can never succeed as written; retrying would only repeat the failure (and, for
 * IssueCertificate, cost nothing but quota). End the request Failed with
 * {@link PcaError.userMessage}.
 * @public
 */
export class PermanentError extends PcaError {
  /** Creates a permanent error. */
  constructor(message: string, details: PcaErrorDetails = {}) {
    super(message, details);
    this.name = "PermanentError";
  }
}
