/**
 * CA key algorithms and signing algorithms: generation, storage form, and the family rule that
 * ties a signing algorithm to the CA's key.
 * @internal
 */
import { webcrypto } from "node:crypto";

/** CA key algorithms the emulator can create (ML-DSA and SM2 are not offered). */
export const KEY_ALGORITHMS = [
  "RSA_2048",
  "RSA_3072",
  "RSA_4096",
  "EC_prime256v1",
  "EC_secp384r1",
  "EC_secp521r1",
] as const;

/** One of {@link KEY_ALGORITHMS}. @public */
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** Every signing algorithm of the current service model (enum check). */
export const SIGNING_ALGORITHMS = [
  "SHA256WITHECDSA",
  "SHA384WITHECDSA",
  "SHA512WITHECDSA",
  "SHA256WITHRSA",
  "SHA384WITHRSA",
  "SHA512WITHRSA",
  "SHA256WITHRSA_PSS",
  "SHA384WITHRSA_PSS",
  "SHA512WITHRSA_PSS",
  "SM3WITHSM2",
  "ML_DSA_44",
  "ML_DSA_65",
  "ML_DSA_87",
] as const;

/** Every key algorithm of the current service model (enum check). */
export const MODEL_KEY_ALGORITHMS = [
  ...KEY_ALGORITHMS,
  "ML_DSA_44",
  "ML_DSA_65",
  "ML_DSA_87",
  "SM2",
] as const;

/** A CA key pair in storable form. */
export interface StoredKey {
  /** PKCS#8 DER, base64. */
  readonly pkcs8: string;
  /** SubjectPublicKeyInfo DER, base64. */
  readonly spki: string;
}

const CURVES: Record<string, string> = {
  EC_prime256v1: "P-256",
  EC_secp384r1: "P-384",
  EC_secp521r1: "P-521",
};

/** True for the algorithms the emulator can generate. */
export function isSupportedKeyAlgorithm(v: string): v is KeyAlgorithm {
  return (KEY_ALGORITHMS as readonly string[]).includes(v);
}

/** Generates a fresh CA key pair. RSA-4096 takes a second or more. */
export async function generateKey(alg: KeyAlgorithm): Promise<StoredKey> {
  const params = alg.startsWith("RSA_")
    ? {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: Number(alg.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      }
    : { name: "ECDSA", namedCurve: CURVES[alg] ?? "P-256" };
  const pair = await webcrypto.subtle.generateKey(params, true, ["sign", "verify"]);
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", pair.privateKey);
  const spki = await webcrypto.subtle.exportKey("spki", pair.publicKey);
  return {
    pkcs8: Buffer.from(pkcs8).toString("base64"),
    spki: Buffer.from(spki).toString("base64"),
  };
}

/** The key family a signing algorithm belongs to, or undefined for ones we cannot sign with. */
function signingFamily(signing: string): "RSA" | "EC" | undefined {
  if (signing.endsWith("WITHECDSA")) return "EC";
  if (/^SHA\d+WITHRSA(_PSS)?$/.test(signing)) return "RSA";
  return undefined;
}

/** Whether `signing` may be used with a CA whose key is `key` (facts §2, compatibility rule). */
export function signingMatchesKey(signing: string, key: KeyAlgorithm): boolean {
  return signingFamily(signing) === (key.startsWith("RSA_") ? "RSA" : "EC");
}

/** A WebCrypto key pair and the algorithm to sign with `signing` using a stored CA key. */
export async function signerFor(
  key: StoredKey,
  keyAlg: KeyAlgorithm,
  signing: string,
): Promise<{
  keys: webcrypto.CryptoKeyPair;
  algorithm: webcrypto.Algorithm & { hash: string; saltLength?: number };
}> {
  const hash = `SHA-${/^SHA(\d+)/.exec(signing)?.[1] ?? "256"}`;
  const pss = signing.endsWith("_PSS");
  const importParams = keyAlg.startsWith("EC_")
    ? { name: "ECDSA", namedCurve: CURVES[keyAlg] ?? "P-256" }
    : { name: pss ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash };
  const subtle = webcrypto.subtle;
  const privateKey = await subtle.importKey(
    "pkcs8",
    Buffer.from(key.pkcs8, "base64"),
    importParams,
    false,
    ["sign"],
  );
  const publicKey = await subtle.importKey(
    "spki",
    Buffer.from(key.spki, "base64"),
    importParams,
    true,
    ["verify"],
  );
  const keys = { privateKey, publicKey };
  if (keyAlg.startsWith("EC_")) return { keys, algorithm: { name: "ECDSA", hash } };
  const saltLength = Number(hash.slice(4)) / 8;
  const algorithm = pss
    ? { name: importParams.name, hash, saltLength }
    : { name: importParams.name, hash };
  return { keys, algorithm };
}

/** The signing algorithm a CA uses for its own CSR when none fits better. */
export function defaultSigning(keyAlg: KeyAlgorithm): string {
  return keyAlg.startsWith("EC_") ? "SHA256WITHECDSA" : "SHA256WITHRSA";
}
