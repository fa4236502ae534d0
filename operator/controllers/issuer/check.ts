/**
 * The I/O half of one issuer check: credentials, GetCallerIdentity and
 * DescribeCertificateAuthority, in that order, stopping at the first failure. Every failure
 * becomes a {@link CheckOutcome}; nothing here throws for an AWS or credentials problem.
 */
import type { IssuerConfig } from "../../../api/v1beta1/index.ts";
import type {
  CredentialsManager,
  IssuerRef,
  ResolvedCredentials,
} from "../../credentials/index.ts";
import type { SigningIssuer } from "../../pca/index.ts";
import type { CaChecker } from "./ca-check.ts";
import { awsFailure, caNotActive } from "./failures.ts";
import type { CheckOutcome } from "./outcome.ts";

/** What {@link runCheck} talks to. @internal */
export interface CheckDeps {
  readonly credentials: CredentialsManager;
  readonly caChecker: CaChecker;
}

/** The issuer being checked. @internal */
export interface CheckTarget {
  /** The issuer's registry key, also its credentials and client-pool key. */
  readonly key: string;
  readonly ref: IssuerRef;
  /** `kind namespace/name`, for messages. */
  readonly description: string;
  readonly config: IssuerConfig;
}

/**
 * Checks that `target` can sign now: its credentials resolve, AWS accepts them, and its CA is
 * ACTIVE. Bounded by `signal` for the AWS calls.
 * @internal
 */
export async function runCheck(
  target: CheckTarget,
  deps: CheckDeps,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const { key, ref, description, config } = target;
  let resolved: ResolvedCredentials;
  try {
    resolved = await deps.credentials.resolve(ref, config);
  } catch (err) {
    return awsFailure({ operation: "ResolveCredentials", subject: description }, err);
  }
  const signing: SigningIssuer = {
    key,
    config,
    credentials: resolved.provider,
    credentialsKey: resolved.identityKey,
  };

  let callerIdentityArn: string;
  try {
    callerIdentityArn = (await deps.credentials.callerIdentity(resolved, signal)).arn;
  } catch (err) {
    return awsFailure({ operation: "GetCallerIdentity", subject: description }, err);
  }

  const caStep = { operation: "DescribeCertificateAuthority", subject: config.ca.arn };
  try {
    const ca = await deps.caChecker.describe(signing, signal);
    if (ca.status !== "ACTIVE") return caNotActive(ca, callerIdentityArn);
    return { kind: "Verified", callerIdentityArn, ca, signing };
  } catch (err) {
    return awsFailure(caStep, err, callerIdentityArn);
  }
}
