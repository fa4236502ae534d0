/**
 * What one issuer check found: the input of the pure decide step. The shell gathers it with
 * I/O (validation, credentials, STS, PCA); {@link decide} turns it into status, events and a
 * result without any.
 */
import type { ResolvedCa } from "../../../api/v1beta1/index.ts";
import type { SigningIssuer } from "../../pca/index.ts";
import type { ReadyReason } from "./reasons.ts";

/** The spec cannot be used; only a spec change can fix it. @public */
export interface InvalidSpecOutcome {
  readonly kind: "InvalidSpec";
  /** Every field error, joined (`formatFieldErrors`). */
  readonly message: string;
}

/** A check step failed, or the CA is not ACTIVE. @public */
export interface FailedOutcome {
  readonly kind: "Failed";
  readonly reason: ReadyReason;
  /** Lowercase, naming the step and object; AWS's error name and text when AWS answered. */
  readonly message: string;
  /** Whether a retry without user action may succeed soon (network, throttling, 5xx). */
  readonly transient: boolean;
  /** The caller identity, when GetCallerIdentity answered before the failure. */
  readonly callerIdentityArn?: string;
  /** The CA, when it was described (a CA that is not ACTIVE). */
  readonly ca?: ResolvedCa;
}

/** Every step passed: the issuer may sign. @public */
export interface VerifiedOutcome {
  readonly kind: "Verified";
  readonly callerIdentityArn: string;
  readonly ca: ResolvedCa;
  /** What the CertificateRequest controller signs with. */
  readonly signing: SigningIssuer;
}

/** The result of one issuer check. @public */
export type CheckOutcome = InvalidSpecOutcome | FailedOutcome | VerifiedOutcome;
