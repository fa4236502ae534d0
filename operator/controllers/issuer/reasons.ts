/**
 * The `reason` values the issuer controllers write on the Ready condition and on Events.
 * Credential failures use {@link CredentialsErrorReason} verbatim (SecretNotFound,
 * SecretKeyMissing, …) so the reason names the fix; the rest are listed here.
 */
import type { CredentialsErrorReason } from "../../credentials/index.ts";

/** Reasons of the issuer's Ready condition, other than the credential ones. @public */
export const READY_REASONS = {
  /** Ready=True: credentials resolved, GetCallerIdentity answered, the CA is ACTIVE. */
  verified: "Verified",
  /** The spec fails `validateIssuerSpec`; the message lists every offending field. */
  invalidSpec: "InvalidSpec",
  /** DescribeCertificateAuthority answered ResourceNotFoundException: no such CA. */
  caNotFound: "CANotFound",
  /** The CA exists but is not ACTIVE (DISABLED, EXPIRED, PENDING_CERTIFICATE, …). */
  caNotActive: "CANotActive",
  /** AWS refused the credentials' principal (AccessDeniedException). */
  accessDenied: "AccessDenied",
  /** AWS did not accept the credentials (unknown key, bad signature, expired token). */
  invalidCredentials: "InvalidCredentials",
  /** AWS could not be reached, throttled, or failed on its side; retried soon. */
  awsUnavailable: "AWSUnavailable",
  /** Any other AWS error; the message carries its name and text. */
  awsError: "AWSError",
} as const;

/** A reason of the issuer's Ready condition. @public */
export type ReadyReason =
  (typeof READY_REASONS)[keyof typeof READY_REASONS] | CredentialsErrorReason;

/** The Event `action` of every issuer check. @public */
export const CHECK_ACTION = "CheckIssuer";

/** The finalizer that guards an issuer's cached credentials, clients and registry entry. @public */
export const ISSUER_FINALIZER = "awspca.cert-manager.io/finalizer";
