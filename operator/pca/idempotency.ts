/**
 * The IssueCertificate idempotency token. See docs/adr/0013-idempotency-token.md.
 */
import { createHash } from "node:crypto";

/** Longest token AWS accepts (longer ones fail with ValidationException). @public */
export const IDEMPOTENCY_TOKEN_LENGTH = 36;

/**
 * The idempotency token of a request: the first 36 hex digits (144 bits) of
 * SHA-256(uid, NUL, csr).
 *
 * Derived from the request's UID *and* its CSR, never its name: a request deleted and re-created
 * under the same name gets a new UID (and usually a new key), so AWS's five-minute idempotency
 * window cannot hand it the certificate of its predecessor — the peer's token (a hash of
 * namespace/name) did exactly that. Retries of one request, on the other hand, always send the
 * same token, so one request never yields more than one certificate.
 *
 * @param uid - `metadata.uid` of the CertificateRequest (or Kubernetes CSR).
 * @param csr - the PEM CSR, exactly as sent to AWS.
 * @public
 */
export function idempotencyToken(uid: string, csr: string | Uint8Array): string {
  return createHash("sha256")
    .update(uid)
    .update("\0")
    .update(csr)
    .digest("hex")
    .slice(0, IDEMPOTENCY_TOKEN_LENGTH);
}
