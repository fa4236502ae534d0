/**
 * Verifies a web-identity token the way STS does for IRSA: RS256 signature against the issuer's
 * registered keys, audience, expiry and not-before.
 * @internal
 */
import { verify as verifySignature } from "node:crypto";
import { AwsError } from "./errors.ts";
import type { Identities, OidcProvider } from "./identities.ts";

/** The claims STS reports back. */
export interface WebIdentityClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
}

const CLOCK_SKEW_S = 0;

function invalid(message: string): AwsError {
  return new AwsError("InvalidIdentityToken", message);
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null) return value as Record<string, unknown>;
  } catch (cause) {
    throw new AwsError("InvalidIdentityToken", "The token could not be decoded.", 400, { cause });
  }
  throw invalid("The token could not be decoded.");
}

function signatureValid(
  provider: OidcProvider,
  kid: unknown,
  signed: string,
  sig: Buffer,
): boolean {
  const candidates = provider.keys.filter(
    (k) => k.kid === undefined || kid === undefined || k.kid === kid,
  );
  return candidates.some((k) => verifySignature("sha256", Buffer.from(signed), k.key, sig));
}

function audienceOf(payload: Record<string, unknown>, provider: OidcProvider): string | undefined {
  const aud = payload.aud;
  const list = Array.isArray(aud) ? aud : [aud];
  return list.find((a): a is string => typeof a === "string" && provider.audiences.includes(a));
}

function isoSeconds(s: number): string {
  return new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Verifies `token` at `nowMs`; throws InvalidIdentityToken or ExpiredTokenException. */
export function verifyWebIdentity(
  token: string,
  identities: Identities,
  nowMs: number,
): WebIdentityClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw invalid("The token is not a valid JWT.");
  const [h = "", p = "", s = ""] = parts;
  const header = decodePart(h);
  const payload = decodePart(p);
  if (header.alg !== "RS256")
    throw invalid(`The token algorithm ${String(header.alg)} is not supported.`);

  const iss = typeof payload.iss === "string" ? payload.iss : "";
  const provider = identities.provider(iss);
  if (provider === undefined) {
    throw invalid(`No OpenIDConnect provider found in your account for ${iss}`);
  }
  if (!signatureValid(provider, header.kid, `${h}.${p}`, Buffer.from(s, "base64url"))) {
    throw invalid("The token signature could not be verified.");
  }
  const aud = audienceOf(payload, provider);
  if (aud === undefined) throw invalid("Incorrect token audience");

  const now = nowMs / 1000;
  const exp = payload.exp;
  if (typeof exp !== "number") throw invalid("The token has no expiration.");
  if (exp + CLOCK_SKEW_S <= now) {
    throw new AwsError(
      "ExpiredTokenException",
      `Token expired: current date/time ${isoSeconds(Math.floor(now))} must be before the expiration date/time ${isoSeconds(exp)}`,
    );
  }
  const nbf = payload.nbf;
  if (typeof nbf === "number" && nbf - CLOCK_SKEW_S > now)
    throw invalid("The token is not yet valid.");
  const sub = typeof payload.sub === "string" ? payload.sub : "";
  if (sub === "") throw invalid("The token has no subject.");
  return { iss, sub, aud };
}
