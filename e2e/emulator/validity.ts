/**
 * IssueCertificate validity: the five `Validity` types, `ValidityNotBefore`, the default
 * not-before one hour back, and the limits set by the issuing CA (facts §2).
 * @internal
 */
import { AwsError, awsError } from "./errors.ts";

/** The API's `Validity` structure. */
export interface Validity {
  readonly Type: string;
  readonly Value: number;
}

/** Validity types of the model. */
export const VALIDITY_TYPES = ["END_DATE", "ABSOLUTE", "DAYS", "MONTHS", "YEARS"] as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Parses END_DATE digits: UTCTime `YYMMDDHHMMSS` or GeneralizedTime `YYYYMMDDHHMMSS`. */
export function parseEndDate(value: number): Date | undefined {
  const digits = String(value);
  let year: number;
  let rest: string;
  if (digits.length === 12) {
    const yy = Number(digits.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = digits.slice(2);
  } else if (digits.length === 14) {
    year = Number(digits.slice(0, 4));
    rest = digits.slice(4);
  } else {
    return undefined;
  }
  const [mo, d, h, mi, s] = [0, 2, 4, 6, 8].map((i) => Number(rest.slice(i, i + 2)));
  const date = new Date(Date.UTC(year, (mo ?? 1) - 1, d, h, mi, s));
  return date.getUTCMonth() === (mo ?? 1) - 1 ? date : undefined;
}

function addMonths(from: Date, months: number): Date {
  const out = new Date(from.getTime());
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** The absolute instant a `Validity` names, relative types counted from `issuedAt`. */
export function resolveValidity(v: Validity, issuedAt: Date): Date {
  switch (v.Type) {
    case "ABSOLUTE":
      return new Date(v.Value * 1000);
    case "END_DATE": {
      const d = parseEndDate(v.Value);
      if (d === undefined)
        throw awsError("InvalidArgsException", "The validity end date is not valid.");
      return d;
    }
    case "DAYS":
      return new Date(issuedAt.getTime() + v.Value * DAY_MS);
    case "MONTHS":
      return addMonths(issuedAt, v.Value);
    default:
      return addMonths(issuedAt, v.Value * 12);
  }
}

/** Inputs of {@link computeValidity}. */
export interface ValidityRequest {
  readonly validity: Validity;
  readonly notBefore?: Validity;
  readonly issuedAt: Date;
  /** The issuing CA certificate's window; undefined for a self-issued root. */
  readonly caWindow?: { notBefore: Date; notAfter: Date };
  readonly shortLived: boolean;
  /** Error name for a validity outside the CA's limits (facts: unconfirmed). */
  readonly limitErrorName: string;
}

/** Computes and checks the certificate window. */
export function computeValidity(req: ValidityRequest): { notBefore: Date; notAfter: Date } {
  const notAfter = resolveValidity(req.validity, req.issuedAt);
  const notBefore =
    req.notBefore === undefined
      ? new Date(req.issuedAt.getTime() - HOUR_MS)
      : resolveNotBefore(req.notBefore, req.issuedAt);
  const limit = (message: string): AwsError => new AwsError(req.limitErrorName, message);

  if (notAfter.getTime() <= req.issuedAt.getTime()) {
    throw limit("The certificate validity end date must be in the future.");
  }
  if (notBefore.getTime() >= notAfter.getTime()) {
    throw limit("The certificate validity start date must be before its end date.");
  }
  if (req.caWindow !== undefined && notAfter > req.caWindow.notAfter) {
    throw limit("The certificate validity specified exceeds the certificate authority validity.");
  }
  if (req.shortLived && notAfter.getTime() - notBefore.getTime() > 7 * DAY_MS) {
    throw limit("The certificate validity exceeds 7 days for a short-lived certificate CA.");
  }
  return { notBefore, notAfter };
}

function resolveNotBefore(v: Validity, issuedAt: Date): Date {
  if (v.Type !== "ABSOLUTE" && v.Type !== "END_DATE") {
    throw awsError(
      "InvalidArgsException",
      "ValidityNotBefore supports only the ABSOLUTE and END_DATE types.",
    );
  }
  return resolveValidity(v, issuedAt);
}
