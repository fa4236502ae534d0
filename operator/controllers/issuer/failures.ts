/**
 * Turns what a check step threw into a {@link FailedOutcome}: the reason, a message that names
 * the step and object with AWS's own error name and text, and whether it is transient. Pure.
 */
import type { ResolvedCa } from "../../../api/v1beta1/index.ts";
import { findCredentialsError } from "../../credentials/index.ts";
import type { CredentialsError } from "../../credentials/index.ts";
import { PcaError, isNetworkError, isThrottlingError, isTransientError } from "../../pca/index.ts";
import type { FailedOutcome } from "./outcome.ts";
import { READY_REASONS } from "./reasons.ts";
import type { ReadyReason } from "./reasons.ts";

/** AWS error names meaning the request's credentials were not accepted at all. @public */
export const INVALID_CREDENTIALS_ERROR_NAMES: readonly string[] = [
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "ExpiredToken",
  "ExpiredTokenException",
];

const INVALID_CREDENTIALS: ReadonlySet<string> = new Set(INVALID_CREDENTIALS_ERROR_NAMES);

/** A check step that talks to AWS, for messages. @public */
export interface AwsStep {
  /** The operation, e.g. `GetCallerIdentity`. */
  readonly operation: string;
  /** What it was about, e.g. the CA's ARN or `awspcaissuer ns/name`. */
  readonly subject: string;
}

/** The outcome of a {@link CredentialsError}: its reason and message, verbatim. @public */
export function credentialsFailure(err: CredentialsError): FailedOutcome {
  return { kind: "Failed", reason: err.reason, message: err.message, transient: err.transient };
}

/**
 * The outcome of an error thrown by an AWS call (STS or PCA, raw SDK error or `PcaError`).
 * A {@link CredentialsError} anywhere in its cause chain wins: the provider failed before AWS
 * was asked.
 * @public
 */
export function awsFailure(step: AwsStep, err: unknown, callerIdentityArn?: string): FailedOutcome {
  const credentials = findCredentialsError(err);
  if (credentials !== undefined) return credentialsFailure(credentials);

  const source = err instanceof PcaError && err.cause !== undefined ? err.cause : err;
  const name = awsNameOf(err, source);
  const text = awsTextOf(err, source);
  const { reason, transient } = classify(name, source);
  const message = `${step.operation.toLowerCase()} for ${step.subject} failed: ${name}${text}`;
  return {
    kind: "Failed",
    reason,
    message,
    transient,
    ...(callerIdentityArn === undefined ? {} : { callerIdentityArn }),
  };
}

/** The outcome of a CA that was described but is not ACTIVE. @public */
export function caNotActive(ca: ResolvedCa, callerIdentityArn: string): FailedOutcome {
  return {
    kind: "Failed",
    reason: READY_REASONS.caNotActive,
    message: `ca ${ca.arn} is ${ca.status}, not ACTIVE; it signs nothing until it is ACTIVE again`,
    transient: false,
    callerIdentityArn,
    ca,
  };
}

function classify(name: string, source: unknown): { reason: ReadyReason; transient: boolean } {
  if (name === "ResourceNotFoundException") {
    return { reason: READY_REASONS.caNotFound, transient: false };
  }
  if (name.startsWith("AccessDenied"))
    return { reason: READY_REASONS.accessDenied, transient: false };
  if (INVALID_CREDENTIALS.has(name)) {
    return { reason: READY_REASONS.invalidCredentials, transient: false };
  }
  if (isNetworkError(source) || isThrottlingError(source) || isTransientError(source)) {
    return { reason: READY_REASONS.awsUnavailable, transient: true };
  }
  return { reason: READY_REASONS.awsError, transient: false };
}

function awsNameOf(err: unknown, source: unknown): string {
  // A network failure's code (ECONNREFUSED) says more than its name, plain `Error`.
  const code = codeOf(source);
  if (code !== undefined) return code;
  if (err instanceof PcaError && err.awsName !== undefined && err.awsName !== "") {
    return err.awsName;
  }
  return source instanceof Error ? source.name : "UnknownError";
}

function awsTextOf(err: unknown, source: unknown): string {
  if (err instanceof PcaError && err.awsMessage !== undefined) return `: ${err.awsMessage}`;
  return source instanceof Error && source.message !== "" ? `: ${source.message}` : "";
}

/** A Node network error's code (ECONNREFUSED, …). */
function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" && err.code !== "" ? err.code : undefined;
}
