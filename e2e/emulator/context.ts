/**
 * What every PCA operation handler receives: the store, the settings, the clock, counters and
 * faults, and the region the request was signed for.
 * @internal
 */
import type { Counters } from "./counters.ts";
import { awsError } from "./errors.ts";
import type { Faults } from "./faults.ts";
import type { CaRecord, CaStatus, Store } from "./state.ts";

/** Mutable behaviour settings of an emulator. @public */
export interface Settings {
  /** Account id in ARNs (default `123456789012`). */
  accountId: string;
  /** Region used by programmatic CA creation (default `us-east-1`). */
  region: string;
  /** GetCertificate answers RequestInProgressException this long after issue (default 200 ms). */
  issueDelayMs: number;
  /** A new CA stays CREATING at least this long (default 0 ms; key generation adds its own). */
  caCreationDelayMs: number;
  /** Idempotency-token window (default 300000 ms, 5 minutes). */
  idempotencyWindowMs: number;
  /** Error name for validity beyond the CA's limits (default `ValidationException`). */
  validityLimitError: string;
  /**
   * Forces every STS session to last this many seconds regardless of DurationSeconds (for quick
   * expiry in tests); undefined honours the request (default 3600).
   */
  sessionDurationSeconds: number | undefined;
}

/** Default {@link Settings}. @public */
export function defaultSettings(): Settings {
  return {
    accountId: "123456789012",
    region: "us-east-1",
    issueDelayMs: 200,
    caCreationDelayMs: 0,
    idempotencyWindowMs: 300_000,
    validityLimitError: "ValidationException",
    sessionDurationSeconds: undefined,
  };
}

/** Handler context. */
export interface PcaContext {
  readonly store: Store;
  readonly settings: Settings;
  readonly counters: Counters;
  readonly faults: Faults;
  /** Region from the request's SigV4 scope. */
  readonly region: string;
  /** ARN of the calling principal (user or assumed role). */
  readonly principalArn: string;
  now(): number;
}

const CA_ARN = /^arn:([\w-]+):acm-pca:([\w-]+):(\d{12}):certificate-authority\/([\w-]+)$/;

/** The partition of a CA ARN (`aws` when it cannot be read). */
export function partitionOf(arn: string): string {
  return CA_ARN.exec(arn)?.[1] ?? "aws";
}

/** Finds a CA by ARN: InvalidArnException when malformed, ResourceNotFoundException when unknown. */
export function findCa(ctx: PcaContext, arn: string): CaRecord {
  if (!CA_ARN.test(arn)) throw awsError("InvalidArnException", `The ARN ${arn} is not valid.`);
  const ca = ctx.store.cas.get(arn);
  if (ca === undefined) {
    throw awsError("ResourceNotFoundException", `Could not find certificate authority ${arn}.`);
  }
  refreshStatus(ctx, ca);
  return ca;
}

/** Moves an ACTIVE CA whose certificate has expired to EXPIRED. */
export function refreshStatus(ctx: PcaContext, ca: CaRecord): CaStatus {
  const now = ctx.now();
  if (ca.status === "ACTIVE" && ca.notAfter !== undefined && ca.notAfter < now) {
    ctx.store.setStatus(ca, "EXPIRED", now);
  }
  return ca.status;
}
