/**
 * IssueCertificate: request checks, idempotency, template and state rules, CSR checks, validity,
 * then signing. The certificate becomes readable after the configured issue delay.
 * @internal
 */
import { findCa, partitionOf, type PcaContext } from "./context.ts";
import { checkCsr, type CheckedCsr } from "./csr-check.ts";
import { AwsError, awsError } from "./errors.ts";
import { buildExtensions } from "./extensions.ts";
import { ARN_LIMITS, Input, TOKEN_LIMITS, type JsonObject } from "./input.ts";
import { SIGNING_ALGORITHMS, signingMatchesKey, type StoredKey } from "./keys.ts";
import { checkSubject } from "./names.ts";
import { joinPem } from "./pem.ts";
import { newSerial, signCertificate } from "./sign.ts";
import type { CaRecord } from "./state.ts";
import { DEFAULT_TEMPLATE, templateFromArn, type Template } from "./templates.ts";
import { computeValidity, VALIDITY_TYPES, type Validity } from "./validity.ts";
import { x509 } from "./x509.ts";

const NOT_ISSUING = "The certificate authority is not in a valid state for issuing certificates";

function readRequest(body: JsonObject): { caArn: string; token?: string } {
  const input = new Input(body);
  const caArn = input.str("CertificateAuthorityArn", { required: true, ...ARN_LIMITS }) ?? "";
  input.blob("Csr", { required: true, min: 1, max: 32768 });
  input.enumOf("SigningAlgorithm", SIGNING_ALGORITHMS, true);
  input.obj("Validity", true);
  input.enumOf("Validity.Type", VALIDITY_TYPES, true);
  input.num("Validity.Value", { required: true, min: 1 });
  if (input.obj("ValidityNotBefore") !== undefined) {
    input.enumOf("ValidityNotBefore.Type", VALIDITY_TYPES, true);
    input.num("ValidityNotBefore.Value", { required: true, min: 1 });
  }
  input.str("TemplateArn", ARN_LIMITS);
  const token = input.str("IdempotencyToken", TOKEN_LIMITS);
  if (input.obj("ApiPassthrough.Subject") !== undefined)
    checkSubject(input, "ApiPassthrough.Subject");
  for (const [k, max] of [
    ["SubjectAlternativeNames", 150],
    ["CustomExtensions", 150],
    ["CertificatePolicies", 20],
    ["ExtendedKeyUsage", 20],
  ] as const) {
    input.list(`ApiPassthrough.Extensions.${k}`, { min: 1, max });
  }
  input.done();
  return { caArn, ...(token === undefined ? {} : { token }) };
}

function resolveTemplate(ca: CaRecord, body: JsonObject): { template: Template; label: string } {
  const partition = partitionOf(ca.arn);
  const arn =
    typeof body.TemplateArn === "string"
      ? body.TemplateArn
      : `arn:${partition}:acm-pca:::template/${DEFAULT_TEMPLATE}/V1`;
  const parsed = templateFromArn(arn);
  if (parsed?.partition !== partition) {
    throw awsError("InvalidArgsException", `The template ARN ${arn} is not valid.`);
  }
  return { template: parsed.template, label: `${parsed.template.name}/V1` };
}

function checkState(ca: CaRecord, template: Template): void {
  if (template.root && ca.type !== "ROOT") {
    throw awsError("InvalidArgsException", "Root CA templates can only be used by a root CA.");
  }
  const ok = ca.status === "ACTIVE" || (template.root && ca.status === "PENDING_CERTIFICATE");
  if (!ok || ca.key === undefined) throw awsError("InvalidStateException", NOT_ISSUING);
}

function checkPathLength(issuer: x509.X509Certificate | undefined, template: Template): void {
  const wanted = template.basicConstraints.pathLen;
  if (issuer === undefined || !template.basicConstraints.ca || template.root) return;
  const limit = issuer.getExtension(x509.BasicConstraintsExtension)?.pathLength;
  if (limit !== undefined && (wanted ?? Infinity) >= limit) {
    throw awsError(
      "InvalidArgsException",
      `The path length ${String(wanted)} exceeds what the issuing CA allows.`,
    );
  }
}

/**
 * Handles IssueCertificate. Concurrent calls with the same CA and token share one issuance, so a
 * token never yields two certificates.
 */
export async function issueCertificate(ctx: PcaContext, body: JsonObject): Promise<JsonObject> {
  const req = readRequest(body);
  const ca = findCa(ctx, req.caArn);
  if (req.token === undefined) return issueOnce(ctx, ca, body, undefined);

  const prior = ctx.store.recall(ca.arn, req.token, ctx.now());
  if (prior !== undefined) return { CertificateArn: prior };
  const key = `${ca.arn}\u0000${req.token}`;
  const running = inflight.get(key);
  if (running !== undefined) return running;
  const work = issueOnce(ctx, ca, body, req.token).finally(() => inflight.delete(key));
  inflight.set(key, work);
  return work;
}

