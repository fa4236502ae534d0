/**
 * Why credentials for an issuer could not be produced. Each reason is a PascalCase constant the
 * issuer controller can copy into a condition's `reason`.
 * @public
 */
export const CREDENTIALS_ERROR_REASONS = [
  "SecretNotFound",
  "SecretUnreadable",
  "SecretKeyMissing",
  "CrossNamespaceSecret",
  "AssumeRoleFailed",
  "NoCredentials",
  "DefaultChainFailed",
] as const;

/**
 * One of {@link CREDENTIALS_ERROR_REASONS}:
 *
 * - `SecretNotFound`: the referenced Secret does not exist.
 * - `SecretUnreadable`: the API server refused or failed to return the Secret (RBAC, outage).
 * - `SecretKeyMissing`: the Secret lacks a selected key, or its value is empty.
 * - `CrossNamespaceSecret`: a namespaced issuer names a Secret in another namespace.
 * - `AssumeRoleFailed`: STS AssumeRole on `spec.role` failed (access denied, wrong external
 *   id, STS unreachable).
 * - `NoCredentials`: no Secret is referenced and the SDK default chain found nothing.
 * - `DefaultChainFailed`: a default-chain source was configured but failed (for example web
 *   identity rejected by STS, or the container credentials endpoint erred).
 * @public
 */
export type CredentialsErrorReason = (typeof CREDENTIALS_ERROR_REASONS)[number];

/** Options of {@link CredentialsError}. @public */
export interface CredentialsErrorOptions extends ErrorOptions {
  /**
   * Whether retrying without any change may succeed (an API server or STS outage, throttling).
   * Default `false`: the user has to fix a Secret, a role or a trust policy first.
   */
  readonly transient?: boolean;
}

/**
 * The single error type of `operator/credentials`: credentials for an issuer could not be
 * produced, and {@link CredentialsError.reason} says why.
 *
 * Messages are lowercase, name the Secret (`namespace/name`), key or role involved, and never
 * contain a credential value. The underlying error, if any, is kept as `cause`, never
 * flattened into the message.
 * @public
 */
export class CredentialsError extends Error {
  override readonly name = "CredentialsError";
  /** Why credentials could not be produced. */
  readonly reason: CredentialsErrorReason;
  /** Whether a retry without user action may succeed. */
  readonly transient: boolean;

  /**
   * @param reason - the classification, also usable as a condition reason.
   * @param message - lowercase, naming the object and field; never a credential value.
   * @param options - `cause` and `transient`.
   */
  constructor(reason: CredentialsErrorReason, message: string, options?: CredentialsErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.transient = options?.transient ?? false;
  }
}

/**
 * Finds the first {@link CredentialsError} in `err` or its `cause` chain. AWS SDK clients
 * rethrow provider errors unchanged, but callers that wrap them still find the reason here.
 *
 * @returns the error, or `undefined` when the chain holds none.
 * @public
 */
export function findCredentialsError(err: unknown): CredentialsError | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof CredentialsError) return current;
    seen.add(current);
    current = current.cause;
  }
  return undefined;
}
