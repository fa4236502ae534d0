/**
 * Helpers for the emulator's conformance tests: SDK clients pointed at an emulator, CSRs made
 * independently of the emulator's code paths, and certificate checks with Node's X509Certificate
 * and the openssl CLI.
 * @internal
 */
import { ACMPCAClient, type ACMPCAClientConfig } from "@aws-sdk/client-acm-pca";
import { STSClient } from "@aws-sdk/client-sts";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, X509Certificate, createSign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pemCertificates } from "../support/certificate-requests.ts";

/** Static credentials. */
export interface Creds {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** An ACM PCA client for `endpoint` without SDK retries (unless asked). */
export function pcaClient(
  endpoint: string,
  credentials: Creds,
  extra: Partial<ACMPCAClientConfig> = {},
): ACMPCAClient {
  return new ACMPCAClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1, ...extra });
}

/** An STS client for `endpoint`. */
export function stsClient(endpoint: string, credentials?: Creds): STSClient {
  return new STSClient({
    region: "us-east-1",
    endpoint,
    maxAttempts: 1,
    ...(credentials === undefined ? {} : { credentials }),
  });
}

/** Runs openssl with `args`, returning stdout (throws on a non-zero exit). */
export function openssl(args: readonly string[], input?: string): string {
  return execFileSync("openssl", args, {
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Key kinds for test CSRs. */
export type CsrKey = "rsa2048" | "rsa1024" | "p256" | "p384" | "p521" | "ed25519";

const OPENSSL_KEY: Record<CsrKey, string[]> = {
  rsa2048: ["-newkey", "rsa:2048"],
  rsa1024: ["-newkey", "rsa:1024"],
  p256: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
  p384: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
  p521: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"],
  ed25519: ["-newkey", "ed25519"],
};

/** A CSR made by the openssl CLI (subject like `/CN=x/O=y`, or "" for none; SANs like `DNS:a`). */
export function opensslCsr(
  key: CsrKey,
  subject: string,
  sans: readonly string[] = [],
  extra: readonly string[] = [],
): string {
  const dir = mkdtempSync(join(tmpdir(), "emu-csr-"));
  try {
    const args = ["req", "-new", "-nodes", ...OPENSSL_KEY[key], "-keyout", join(dir, "k.pem")];
    args.push("-subj", subject === "" ? "/" : subject);
    if (sans.length > 0) args.push("-addext", `subjectAltName=${sans.join(",")}`);
    for (const e of extra) args.push("-addext", e);
    return openssl(args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let cachedP256: string | undefined;

/** A fast P-256 CSR for `CN=test.example.com` with SAN DNS:test.example.com (cached). */
export function quickCsr(): string {
  cachedP256 ??= opensslCsr("p256", "/CN=test.example.com", ["DNS:test.example.com"]);
  return cachedP256;
}

/** Flips one byte of the CSR's signature so it no longer verifies. */
export function tamperCsr(pem: string): string {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Buffer.from(body, "base64");
  der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return [
    "-----BEGIN CERTIFICATE REQUEST-----",
    ...lines,
    "-----END CERTIFICATE REQUEST-----",
    "",
  ].join("\n");
}

export { pemCertificates as pemBlocks };

/** Parses PEM into Node's X509Certificate. */
export function cert(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

/** openssl's text dump of a certificate. */
export function certText(pem: string): string {
  return openssl(["x509", "-noout", "-text"], pem);
}

/** Verifies `leaf` against `chain` (issuer first, root last) with `openssl verify`; returns output. */
export function opensslVerify(leaf: string, chain: readonly string[], purpose?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "emu-verify-"));
  try {
    const root = chain.at(-1) ?? leaf;
    writeFileSync(join(dir, "root.pem"), root);
    writeFileSync(join(dir, "untrusted.pem"), chain.slice(0, -1).join("\n") + "\n");
    writeFileSync(join(dir, "leaf.pem"), leaf);
    const args = ["verify", "-CAfile", join(dir, "root.pem")];
    if (chain.length > 1) args.push("-untrusted", join(dir, "untrusted.pem"));
    if (purpose !== undefined) args.push("-purpose", purpose);
    args.push(join(dir, "leaf.pem"));
    return openssl(args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An RSA key pair for signing test JWTs, with its public key as PEM and JWK. */
export function jwtKeys(): {
  privateKeyPem: string;
  publicKeyPem: string;
  jwk: Record<string, unknown>;
} {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    jwk: { ...publicKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" },
  };
}

/** Signs a JWT with RS256 (header `kid` optional). */
export function signJwt(
  privateKeyPem: string,
  claims: Record<string, unknown>,
  kid?: string,
): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const header = enc({ alg: "RS256", typ: "JWT", ...(kid === undefined ? {} : { kid }) });
  const signed = `${header}.${enc(claims)}`;
  const sig = createSign("RSA-SHA256").update(signed).sign(privateKeyPem).toString("base64url");
  return `${signed}.${sig}`;
}

/** Polls `fn` until it stops throwing RequestInProgressException (bounded). */
export async function untilIssued<T>(fn: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const pending = err instanceof Error && err.name === "RequestInProgressException";
      if (!pending || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** One extension as openssl prints it. */
export interface PrintedExtension {
  readonly critical: boolean;
  readonly value: string;
}

/** The X509v3 extensions of a certificate as openssl prints them, by display name. */
export function extensionsOf(pem: string): Record<string, PrintedExtension> {
  const out: Record<string, PrintedExtension> = {};
  const lines = certText(pem).split("\n");
  const start = lines.findIndex((l) => l.trim() === "X509v3 extensions:");
  if (start < 0) return out;
  let current: { name: string; critical: boolean; value: string[] } | undefined;
  const flush = (): void => {
    if (current !== undefined)
      out[current.name] = { critical: current.critical, value: current.value.join(" ").trim() };
  };
  for (const line of lines.slice(start + 1)) {
    const head = /^ {12}(\S[^:]*):( critical)?\s*$/.exec(line);
    if (head !== null) {
      flush();
      current = { name: head[1] ?? "", critical: head[2] !== undefined, value: [] };
    } else if (/^ {16}/.test(line) && current !== undefined) {
      current.value.push(line.trim());
    } else {
      break;
    }
  }
  flush();
  return out;
}

function tlvAt(der: Buffer, offset: number): { start: number; end: number; contentStart: number } {
  const first = der[offset + 1] ?? 0;
  let len = first;
  let header = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[offset + 2 + i] ?? 0);
    header = 2 + n;
  }
  return { start: offset, end: offset + header + len, contentStart: offset + header };
}

/** The raw DER bytes of a certificate's issuer and subject names (for byte-exact matching). */
export function rawNames(pem: string): { issuer: Buffer; subject: Buffer } {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  const tbs = tlvAt(der, tlvAt(der, 0).contentStart);
  let at = tbs.contentStart;
  if (der[at] === 0xa0) at = tlvAt(der, at).end; // version
  const fields: Buffer[] = [];
  for (let i = 0; i < 5; i++) {
    const t = tlvAt(der, at);
    fields.push(der.subarray(t.start, t.end));
    at = t.end;
  }
  // serial, signature, issuer, validity, subject
  return { issuer: fields[2] ?? Buffer.alloc(0), subject: fields[4] ?? Buffer.alloc(0) };
}