const inflight = new Map<string, Promise<JsonObject>>();

/** Everything IssueCertificate checked before signing. */
interface Checked {
  readonly template: Template;
  readonly signingAlgorithm: string;
  readonly csr: CheckedCsr;
  readonly key: StoredKey;
  /** The issuing CA's certificate; undefined only for a self-issued root. */
  readonly issuerCert: x509.X509Certificate | undefined;
}

async function check(ctx: PcaContext, ca: CaRecord, body: JsonObject): Promise<Checked> {
  const { template, label } = resolveTemplate(ca, body);
  if (ctx.faults.isTemplateDenied(label)) {
    throw new AwsError(
      "AccessDeniedException",
      `User: ${ctx.principalArn} is not authorized to perform: acm-pca:IssueCertificate on resource: ${ca.arn} with template ${label}`,
    );
  }
  checkState(ca, template);
  const signingAlgorithm = String(body.SigningAlgorithm);
  if (!signingMatchesKey(signingAlgorithm, ca.keyAlgorithm)) {
    throw awsError(
      "InvalidArgsException",
      `The signing algorithm ${signingAlgorithm} is not compatible with the certificate authority key algorithm ${ca.keyAlgorithm}.`,
    );
  }
  const csr = await checkCsr(Buffer.from(String(body.Csr), "base64"));
  const key = ca.key;
  if (key === undefined) throw awsError("InvalidStateException", NOT_ISSUING);
  if (template.root && csr.spki.toString("base64") !== key.spki) {
    throw awsError(
      "InvalidArgsException",
      "A root CA certificate must be issued for the CA's own key.",
    );
  }
  const pem = template.root ? undefined : ca.certificatePem;
  if (!template.root && pem === undefined) throw awsError("InvalidStateException", NOT_ISSUING);
  const issuerCert = pem === undefined ? undefined : new x509.X509Certificate(pem);
  checkPathLength(issuerCert, template);
  return { template, signingAlgorithm, csr, key, issuerCert };
}

function windowFor(ctx: PcaContext, ca: CaRecord, body: JsonObject, c: Checked) {
  const issuer = c.issuerCert;
  return computeValidity({
    validity: body.Validity as Validity,
    ...(body.ValidityNotBefore === undefined
      ? {}
      : { notBefore: body.ValidityNotBefore as Validity }),
    issuedAt: new Date(ctx.now()),
    ...(issuer === undefined
      ? {}
      : { caWindow: { notBefore: issuer.notBefore, notAfter: issuer.notAfter } }),
    shortLived: ca.usageMode === "SHORT_LIVED_CERTIFICATE",
    limitErrorName: ctx.settings.validityLimitError,
  });
}

async function sign(ctx: PcaContext, ca: CaRecord, body: JsonObject, c: Checked) {
  const window = windowFor(ctx, ca, body, c);
  const api = body.ApiPassthrough as JsonObject | undefined;
  const issuerKeyId = c.issuerCert?.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const content = await buildExtensions({
    template: c.template,
    csr: c.csr,
    ...(api === undefined ? {} : { api }),
    ...(issuerKeyId === undefined ? {} : { issuerKeyId }),
  });
  const serial = newSerial();
  const certificatePem = await signCertificate({
    signer: { key: c.key, keyAlgorithm: ca.keyAlgorithm },
    signingAlgorithm: c.signingAlgorithm,
    serial,
    issuer: c.issuerCert?.subjectName ?? content.subject,
    publicKey: c.csr.csr.publicKey,
    content,
    ...window,
  });
  return { serial, certificatePem };
}

async function issueOnce(
  ctx: PcaContext,
  ca: CaRecord,
  body: JsonObject,
  token: string | undefined,
): Promise<JsonObject> {
  const checked = await check(ctx, ca, body);
  const { serial, certificatePem } = await sign(ctx, ca, body, checked);

  // The chain is the issuing CA's certificate followed by that CA's own chain (root last).
  const root = checked.template.root;
  const chain = root || ca.certificatePem === undefined ? [] : [ca.certificatePem];
  if (!root && ca.chainPem !== undefined) chain.push(ca.chainPem);
  const now = ctx.now();
  const arn = `${ca.arn}/certificate/${serial}`;
  ctx.store.certs.set(arn, {
    arn,
    caArn: ca.arn,
    serial,
    certificatePem,
    ...(chain.length > 0 ? { chainPem: joinPem(chain) } : {}),
    issuedAt: now,
    readyAt: now + ctx.settings.issueDelayMs,
    selfIssuedRoot: root,
  });
  if (token !== undefined) {
    ctx.store.remember(ca.arn, token, arn, now + ctx.settings.idempotencyWindowMs);
  }
  ctx.counters.recordIssued(ca.arn);
  ctx.store.save();
  return { CertificateArn: arn };
}
