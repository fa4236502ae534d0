/**
 * Maps what the AWS SDK throws to the signing service's taxonomy (style.md habit 19): named
 * predicates over constant name lists, applied once at the adapter boundary.
 *
 * The SDK types only the errors ACM PCA models; `ThrottlingException`, `AccessDeniedException`,
 * `ValidationException` and 5xx answers arrive as the base `ACMPCAServiceException` with
 * `name` set to the wire code (pca-api-facts.md §1). So every decision here compares
 * `err.name`, never `instanceof`. See docs/adr/0010-pca-error-taxonomy.md for why each name
 * sits where it does.
 */
import { IssuerError, PcaError, PendingError, PermanentError, RetryableError } from "./errors.ts";
import type { PcaErrorDetails } from "./errors.ts";

/**
 * Throttling names, as smithy's classifier lists them, minus `LimitExceededException`: ACM PCA
 * uses that name for its certificate-count quota, which no retry will lift.
 * @public
 */
export const THROTTLING_ERROR_NAMES = [
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
] as const;

/**
 * Names of transient failures that are not throttling: service faults, timeouts, a CA that is
 * briefly not ACTIVE (InvalidStateException right after activation), work still in progress,
 * and races AWS asks callers to retry.
 * @public
 */
export const TRANSIENT_ERROR_NAMES = [
  "InternalFailure",
  "InternalError",
  "InternalServerError",
  "InternalServerException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "RequestExpired",
  "RequestFailedException",
  "RequestInProgressException",
  "ConcurrentModificationException",
  "InvalidStateException",
] as const;

/**
 * Names whose cause lies with the issuer's AWS setup (IAM, credentials, the CA's ARN) rather
 * than the request. They can be fixed without a new request, so the request waits.
 * @public
 */
export const ISSUER_ERROR_NAMES = [
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "ExpiredTokenException",
  "CredentialsProviderError",
  "ResourceNotFoundException",
] as const;

/**
 * Names that mean the request can never succeed as written. `LimitExceededException` is the
 * per-CA certificate-count quota (facts §5). `ResourceNotFoundException` is permanent only
 * for GetCertificate (see {@link classifyAwsError}).
 * @public
 */
export const PERMANENT_ERROR_NAMES = [
  "MalformedCSRException",
  "InvalidArgsException",
  "ValidationException",
  "InvalidArnException",
  "LimitExceededException",
  "InvalidRequestException",
  "InvalidPolicyException",
  "MalformedCertificateException",
  "CertificateMismatchException",
  "InvalidTagException",
  "TooManyTagsException",
  "InvalidNextTokenException",
  "SerializationException",
] as const;

/** Node and undici error codes of a connection that failed or broke. @public */
export const NETWORK_ERROR_CODES = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
] as const;

const THROTTLING: ReadonlySet<string> = new Set(THROTTLING_ERROR_NAMES);
const TRANSIENT: ReadonlySet<string> = new Set(TRANSIENT_ERROR_NAMES);
const ISSUER: ReadonlySet<string> = new Set(ISSUER_ERROR_NAMES);
const PERMANENT: ReadonlySet<string> = new Set(PERMANENT_ERROR_NAMES);
const NETWORK: ReadonlySet<string> = new Set(NETWORK_ERROR_CODES);

/** How long a RequestInProgress answer suggests waiting, in milliseconds. @public */
export const PENDING_REQUEUE_AFTER_MS = 1_000;

/** The name, code and HTTP status an SDK error carries, read without trusting its type. */
interface ErrorFacts {
  readonly name: string;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly serverFault: boolean;
  readonly message: string | undefined;
}

function factsOf(err: unknown): ErrorFacts {
  const obj: Record<string, unknown> = typeof err === "object" && err !== null ? { ...err } : {};
  const name = err instanceof Error ? err.name : typeof obj.name === "string" ? obj.name : "";
  const meta = obj.$metadata;
  const statusValue =
    typeof meta === "object" && meta !== null && "httpStatusCode" in meta
      ? meta.httpStatusCode
      : undefined;
  return {
    name,
    code: typeof obj.code === "string" ? obj.code : undefined,
    status: typeof statusValue === "number" ? statusValue : undefined,
    serverFault: obj.$fault === "server",
    message: err instanceof Error && err.message !== "" ? err.message : undefined,
  };
}

function detailsOf(err: unknown, f: ErrorFacts, operation: string): PcaErrorDetails {
  return {
    operation,
    ...(f.name === "" ? {} : { awsName: f.name }),
    ...(f.message === undefined ? {} : { awsMessage: f.message }),
    cause: err,
  };
}

/** Whether `err` is throttling by name or HTTP 429. @public */
export function isThrottlingError(err: unknown): boolean {
  const f = factsOf(err);
  return THROTTLING.has(f.name) || f.status === 429;
}

/** Whether `err` is a network failure: a broken or refused connection, or a timeout. @public */
export function isNetworkError(err: unknown): boolean {
  const f = factsOf(err);
  return (f.code !== undefined && NETWORK.has(f.code)) || f.name === "TimeoutError";
}

/** Whether `err` is a transient service failure: a listed name, or a 5xx / server fault. @public */
export function isTransientError(err: unknown): boolean {
  const f = factsOf(err);
  return TRANSIENT.has(f.name) || f.serverFault || (f.status !== undefined && f.status >= 500);
}

/** Whether `err` is caused by the issuer's AWS setup (credentials, IAM, CA ARN). @public */
export function isIssuerError(err: unknown): boolean {
  return ISSUER.has(factsOf(err).name);
}

/** Whether `err` means the request can never succeed as written. @public */
export function isPermanentError(err: unknown): boolean {
  return PERMANENT.has(factsOf(err).name);
}

/** Whether `err` says the certificate is still being issued. @public */
export function isInProgressError(err: unknown): boolean {
  return factsOf(err).name === "RequestInProgressException";
}

/**
 * Converts an error thrown by one PCA call into the taxonomy, keeping AWS's name and message
 * and attaching the original as `cause`. An error already in the taxonomy passes through.
 *
 * Order matters: throttling is checked before "permanent" so that a 429 with an odd name still
 * waits; anything unrecognised is retryable, because ending a request for an error we do not
 * understand is the failure users of the peer report most.
 *
 * @param err - what the SDK threw.
 * @param operation - the PCA operation, e.g. `IssueCertificate`.
 * @param subject - the object the call was about (a CA or certificate ARN), for the message.
 * @public
 */
export function classifyAwsError(err: unknown, operation: string, subject: string): PcaError {
  if (err instanceof PcaError) return err;

  const f = factsOf(err);
  const details = detailsOf(err, f, operation);
  const what = `${operation} for ${subject}`;

  if (operation === "GetCertificate" && isInProgressError(err)) {
    return new PendingError(`${what} is still being issued`, PENDING_REQUEUE_AFTER_MS, details);
  }
  if (isThrottlingError(err)) {
    return new RetryableError(`${what} was throttled`, { ...details, throttled: true });
  }
  if (isNetworkError(err)) {
    return new RetryableError(`${what} failed on the network`, details);
  }
  if (isTransientError(err)) {
    return new RetryableError(`${what} failed transiently`, details);
  }
  if (operation === "GetCertificate" && f.name === "ResourceNotFoundException") {
    return new PermanentError(`${what} found no such certificate`, details);
  }
  if (isIssuerError(err)) {
    return new IssuerError(`${what} failed because of the issuer's AWS setup`, details);
  }
  if (isPermanentError(err)) {
    return new PermanentError(`${what} was rejected`, details);
  }
  return new RetryableError(`${what} failed`, details);
}
