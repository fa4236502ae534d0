/**
 * Shared pieces of the moto cross-check: a target (emulator or moto), the root bootstrap both
 * must support, and the cases where moto departs from the documented service.
 * @internal
 */
import {
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  UpdateCertificateAuthorityCommand,
  type ACMPCAClient,
  type IssueCertificateCommandInput,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { cert, extensionsOf, quickCsr, untilIssued } from "./test-kit.ts";

/** A CA ARN that exists nowhere. */
export const UNKNOWN_CA =
  "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000";

/** One server under test. */
export interface Target {
  readonly name: "emulator" | "moto";
  readonly pca: ACMPCAClient;
  rootArn: string;
  rootPem: string;
}

/** "ok" or the error's name; a non-JSON 5xx answer shows as `HTTP <status>`. */
/** "ok" or the error name. */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    const e = err as Error & {
      $metadata?: { httpStatusCode?: number };
      $response?: { statusCode?: number };
    };
    const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
    if (status !== undefined && status >= 500) return `HTTP ${status}`;
    return e.name;
  }
}

/** Root bootstrap with shape checks valid for both servers. */
export async function bootstrapRoot(t: Target): Promise<void> {
  const { CertificateAuthorityArn: arn = "" } = await t.pca.send(
    new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: "ROOT",
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: "EC_prime256v1",
        SigningAlgorithm: "SHA256WITHECDSA",
        Subject: { CommonName: `${t.name} root` },
      },
    }),
  );
  assert.match(arn, /^arn:aws:acm-pca:us-east-1:\d{12}:certificate-authority\/[0-9a-f-]{36}$/);
  const { Csr = "" } = await untilIssued(() =>
    t.pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn })),
  );
  assert.match(Csr, /^-----BEGIN CERTIFICATE REQUEST-----/);
  const d = await t.pca.send(
    new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }),
  );
  const described = d.CertificateAuthority!;
  assert.equal(described.Status, "PENDING_CERTIFICATE");
  assert.equal(described.Type, "ROOT");
  assert.ok(described.CreatedAt instanceof Date);

  const { CertificateArn = "" } = await t.pca.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: arn,
      Csr: Buffer.from(Csr),
      SigningAlgorithm: "SHA256WITHECDSA",
      TemplateArn: "arn:aws:acm-pca:::template/RootCACertificate/V1",
      Validity: { Type: "YEARS", Value: 10 },
    }),
  );
  assert.ok(CertificateArn.startsWith(`${arn}/certificate/`));
  const { Certificate = "" } = await untilIssued(() =>
    t.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: arn, CertificateArn })),
  );
  await t.pca.send(
    new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: arn,
      Certificate: Buffer.from(Certificate),
    }),
  );
  const after = await t.pca.send(
    new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }),
  );
  assert.equal(after.CertificateAuthority?.Status, "ACTIVE");
  const got = await t.pca.send(
    new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }),
  );
  assert.equal(cert(got.Certificate ?? "").fingerprint256, cert(Certificate).fingerprint256);
  t.rootArn = arn;
  t.rootPem = Certificate;
}

/** IssueCertificate input on the target's root. */
export function issueInput(
  t: Target,
  extra: Partial<IssueCertificateCommandInput> = {},
): IssueCertificateCommandInput {
  return {
    CertificateAuthorityArn: t.rootArn,
    Csr: Buffer.from(quickCsr()),
    SigningAlgorithm: "SHA256WITHECDSA",
    Validity: { Type: "DAYS", Value: 30 },
    ...extra,
  };
}

/**
 * Cases where moto departs from the documented service:
 * [title, run, emulator (documented), moto (observed)].
 */
