/**
 * The protocol cross-check: the same request/response-shape cases run against the emulator and
 * against moto's acmpca server. Where moto departs from the documented service the test pins both
 * behaviours, so MOTO-DIFFERENCES.md stays true to what was observed.
 */
import {
  DescribeCertificateAuthorityCommand,
  GetCertificateCommand,
  IssueCertificateCommand,
  ListCertificateAuthoritiesCommand,
  UpdateCertificateAuthorityCommand,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import { bootstrapRoot, DIFFERENCES, issueInput, UNKNOWN_CA, type Target } from "./moto-cases.ts";
import { startMoto, type MotoServer } from "./moto-server.ts";
import { cert, pcaClient, pemBlocks, untilIssued } from "./test-kit.ts";

describe("protocol cross-check against moto", () => {
  let emu: Emulator;
  let moto: MotoServer;
  const targets: Target[] = [];

  before(async () => {
    moto = await startMoto();
    emu = await startEmulator({ throttling: false, settings: { issueDelayMs: 100 } });
    targets.push({
      name: "emulator",
      pca: pcaClient(emu.endpoint, emu.defaultAccessKey),
      rootArn: "",
      rootPem: "",
    });
    targets.push({
      name: "moto",
      pca: pcaClient(moto.endpoint, { accessKeyId: "AKIAMOTO", secretAccessKey: "moto" }),
      rootArn: "",
      rootPem: "",
    });
  });
  after(async () => {
    for (const t of targets) t.pca.destroy();
    await Promise.all([emu.stop(), moto.stop()]);
  });

  describe("shared protocol cases", () => {
    for (const name of ["emulator", "moto"] as const) {
      const target = () => targets.find((t) => t.name === name)!;

      it(`[${name}] should bootstrap a root CA with the documented request and response shapes`, async () => {
        await bootstrapRoot(target());
      });

      it(`[${name}] should issue a leaf whose ARN extends the CA's and whose subject and SANs come from the CSR`, async () => {
        const t = target();
        const { CertificateArn = "", $metadata } = await t.pca.send(
          new IssueCertificateCommand(issueInput(t)),
        );
        assert.ok($metadata.requestId);
        assert.match(CertificateArn, new RegExp(`^${t.rootArn}/certificate/[0-9a-f]+$`));
        const out = await untilIssued(() =>
          t.pca.send(
            new GetCertificateCommand({ CertificateAuthorityArn: t.rootArn, CertificateArn }),
          ),
        );
        const leaf = cert(out.Certificate ?? "");
        assert.ok(leaf.verify(cert(t.rootPem).publicKey));
        assert.equal(leaf.subject, "CN=test.example.com");
        assert.equal(leaf.subjectAltName, "DNS:test.example.com");
        const chain = pemBlocks(out.CertificateChain ?? "");
        assert.deepEqual(
          chain.map((p) => cert(p).fingerprint256),
          [cert(t.rootPem).fingerprint256],
        );
      });

      it(`[${name}] should answer ResourceNotFoundException as a 400 JSON error for an unknown CA`, async () => {
        await assert.rejects(
          target().pca.send(
            new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: UNKNOWN_CA }),
          ),
          (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
            assert.equal(err.name, "ResourceNotFoundException");
            assert.equal(err.$metadata?.httpStatusCode, 400);
            return true;
          },
        );
      });

      it(`[${name}] should list the CA and toggle ACTIVE/DISABLED with UpdateCertificateAuthority`, async () => {
        const t = target();
        const list = await t.pca.send(new ListCertificateAuthoritiesCommand({}));
        assert.ok(list.CertificateAuthorities?.some((c) => c.Arn === t.rootArn));
        await t.pca.send(
          new UpdateCertificateAuthorityCommand({
            CertificateAuthorityArn: t.rootArn,
            Status: "DISABLED",
          }),
        );
        const d = await t.pca.send(
          new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: t.rootArn }),
        );
        assert.equal(d.CertificateAuthority?.Status, "DISABLED");
        await t.pca.send(
          new UpdateCertificateAuthorityCommand({
            CertificateAuthorityArn: t.rootArn,
            Status: "ACTIVE",
          }),
        );
      });
    }
  });

  describe("observed differences", () => {
    for (const [title, run, documented, motoObserved] of DIFFERENCES) {
      it(`should pin: ${title} (service: ${documented}; moto: ${motoObserved})`, async () => {
        const [e, m] = targets as [Target, Target];
        assert.equal(await run(e), documented, "emulator must match the documented service");
        assert.equal(
          await run(m),
          motoObserved,
          "moto's behaviour changed: update MOTO-DIFFERENCES.md",
        );
      });
    }
  });
});
