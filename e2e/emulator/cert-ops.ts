/**
 * GetCertificate and RevokeCertificate on issued certificates.
 * @internal
 */
import { findCa, type PcaContext } from "./context.ts";
import { awsError } from "./errors.ts";
import { ARN_LIMITS, Input, type JsonObject } from "./input.ts";
import type { CertRecord } from "./state.ts";

const REVOCATION_REASONS = [
  "UNSPECIFIED",
  "KEY_COMPROMISE",
  "CERTIFICATE_AUTHORITY_COMPROMISE",
  "AFFILIATION_CHANGED",
  "SUPERSEDED",
  "CESSATION_OF_OPERATION",
  "PRIVILEGE_WITHDRAWN",
  "A_A_COMPROMISE",
] as const;

/** Handles GetCertificate: RequestInProgressException until the issue delay has passed. */
export function getCertificate(ctx: PcaContext, body: JsonObject): JsonObject {
  const input = new Input(body);
  const caArn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS }) ?? "";
  const certArn = input.str("CertificateArn", { required: true, ...ARN_LIMITS }) ?? "";
  input.done();

  const ca = findCa(ctx, caArn);
  if (ca.status === "DELETED") {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is not in the correct state to have issued certificates.`,
    );
  }
  const cert = ctx.store.certs.get(certArn);
  if (cert?.caArn !== ca.arn) {
    throw awsError("ResourceNotFoundException", `Could not find certificate ${certArn}.`);
  }
  if (ctx.now() < cert.readyAt) {
    throw awsError(
      "RequestInProgressException",
      `The request to issue certificate ${certArn} is still in progress.`,
    );
  }
  const out: JsonObject = { Certificate: cert.certificatePem };
  if (cert.chainPem !== undefined) out.CertificateChain = cert.chainPem;
  return out;
}

function normalSerial(serial: string): string {
  return serial.replace(/:/g, "").toLowerCase().replace(/^0+/, "");
}

function findBySerial(ctx: PcaContext, caArn: string, serial: string): CertRecord | undefined {
  const wanted = normalSerial(serial);
  for (const cert of ctx.store.certs.values()) {
    if (cert.caArn === caArn && normalSerial(cert.serial) === wanted) return cert;
  }
  return undefined;
}

/** Handles RevokeCertificate. */
export function revokeCertificate(ctx: PcaContext, body: JsonObject): JsonObject {
  const input = new Input(body);
  const caArn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS }) ?? "";
  const serial = input.str("CertificateSerial", { required: true, max: 128 }) ?? "";
  const reason = input.enumOf("RevocationReason", REVOCATION_REASONS, true);
  input.done();

  const ca = findCa(ctx, caArn);
  if (ca.status !== "ACTIVE" && ca.status !== "DISABLED") {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is not in a valid state for revoking certificates.`,
    );
  }
  const cert = findBySerial(ctx, ca.arn, serial);
  if (cert === undefined) {
    throw awsError(
      "ResourceNotFoundException",
      `Could not find certificate with serial ${serial}.`,
    );
  }
  if (cert.selfIssuedRoot) {
    throw awsError(
      "InvalidRequestException",
      "A self-signed root CA certificate cannot be revoked.",
    );
  }
  if (cert.revokedAt !== undefined) {
    throw awsError(
      "RequestAlreadyProcessedException",
      `The certificate ${serial} is already revoked.`,
    );
  }
  cert.revokedAt = ctx.now();
  cert.revocationReason = reason ?? "UNSPECIFIED";
  ctx.store.save();
  return {};
}
