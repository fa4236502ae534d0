/**
 * Small helpers the end-to-end suites share for reading CertificateRequests and the PEM they
 * carry, so each suite's kit does not grow its own copy.
 */
import { X509Certificate } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CertificateRequest, CertificateRequestCondition } from "../../api/certmanager/v1.ts";

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The PEM certificate blocks in `text`, in order. */
export function pemCertificates(text: string): string[] {
  return text.match(CERTIFICATE_BLOCK) ?? [];
}

/** The certificates in PEM text, parsed by Node (an independent verifier of our output). */
export function certificatesIn(pem: string): X509Certificate[] {
  return pemCertificates(pem).map((block) => new X509Certificate(block));
}

/** The certificates in a base64-of-PEM status field (`status.certificate`, `status.ca`). */
export function certificatesInField(base64: string | undefined): X509Certificate[] {
  return certificatesIn(Buffer.from(base64 ?? "", "base64").toString());
}

/** The Ready condition of a request, if any. */
export function readyOf(cr: CertificateRequest): CertificateRequestCondition | undefined {
  return cr.status?.conditions?.find((c) => c.type === "Ready");
}

/** Whether a request is terminal: Issued, Failed or Denied. */
export function isTerminal(cr: CertificateRequest): boolean {
  const ready = readyOf(cr);
  return ready?.status === "True" || ready?.reason === "Failed" || ready?.reason === "Denied";
}

/**
 * Reads a value every 100 ms until `predicate` holds, and returns it; fails after `timeoutMs`
 * naming `what` and the last value read (`undefined` reads are polled again).
 */
export async function pollUntil<T>(
  read: () => Promise<T | undefined>,
  predicate: (value: T) => boolean,
  options: { readonly timeoutMs: number; readonly what: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = (await read()) ?? last;
    if (last !== undefined && predicate(last)) return last;
    await sleep(100);
  }
  throw new Error(`${options.what} never matched; last seen ${JSON.stringify(last)}`);
}
