/**
 * The read and lifecycle operations on a CA: Describe, List, GetCertificateAuthorityCsr,
 * GetCertificateAuthorityCertificate, Update, Delete, Restore.
 * @internal
 */
import { findCa, refreshStatus, type PcaContext } from "./context.ts";
import { awsError } from "./errors.ts";
import { ARN_LIMITS, Input, type JsonObject } from "./input.ts";
import type { CaRecord } from "./state.ts";

const DAY_MS = 86_400_000;

function arnOf(body: JsonObject): string {
  const input = new Input(body);
  const arn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS });
  input.done();
  return arn ?? "";
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/** The `CertificateAuthority` structure of Describe and List. */
export function describeShape(ca: CaRecord, accountId: string): JsonObject {
  const cfg: JsonObject = {
    KeyAlgorithm: ca.keyAlgorithm,
    SigningAlgorithm: ca.signingAlgorithm,
    Subject: ca.subject,
  };
  if (ca.csrExtensions !== undefined) cfg.CsrExtensions = ca.csrExtensions;
  const out: JsonObject = {
    Arn: ca.arn,
    OwnerAccount: accountId,
    CreatedAt: seconds(ca.createdAt),
    LastStateChangeAt: seconds(ca.lastStateChangeAt),
    Type: ca.type,
    Serial: ca.serial,
    Status: ca.status,
    NotBefore: seconds(ca.notBefore),
    NotAfter: seconds(ca.notAfter),
    FailureReason: ca.status === "FAILED" ? "OTHER" : undefined,
    CertificateAuthorityConfiguration: cfg,
    RevocationConfiguration: ca.revocationConfiguration ?? {
      CrlConfiguration: { Enabled: false },
      OcspConfiguration: { Enabled: false },
    },
    RestorableUntil: seconds(ca.restorableUntil),
    KeyStorageSecurityStandard: ca.keyStorageSecurityStandard,
    UsageMode: ca.usageMode,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** DescribeCertificateAuthority. */
export function describeCertificateAuthority(ctx: PcaContext, body: JsonObject): JsonObject {
  const ca = findCa(ctx, arnOf(body));
  return { CertificateAuthority: describeShape(ca, ctx.settings.accountId) };
}

/** ListCertificateAuthorities (pages of at most 100; NextToken is an opaque offset). */
export function listCertificateAuthorities(ctx: PcaContext, body: JsonObject): JsonObject {
  const input = new Input(body);
  const max = input.num("MaxResults", { min: 1, max: 1000 }) ?? 100;
  const token = input.str("NextToken", { min: 1, max: 43739 });
  const owner = input.enumOf("ResourceOwner", ["SELF", "OTHER_ACCOUNTS"]);
  input.done();

  let start = 0;
  if (token !== undefined) {
    const decoded = /^emu:(\d+)$/.exec(Buffer.from(token, "base64").toString("latin1"));
    if (decoded?.[1] === undefined)
      throw awsError("InvalidNextTokenException", "The token is invalid.");
    start = Number(decoded[1]);
  }
  const all = owner === "OTHER_ACCOUNTS" ? [] : [...ctx.store.cas.values()];
  all.sort((a, b) => a.createdAt - b.createdAt);
  const size = Math.min(max, 100);
  const page = all.slice(start, start + size).map((ca) => {
    refreshStatus(ctx, ca);
    return describeShape(ca, ctx.settings.accountId);
  });
  const out: JsonObject = { CertificateAuthorities: page };
  if (start + size < all.length) {
    out.NextToken = Buffer.from(`emu:${start + size}`).toString("base64");
  }
  return out;
}

/** GetCertificateAuthorityCsr. */
export function getCertificateAuthorityCsr(ctx: PcaContext, body: JsonObject): JsonObject {
  const ca = findCa(ctx, arnOf(body));
  if (ca.status === "CREATING") {
    throw awsError(
      "RequestInProgressException",
      "The certificate authority CSR is not yet created.",
    );
  }
  if (ca.csrPem === undefined || ca.status === "DELETED" || ca.status === "FAILED") {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is not in a valid state to get a CSR.`,
    );
  }
  return { Csr: ca.csrPem };
}

/** GetCertificateAuthorityCertificate (no chain for a root). */
export function getCertificateAuthorityCertificate(ctx: PcaContext, body: JsonObject): JsonObject {
  const ca = findCa(ctx, arnOf(body));
  if (ca.certificatePem === undefined || ca.status === "DELETED") {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is not in a valid state to get its certificate.`,
    );
  }
  const out: JsonObject = { Certificate: ca.certificatePem };
  if (ca.chainPem !== undefined) out.CertificateChain = ca.chainPem;
  return out;
}

/** UpdateCertificateAuthority: only ACTIVE ↔ DISABLED, revocation configuration stored. */
export function updateCertificateAuthority(ctx: PcaContext, body: JsonObject): JsonObject {
  const input = new Input(body);
  const arn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS }) ?? "";
  const status = input.enumOf("Status", [
    "CREATING",
    "PENDING_CERTIFICATE",
    "ACTIVE",
    "DELETED",
    "DISABLED",
    "EXPIRED",
    "FAILED",
  ]);
  input.obj("RevocationConfiguration");
  input.done();

  const ca = findCa(ctx, arn);
  if (ca.status !== "ACTIVE" && ca.status !== "DISABLED") {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is in the ${ca.status} state and cannot be updated.`,
    );
  }
  if (status !== undefined && status !== "ACTIVE" && status !== "DISABLED") {
    throw awsError("InvalidArgsException", `The status ${status} cannot be set by an update.`);
  }
  if (typeof body.RevocationConfiguration === "object" && body.RevocationConfiguration !== null) {
    ca.revocationConfiguration = body.RevocationConfiguration as JsonObject;
  }
  if (status !== undefined && status !== ca.status) ctx.store.setStatus(ca, status, ctx.now());
  ctx.store.save();
  return {};
}

/** DeleteCertificateAuthority: not while ACTIVE; sets RestorableUntil. */
export function deleteCertificateAuthority(ctx: PcaContext, body: JsonObject): JsonObject {
  const input = new Input(body);
  const arn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS }) ?? "";
  const days = input.num("PermanentDeletionTimeInDays", { min: 7, max: 30 }) ?? 30;
  input.done();

  const ca = findCa(ctx, arn);
  if (ca.status === "ACTIVE" || ca.status === "DELETED") {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} must be disabled before it can be deleted.`,
    );
  }
  const now = ctx.now();
  ca.statusBeforeDelete = ca.status;
  ca.restorableUntil = now + days * DAY_MS;
  ctx.store.setStatus(ca, "DELETED", now);
  return {};
}

/** RestoreCertificateAuthority: back to the status before deletion. */
export function restoreCertificateAuthority(ctx: PcaContext, body: JsonObject): JsonObject {
  const ca = findCa(ctx, arnOf(body));
  if (ca.status !== "DELETED" || (ca.restorableUntil ?? 0) < ctx.now()) {
    throw awsError(
      "InvalidStateException",
      `The certificate authority ${ca.arn} is not restorable.`,
    );
  }
  const back =
    ca.statusBeforeDelete === "ACTIVE" ? "DISABLED" : (ca.statusBeforeDelete ?? "DISABLED");
  delete ca.restorableUntil;
  delete ca.statusBeforeDelete;
  ctx.store.setStatus(ca, back, ctx.now());
  return {};
}
