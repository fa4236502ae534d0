import {
  GetCertificateCommand,
  IssueCertificateCommand,
  type ACMPCAClient,
  type IssueCertificateCommandInput,
  type SigningAlgorithm,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import {
  cert,
  certText,
  opensslCsr,
  opensslVerify,
  pcaClient,
  pemBlocks,
  quickCsr,
  rawNames,
  tamperCsr,
  untilIssued,
} from "./test-kit.ts";

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe("IssueCertificate", () => {
  let emu: Emulator;
  let pca: ACMPCAClient;
  let root: string;
  let issuing: string;
  let rsaIssuing: string;

  before(async () => {
    emu = await startEmulator({ throttling: false, settings: { issueDelayMs: 0 } });
    pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
    root = await emu.createRootCa("EC_secp384r1", { validityDays: 365 });
    issuing = await emu.createSubordinateCa(root, "EC_prime256v1", { validityDays: 100 });
    rsaIssuing = await emu.createSubordinateCa(root, "RSA_2048", { validityDays: 100 });
  });
  after(async () => {
    pca.destroy();
    await emu.stop();
  });

  type Input = Partial<IssueCertificateCommandInput>;
  async function issueArn(input: Input = {}): Promise<string> {
    const out = await pca.send(
      new IssueCertificateCommand({
        CertificateAuthorityArn: issuing,
        Csr: Buffer.from(quickCsr()),
        SigningAlgorithm: "SHA256WITHECDSA",
        Validity: { Type: "DAYS", Value: 10 },
        ...input,
      }),
    );
    return out.CertificateArn ?? "";
  }
  async function issue(input: Input = {}) {
    const caArn = input.CertificateAuthorityArn ?? issuing;
    const arn = await issueArn(input);
    const out = await untilIssued(() =>
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: caArn, CertificateArn: arn })),
    );
    return { arn, leaf: out.Certificate ?? "", chain: pemBlocks(out.CertificateChain ?? "") };
  }

  describe("validity", () => {
    it("should start one hour before issue and end after DAYS days", async () => {
      const t = Date.now();
      const c = cert((await issue({ Validity: { Type: "DAYS", Value: 10 } })).leaf);
      const nb = Date.parse(c.validFrom);
      const na = Date.parse(c.validTo);
      assert.ok(Math.abs(nb - (t - HOUR)) < 5000, `notBefore ${c.validFrom}`);
      assert.ok(Math.abs(na - (t + 10 * DAY)) < 5000, `notAfter ${c.validTo}`);
    });

    it("should add calendar months for MONTHS and years for YEARS", async () => {
      const t = new Date();
      const m = cert((await issue({ Validity: { Type: "MONTHS", Value: 2 } })).leaf);
      const expected = new Date(t);
      expected.setUTCMonth(expected.getUTCMonth() + 2);
      assert.ok(Math.abs(Date.parse(m.validTo) - expected.getTime()) < 5000);
      const longCa = await emu.createSubordinateCa(root, "EC_prime256v1", { validityDays: 364 });
      await assert.rejects(
        issue({ CertificateAuthorityArn: longCa, Validity: { Type: "YEARS", Value: 1 } }),
        { name: "ValidationException" },
      );
    });

    it("should honour ABSOLUTE, END_DATE (UTCTime and GeneralizedTime) and ValidityNotBefore", async () => {
      const end = Math.floor(Date.now() / 1000) + 5 * 86400;
      const abs = cert((await issue({ Validity: { Type: "ABSOLUTE", Value: end } })).leaf);
      assert.equal(Date.parse(abs.validTo), end * 1000);

      const d = new Date(Date.now() + 20 * DAY);
      const pad = (n: number) => String(n).padStart(2, "0");
      const ymd = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}235959`;
      const utc = cert(
        (
          await issue({
            Validity: {
              Type: "END_DATE",
              Value: Number(`${String(d.getUTCFullYear()).slice(2)}${ymd}`),
            },
          })
        ).leaf,
      );
      const gen = cert(
        (
          await issue({
            Validity: { Type: "END_DATE", Value: Number(`${d.getUTCFullYear()}${ymd}`) },
          })
        ).leaf,
      );
      const want = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59);
      assert.equal(Date.parse(utc.validTo), want);
      assert.equal(Date.parse(gen.validTo), want);

      const nb = Math.floor(Date.now() / 1000) - 3 * 86400;
      const withNb = cert(
        (await issue({ ValidityNotBefore: { Type: "ABSOLUTE", Value: nb } })).leaf,
      );
      assert.equal(Date.parse(withNb.validFrom), nb * 1000);
    });

    it("should reject validity beyond the CA certificate with ValidationException", async () => {
      await assert.rejects(issue({ Validity: { Type: "DAYS", Value: 101 } }), {
        name: "ValidationException",
      });
    });

    it("should use the configured error name for validity beyond the CA", async () => {
      emu.settings.validityLimitError = "InvalidArgsException";
      try {
        await assert.rejects(issue({ Validity: { Type: "DAYS", Value: 500 } }), {
          name: "InvalidArgsException",
        });
      } finally {
        emu.settings.validityLimitError = "ValidationException";
      }
    });

    it("should reject Validity.Value 0 with ValidationException", async () => {
      await assert.rejects(issue({ Validity: { Type: "DAYS", Value: 0 } }), {
        name: "ValidationException",
        message:
          /Value '0' at 'validity.value' failed to satisfy constraint: Member must have value greater than or equal to 1/,
      });
    });

    it("should cap a short-lived-mode CA at 7 days", async () => {
      const shortCa = await emu.createSubordinateCa(root, "EC_prime256v1", {
        usageMode: "SHORT_LIVED_CERTIFICATE",
        validityDays: 30,
      });
      await issue({ CertificateAuthorityArn: shortCa, Validity: { Type: "DAYS", Value: 6 } });
      await assert.rejects(
        issue({ CertificateAuthorityArn: shortCa, Validity: { Type: "DAYS", Value: 8 } }),
        { name: "ValidationException" },
      );
    });
  });

  describe("signing algorithm", () => {
    it("should sign with any hash of the CA key's family", async () => {
      const ec = await issue({ SigningAlgorithm: "SHA512WITHECDSA" });
      assert.match(certText(ec.leaf), /Signature Algorithm: ecdsa-with-SHA512/);
      const rsa = await issue({
        CertificateAuthorityArn: rsaIssuing,
        SigningAlgorithm: "SHA384WITHRSA",
      });
      assert.match(certText(rsa.leaf), /Signature Algorithm: sha384WithRSAEncryption/);
      const pss = await issue({
        CertificateAuthorityArn: rsaIssuing,
        SigningAlgorithm: "SHA256WITHRSA_PSS" as SigningAlgorithm,
      });
      assert.match(certText(pss.leaf), /Signature Algorithm: rsassaPss/);
      for (const r of [ec, rsa, pss]) assert.match(opensslVerify(r.leaf, r.chain), /OK/);
    });

    it("should reject a signing algorithm of the wrong family with InvalidArgsException", async () => {
      await assert.rejects(issue({ SigningAlgorithm: "SHA256WITHRSA" }), {
        name: "InvalidArgsException",
      });
      await assert.rejects(
        issue({ CertificateAuthorityArn: rsaIssuing, SigningAlgorithm: "SHA256WITHECDSA" }),
        { name: "InvalidArgsException" },
      );
    });

    it("should reject an unknown signing algorithm with ValidationException", async () => {
      await assert.rejects(issue({ SigningAlgorithm: "MD5WITHRSA" as "SHA256WITHRSA" }), {
        name: "ValidationException",
        message: /enum value set/,
      });
    });
  });

  describe("CSR checks", () => {
    const cases: [string, () => string, string][] = [
      ["garbage", () => "not a csr", "MalformedCSRException"],
      [
        "a PEM block that is not DER",
        () => "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
        "MalformedCSRException",
      ],
      ["a bad signature", () => tamperCsr(quickCsr()), "MalformedCSRException"],
      [
        "a bad RSA signature",
        () => tamperCsr(opensslCsr("rsa2048", "/CN=r")),
        "MalformedCSRException",
      ],
      [
        "a bad P-521 signature",
        () => tamperCsr(opensslCsr("p521", "/CN=p")),
        "MalformedCSRException",
      ],
      ["neither subject nor SAN", () => opensslCsr("p256", ""), "MalformedCSRException"],
      ["an RSA-1024 key", () => opensslCsr("rsa1024", "/CN=weak"), "MalformedCSRException"],
      ["an Ed25519 key", () => opensslCsr("ed25519", "/CN=ed"), "MalformedCSRException"],
      ["more than 32768 bytes", () => quickCsr() + " ".repeat(33000), "ValidationException"],
    ];
    for (const [what, csr, name] of cases) {
      it(`should answer ${name} for a CSR with ${what}`, async () => {
        await assert.rejects(issue({ Csr: Buffer.from(csr()) }), { name });
      });
    }

    it("should accept RSA-2048, P-384 and P-521 CSR keys", async () => {
      for (const key of ["rsa2048", "p384", "p521"] as const) {
        const r = await issue({ Csr: Buffer.from(opensslCsr(key, `/CN=${key}.example`)) });
        assert.match(opensslVerify(r.leaf, r.chain), /OK/);
      }
    });
  });

  describe("idempotency and ARNs", () => {
    it("should return the original ARN for a repeated token and issue once", async () => {
      const before = emu.counters.issuedBy(issuing);
      const [a, b] = await Promise.all([
        issueArn({ IdempotencyToken: "tok-1" }),
        issueArn({ IdempotencyToken: "tok-1" }),
      ]);
      const c = await issueArn({ IdempotencyToken: "tok-1", Validity: { Type: "DAYS", Value: 3 } });
      assert.equal(a, b);
      assert.equal(a, c);
      assert.equal(emu.counters.issuedBy(issuing), before + 1);
      assert.notEqual(await issueArn({ IdempotencyToken: "tok-2" }), a);
      assert.notEqual(
        await issueArn({
          IdempotencyToken: "tok-1",
          CertificateAuthorityArn: rsaIssuing,
          SigningAlgorithm: "SHA256WITHRSA",
        }),
        a,
      );
    });

    it("should forget a token after the window", async () => {
      emu.settings.idempotencyWindowMs = 100;
      try {
        const a = await issueArn({ IdempotencyToken: "short" });
        await new Promise((r) => setTimeout(r, 150));
        assert.notEqual(await issueArn({ IdempotencyToken: "short" }), a);
      } finally {
        emu.settings.idempotencyWindowMs = 300_000;
      }
    });

    it("should reject a token over 36 characters with the front end's message", async () => {
      const token = "x".repeat(37);
      await assert.rejects(issueArn({ IdempotencyToken: token }), {
        name: "ValidationException",
        message: `1 validation error detected: Value '${token}' at 'idempotencyToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
      });
    });

    it("should end the certificate ARN in the 32-hex serial of the certificate", async () => {
      const { arn, leaf } = await issue();
      const m = /^(.+)\/certificate\/([0-9a-f]{32})$/.exec(arn);
      assert.ok(m, arn);
      assert.equal(m[1], issuing);
      assert.equal(cert(leaf).serialNumber.toLowerCase(), m[2]);
    });
  });

  describe("asynchronous issuance", () => {
    it("should answer RequestInProgressException until the issue delay has passed", async () => {
      emu.settings.issueDelayMs = 300;
      try {
        const arn = await issueArn();
        const get = () =>
          pca.send(
            new GetCertificateCommand({ CertificateAuthorityArn: issuing, CertificateArn: arn }),
          );
        await assert.rejects(get(), { name: "RequestInProgressException" });
        await new Promise((r) => setTimeout(r, 320));
        assert.ok((await get()).Certificate);
      } finally {
        emu.settings.issueDelayMs = 0;
      }
    });

    it("should answer ResourceNotFoundException for an unknown certificate", async () => {
      const arn = `${issuing}/certificate/${"0".repeat(32)}`;
      await assert.rejects(
        pca.send(
          new GetCertificateCommand({ CertificateAuthorityArn: issuing, CertificateArn: arn }),
        ),
        {
          name: "ResourceNotFoundException",
        },
      );
    });
  });

  describe("CA key algorithms", () => {
    it("should issue verifiable chains from every CA key algorithm (one RSA-4096)", async () => {
      const rsaRoot = await emu.createRootCa("RSA_4096", { validityDays: 365 });
      const subs = [
        ["RSA_3072", "SHA256WITHRSA"],
        ["EC_secp384r1", "SHA384WITHECDSA"],
        ["EC_secp521r1", "SHA512WITHECDSA"],
      ] as const;
      for (const [alg, signing] of subs) {
        const sub = await emu.createSubordinateCa(rsaRoot, alg, { validityDays: 100 });
        const r = await issue({ CertificateAuthorityArn: sub, SigningAlgorithm: signing });
        assert.equal(r.chain.length, 2, alg);
        assert.match(opensslVerify(r.leaf, r.chain), /OK/);
      }
    });

    it("should return the chain issuer first, root last, across three levels", async () => {
      const mid = await emu.createSubordinateCa(root, "EC_prime256v1", {
        pathLen: 1,
        validityDays: 200,
      });
      const low = await emu.createSubordinateCa(mid, "EC_prime256v1", { validityDays: 100 });
      const r = await issue({ CertificateAuthorityArn: low });
      assert.equal(r.chain.length, 3);
      assert.equal(
        cert(r.chain[0] ?? "").subject,
        cert(emu.describeCa(low).certificatePem ?? "").subject,
      );
      assert.equal(
        cert(r.chain[2] ?? "").subject,
        cert(emu.describeCa(root).certificatePem ?? "").subject,
      );
      assert.match(opensslVerify(r.leaf, r.chain), /OK/);
      // Byte-exact issuer/subject links, as strict verifiers (Go's crypto/x509) require.
      const links = [r.leaf, ...r.chain];
      for (let i = 0; i + 1 < links.length; i++) {
        assert.ok(rawNames(links[i]!).issuer.equals(rawNames(links[i + 1]!).subject), `link ${i}`);
      }
    });
  });
});
