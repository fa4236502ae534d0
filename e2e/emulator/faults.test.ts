import {
  DescribeCertificateAuthorityCommand,
  GetCertificateCommand,
  IssueCertificateCommand,
  ListCertificateAuthoritiesCommand,
  type ACMPCAClient,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import { pcaClient, quickCsr } from "./test-kit.ts";

describe("quotas, faults and counters", () => {
  let emu: Emulator;
  let pca: ACMPCAClient;
  let ca: string;

  before(async () => {
    emu = await startEmulator({ settings: { issueDelayMs: 0 } });
    ca = await emu.createSubordinateCa(await emu.createRootCa(), "EC_prime256v1");
    pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
  });
  afterEach(() => {
    emu.faults.reset();
    emu.counters.reset();
  });
  after(async () => {
    pca.destroy();
    await emu.stop();
  });

  const issue = (client = pca, template?: string) =>
    client.send(
      new IssueCertificateCommand({
        CertificateAuthorityArn: ca,
        Csr: Buffer.from(quickCsr()),
        SigningAlgorithm: "SHA256WITHECDSA",
        Validity: { Type: "DAYS", Value: 1 },
        ...(template === undefined
          ? {}
          : { TemplateArn: `arn:aws:acm-pca:::template/${template}/V1` }),
      }),
    );
  const describeCa = () =>
    pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: ca }));
  const outcomes = async (n: number, call: () => Promise<unknown>) =>
    (await Promise.allSettled(Array.from({ length: n }, call))).map((r) =>
      r.status === "fulfilled" ? "ok" : (r.reason as Error).name,
    );

  it("should throttle IssueCertificate at 25 per second by default with ThrottlingException", async () => {
    const started = Date.now();
    const results = await outcomes(60, () => issue());
    const elapsedS = (Date.now() - started) / 1000;
    const ok = results.filter((r) => r === "ok").length;
    const throttled = results.filter((r) => r === "ThrottlingException").length;
    assert.ok(ok >= 25 && ok <= 25 + Math.ceil(25 * elapsedS), `ok=${ok} in ${elapsedS}s`);
    assert.equal(ok + throttled, 60);
    assert.equal(emu.counters.count("IssueCertificate", "ThrottlingException"), throttled);
  });

  it("should let every call through with throttling switched off", async () => {
    emu.faults.configure({ throttling: false });
    const results = await outcomes(40, () => issue());
    assert.deepEqual(new Set(results), new Set(["ok"]));
  });

  it("should apply a per-operation rate and let the SDK's retries ride it out", async () => {
    emu.faults.setRate("DescribeCertificateAuthority", 2);
    assert.deepEqual(await outcomes(3, describeCa), ["ok", "ok", "ThrottlingException"]);
    const retrying = pcaClient(emu.endpoint, emu.defaultAccessKey, { maxAttempts: 5 });
    await retrying.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: ca }));
    retrying.destroy();
  });

  it("should add latency per operation", async () => {
    emu.faults.configure({ latencyMs: { DescribeCertificateAuthority: 250 } });
    const t = Date.now();
    await describeCa();
    assert.ok(Date.now() - t >= 240);
  });

  it("should answer a share of calls with 5xx server faults", async () => {
    emu.faults.configure({ serverErrorRate: 1, faultOperations: ["DescribeCertificateAuthority"] });
    await assert.rejects(
      describeCa(),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.ok(["InternalFailure", "ServiceUnavailable"].includes(err.name), err.name);
        assert.ok([500, 503].includes(err.$metadata?.httpStatusCode ?? 0));
        return true;
      },
    );
    await pca.send(new ListCertificateAuthoritiesCommand({}));
  });

  it("should drop a share of connections", async () => {
    emu.faults.configure({ dropRate: 1 });
    await assert.rejects(describeCa());
    assert.equal(emu.counters.count("DescribeCertificateAuthority", "dropped"), 1);
  });

  it("should deny chosen access keys and templates with AccessDeniedException", async () => {
    const other = emu.addAccessKey({ userName: "bob" });
    const bob = pcaClient(emu.endpoint, other);
    emu.faults.configure({ deniedAccessKeys: [other.accessKeyId], throttling: false });
    await assert.rejects(issue(bob), { name: "AccessDeniedException" });
    await issue();
    emu.faults.configure({ deniedAccessKeys: [], deniedTemplates: ["CodeSigningCertificate/V1"] });
    await assert.rejects(issue(bob, "CodeSigningCertificate"), { name: "AccessDeniedException" });
    await issue(bob, "EndEntityServerAuthCertificate");
    emu.faults.configure({ deniedTemplates: [], deniedPrincipals: [other.principalArn] });
    await assert.rejects(issue(bob), {
      name: "AccessDeniedException",
      message: /^User: arn:aws:iam::123456789012:user\/bob is not authorized/,
    });
    await issue();
    assert.equal(emu.counters.countByAccessKey(other.accessKeyId, "IssueCertificate"), 4);
    bob.destroy();
  });

  it("should answer queued one-off errors in order, then recover", async () => {
    emu.faults.failNext("GetCertificate", { code: "RequestFailedException", message: "boom" });
    emu.faults.failNext("GetCertificate", { code: "InternalFailure" });
    const { CertificateArn } = await issue();
    const get = () =>
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: ca, CertificateArn }));
    await assert.rejects(get(), { name: "RequestFailedException", message: "boom" });
    await assert.rejects(get(), { name: "InternalFailure" });
    assert.ok((await get()).Certificate);
    const snap = emu.counters.snapshot();
    assert.deepEqual(snap.calls.GetCertificate, {
      RequestFailedException: 1,
      InternalFailure: 1,
      ok: 1,
    });
    assert.equal(snap.certificatesIssued[ca], 1);
  });

  it("should be driven over the admin HTTP endpoint", async () => {
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${emu.endpoint}/_emulator/${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await admin("GET", "health")).status, 200);
    await admin("POST", "faults", { throttling: false, latencyMs: { "*": 0 } });
    assert.equal(emu.faults.current.throttling, false);
    await admin("POST", "faults/fail-next", {
      operation: "DescribeCertificateAuthority",
      code: "ThrottlingException",
    });
    await assert.rejects(describeCa(), { name: "ThrottlingException" });
    const counters = await admin("GET", "counters");
    assert.deepEqual(
      (counters.body.calls as Record<string, unknown>).DescribeCertificateAuthority,
      { ThrottlingException: 1 },
    );

    const root = await admin("POST", "cas/root", { keyAlgorithm: "EC_prime256v1" });
    const sub = await admin("POST", "cas/subordinate", {
      parentArn: root.body.arn,
      keyAlgorithm: "EC_prime256v1",
    });
    assert.equal(emu.describeCa(String(sub.body.arn)).status, "ACTIVE");
    await admin("POST", "cas/status", { arn: sub.body.arn, status: "DISABLED" });
    assert.equal(emu.describeCa(String(sub.body.arn)).status, "DISABLED");

    const key = await admin("POST", "access-keys", { userName: "carol" });
    const carol = pcaClient(
      emu.endpoint,
      key.body as { accessKeyId: string; secretAccessKey: string },
    );
    await carol.send(new ListCertificateAuthoritiesCommand({}));
    carol.destroy();
    await admin("POST", "settings", { issueDelayMs: 5 });
    assert.equal(emu.settings.issueDelayMs, 5);
    emu.settings.issueDelayMs = 0;
    assert.equal((await admin("GET", "nope")).status, 404);
    await admin("POST", "counters/reset");
    assert.equal(emu.counters.count("DescribeCertificateAuthority"), 0);
  });
});
