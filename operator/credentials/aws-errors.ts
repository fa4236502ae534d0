/** Error names STS (and the SDK) use for throttling and service-side trouble. */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "IDPCommunicationError",
  "ServiceUnavailable",
  "InternalFailure",
  "TimeoutError",
]);

/**
 * Whether an AWS call's error may go away on retry: throttling, a 5xx answer, or no answer at
 * all (connection refused, DNS, timeout). Access denied, validation and token errors are not.
 * @internal
 */
export function isTransientAwsError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (TRANSIENT_NAMES.has(err.name)) return true;

  const status = httpStatusOf(err);
  if (status === undefined) return !("$fault" in err);
  return status >= 500 || status === 429;
}

/** The `name` of an error as a short, safe label for messages (`AccessDenied`). @internal */
export function awsErrorName(err: unknown): string {
  return err instanceof Error ? err.name : "unknown error";
}

function httpStatusOf(err: Error): number | undefined {
  const metadata: unknown = (err as { $metadata?: unknown }).$metadata;
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const status: unknown = (metadata as { httpStatusCode?: unknown }).httpStatusCode;
  return typeof status === "number" ? status : undefined;
}
