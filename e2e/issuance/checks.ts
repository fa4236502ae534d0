/**
 * The independent verifier of an issued CertificateRequest: node's X509Certificate and the
 * openssl command line, never the operator's or the emulator's own parsing.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import type { CaKey, UsageCase } from "./matrix.ts";
import { certificatesInField } from "../support/certificate-requests.ts";

const run = promisify(execFile);

/** Extended key usage OIDs. */
export const EKU = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  codeSigning: "1.3.6.1.5.5.7.3.3",
} as const;

/**
 * The EKUs each usage case must produce, per design.md's template table. `none` and `ca` have
 * none: no usages select BlankEndEntityCertificate_APICSRPassthrough/V1, which copies the CSR's
 * extensions, and cmctl's CSR for a Certificate without usages carries only KeyUsage
 * (digital signature, key encipherment); `isCA` selects SubordinateCACertificate_PathLen0/V1.
 */
export const EXPECTED_EKU: Readonly<Record<UsageCase, readonly string[]>> = {
  server: [EKU.serverAuth],
  client: [EKU.clientAuth],
  both: [EKU.serverAuth, EKU.clientAuth],
  "code-signing": [EKU.codeSigning],
  none: [],
  ca: [],
};

/** The template design.md's table selects for each usage case (for the printed table). */
export const EXPECTED_TEMPLATE: Readonly<Record<UsageCase, string>> = {
  server: "EndEntityServerAuthCertificate/V1",
  client: "EndEntityClientAuthCertificate/V1",
  both: "EndEntityCertificate/V1",
  "code-signing": "CodeSigningCertificate/V1",
  none: "BlankEndEntityCertificate_APICSRPassthrough/V1",
  ca: "SubordinateCACertificate_PathLen0/V1",
};

/** The signature algorithm openssl names for each CA key (the CA key decides, not the CSR). */
export const EXPECTED_SIGNATURE: Readonly<Record<CaKey, string>> = {
  RSA_2048: "sha256WithRSAEncryption",
  EC_prime256v1: "ecdsa-with-SHA256",
  EC_secp384r1: "ecdsa-with-SHA384",
};

const EKU_NAMES: Readonly<Record<string, string>> = {
  [EKU.serverAuth]: "serverAuth",
  [EKU.clientAuth]: "clientAuth",
  [EKU.codeSigning]: "codeSigning",
};

/** What a request's certificate must be. */
export interface CertificateExpectation {
  /** The private key cmctl generated (PEM). */
  readonly keyPem: string;
  /** SAN entries as node prints them, e.g. `DNS:a.example.com`, `IP Address:10.0.0.1`. */
  readonly sans: readonly string[];
  readonly commonName?: string | undefined;
  readonly usage: UsageCase;
  readonly caKey: CaKey;
  readonly durationMs: number;
  /** Wall-clock bounds of the signing: just before approval, and when Ready was seen. */
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  /** The issuing CA's and the root's certificates, as the emulator holds them. */
  readonly issuingPem: string;
  readonly rootPem: string;
}

/** Facts about a verified certificate, for the printed table. */
export interface VerifiedCertificate {
  readonly leaf: X509Certificate;
  readonly eku: string;
  readonly signatureAlgorithm: string;
  /** NotAfter minus (signing time + duration), in seconds, measured from the approval. */
  readonly notAfterSlackS: number;
  readonly openssl: string;
}

export { certificatesInField as pemBlocks };

/** The leaf of an issued request (first block of `status.certificate`). */
export function leafOf(cr: CertificateRequest): X509Certificate {
  const leaf = certificatesInField(cr.status?.certificate)[0];
  assert.ok(leaf, `${cr.metadata.name ?? ""} has no certificate`);
  return leaf;
}

/** Whether the leaf holds the public half of `keyPem`, compared as DER SubjectPublicKeyInfo. */
export function holdsKey(leaf: X509Certificate, keyPem: string): boolean {
  const spki = (k: ReturnType<typeof createPublicKey>): Buffer =>
    k.export({ type: "spki", format: "der" });
  return spki(leaf.publicKey).equals(spki(createPublicKey(keyPem)));
}

// @types/node declares keyUsage as always present; it is undefined without the extension.
function ekuOf(leaf: X509Certificate): string[] {
  return [...((leaf.keyUsage as string[] | undefined) ?? [])].sort();
}

function sansOf(leaf: X509Certificate): string[] {
  return (leaf.subjectAltName ?? "")
    .split(", ")
    .filter((s) => s !== "")
    .sort();
}

const workDir = mkdtempSync(path.join(tmpdir(), "awspca-issuance-"));

/** Runs `openssl verify` on leaf ← issuing ← root and reads the leaf's extensions with openssl. */
async function openssl(
  name: string,
  leaf: X509Certificate,
  issuing: X509Certificate,
  root: X509Certificate,
) {
  const file = (suffix: string, cert: X509Certificate): string => {
    const f = path.join(workDir, `${name}-${suffix}.pem`);
    writeFileSync(f, cert.toString());
    return f;
  };
  const [leafFile, issuingFile, rootFile] = [
    file("leaf", leaf),
    file("issuing", issuing),
    file("root", root),
  ];
  const verified = await run("openssl", [
    "verify",
    "-CAfile",
    rootFile,
    "-untrusted",
    issuingFile,
    leafFile,
  ]);
  const text = await run("openssl", [
    "x509",
    "-in",
    leafFile,
    "-noout",
    "-text",
    "-certopt",
    "no_pubkey,no_sigdump",
  ]);
  return { verify: verified.stdout.trim(), text: text.stdout };
}

