import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto);

const EC_KEY = { name: "ECDSA", namedCurve: "P-256" } as const;
const EC_SIGN = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;

/** A certificate and its private key, both PEM. */
export interface CertifiedKey {
  certPem: string;
  keyPem: string;
}

/** Everything the control plane needs to run TLS, client auth and service-account tokens. */
export interface ControlPlanePki {
  ca: CertifiedKey;
  serving: CertifiedKey;
  admin: CertifiedKey;
  /** RSA key pair that signs service-account tokens (RS256, as IRSA expects). */
  serviceAccount: { publicKeyPem: string; privateKeyPem: string };
}

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN ${label}-----\n${body.trimEnd()}\n-----END ${label}-----\n`;
}

async function exportPrivate(key: webcrypto.CryptoKey): Promise<string> {
  return pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", key));
}

async function ecKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString("hex");
}

interface LeafSpec {
  subject: string;
  extendedKeyUsage: string;
  altNames?: x509.JsonGeneralNames;
}

async function issueLeaf(
  ca: { cert: x509.X509Certificate; key: webcrypto.CryptoKey },
  spec: LeafSpec,
): Promise<CertifiedKey> {
  const keys = await ecKeys();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([spec.extendedKeyUsage]),
  ];
  if (spec.altNames) extensions.push(new x509.SubjectAlternativeNameExtension(spec.altNames));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: spec.subject,
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 30 * DAY_MS),
    signingAlgorithm: EC_SIGN,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions,
  });
  return { certPem: cert.toString("pem"), keyPem: await exportPrivate(keys.privateKey) };
}

/**
 * Generates a throw-away PKI for one control plane: a CA, the API server's serving
 * certificate (valid for 127.0.0.1 and localhost), an admin client certificate in
 * `system:masters`, and the service-account token signing key.
 */
export async function createControlPlanePki(): Promise<ControlPlanePki> {
  const caKeys = await ecKeys();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=awspca-e2e-ca",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 30 * DAY_MS),
    signingAlgorithm: EC_SIGN,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  const ca = { cert: caCert, key: caKeys.privateKey };
  const serving = await issueLeaf(ca, {
    subject: "CN=kube-apiserver",
    extendedKeyUsage: x509.ExtendedKeyUsage.serverAuth,
    altNames: [
      { type: "ip", value: "127.0.0.1" },
      { type: "dns", value: "localhost" },
    ],
  });
  const admin = await issueLeaf(ca, {
    subject: "CN=awspca-e2e-admin, O=system:masters",
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
  });
  return {
    ca: { certPem: caCert.toString("pem"), keyPem: await exportPrivate(caKeys.privateKey) },
    serving,
    admin,
    serviceAccount: await serviceAccountKeys(),
  };
}

async function serviceAccountKeys(): Promise<ControlPlanePki["serviceAccount"]> {
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  return {
    publicKeyPem: pem("PUBLIC KEY", await webcrypto.subtle.exportKey("spki", keys.publicKey)),
    privateKeyPem: await exportPrivate(keys.privateKey),
  };
}
