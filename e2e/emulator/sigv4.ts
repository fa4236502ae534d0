/**
 * AWS Signature Version 4 verification of a request's Authorization header against the secret
 * the emulator holds for the access key it names.
 * @internal
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { AccessKey, Identities } from "./identities.ts";

/** Why a request failed authentication. */
export type AuthFailureKind =
  | "missing"
  | "unknownKey"
  | "badSignature"
  | "badToken"
  | "expiredToken"
  | "expiredSignature"
  | "wrongService";

/** A failed SigV4 check. */
export class AuthFailure extends Error {
  readonly kind: AuthFailureKind;

  constructor(kind: AuthFailureKind, message: string) {
    super(message);
    this.name = "AuthFailure";
    this.kind = kind;
  }
}

/** The request parts SigV4 covers. */
export interface SignedRequest {
  readonly method: string;
  /** Raw request target as received (path and query). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What a verified request proved. */
export interface VerifiedCaller {
  readonly key: AccessKey;
  readonly region: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60_000;

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(query: string): string {
  if (query === "") return "";
  const pairs = query.split("&").map((p) => {
    const [k = "", v = ""] = p.split("=");
    const dec = (x: string): string => decodeURIComponent(x.replace(/\+/g, " "));
    return [rfc3986(dec(k)), rfc3986(dec(v))] as const;
  });
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function canonicalRequest(req: SignedRequest, signedHeaders: string[]): string {
  const [path = "/", query = ""] = req.url.split("?", 2);
  const uri = path
    .split("/")
    .map((seg) => rfc3986(seg))
    .join("/");
  const headers = signedHeaders.map((h) => {
    const raw = req.headers[h];
    const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
    return `${h}:${value.trim().replace(/\s+/g, " ")}\n`;
  });
  // The payload hash always comes from the body received; a declared hash must agree with it.
  const payload = sha256(req.body);
  const declared = req.headers["x-amz-content-sha256"];
  if (typeof declared === "string" && declared !== payload) {
    throw new AuthFailure("badSignature", "x-amz-content-sha256 does not match the body");
  }
  return [
    req.method,
    uri,
    canonicalQuery(query),
    headers.join(""),
    signedHeaders.join(";"),
    payload,
  ].join("\n");
}

function amzDate(headers: IncomingHttpHeaders): string {
  const value = headers["x-amz-date"];
  return typeof value === "string" ? value : "";
}

function checkToken(key: AccessKey, headers: IncomingHttpHeaders, now: number): void {
  const token = headers["x-amz-security-token"];
  if (key.sessionToken === undefined) {
    if (token !== undefined) throw new AuthFailure("badToken", "unexpected session token");
    return;
  }
  if (token !== key.sessionToken) throw new AuthFailure("badToken", "session token mismatch");
  if ((key.expiresAt ?? Infinity) <= now) throw new AuthFailure("expiredToken", "session expired");
}

/**
 * Verifies SigV4 for `service`; throws {@link AuthFailure}. `now` is used for the clock-skew and
 * session-expiry checks.
 */
export function verifySigV4(
  req: SignedRequest,
  identities: Identities,
  service: string,
  now: number,
): VerifiedCaller {
  const auth = req.headers.authorization;
  if (auth === undefined) throw new AuthFailure("missing", "no authorization header");
  const m = AUTH_RE.exec(auth.trim());
  if (m === null) throw new AuthFailure("badSignature", "malformed authorization header");
  const [
    ,
    keyId = "",
    scopeDate = "",
    region = "",
    scopeService = "",
    signed = "",
    signature = "",
  ] = m;

  const key = identities.find(keyId);
  if (key === undefined) throw new AuthFailure("unknownKey", `unknown access key ${keyId}`);
  checkToken(key, req.headers, now);
  if (scopeService !== service)
    throw new AuthFailure("wrongService", `scope names ${scopeService}`);

  const date = amzDate(req.headers);
  const when = Date.parse(
    date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
  );
  if (!date.startsWith(scopeDate) || Number.isNaN(when)) {
    throw new AuthFailure("badSignature", "x-amz-date does not match the credential scope");
  }
  if (Math.abs(now - when) > MAX_SKEW_MS) throw new AuthFailure("expiredSignature", date);

  const scope = `${scopeDate}/${region}/${scopeService}/aws4_request`;
  const toSign = [
    "AWS4-HMAC-SHA256",
    date,
    scope,
    sha256(canonicalRequest(req, signed.split(";"))),
  ];
  let k = hmac(`AWS4${key.secretAccessKey}`, scopeDate);
  for (const part of [region, scopeService, "aws4_request"]) k = hmac(k, part);
  const expected = createHmac("sha256", k).update(toSign.join("\n")).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    throw new AuthFailure("badSignature", "signature mismatch");
  }
  return { key, region };
}
