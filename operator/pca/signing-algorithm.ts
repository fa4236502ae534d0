/**
 * The signing algorithm IssueCertificate is sent, chosen from the CA's key, never the CSR's:
 * AWS requires the algorithm's family to match the CA key (facts §2), and the peer's early
 * CSR-based choice broke ECDSA CSRs on RSA CAs.
 */

/** Signing algorithm per CA key algorithm: SHA-256 for RSA, the curve's own hash for EC. @public */
export const SIGNING_ALGORITHM_BY_KEY: Readonly<Record<string, string>> = {
  RSA_2048: "SHA256WITHRSA",
  RSA_3072: "SHA256WITHRSA",
  RSA_4096: "SHA256WITHRSA",
  EC_prime256v1: "SHA256WITHECDSA",
  EC_secp384r1: "SHA384WITHECDSA",
  EC_secp521r1: "SHA512WITHECDSA",
  SM2: "SM3WITHSM2",
  ML_DSA_44: "ML_DSA_44",
  ML_DSA_65: "ML_DSA_65",
  ML_DSA_87: "ML_DSA_87",
};

/**
 * The signing algorithm for a CA key algorithm; for a key this table does not know, the CA's
 * own configured signing algorithm (same family by construction), else `undefined`.
 * @public
 */
export function signingAlgorithmFor(
  keyAlgorithm: string | undefined,
  caSigningAlgorithm?: string,
): string | undefined {
  const fromKey = keyAlgorithm === undefined ? undefined : SIGNING_ALGORITHM_BY_KEY[keyAlgorithm];
  return fromKey ?? caSigningAlgorithm;
}
