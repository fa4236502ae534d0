import type { X509Certificate } from "node:crypto";
import { certificatesInField } from "../support/certificate-requests.ts";

/** What the demo prints about one issued certificate. */
export interface CertificateReport {
  subject: string;
  sans: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  extendedKeyUsage: string;
  verification: string;
}

const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "server auth",
  "1.3.6.1.5.5.7.3.2": "client auth",
  "1.3.6.1.5.5.7.3.3": "code signing",
  "1.3.6.1.5.5.7.3.9": "ocsp signing",
};

export { certificatesInField as parseBundle };

/**
 * Verifies that each certificate is issued and signed by the next, the last by the root, and
 * that the root signs itself; returns a one-line verdict.
 */
export function verifyChain(
  chain: readonly X509Certificate[],
  root: X509Certificate | undefined,
): string {
  if (chain.length === 0 || root === undefined) return "FAILED: no certificate or no CA";
  const path = [...chain, root];
  for (let i = 0; i + 1 < path.length; i++) {
    const child = path[i];
    const parent = path[i + 1];
    if (child === undefined || parent === undefined) return "FAILED: broken chain";
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      return `FAILED: ${child.subject} is not signed by ${parent.subject}`;
    }
  }
  if (!root.verify(root.publicKey)) return "FAILED: the root does not sign itself";
  const now = Date.now();
  if (chain.some((c) => Date.parse(c.validFrom) > now || Date.parse(c.validTo) < now)) {
    return "FAILED: outside its validity period";
  }
  return `OK (chain of ${path.length} verified up to the self-signed root)`;
}

// @types/node declares keyUsage as always present; it is undefined without the extension.
function ekuNames(cert: X509Certificate): string {
  const oids = cert.keyUsage as string[] | undefined;
  if (oids === undefined || oids.length === 0) return "(none)";
  return oids.map((oid) => EKU_NAMES[oid] ?? oid).join(", ");
}

/** Describes a leaf for the demo's output. */
export function report(
  chain: readonly X509Certificate[],
  root: X509Certificate | undefined,
): CertificateReport {
  const leaf = chain[0];
  if (leaf === undefined) throw new Error("no certificate to report");
  return {
    subject: leaf.subject.replaceAll("\n", ", "),
    sans: leaf.subjectAltName ?? "(none)",
    issuer: leaf.issuer.replaceAll("\n", ", "),
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    extendedKeyUsage: ekuNames(leaf),
    verification: verifyChain(chain, root),
  };
}