function extensionLine(text: string, title: string): string {
  const m = new RegExp(`${title}:[^\\n]*\\n\\s*([^\\n]*)`).exec(text);
  return m?.[1]?.trim() ?? "";
}

function checkChain(
  name: string,
  chain: X509Certificate[],
  cas: X509Certificate[],
  exp: CertificateExpectation,
) {
  assert.equal(chain.length, 2, `${name}: status.certificate holds leaf + issuing CA`);
  assert.equal(cas.length, 1, `${name}: status.ca holds the root alone`);
  const [leaf, issuing] = chain as [X509Certificate, X509Certificate];
  const root = cas[0]!;
  assert.ok(
    issuing.raw.equals(new X509Certificate(exp.issuingPem).raw),
    `${name}: the issuing CA is ours`,
  );
  assert.ok(root.raw.equals(new X509Certificate(exp.rootPem).raw), `${name}: the root is ours`);
  assert.ok(
    leaf.checkIssued(issuing) && leaf.verify(issuing.publicKey),
    `${name}: leaf ← issuing CA`,
  );
  assert.ok(issuing.checkIssued(root) && issuing.verify(root.publicKey), `${name}: issuing ← root`);
  assert.ok(root.verify(root.publicKey), `${name}: the root signs itself`);
  return { leaf, issuing, root };
}

function checkContent(name: string, leaf: X509Certificate, exp: CertificateExpectation): void {
  assert.ok(holdsKey(leaf, exp.keyPem), `${name}: the leaf's key is cmctl's key`);
  assert.ok(leaf.checkPrivateKey(createPrivateKey(exp.keyPem)), `${name}: private key matches`);
  assert.deepEqual(sansOf(leaf), [...exp.sans].sort(), `${name}: SANs of the CSR`);
  if (exp.commonName !== undefined) {
    assert.ok(leaf.subject.split("\n").includes(`CN=${exp.commonName}`), `${name}: CN`);
  }
  assert.deepEqual(
    ekuOf(leaf),
    [...EXPECTED_EKU[exp.usage]].sort(),
    `${name}: EKU for ${exp.usage}`,
  );
  assert.equal(leaf.ca, exp.usage === "ca", `${name}: BasicConstraints CA flag`);
}

function checkValidity(name: string, leaf: X509Certificate, exp: CertificateExpectation): number {
  const notAfter = leaf.validToDate.getTime();
  const earliest = exp.notBeforeMs + exp.durationMs - 2_000;
  const latest = exp.notAfterMs + exp.durationMs + 2_000;
  assert.ok(
    notAfter >= earliest && notAfter <= latest,
    `${name}: NotAfter ${leaf.validToDate.toISOString()} is duration ${exp.durationMs} ms after signing`,
  );
  return Math.round((notAfter - exp.notBeforeMs - exp.durationMs) / 1000);
}

/**
 * Verifies an issued request against what it asked for: chain to our CA and root, key, SANs,
 * CN, EKU, BasicConstraints, NotAfter and signature algorithm; openssl verifies the chain
 * and reads KeyUsage and BasicConstraints a second way. Throws an AssertionError naming the
 * request on the first mismatch.
 */
export async function verifyIssued(
  cr: CertificateRequest,
  exp: CertificateExpectation,
): Promise<VerifiedCertificate> {
  const name = cr.metadata.name ?? "";
  const { leaf, issuing, root } = checkChain(
    name,
    certificatesInField(cr.status?.certificate),
    certificatesInField(cr.status?.ca),
    exp,
  );
  checkContent(name, leaf, exp);
  const notAfterSlackS = checkValidity(name, leaf, exp);

  const o = await openssl(name, leaf, issuing, root);
  assert.match(o.verify, /: OK$/, `${name}: openssl verify`);
  const signatureAlgorithm = /Signature Algorithm: (\S+)/.exec(o.text)?.[1] ?? "";
  assert.equal(signatureAlgorithm, EXPECTED_SIGNATURE[exp.caKey], `${name}: signature algorithm`);
  const constraints = extensionLine(o.text, "X509v3 Basic Constraints");
  if (exp.usage === "ca") assert.equal(constraints, "CA:TRUE, pathlen:0", `${name}: openssl BC`);
  if (exp.usage === "none") {
    const keyUsage = extensionLine(o.text, "X509v3 Key Usage");
    assert.equal(keyUsage, "Digital Signature, Key Encipherment", `${name}: KeyUsage from the CSR`);
  }

  const eku = ekuOf(leaf)
    .map((oid) => EKU_NAMES[oid] ?? oid)
    .join("+");
  const ekuText = eku === "" ? (leaf.ca ? "CA:TRUE" : "(none)") : eku;
  return {
    leaf,
    eku: ekuText,
    signatureAlgorithm,
    notAfterSlackS,
    openssl: o.verify.replace(/^.*: /, ""),
  };
}
