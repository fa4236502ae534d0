import {
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  ListCertificateAuthoritiesCommand,
  RevokeCertificateCommand,
  UpdateCertificateAuthorityCommand,
  type ACMPCAClient,
  type KeyAlgorithm,
  type SigningAlgorithm,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import {
  cert,
  extensionsOf,
  opensslVerify,
  pcaClient,
  pemBlocks,
  quickCsr,
  untilIssued,
} from "./test-kit.ts";

const NOT_ISSUING = "The certificate authority is not in a valid state for issuing certificates";

describe("CA lifecycle through the SDK", () => {
  let emu: Emulator;
  let pca: ACMPCAClient;

  before(async () => {
    emu = await startEmulator({ throttling: false, settings: { issueDelayMs: 50 } });
    pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
  });
  after(async () => {
    pca.destroy();
    await emu.stop();
  });

  async function create(
    type: "ROOT" | "SUBORDINATE",
    key: KeyAlgorithm,
    signing: SigningAlgorithm,
    token?: string,
  ) {
    const out = await pca.send(
      new CreateCertificateAuthorityCommand({
        CertificateAuthorityType: type,
        CertificateAuthorityConfiguration: {
          KeyAlgorithm: key,
          SigningAlgorithm: signing,
          Subject: { CommonName: `sdk ${type}`, Country: "US" },
        },
        ...(token === undefined ? {} : { IdempotencyToken: token }),
      }),
    );
    return out.CertificateAuthorityArn ?? "";
  }
  const csrOf = (arn: string) =>
    untilIssued(() =>
      pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn })),
    );
  async function issueAndGet(
    ca: string,
    csr: string,
    template: string,
    opts: { signing: SigningAlgorithm; days?: number },
  ) {
    const { signing, days = 365 } = opts;
    const { CertificateArn } = await pca.send(
      new IssueCertificateCommand({
        CertificateAuthorityArn: ca,
        Csr: Buffer.from(csr),
        SigningAlgorithm: signing,
        TemplateArn: `arn:aws:acm-pca:::template/${template}/V1`,
        Validity: { Type: "DAYS", Value: days },
      }),
    );
    return untilIssued(() =>
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: ca, CertificateArn })),
    );
  }
  const describeCa = async (arn: string) =>
    (await pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn })))
      .CertificateAuthority;

  let rootArn = "";
  let subArn = "";

  it("should bootstrap a root: create, CSR, RootCACertificate/V1 on itself, import", async () => {
    rootArn = await create("ROOT", "EC_secp384r1", "SHA384WITHECDSA");
    assert.match(
      rootArn,
      /^arn:aws:acm-pca:us-east-1:123456789012:certificate-authority\/[0-9a-f-]{36}$/,
    );
    const { Csr } = await csrOf(rootArn);
    assert.match(Csr ?? "", /^-----BEGIN CERTIFICATE REQUEST-----\n/);
    assert.equal((await describeCa(rootArn))?.Status, "PENDING_CERTIFICATE");

    const rootCert = await issueAndGet(rootArn, Csr ?? "", "RootCACertificate", {
      signing: "SHA384WITHECDSA",
      days: 3650,
    });
    const ext = extensionsOf(rootCert.Certificate ?? "");
    assert.deepEqual(ext["X509v3 Basic Constraints"], { critical: true, value: "CA:TRUE" });
    assert.equal(ext["X509v3 Key Usage"]?.value, "Digital Signature, Certificate Sign, CRL Sign");
    assert.equal(ext["X509v3 Authority Key Identifier"], undefined);
    assert.equal(cert(rootCert.Certificate ?? "").subject, "C=US\nCN=sdk ROOT");

    await pca.send(
      new ImportCertificateAuthorityCertificateCommand({
        CertificateAuthorityArn: rootArn,
        Certificate: Buffer.from(rootCert.Certificate ?? ""),
      }),
    );
    const d = (await describeCa(rootArn))!;
    assert.equal(d.Status, "ACTIVE");
    assert.equal(d.Type, "ROOT");
    assert.ok(
      d.NotAfter instanceof Date && d.NotAfter.getTime() > Date.now() + 3600 * 86400e3 - 86400e3,
    );
    const got = await pca.send(
      new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: rootArn }),
    );
    assert.equal(got.CertificateChain, undefined);
    assert.ok(cert(got.Certificate ?? "").verify(cert(got.Certificate ?? "").publicKey));
  });

  it("should bootstrap a subordinate under the root and chain to it", async () => {
    subArn = await create("SUBORDINATE", "RSA_2048", "SHA256WITHRSA");
    const { Csr } = await csrOf(subArn);
    const subCert = await issueAndGet(rootArn, Csr ?? "", "SubordinateCACertificate_PathLen0", {
      signing: "SHA384WITHECDSA",
      days: 1000,
    });
    const chain = subCert.CertificateChain ?? "";
    assert.equal(pemBlocks(chain).length, 1);
    await assert.rejects(
      pca.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: subArn,
          Certificate: Buffer.from(subCert.Certificate ?? ""),
        }),
      ),
      { name: "InvalidRequestException" },
    );
    await pca.send(
      new ImportCertificateAuthorityCertificateCommand({
        CertificateAuthorityArn: subArn,
        Certificate: Buffer.from(subCert.Certificate ?? ""),
        CertificateChain: Buffer.from(chain),
      }),
    );
    assert.equal((await describeCa(subArn))?.Status, "ACTIVE");
    const got = await pca.send(
      new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: subArn }),
    );
    assert.equal(got.CertificateChain, chain);

    const leaf = await issueAndGet(subArn, quickCsr(), "EndEntityCertificate", {
      signing: "SHA256WITHRSA",
      days: 30,
    });
    const blocks = pemBlocks(leaf.CertificateChain ?? "");
    assert.deepEqual(blocks, [subCert.Certificate, ...pemBlocks(chain)]);
    assert.match(opensslVerify(leaf.Certificate ?? "", blocks, "sslserver"), /OK/);
  });

  it("should reject imports that do not fit", async () => {
    const other = await create("SUBORDINATE", "EC_prime256v1", "SHA256WITHECDSA");
    await csrOf(other);
    const rootPem = emu.describeCa(rootArn).certificatePem ?? "";
    await assert.rejects(
      pca.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: other,
          Certificate: Buffer.from(rootPem),
        }),
      ),
      { name: "CertificateMismatchException" },
    );
    await assert.rejects(
      pca.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: other,
          Certificate: Buffer.from("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
        }),
      ),
      { name: "MalformedCertificateException" },
    );
  });

  it("should refuse a signing algorithm outside the key family at creation", async () => {
    await assert.rejects(create("ROOT", "EC_prime256v1", "SHA256WITHRSA"), {
      name: "InvalidArgsException",
    });
  });

  it("should honour CreateCertificateAuthority idempotency tokens", async () => {
    const a = await create("ROOT", "EC_prime256v1", "SHA256WITHECDSA", "ca-token");
    assert.equal(await create("ROOT", "EC_prime256v1", "SHA256WITHECDSA", "ca-token"), a);
  });

  it("should refuse issuance while PENDING_CERTIFICATE", async () => {
    const pending = await create("SUBORDINATE", "EC_prime256v1", "SHA256WITHECDSA");
    await csrOf(pending);
    await assert.rejects(
      issueAndGet(pending, quickCsr(), "EndEntityCertificate", { signing: "SHA256WITHECDSA" }),
      {
        name: "InvalidStateException",
        message: NOT_ISSUING,
      },
    );
  });

  it("should move ACTIVE ↔ DISABLED only, refuse issuing while DISABLED, delete only when not ACTIVE", async () => {
    const ca = await emu.createSubordinateCa(rootArn, "EC_prime256v1");
    const leaf = await issueAndGet(ca, quickCsr(), "EndEntityCertificate", {
      signing: "SHA256WITHECDSA",
      days: 30,
    });
    const leafArn = cert(leaf.Certificate ?? "").serialNumber.toLowerCase();

    await assert.rejects(
      pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: ca })),
      { name: "InvalidStateException" },
    );
    await assert.rejects(
      pca.send(
        new UpdateCertificateAuthorityCommand({
          CertificateAuthorityArn: ca,
          Status: "PENDING_CERTIFICATE",
        }),
      ),
      {
        name: "InvalidArgsException",
      },
    );
    await pca.send(
      new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: ca, Status: "DISABLED" }),
    );
    assert.equal((await describeCa(ca))?.Status, "DISABLED");
    await assert.rejects(
      issueAndGet(ca, quickCsr(), "EndEntityCertificate", { signing: "SHA256WITHECDSA" }),
      {
        name: "InvalidStateException",
        message: NOT_ISSUING,
      },
    );
    await pca.send(
      new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: ca, Status: "ACTIVE" }),
    );
    await issueAndGet(ca, quickCsr(), "EndEntityCertificate", {
      signing: "SHA256WITHECDSA",
      days: 30,
    });

    await pca.send(
      new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: ca, Status: "DISABLED" }),
    );
    await pca.send(
      new DeleteCertificateAuthorityCommand({
        CertificateAuthorityArn: ca,
        PermanentDeletionTimeInDays: 7,
      }),
    );
    const d = (await describeCa(ca))!;
    assert.equal(d.Status, "DELETED");
    assert.ok(d.RestorableUntil instanceof Date);
    await assert.rejects(
      issueAndGet(ca, quickCsr(), "EndEntityCertificate", { signing: "SHA256WITHECDSA" }),
      {
        name: "InvalidStateException",
      },
    );
    await assert.rejects(
      pca.send(
        new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: ca, Status: "ACTIVE" }),
      ),
      {
        name: "InvalidStateException",
      },
    );
    const certArn = `${ca}/certificate/${leafArn}`;
    await assert.rejects(
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: ca, CertificateArn: certArn })),
      {
        name: "InvalidStateException",
        message: `The certificate authority ${ca} is not in the correct state to have issued certificates.`,
      },
    );
  });

  it("should refuse issuance from an EXPIRED CA", async () => {
    const ca = await emu.createSubordinateCa(rootArn, "EC_prime256v1");
    emu.setCaStatus(ca, "EXPIRED");
    await assert.rejects(
      issueAndGet(ca, quickCsr(), "EndEntityCertificate", { signing: "SHA256WITHECDSA" }),
      {
        name: "InvalidStateException",
        message: NOT_ISSUING,
      },
    );
  });

  it("should revoke once, then answer RequestAlreadyProcessedException, and still return revoked certificates", async () => {
    const { CertificateArn } = await pca.send(
      new IssueCertificateCommand({
        CertificateAuthorityArn: subArn,
        Csr: Buffer.from(quickCsr()),
        SigningAlgorithm: "SHA256WITHRSA",
        Validity: { Type: "DAYS", Value: 5 },
      }),
    );
    const serialHex = (CertificateArn ?? "").split("/").pop() ?? "";
    const colon = serialHex.match(/../g)?.join(":") ?? "";
    await pca.send(
      new RevokeCertificateCommand({
        CertificateAuthorityArn: subArn,
        CertificateSerial: colon,
        RevocationReason: "KEY_COMPROMISE",
      }),
    );
    await assert.rejects(
      pca.send(
        new RevokeCertificateCommand({
          CertificateAuthorityArn: subArn,
          CertificateSerial: serialHex,
          RevocationReason: "SUPERSEDED",
        }),
      ),
      { name: "RequestAlreadyProcessedException" },
    );
    await assert.rejects(
      pca.send(
        new RevokeCertificateCommand({
          CertificateAuthorityArn: subArn,
          CertificateSerial: "01",
          RevocationReason: "SUPERSEDED",
        }),
      ),
      { name: "ResourceNotFoundException" },
    );
    const got = await untilIssued(() =>
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: subArn, CertificateArn })),
    );
    assert.ok(got.Certificate);
  });

  it("should page ListCertificateAuthorities and reject a bad NextToken", async () => {
    const first = await pca.send(new ListCertificateAuthoritiesCommand({ MaxResults: 1 }));
    assert.equal(first.CertificateAuthorities?.length, 1);
    assert.ok(first.NextToken);
    const second = await pca.send(
      new ListCertificateAuthoritiesCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );
    assert.notEqual(second.CertificateAuthorities?.[0]?.Arn, first.CertificateAuthorities[0]!.Arn);
    await assert.rejects(pca.send(new ListCertificateAuthoritiesCommand({ NextToken: "bogus" })), {
      name: "InvalidNextTokenException",
    });
  });

  it("should answer ResourceNotFoundException, InvalidArnException and ValidationException for bad CA ARNs", async () => {
    const unknown =
      "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000";
    await assert.rejects(describeCa(unknown), { name: "ResourceNotFoundException" });
    await assert.rejects(describeCa("arn:aws:acm-pca:us-east-1:123456789012:something/else"), {
      name: "InvalidArnException",
    });
    await assert.rejects(describeCa("not-an-arn"), {
      name: "ValidationException",
      message:
        /at 'certificateAuthorityArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    });
  });
});
