/**
 * Signs a certificate with a CA's stored key: serial, issuer, validity and extensions in, PEM
 * out. Used for issued certificates and for the CA's own CSR.
 * @internal
 */
import { randomBytes } from "node:crypto";
import type { CertificateContent } from "./extensions.ts";
import { signerFor, type KeyAlgorithm, type StoredKey } from "./keys.ts";
import { toPem } from "./pem.ts";
import { x509 } from "./x509.ts";

/** A fresh positive 128-bit serial as 32 lowercase hex digits (first byte 0x01–0x7f). */
export function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01;
  return bytes.toString("hex");
}

/** The signing CA's key material. */
export interface CaSigner {
  readonly key: StoredKey;
  readonly keyAlgorithm: KeyAlgorithm;
}

/** What to sign. */
export interface SignRequest {
  readonly signer: CaSigner;
  readonly signingAlgorithm: string;
  readonly serial: string;
  readonly issuer: x509.Name;
  readonly publicKey: x509.PublicKey;
  readonly content: CertificateContent;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Signs and returns the certificate PEM. */
export async function signCertificate(req: SignRequest): Promise<string> {
  const { keys, algorithm } = await signerFor(
    req.signer.key,
    req.signer.keyAlgorithm,
    req.signingAlgorithm,
  );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: req.serial,
    subject: req.content.subject,
    issuer: req.issuer,
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    publicKey: req.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: algorithm,
    extensions: req.content.extensions,
  });
  return toPem(cert.rawData);
}

/** Builds the CA's own CSR (subject and optional key usage from its configuration). */
export async function signCsr(
  signer: CaSigner,
  signingAlgorithm: string,
  subject: x509.Name,
  extensions: x509.Extension[],
): Promise<string> {
  const { keys, algorithm } = await signerFor(signer.key, signer.keyAlgorithm, signingAlgorithm);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: algorithm,
    extensions,
  });
  return toPem(csr.rawData, "CERTIFICATE REQUEST");
}
