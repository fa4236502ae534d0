/**
 * CreateCertificateAuthority: validation, idempotency, and the asynchronous key generation that
 * moves a CA from CREATING to PENDING_CERTIFICATE.
 * @internal
 */
import { randomUUID } from "node:crypto";
import type { PcaContext } from "./context.ts";
import { awsError } from "./errors.ts";
import { kuFromApi } from "./extensions.ts";
import { Input, TOKEN_LIMITS, type JsonObject } from "./input.ts";
import {
  generateKey,
  isSupportedKeyAlgorithm,
  MODEL_KEY_ALGORITHMS,
  SIGNING_ALGORITHMS,
  signingMatchesKey,
  type KeyAlgorithm,
} from "./keys.ts";
import { checkSubject, subjectToName } from "./names.ts";
import { signCsr } from "./sign.ts";
import type { CaRecord } from "./state.ts";
import type { x509 } from "./x509.ts";

const SECURITY_STANDARDS = [
  "FIPS_140_2_LEVEL_2_OR_HIGHER",
  "FIPS_140_2_LEVEL_3_OR_HIGHER",
  "CCPC_LEVEL_1_OR_HIGHER",
] as const;

function readRequest(body: JsonObject): Input {
  const input = new Input(body);
  const cfg = "CertificateAuthorityConfiguration";
  input.obj(cfg, true);
  input.enumOf(`${cfg}.KeyAlgorithm`, MODEL_KEY_ALGORITHMS, true);
  input.enumOf(`${cfg}.SigningAlgorithm`, SIGNING_ALGORITHMS, true);
  input.obj(`${cfg}.Subject`, true);
  checkSubject(input, `${cfg}.Subject`);
  input.enumOf("CertificateAuthorityType", ["ROOT", "SUBORDINATE"], true);
  input.str("IdempotencyToken", TOKEN_LIMITS);
  input.enumOf("KeyStorageSecurityStandard", SECURITY_STANDARDS);
  input.enumOf("UsageMode", ["GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE"]);
  input.list("Tags", { min: 1, max: 50 });
  input.done();
  return input;
}

function csrExtensions(ca: CaRecord): x509.Extension[] {
  const ku = ca.csrExtensions?.KeyUsage;
  return typeof ku === "object" && ku !== null ? [kuFromApi(ku as JsonObject)] : [];
}

async function generate(ctx: PcaContext, ca: CaRecord): Promise<void> {
  try {
    const key = await generateKey(ca.keyAlgorithm);
    const signer = { key, keyAlgorithm: ca.keyAlgorithm };
    const name = subjectToName(ca.subject);
    ca.csrPem = await signCsr(signer, ca.signingAlgorithm, name, csrExtensions(ca));
    ca.key = key;
    const waitMs = ca.createdAt + ctx.settings.caCreationDelayMs - ctx.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (ca.status === "CREATING") ctx.store.setStatus(ca, "PENDING_CERTIFICATE", ctx.now());
  } catch {
    // The service reports key-generation failures only through the CA's status.
    if (ca.status === "CREATING") ctx.store.setStatus(ca, "FAILED", ctx.now());
  }
}

function checkAlgorithms(cfg: JsonObject): KeyAlgorithm {
  const keyAlgorithm = String(cfg.KeyAlgorithm);
  const signingAlgorithm = String(cfg.SigningAlgorithm);
  if (!isSupportedKeyAlgorithm(keyAlgorithm)) {
    throw awsError("InvalidArgsException", `The key algorithm ${keyAlgorithm} is not supported.`);
  }
  if (!signingMatchesKey(signingAlgorithm, keyAlgorithm)) {
    throw awsError(
      "InvalidArgsException",
      `The signing algorithm ${signingAlgorithm} is not compatible with key algorithm ${keyAlgorithm}.`,
    );
  }
  return keyAlgorithm;
}

function objectOrUndefined(v: unknown): JsonObject | undefined {
  return typeof v === "object" && v !== null ? (v as JsonObject) : undefined;
}

function newRecord(ctx: PcaContext, body: JsonObject, keyAlgorithm: KeyAlgorithm): CaRecord {
  const cfg = body.CertificateAuthorityConfiguration as JsonObject;
  const now = ctx.now();
  const { accountId } = ctx.settings;
  const ca: CaRecord = {
    arn: `arn:aws:acm-pca:${ctx.region}:${accountId}:certificate-authority/${randomUUID()}`,
    type: body.CertificateAuthorityType === "ROOT" ? "ROOT" : "SUBORDINATE",
    status: "CREATING",
    createdAt: now,
    lastStateChangeAt: now,
    keyAlgorithm,
    signingAlgorithm: String(cfg.SigningAlgorithm),
    subject: cfg.Subject as JsonObject,
    usageMode: typeof body.UsageMode === "string" ? body.UsageMode : "GENERAL_PURPOSE",
    keyStorageSecurityStandard:
      typeof body.KeyStorageSecurityStandard === "string"
        ? body.KeyStorageSecurityStandard
        : "FIPS_140_2_LEVEL_3_OR_HIGHER",
  };
  const csrExtensions = objectOrUndefined(cfg.CsrExtensions);
  if (csrExtensions !== undefined) ca.csrExtensions = csrExtensions;
  const revocation = objectOrUndefined(body.RevocationConfiguration);
  if (revocation !== undefined) ca.revocationConfiguration = revocation;
  return ca;
}

/** Handles CreateCertificateAuthority; key generation continues after the answer. */
export function createCertificateAuthority(ctx: PcaContext, body: JsonObject): JsonObject {
  readRequest(body);
  const cfg = body.CertificateAuthorityConfiguration as JsonObject;
  const keyAlgorithm = checkAlgorithms(cfg);
  subjectToName(cfg.Subject as JsonObject); // CustomAttributes mixing → InvalidArgsException

  const now = ctx.now();
  const token = typeof body.IdempotencyToken === "string" ? body.IdempotencyToken : undefined;
  const scope = `create:${ctx.region}`;
  const prior = token === undefined ? undefined : ctx.store.recall(scope, token, now);
  if (prior !== undefined) return { CertificateAuthorityArn: prior };

  const ca = newRecord(ctx, body, keyAlgorithm);
  ctx.store.cas.set(ca.arn, ca);
  if (token !== undefined) {
    ctx.store.remember(scope, token, ca.arn, now + ctx.settings.idempotencyWindowMs);
  }
  const pending = generate(ctx, ca).finally(() => ctx.store.pending.delete(ca.arn));
  ctx.store.pending.set(ca.arn, pending);
  ctx.store.save();
  return { CertificateAuthorityArn: ca.arn };
}
