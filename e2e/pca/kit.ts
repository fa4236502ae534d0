/**
 * Helpers for the signing service's end-to-end tests: CSRs made with @peculiar/x509 and Node's
 * WebCrypto (independent of the emulator's code), issuers bound to an emulator, and checks of
 * issued certificates with Node's X509Certificate.
 * @internal
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { X509Certificate } from "node:crypto";
import { webcrypto } from "node:crypto";

import { validateIssuerSpec } from "../../api/v1beta1/validate.ts";
import type { IssuerSpec } from "../../api/v1beta1/spec.ts";
import type { Emulator } from "../emulator/index.ts";
import type { SigningIssuer, SigningRequest } from "../../operator/pca/index.ts";
import { certificatesIn } from "../support/certificate-requests.ts";

x509.cryptoProvider.set(webcrypto);

/** Key kinds for test CSRs. */
export type CsrKeyKind = "rsa2048" | "p256" | "p384";

const RSA = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
} as const;

async function keyPair(kind: CsrKeyKind): Promise<webcrypto.CryptoKeyPair> {
  const usages: webcrypto.KeyUsage[] = ["sign", "verify"];
  if (kind === "rsa2048") return webcrypto.subtle.generateKey(RSA, true, usages);
  const namedCurve = kind === "p256" ? "P-256" : "P-384";
  return webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve }, true, usages);
}

function signingAlgorithm(kind: CsrKeyKind): { name: string; hash?: string } {
  if (kind === "rsa2048") return { name: "RSASSA-PKCS1-v1_5" };
  return { name: "ECDSA", hash: kind === "p256" ? "SHA-256" : "SHA-384" };
}

/** A CSR and the SPKI (DER, base64) of its key. */
export interface TestCsr {
  readonly pem: string;
  readonly spkiBase64: string;
}

/** A PEM CSR for `dnsName` (CN and DNS SAN) with a fresh key of `kind`. */
export async function makeCsr(kind: CsrKeyKind, dnsName: string): Promise<TestCsr> {
  const keys = await keyPair(kind);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${dnsName}`,
    keys,
    signingAlgorithm: signingAlgorithm(kind),
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: dnsName }])],
  });
  const spki = await webcrypto.subtle.exportKey("spki", keys.publicKey);
  return { pem: csr.toString("pem"), spkiBase64: Buffer.from(spki).toString("base64") };
}

/** An issuer of `caArn` using the emulator's default access key. */
export function emulatorIssuer(
  emu: Emulator,
  caArn: string,
  spec: Partial<IssuerSpec> = {},
  key = "AWSPCAClusterIssuer/test",
): SigningIssuer {
  const checked = validateIssuerSpec(
    { arn: caArn, ...spec },
    { kind: "Cluster", clusterResourceNamespace: "operator" },
  );
  if (!checked.ok) throw new Error(`bad test issuer: ${JSON.stringify(checked.errors)}`);
  const { accessKeyId, secretAccessKey } = emu.defaultAccessKey;
  return {
    key,
    config: checked.config,
    credentials: () => Promise.resolve({ accessKeyId, secretAccessKey }),
    credentialsKey: accessKeyId,
  };
}

let counter = 0;

/** A signing request with a fresh UID unless one is given. */
export function request(csrPem: string, extra: Partial<SigningRequest> = {}): SigningRequest {
  counter++;
  return {
    uid: `uid-${String(counter)}-${String(Date.now())}`,
    name: `ns/cr-${String(counter)}`,
    csrPem,
    ...extra,
  };
}

export { certificatesIn as certs };

/** Extended key usage OIDs by name. */
export const EKU = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  codeSigning: "1.3.6.1.5.5.7.3.3",
  ocspSigning: "1.3.6.1.5.5.7.3.9",
} as const;

/** The SPKI (DER, base64) of a certificate's public key. */
export function spkiOf(cert: X509Certificate): string {
  return cert.publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

/** The basic-constraints path length of a PEM certificate, if it sets one. */
export function pathLengthOf(cert: X509Certificate): number | undefined {
  const parsed = new x509.X509Certificate(cert.raw);
  return parsed.getExtension(x509.BasicConstraintsExtension)?.pathLength;
}
