/**
 * The validity sent to IssueCertificate: `ABSOLUTE` epoch seconds, so the lifetime is the
 * requested duration to the second (the peer's older `DAYS` form rounded to whole days).
 * See docs/adr/0012-validity.md.
 */
import { parseDuration } from "../../api/v1beta1/duration.ts";
import { PermanentError } from "./errors.ts";

/** The `Validity` shape IssueCertificate takes, with `Type` fixed to `ABSOLUTE`. @public */
export interface AbsoluteValidity {
  readonly Type: "ABSOLUTE";
  /** Seconds since the Unix epoch. */
  readonly Value: number;
}

/** What the CA allows, from DescribeCertificateAuthority; both optional. @public */
export interface CaValidityLimits {
  /** End of the CA certificate's validity (epoch ms); nothing it signs may outlive it. */
  readonly notAfterMs?: number | undefined;
  /** Whether the CA is a short-lived-certificate CA (issued lifetimes at most 7 days). */
  readonly shortLived?: boolean | undefined;
}

/** Everything needed to compute a request's validity. @public */
export interface ValidityInput {
  /** Now, in epoch milliseconds. */
  readonly nowMs: number;
  /** The request's `spec.duration` (Go duration), if any. */
  readonly duration?: string | undefined;
  /** The issuer's default lifetime in milliseconds (`IssuerConfig.defaultDurationMs`). */
  readonly defaultDurationMs: number;
  /** How far before now the certificate becomes valid (`IssuerConfig.notBeforeOffsetMs`). */
  readonly notBeforeOffsetMs?: number | undefined;
  /** The CA's limits; the lifetime is shortened to fit them, as cert-manager's CA issuer does. */
  readonly limits?: CaValidityLimits | undefined;
}

/** The computed validity. @public */
export interface ValidityChoice {
  /** `Validity` for IssueCertificate. */
  readonly validity: AbsoluteValidity;
  /** `ValidityNotBefore`, when the issuer sets `notBeforeOffset`. */
  readonly notBefore?: AbsoluteValidity;
  /** Whether the requested lifetime was shortened to fit the CA. */
  readonly clamped: boolean;
}

/** Longest lifetime a SHORT_LIVED_CERTIFICATE CA issues, in milliseconds. @public */
export const SHORT_LIVED_MAX_MS = 7 * 24 * 3_600_000;

/**
 * Computes the validity of a request. NotAfter = now + duration, in whole seconds (now is
 * truncated, the duration rounded), never beyond the CA's NotAfter or the short-lived cap.
 *
 * @throws PermanentError when `duration` is not a Go duration or is below one second.
 * @public
 */
export function computeValidity(input: ValidityInput): ValidityChoice {
  const durationMs = requestedDurationMs(input.duration, input.defaultDurationMs);
  const nowSec = Math.floor(input.nowMs / 1000);
  const wantedSec = nowSec + Math.round(durationMs / 1000);
  const limitSec = limitSeconds(input.nowMs, input.limits);
  const notAfterSec = limitSec === undefined ? wantedSec : Math.min(wantedSec, limitSec);

  const offset = input.notBeforeOffsetMs;
  return {
    validity: { Type: "ABSOLUTE", Value: notAfterSec },
    ...(offset === undefined
      ? {}
      : { notBefore: { Type: "ABSOLUTE", Value: nowSec - Math.round(offset / 1000) } }),
    clamped: notAfterSec < wantedSec,
  };
}

function requestedDurationMs(duration: string | undefined, defaultMs: number): number {
  if (duration === undefined || duration === "") return defaultMs;

  const parsed = parseDuration(duration, "spec.duration");
  if (!parsed.ok) throw new PermanentError(parsed.error.message);
  if (parsed.value < 1000) {
    throw new PermanentError(
      `spec.duration ${JSON.stringify(duration)} is shorter than one second, the least AWS Private CA issues`,
    );
  }
  return parsed.value;
}

function limitSeconds(nowMs: number, limits: CaValidityLimits | undefined): number | undefined {
  const candidates: number[] = [];
  if (limits?.notAfterMs !== undefined) candidates.push(Math.floor(limits.notAfterMs / 1000));
  if (limits?.shortLived === true) candidates.push(Math.floor((nowMs + SHORT_LIVED_MAX_MS) / 1000));
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}
