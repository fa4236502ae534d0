/**
 * Programmatic CA set-up through the same operation handlers the API uses: the root bootstrap
 * (create, CSR, RootCACertificate/V1 on itself, import) and subordinates signed by a parent.
 * @internal
 */
import { randomUUID } from "node:crypto";
import { createCertificateAuthority } from "./ca-create.ts";
import { importCertificateAuthorityCertificate } from "./ca-import.ts";
import { issueCertificate } from "./cert-issue.ts";
import { findCa, type PcaContext } from "./context.ts";
import type { JsonObject } from "./input.ts";
import { defaultSigning, type KeyAlgorithm } from "./keys.ts";

/** Options for programmatic CA creation. @public */
export interface CaOptions {
  /** ASN1Subject of the CA (default `CN=Emulator Root CA <n>` / `Emulator Issuing CA <n>`). */
  readonly subject?: Record<string, string>;
  /** Certificate lifetime in days (default 3650 for roots, 1825 for subordinates). */
  readonly validityDays?: number;
  /** Path length of a subordinate (0–3, default 0). */
  readonly pathLen?: number;
  /** The CA's signing algorithm (default SHA256 with its key family). */
  readonly signingAlgorithm?: string;
  /** `GENERAL_PURPOSE` (default) or `SHORT_LIVED_CERTIFICATE`. */
  readonly usageMode?: string;
  /** A label to find the CA by later (e.g. across restarts with a state file). */
  readonly label?: string;
}

/** Everything {@link bootstrapCa} needs. */
export interface BootstrapRequest extends CaOptions {
  readonly keyAlgorithm: KeyAlgorithm;
  readonly parentArn?: string;
}

function b64(text: string): string {
  return Buffer.from(text).toString("base64");
}

/** Creates an ACTIVE CA and returns its ARN. */
export async function bootstrapCa(ctx: PcaContext, req: BootstrapRequest): Promise<string> {
  const root = req.parentArn === undefined;
  const suffix = randomUUID().slice(0, 8);
  const subject = req.subject ?? {
    CommonName: root ? `Emulator Root CA ${suffix}` : `Emulator Issuing CA ${suffix}`,
    Organization: "awspca-issuer-ts emulator",
  };
  const signing = req.signingAlgorithm ?? defaultSigning(req.keyAlgorithm);
  const { CertificateAuthorityArn: arn } = createCertificateAuthority(ctx, {
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: req.keyAlgorithm,
      SigningAlgorithm: signing,
      Subject: subject,
    },
    CertificateAuthorityType: root ? "ROOT" : "SUBORDINATE",
    ...(req.usageMode === undefined ? {} : { UsageMode: req.usageMode }),
  }) as { CertificateAuthorityArn: string };
  await ctx.store.pending.get(arn);
  const ca = findCa(ctx, arn);
  if (req.label !== undefined) ca.label = req.label;
  if (ca.csrPem === undefined) throw new Error(`ca ${arn} failed key generation`);

  const issuer = root ? ca : findCa(ctx, req.parentArn ?? "");
  const template = root
    ? "RootCACertificate"
    : `SubordinateCACertificate_PathLen${String(req.pathLen ?? 0)}`;
  const issueRequest: JsonObject = {
    CertificateAuthorityArn: issuer.arn,
    Csr: b64(ca.csrPem),
    SigningAlgorithm: issuer.signingAlgorithm,
    TemplateArn: `arn:aws:acm-pca:::template/${template}/V1`,
    Validity: { Type: "DAYS", Value: req.validityDays ?? (root ? 3650 : 1825) },
  };
  const { CertificateArn: certArn } = (await issueCertificate(ctx, issueRequest)) as {
    CertificateArn: string;
  };
  const cert = ctx.store.certs.get(certArn);
  if (cert === undefined) throw new Error(`certificate ${certArn} vanished`);
  cert.readyAt = cert.issuedAt;
  await importCertificateAuthorityCertificate(ctx, {
    CertificateAuthorityArn: arn,
    Certificate: b64(cert.certificatePem),
    ...(cert.chainPem === undefined ? {} : { CertificateChain: b64(cert.chainPem) }),
  });
  return arn;
}
