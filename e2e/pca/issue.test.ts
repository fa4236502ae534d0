import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  IssuerError,
  PATH_LENGTH_ANNOTATION,
  PendingError,
  PermanentError,
  RetryableError,
  SigningService,
} from "../../operator/pca/index.ts";
import type { SigningIssuer } from "../../operator/pca/index.ts";
import { EKU, certs, emulatorIssuer, makeCsr, pathLengthOf, request, spkiOf } from "./kit.ts";
import type { CsrKeyKind } from "./kit.ts";

describe("SigningService against the emulator", () => {
  let emu: Emulator;
  let service: SigningService;
  let root: string;
  let ecCa: string;
  let rsaCa: string;
  let ecIssuer: SigningIssuer;

  before(async () => {
    emu = await startEmulator({ settings: { issueDelayMs: 50 } });
    root = await emu.createRootCa("EC_secp384r1", { validityDays: 365 });
    ecCa = await emu.createSubordinateCa(root, "EC_prime256v1", { validityDays: 200 });
    rsaCa = await emu.createSubordinateCa(root, "RSA_2048", { validityDays: 200 });
    service = new SigningService({ endpoint: emu.endpoint, maxAttempts: 1 });
    ecIssuer = emulatorIssuer(emu, ecCa);
  });
  after(async () => {
    service.close();
    await emu.stop();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.counters.reset();
    emu.settings.issueDelayMs = 50;
  });

  const matrix: [string, () => string, CsrKeyKind, string][] = [
    ["EC", () => ecCa, "rsa2048", "1h"],
    ["EC", () => ecCa, "p256", "24h"],
    ["RSA", () => rsaCa, "rsa2048", "2160h"],
    ["RSA", () => rsaCa, "p384", "90m"],
  ];
  for (const [caKind, caArn, csrKind, duration] of matrix) {
    it(`should issue a verifiable ${csrKind} certificate for ${duration} when the CA key is ${caKind}`, async () => {
      const issuer = emulatorIssuer(emu, caArn());
      const csr = await makeCsr(csrKind, `${csrKind}.example.com`);
      const req = request(csr.pem, { duration, usages: ["server auth"] });

      const issued = await service.issue(issuer, req);
      const out = await service.sign(issuer, req, { certificateArn: issued.certificateArn });

      const [leaf, ...intermediates] = certs(out.certificatePem);
      const [ca] = certs(out.caPem);
      assert.ok(leaf && ca);
      assert.equal(intermediates.length, 1, "leaf + issuing CA in certificate");
      const issuing = intermediates[0]!;
      assert.ok(leaf.verify(issuing.publicKey), "leaf signed by the issuing CA");
      assert.ok(issuing.verify(ca.publicKey), "issuing CA signed by the root");
      assert.ok(ca.verify(ca.publicKey), "root is self-signed");
      assert.equal(spkiOf(leaf), csr.spkiBase64, "leaf carries the CSR's key");
      assert.equal(leaf.validToDate.getTime() / 1000, issued.validity.validity.Value);
      assert.deepEqual(leaf.keyUsage, [EKU.serverAuth]);
      assert.equal(leaf.subjectAltName, `DNS:${csrKind}.example.com`);
      const expected = caKind === "EC" ? "SHA256WITHECDSA" : "SHA256WITHRSA";
      assert.equal(issued.signingAlgorithm, expected);
    });
  }

  it("should put NotAfter exactly duration seconds after issuance when spec.duration is set", async () => {
    const csr = await makeCsr("p256", "exact.example.com");
    const before = Math.floor(Date.now() / 1000);
    const recorded: string[] = [];
    const out = await service.sign(ecIssuer, request(csr.pem, { duration: "1h2m3s" }), {
      onIssued: (arn) => {
        recorded.push(arn);
      },
    });
    const afterS = Math.floor(Date.now() / 1000);
    assert.deepEqual(recorded, [out.certificateArn], "the ARN is handed over before fetching");
    const notAfter = certs(out.certificatePem)[0]!.validToDate.getTime() / 1000;
    assert.ok(notAfter >= before + 3723 && notAfter <= afterS + 3723, `notAfter ${notAfter}`);
  });

  const ekuTable: [string, Parameters<typeof request>[1], string[]][] = [
    ["client-auth", { usages: ["client auth"] }, [EKU.clientAuth]],
    ["both", { usages: ["client auth", "server auth"] }, [EKU.serverAuth, EKU.clientAuth]],
    ["code-signing", { usages: ["code signing"] }, [EKU.codeSigning]],
  ];
  for (const [slug, extra, eku] of ekuTable) {
    it(`should carry the template's EKU when usages are ${slug}`, async () => {
      const csr = await makeCsr("p256", `${slug}.example.com`);
      const out = await service.sign(ecIssuer, request(csr.pem, extra));
      assert.deepEqual([...certs(out.certificatePem)[0]!.keyUsage].sort(), [...eku].sort());
    });
  }

  it("should issue a CA certificate with the annotated path length when a root signs it", async () => {
    const issuer = emulatorIssuer(emu, root, {
      allowedTemplates: ["SubordinateCACertificate_PathLen1/V1"],
    });
    const csr = await makeCsr("p384", "sub.example.com");
    const annotations = { [PATH_LENGTH_ANNOTATION]: "1" };
    const out = await service.sign(issuer, request(csr.pem, { isCA: true, annotations }));

    const chain = certs(out.certificatePem);
    assert.equal(chain.length, 1, "a root-issued certificate has no intermediates");
    assert.equal(out.chainPem, "");
    const [leaf, ca] = [chain[0]!, certs(out.caPem)[0]!];
    assert.equal(leaf.ca, true);
    assert.equal(pathLengthOf(leaf), 1);
    assert.ok(leaf.verify(ca.publicKey));
    assert.ok(leaf.checkIssued(ca));
  });

  it("should throw PendingError and then succeed when GetCertificate is still in progress", async () => {
    emu.settings.issueDelayMs = 400;
    const csr = await makeCsr("p256", "pending.example.com");
    const req = request(csr.pem);
    const { certificateArn } = await service.issue(ecIssuer, req);

    await assert.rejects(service.fetch(ecIssuer, certificateArn), (err: unknown) => {
      assert.ok(err instanceof PendingError);
      assert.equal(err.awsName, "RequestInProgressException");
      assert.ok(err.requeueAfterMs > 0);
      return true;
    });
    const out = await service.sign(ecIssuer, req, { certificateArn });
    assert.equal(out.certificateArn, certificateArn);
    assert.ok(emu.counters.count("GetCertificate", "RequestInProgressException") >= 1);
  });

  it("should return the same ARN and issue once when the same UID and CSR are sent twice", async () => {
    const csr = await makeCsr("p256", "same.example.com");
    const req = request(csr.pem);
    const a = await service.issue(ecIssuer, req);
    const b = await service.issue(ecIssuer, req);
    assert.equal(a.certificateArn, b.certificateArn);
    assert.equal(a.idempotencyToken, b.idempotencyToken);
    assert.equal(emu.counters.issuedBy(ecCa), 1);
  });

  it("should issue a different certificate when a request is re-created under the same name", async () => {
    const csr = await makeCsr("p256", "recreated.example.com");
    const first = await service.sign(ecIssuer, request(csr.pem, { uid: "uid-a", name: "ns/web" }));
    const second = await service.sign(ecIssuer, request(csr.pem, { uid: "uid-b", name: "ns/web" }));
    assert.notEqual(first.certificateArn, second.certificateArn);

    const newKey = await makeCsr("p256", "recreated.example.com");
    const third = await service.sign(
      ecIssuer,
      request(newKey.pem, { uid: "uid-c", name: "ns/web" }),
    );
    assert.equal(spkiOf(certs(third.certificatePem)[0]!), newKey.spkiBase64);
    assert.equal(emu.counters.issuedBy(ecCa), 3);
  });

  it("should fail permanently with AWS's message when the CSR is malformed", async () => {
    const csr = await makeCsr("p256", "broken.example.com");
    const body = csr.pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    const der = Buffer.from(body, "base64");
    der[der.length - 8] = (der[der.length - 8] ?? 0) ^ 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;

    await assert.rejects(service.issue(ecIssuer, request(tampered)), (err: unknown) => {
      assert.ok(err instanceof PermanentError);
      assert.equal(err.awsName, "MalformedCSRException");
      assert.ok(err.awsMessage !== undefined && err.awsMessage.length > 0);
      assert.ok(err.userMessage.endsWith(err.awsMessage), err.userMessage);
      return true;
    });
    assert.equal(emu.counters.issuedBy(ecCa), 0);
  });

  it("should throw IssuerError when the credentials are denied", async () => {
    emu.faults.configure({ deniedAccessKeys: [emu.defaultAccessKey.accessKeyId] });
    const csr = await makeCsr("p256", "denied.example.com");
    const issuer = emulatorIssuer(emu, ecCa, {}, "AWSPCAIssuer/ns/denied");
    await assert.rejects(service.issue(issuer, request(csr.pem)), (err: unknown) => {
      assert.ok(err instanceof IssuerError);
      assert.equal(err.awsName, "AccessDeniedException");
      return true;
    });
    service.release("AWSPCAIssuer/ns/denied");
  });

  it("should throw a retryable error when the CA is disabled", async () => {
    const csr = await makeCsr("p256", "disabled.example.com");
    const ca = await emu.createSubordinateCa(root, "EC_prime256v1", { validityDays: 30 });
    const issuer = emulatorIssuer(emu, ca);
    await service.sign(issuer, request(csr.pem));
    emu.setCaStatus(ca, "DISABLED");
    await assert.rejects(service.issue(issuer, request(csr.pem)), (err: unknown) => {
      assert.ok(err instanceof RetryableError && !(err instanceof IssuerError));
      assert.equal(err.awsName, "InvalidStateException");
      return true;
    });
    emu.setCaStatus(ca, "ACTIVE");
    await service.sign(issuer, request(csr.pem));
  });

  it("should shorten the lifetime to the CA's when the duration outlives the CA", async () => {
    const csr = await makeCsr("p256", "long.example.com");
    const out = await service.issue(ecIssuer, request(csr.pem, { duration: "87600h" }));
    assert.equal(out.validity.clamped, true);
    const signed = await service.sign(ecIssuer, request(csr.pem), {
      certificateArn: out.certificateArn,
    });
    const caNotAfter = certs(signed.certificatePem)[1]!.validToDate.getTime();
    assert.ok(certs(signed.certificatePem)[0]!.validToDate.getTime() <= caNotAfter);
  });

  it("should call DescribeCertificateAuthority once when many requests share a CA", async () => {
    const fresh = new SigningService({ endpoint: emu.endpoint });
    try {
      const csr = await makeCsr("p256", "cache.example.com");
      await Promise.all([1, 2, 3, 4, 5].map(() => fresh.issue(ecIssuer, request(csr.pem))));
      assert.equal(emu.counters.count("DescribeCertificateAuthority"), 1);
    } finally {
      fresh.close();
    }
  });

  it("should reach the emulator through AWS_ENDPOINT_URL_ACM_PCA when no endpoint is given", async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ACM_PCA;
    process.env.AWS_ENDPOINT_URL_ACM_PCA = emu.endpoint;
    const fromEnv = new SigningService();
    try {
      const csr = await makeCsr("p256", "env.example.com");
      const out = await fromEnv.sign(emulatorIssuer(emu, ecCa, {}, "env"), request(csr.pem));
      assert.match(out.certificateArn, /\/certificate\//);
    } finally {
      fromEnv.close();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ACM_PCA;
      else process.env.AWS_ENDPOINT_URL_ACM_PCA = saved;
    }
  });
});
