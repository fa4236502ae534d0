/**
 * The `Status` object the API server returns with a failed request.
 * @public
 */
export interface StatusBody {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
}

/**
 * A request answered with a non-2xx status, or a watch `ERROR` event.
 * @public
 */
export class ApiError extends Error {
  /** The HTTP status code (for a watch `ERROR` event, the `code` of its Status). */
  readonly statusCode: number;
  /** The machine-readable reason, e.g. `Conflict`, `NotFound`, `Expired`. */
  readonly reason: string | undefined;
  /** The Status body, when the server sent one. */
  readonly status: StatusBody | undefined;

  /** Creates an error for `method path` answered with `statusCode`. */
  constructor(message: string, statusCode: number, status?: StatusBody, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiError";
    this.statusCode = statusCode;
    this.status = status;
    this.reason = status?.reason;
  }
}

/** Walks `err` and its causes for an {@link ApiError}. */
function findApiError(err: unknown): ApiError | undefined {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApiError) return e;
  }
  return undefined;
}

/**
 * Whether `err` (or a cause) is an API error with `code`.
 * @public
 */
export function hasStatusCode(err: unknown, code: number): boolean {
  return findApiError(err)?.statusCode === code;
}

/**
 * Whether `err` means the object does not exist (404).
 * @public
 */
export function isNotFound(err: unknown): boolean {
  return hasStatusCode(err, 404);
}

/**
 * Whether `err` means an optimistic-concurrency conflict (409 with reason `Conflict`).
 * @public
 */
export function isConflict(err: unknown): boolean {
  const api = findApiError(err);
  return api?.statusCode === 409 && api.reason !== "AlreadyExists";
}

/**
 * Whether `err` means the object already exists (409 with reason `AlreadyExists`).
 * @public
 */
export function isAlreadyExists(err: unknown): boolean {
  const api = findApiError(err);
  return api?.statusCode === 409 && api.reason === "AlreadyExists";
}

/**
 * Whether `err` means the resourceVersion is too old (410 Gone, reason `Expired`).
 * @public
 */
export function isGone(err: unknown): boolean {
  return hasStatusCode(err, 410);
}
