/**
 * Turns GetCertificate's answer into what a CertificateRequest's status holds: `certificate` =
 * leaf + intermediates, `ca` = the root (facts §4: the chain is issuer first, root last).
 */
import { PermanentError } from "./errors.ts";

/** A signed certificate ready for `status.certificate` and `status.ca`. @public */
export interface IssuedCertificate {
  /** The leaf followed by every intermediate, PEM, `\n` line ends, ending in a newline. */
  readonly certificatePem: string;
  /** The intermediates alone (issuer first), PEM; empty for a certificate issued by a root. */
  readonly chainPem: string;
  /** The root CA certificate, PEM. */
  readonly caPem: string;
}

const BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Splits PEM text into normalised certificate blocks: CRLF or CR line ends, blank lines, text
 * between blocks and missing trailing newlines are all tolerated; each block is re-wrapped at
 * 64 columns with `\n` endings.
 * @public
 */
export function pemCertificates(text: string): string[] {
  const blocks: string[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const body = (match[1] ?? "").replace(/\s+/g, "");
    if (body === "") continue;
    const lines = body.match(/.{1,64}/g) ?? [];
    blocks.push(
      ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----", ""].join("\n"),
    );
  }
  return blocks;
}

/**
 * Splits a GetCertificate answer. The last block of `chain` is the root and goes to `caPem`;
 * the leaf and the blocks before the root go to `certificatePem`. A leaf issued by a root
 * (chain = [root]) yields `certificatePem` = the leaf alone.
 *
 * @param certificate - GetCertificate's `Certificate` (one PEM block; more are tolerated).
 * @param chain - GetCertificate's `CertificateChain` (one or more PEM blocks).
 * @throws PermanentError when either holds no certificate.
 * @public
 */
export function splitChain(certificate: string, chain: string): IssuedCertificate {
  const leaf = pemCertificates(certificate);
  const blocks = pemCertificates(chain);
  const root = blocks.at(-1);
  if (leaf.length === 0) {
    throw new PermanentError("getcertificate returned no certificate in PEM form");
  }
  if (root === undefined) {
    throw new PermanentError("getcertificate returned no certificate chain in PEM form");
  }

  const intermediates = blocks.slice(0, -1);
  return {
    certificatePem: [...leaf, ...intermediates].join(""),
    chainPem: intermediates.join(""),
    caPem: root,
  };
}
