/**
 * The CSR checks IssueCertificate makes before signing (facts §2, UG certguard-validation):
 * parseable, signature valid, a subject or a SAN, a supported key.
 * @internal
 */
import { createPublicKey } from "node:crypto";
import { AwsError } from "./errors.ts";
import { x509 } from "./x509.ts";

const SAN_OID = "2.5.29.17";
const RSA_SIZES = new Set([2048, 3072, 4096]);
const CURVES = new Set(["prime256v1", "secp384r1", "secp521r1"]);

function malformed(message: string, cause?: unknown): AwsError {
  return new AwsError("MalformedCSRException", message, 400, { cause });
}

/** A CSR that passed every check. */
export interface CheckedCsr {
  readonly csr: x509.Pkcs10CertificateRequest;
  /** SubjectPublicKeyInfo DER of the requested key. */
  readonly spki: Buffer;
  readonly hasSubject: boolean;
  readonly san?: x509.Extension;
}

function parse(bytes: Buffer): x509.Pkcs10CertificateRequest {
  const text = bytes.toString("latin1");
  if (!text.includes("-----BEGIN CERTIFICATE REQUEST-----")) {
    throw malformed("The CSR is not a PEM encoded certificate signing request.");
  }
  try {
    return new x509.Pkcs10CertificateRequest(text);
  } catch (cause) {
    throw malformed("The CSR could not be parsed.", cause);
  }
}

function checkKey(spki: Buffer): void {
  let key;
  try {
    key = createPublicKey({ key: spki, format: "der", type: "spki" });
  } catch (cause) {
    throw malformed("The CSR public key could not be parsed.", cause);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" && RSA_SIZES.has(details.modulusLength ?? 0)) return;
  if (key.asymmetricKeyType === "ec" && CURVES.has(details.namedCurve ?? "")) return;
  const what =
    key.asymmetricKeyType === "rsa"
      ? `RSA ${String(details.modulusLength)}`
      : `${String(key.asymmetricKeyType)} ${details.namedCurve ?? ""}`.trim();
  throw malformed(`The CSR public key algorithm ${what} is not supported.`);
}

async function verify(csr: x509.Pkcs10CertificateRequest): Promise<void> {
  let ok: boolean;
  try {
    ok = await csr.verify();
  } catch (cause) {
    throw malformed("The CSR signature could not be verified.", cause);
  }
  if (!ok) throw malformed("The CSR signature is not valid.");
}

/** Parses and checks a CSR given as the PEM bytes the API carries. */
export async function checkCsr(bytes: Buffer): Promise<CheckedCsr> {
  const csr = parse(bytes);
  const spki = Buffer.from(csr.publicKey.rawData);
  checkKey(spki);
  await verify(csr);

  let san: x509.Extension | undefined;
  try {
    san = csr.getExtension(SAN_OID) ?? undefined;
    if (san !== undefined) new x509.SubjectAlternativeNameExtension(san.rawData);
  } catch (cause) {
    throw malformed("The CSR subject alternative name extension could not be parsed.", cause);
  }
  const hasSubject = csr.subjectName.toJSON().length > 0;
  if (!hasSubject && san === undefined) {
    throw malformed("The CSR must contain a subject or a subject alternative name.");
  }
  return san === undefined ? { csr, spki, hasSubject } : { csr, spki, hasSubject, san };
}