export const DIFFERENCES: [string, (t: Target) => Promise<string>, string, string][] = [
  [
    "IssueCertificate with a signing algorithm of the wrong family",
    (t) =>
      outcome(
        t.pca.send(
          new IssueCertificateCommand(issueInput(t, { SigningAlgorithm: "SHA256WITHRSA" })),
        ),
      ),
    "InvalidArgsException",
    "ok",
  ],
  [
    "IssueCertificate with validity beyond the CA certificate",
    (t) =>
      outcome(
        t.pca.send(
          new IssueCertificateCommand(issueInput(t, { Validity: { Type: "YEARS", Value: 40 } })),
        ),
      ),
    "ValidationException",
    "ok",
  ],
  [
    "IssueCertificate with a 40-character idempotency token",
    (t) =>
      outcome(
        t.pca.send(
          new IssueCertificateCommand(issueInput(t, { IdempotencyToken: "x".repeat(40) })),
        ),
      ),
    "ValidationException",
    "ok",
  ],
  [
    "IssueCertificate with an unparseable CSR",
    (t) =>
      outcome(
        t.pca.send(new IssueCertificateCommand(issueInput(t, { Csr: Buffer.from("garbage") }))),
      ),
    "MalformedCSRException",
    "HTTP 500",
  ],
  [
    "GetCertificate for an unknown certificate",
    (t) =>
      outcome(
        t.pca.send(
          new GetCertificateCommand({
            CertificateAuthorityArn: t.rootArn,
            CertificateArn: `${t.rootArn}/certificate/${"0".repeat(32)}`,
          }),
        ),
      ),
    "ResourceNotFoundException",
    "HTTP 500",
  ],
  [
    "DescribeCertificateAuthority with a malformed ARN",
    (t) =>
      outcome(
        t.pca.send(
          new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: "not-an-arn" }),
        ),
      ),
    "ValidationException",
    "ResourceNotFoundException",
  ],
  [
    "IssueCertificate repeated with the same idempotency token returns the same ARN",
    async (t) => {
      const a = await t.pca.send(
        new IssueCertificateCommand(issueInput(t, { IdempotencyToken: "same" })),
      );
      const b = await t.pca.send(
        new IssueCertificateCommand(issueInput(t, { IdempotencyToken: "same" })),
      );
      return a.CertificateArn === b.CertificateArn ? "same ARN" : "new ARN";
    },
    "same ARN",
    "new ARN",
  ],
  [
    "GetCertificate right after IssueCertificate",
    async (t) => {
      const { CertificateArn } = await t.pca.send(new IssueCertificateCommand(issueInput(t)));
      return outcome(
        t.pca.send(
          new GetCertificateCommand({ CertificateAuthorityArn: t.rootArn, CertificateArn }),
        ),
      );
    },
    "RequestInProgressException",
    "ok",
  ],
  [
    "Certificate ARN suffix equals the certificate serial",
    async (t) => {
      const { CertificateArn = "" } = await t.pca.send(new IssueCertificateCommand(issueInput(t)));
      const out = await untilIssued(() =>
        t.pca.send(
          new GetCertificateCommand({ CertificateAuthorityArn: t.rootArn, CertificateArn }),
        ),
      );
      const serial = cert(out.Certificate ?? "").serialNumber.toLowerCase();
      return CertificateArn.endsWith(`/${serial}`) ? "serial" : "not the serial";
    },
    "serial",
    "not the serial",
  ],
  [
    "Key type of an EC_prime256v1 CA's certificate",
    async (t) => Promise.resolve(cert(t.rootPem).publicKey.asymmetricKeyType ?? ""),
    "ec",
    "rsa",
  ],
  [
    "Default notBefore (minutes before issue)",
    async (t) => {
      const { CertificateArn } = await t.pca.send(new IssueCertificateCommand(issueInput(t)));
      const out = await untilIssued(() =>
        t.pca.send(
          new GetCertificateCommand({ CertificateAuthorityArn: t.rootArn, CertificateArn }),
        ),
      );
      return String(
        Math.round((Date.now() - Date.parse(cert(out.Certificate ?? "").validFrom)) / 60_000),
      );
    },
    "60",
    "0",
  ],
  [
    "Basic constraints from SubordinateCACertificate_PathLen0/V1",
    async (t) => {
      const { CertificateArn } = await t.pca.send(
        new IssueCertificateCommand(
          issueInput(t, {
            TemplateArn: "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1",
          }),
        ),
      );
      const out = await untilIssued(() =>
        t.pca.send(
          new GetCertificateCommand({ CertificateAuthorityArn: t.rootArn, CertificateArn }),
        ),
      );
      return extensionsOf(out.Certificate ?? "")["X509v3 Basic Constraints"]?.value ?? "none";
    },
    "CA:TRUE, pathlen:0",
    "none",
  ],
  [
    "IssueCertificate on a DISABLED CA",
    async (t) => {
      await t.pca.send(
        new UpdateCertificateAuthorityCommand({
          CertificateAuthorityArn: t.rootArn,
          Status: "DISABLED",
        }),
      );
      try {
        return await outcome(t.pca.send(new IssueCertificateCommand(issueInput(t))));
      } finally {
        await t.pca.send(
          new UpdateCertificateAuthorityCommand({
            CertificateAuthorityArn: t.rootArn,
            Status: "ACTIVE",
          }),
        );
      }
    },
    "InvalidStateException",
    "ok",
  ],
  [
    "DeleteCertificateAuthority on an ACTIVE CA",
    (t) =>
      outcome(
        t.pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: t.rootArn })),
      ),
    "InvalidStateException",
    "ok",
  ],
];
