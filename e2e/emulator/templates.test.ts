import {
  GetCertificateCommand,
  IssueCertificateCommand,
  type ACMPCAClient,
  type IssueCertificateCommandInput,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import {
  cert,
  extensionsOf,
  opensslCsr,
  opensslVerify,
  pcaClient,
  pemBlocks,
  quickCsr,
  untilIssued,
} from "./test-kit.ts";

const EE_KU = "Digital Signature, Key Encipherment";
const CA_KU = "Digital Signature, Certificate Sign, CRL Sign";
const SUFFIXES = ["", "_CSRPassthrough", "_APIPassthrough", "_APICSRPassthrough"];
const BLANK = ["_APIPassthrough", "_CSRPassthrough", "_APICSRPassthrough"];

interface Expected {
  template: string;
  bc: string;
  bcCritical: boolean;
  ku?: string;
  eku?: string;
  ekuCritical?: boolean;
  fromRoot: boolean;
}

/** The documented template table (facts §3), written out independently of the emulator's. */
function expectedTable(): Expected[] {
  const rows: Expected[] = [];
  const ee: [string, string, string, boolean][] = [
    [
      "EndEntityCertificate",
      EE_KU,
      "TLS Web Server Authentication, TLS Web Client Authentication",
      false,
    ],
    ["EndEntityServerAuthCertificate", EE_KU, "TLS Web Server Authentication", false],
    ["EndEntityClientAuthCertificate", EE_KU, "TLS Web Client Authentication", false],
    ["CodeSigningCertificate", "Digital Signature", "Code Signing", true],
    ["OCSPSigningCertificate", "Digital Signature", "OCSP Signing", true],
  ];
  for (const [family, ku, eku, ekuCritical] of ee) {
    for (const s of SUFFIXES) {
      rows.push({
        template: family + s,
        bc: "CA:FALSE",
        bcCritical: false,
        ku,
        eku,
        ekuCritical,
        fromRoot: false,
      });
    }
  }
  for (const n of [0, 1, 2, 3]) {
    for (const s of SUFFIXES) {
      const template = `SubordinateCACertificate_PathLen${n}${s}`;
      rows.push({
        template,
        bc: `CA:TRUE, pathlen:${n}`,
        bcCritical: true,
        ku: CA_KU,
        fromRoot: true,
      });
    }
    for (const s of BLANK) {
      const template = `BlankSubordinateCACertificate_PathLen${n}${s}`;
      rows.push({ template, bc: `CA:TRUE, pathlen:${n}`, bcCritical: true, fromRoot: true });
    }
  }
  for (const s of BLANK) {
    rows.push({
      template: `BlankEndEntityCertificate${s}`,
      bc: "CA:FALSE",
      bcCritical: false,
      fromRoot: false,
    });
    rows.push({
      template: `BlankEndEntityCertificate_CriticalBasicConstraints${s}`,
      bc: "CA:FALSE",
      bcCritical: true,
      fromRoot: false,
    });
  }
  return rows;
}

describe("IssueCertificate templates", () => {
  let emu: Emulator;
  let pca: ACMPCAClient;
  let root: string;
  let issuing: string;

  before(async () => {
    emu = await startEmulator({ throttling: false, settings: { issueDelayMs: 0 } });
    pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
    root = await emu.createRootCa("EC_prime256v1");
    issuing = await emu.createSubordinateCa(root, "EC_prime256v1");
  });
  after(async () => {
    pca.destroy();
    await emu.stop();
  });

  async function issue(
    input: Omit<IssueCertificateCommandInput, "SigningAlgorithm" | "Validity"> &
      Partial<IssueCertificateCommandInput>,
  ) {
    const { CertificateArn } = await pca.send(
      new IssueCertificateCommand({
        SigningAlgorithm: "SHA256WITHECDSA",
        Validity: { Type: "DAYS", Value: 7 },
        ...input,
      }),
    );
    const out = await untilIssued(() =>
      pca.send(
        new GetCertificateCommand({
          CertificateAuthorityArn: input.CertificateAuthorityArn,
          CertificateArn,
        }),
      ),
    );
    return {
      arn: CertificateArn ?? "",
      leaf: out.Certificate ?? "",
      chain: pemBlocks(out.CertificateChain ?? ""),
    };
  }

  for (const row of expectedTable()) {
    it(`should set the documented extensions when issuing with ${row.template}/V1`, async () => {
      const caArn = row.fromRoot ? root : issuing;
      const { leaf, chain } = await issue({
        CertificateAuthorityArn: caArn,
        Csr: Buffer.from(quickCsr()),
        TemplateArn: `arn:aws:acm-pca:::template/${row.template}/V1`,
      });
      const ext = extensionsOf(leaf);
      assert.equal(ext["X509v3 Basic Constraints"]?.value, row.bc);
      assert.equal(ext["X509v3 Basic Constraints"].critical, row.bcCritical);
      assert.equal(ext["X509v3 Key Usage"]?.value, row.ku);
      if (row.ku !== undefined) assert.equal(ext["X509v3 Key Usage"]?.critical, true);
      assert.equal(ext["X509v3 Extended Key Usage"]?.value, row.eku);
      if (row.eku !== undefined)
        assert.equal(ext["X509v3 Extended Key Usage"]?.critical, row.ekuCritical);
      assert.equal(ext["X509v3 Subject Alternative Name"]?.value, "DNS:test.example.com");

      const issuer = cert(chain[0] ?? "");
      const issuerSki = extensionsOf(chain[0] ?? "")["X509v3 Subject Key Identifier"]?.value;
      assert.ok(ext["X509v3 Subject Key Identifier"] !== undefined);
      assert.equal(ext["X509v3 Authority Key Identifier"]?.value.replace(/^keyid:/, ""), issuerSki);
      assert.ok(cert(leaf).verify(issuer.publicKey));
      assert.match(opensslVerify(leaf, chain, row.eku === undefined ? undefined : undefined), /OK/);
      assert.equal(cert(leaf).subject, "CN=test.example.com");
    });
  }

  it("should take KU, EKU, SANs, subject and custom extensions from the API with a Blank APIPassthrough template", async () => {
    const { leaf } = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(quickCsr()),
      TemplateArn: "arn:aws:acm-pca:::template/BlankEndEntityCertificate_APIPassthrough/V1",
      ApiPassthrough: {
        Subject: { CommonName: "api.example.com", Organization: "API Org", Country: "DE" },
        Extensions: {
          KeyUsage: { DigitalSignature: true, KeyAgreement: true },
          ExtendedKeyUsage: [
            { ExtendedKeyUsageType: "EMAIL_PROTECTION" },
            { ExtendedKeyUsageObjectIdentifier: "1.2.3.4.5" },
          ],
          SubjectAlternativeNames: [
            { DnsName: "api.example.com" },
            { IpAddress: "10.1.2.3" },
            { Rfc822Name: "ops@example.com" },
            { UniformResourceIdentifier: "spiffe://example.com/ns/a/sa/b" },
          ],
          CertificatePolicies: [{ CertPolicyId: "2.23.140.1.2.1" }],
          CustomExtensions: [
            {
              ObjectIdentifier: "1.3.6.1.4.1.99999.1",
              Value: Buffer.from([0x05, 0x00]).toString("base64"),
              Critical: false,
            },
          ],
        },
      },
    });
    const ext = extensionsOf(leaf);
    assert.equal(ext["X509v3 Key Usage"]?.value, "Digital Signature, Key Agreement");
    assert.equal(ext["X509v3 Extended Key Usage"]?.value, "E-mail Protection, 1.2.3.4.5");
    assert.equal(
      ext["X509v3 Subject Alternative Name"]?.value,
      "DNS:api.example.com, IP Address:10.1.2.3, email:ops@example.com, URI:spiffe://example.com/ns/a/sa/b",
    );
    assert.match(ext["X509v3 Certificate Policies"]?.value ?? "", /Policy: 2\.23\.140\.1\.2\.1/);
    assert.ok(ext["1.3.6.1.4.1.99999.1"] !== undefined);
    assert.equal(cert(leaf).subject, "C=DE\nO=API Org\nCN=api.example.com");
  });

  it("should copy KU and EKU from the CSR with a Blank CSRPassthrough template", async () => {
    const csr = opensslCsr(
      "p256",
      "/CN=csr.example.com",
      ["DNS:csr.example.com"],
      ["keyUsage=critical,digitalSignature,nonRepudiation", "extendedKeyUsage=timeStamping"],
    );
    const { leaf } = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(csr),
      TemplateArn: "arn:aws:acm-pca:::template/BlankEndEntityCertificate_CSRPassthrough/V1",
    });
    const ext = extensionsOf(leaf);
    assert.equal(ext["X509v3 Key Usage"]?.value, "Digital Signature, Non Repudiation");
    assert.equal(ext["X509v3 Extended Key Usage"]?.value, "Time Stamping");
  });

  it("should keep the template's KU/EKU over the CSR's with EndEntityCertificate_CSRPassthrough", async () => {
    const csr = opensslCsr(
      "p256",
      "/CN=csr.example.com",
      [],
      ["keyUsage=critical,keyAgreement", "extendedKeyUsage=codeSigning"],
    );
    const { leaf } = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(csr),
      TemplateArn: "arn:aws:acm-pca:::template/EndEntityCertificate_CSRPassthrough/V1",
    });
    const ext = extensionsOf(leaf);
    assert.equal(ext["X509v3 Key Usage"]?.value, EE_KU);
    assert.equal(
      ext["X509v3 Extended Key Usage"]?.value,
      "TLS Web Server Authentication, TLS Web Client Authentication",
    );
  });

  it("should ignore ApiPassthrough with a base template", async () => {
    const { leaf } = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(quickCsr()),
      ApiPassthrough: {
        Subject: { CommonName: "ignored" },
        Extensions: { SubjectAlternativeNames: [{ DnsName: "ignored.example" }] },
      },
    });
    assert.equal(cert(leaf).subject, "CN=test.example.com");
    assert.equal(
      extensionsOf(leaf)["X509v3 Subject Alternative Name"]?.value,
      "DNS:test.example.com",
    );
  });

  it("should let API SANs and subject win over the CSR's with an APICSRPassthrough template", async () => {
    const { leaf } = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(quickCsr()),
      TemplateArn: "arn:aws:acm-pca:::template/EndEntityServerAuthCertificate_APICSRPassthrough/V1",
      ApiPassthrough: {
        Subject: { CommonName: "override" },
        Extensions: { SubjectAlternativeNames: [{ DnsName: "override.example" }] },
      },
    });
    assert.equal(cert(leaf).subject, "CN=override");
    assert.equal(
      extensionsOf(leaf)["X509v3 Subject Alternative Name"]?.value,
      "DNS:override.example",
    );
  });

  it("should copy every SAN kind from the CSR and mark SAN critical when the subject is empty", async () => {
    const sans = [
      "DNS:a.example",
      "DNS:b.example",
      "IP:192.0.2.7",
      "IP:2001:db8::1",
      "email:x@example.com",
      "URI:https://example.com/x",
    ];
    const withSubject = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(opensslCsr("p384", "/CN=a.example/O=Org", sans)),
    });
    const ext = extensionsOf(withSubject.leaf);
    assert.equal(
      ext["X509v3 Subject Alternative Name"]?.value,
      "DNS:a.example, DNS:b.example, IP Address:192.0.2.7, IP Address:2001:DB8:0:0:0:0:0:1, email:x@example.com, URI:https://example.com/x",
    );
    assert.equal(ext["X509v3 Subject Alternative Name"].critical, false);
    assert.equal(cert(withSubject.leaf).subject, "CN=a.example\nO=Org");

    const sanOnly = await issue({
      CertificateAuthorityArn: issuing,
      Csr: Buffer.from(opensslCsr("p256", "", ["DNS:only.example"])),
    });
    assert.equal(cert(sanOnly.leaf).subject, "");
    assert.equal(extensionsOf(sanOnly.leaf)["X509v3 Subject Alternative Name"]?.critical, true);
  });

  it("should reject a GeneralName with two members set with InvalidArgsException", async () => {
    await assert.rejects(
      issue({
        CertificateAuthorityArn: issuing,
        Csr: Buffer.from(quickCsr()),
        TemplateArn: "arn:aws:acm-pca:::template/EndEntityCertificate_APIPassthrough/V1",
        ApiPassthrough: {
          Extensions: {
            SubjectAlternativeNames: [{ DnsName: "a.example", IpAddress: "10.0.0.1" }],
          },
        },
      }),
      { name: "InvalidArgsException" },
    );
  });

  it("should reject a subordinate template beyond the issuing CA's path length with InvalidArgsException", async () => {
    await assert.rejects(
      issue({
        CertificateAuthorityArn: issuing,
        Csr: Buffer.from(quickCsr()),
        TemplateArn: "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1",
      }),
      { name: "InvalidArgsException" },
    );
  });

  it("should reject an unknown template ARN with InvalidArgsException", async () => {
    await assert.rejects(
      issue({
        CertificateAuthorityArn: issuing,
        Csr: Buffer.from(quickCsr()),
        TemplateArn: "arn:aws:acm-pca:::template/NoSuchTemplate/V1",
      }),
      { name: "InvalidArgsException" },
    );
  });
});
