import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { Registry } from "prom-client";

import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import { RetryableError, SigningService } from "../../operator/pca/index.ts";
import type { SigningIssuer } from "../../operator/pca/index.ts";
import { emulatorIssuer, makeCsr, request } from "./kit.ts";
import type { TestCsr } from "./kit.ts";

/** The value of one exposition line, e.g. `awspca_throttles_total{operation="IssueCertificate"}`. */
async function sample(registry: Registry, series: string): Promise<number> {
  const text = await registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe("SigningService under load against the emulator", () => {
  let emu: Emulator;
  let ca: string;
  let issuer: SigningIssuer;
  let csr: TestCsr;

  before(async () => {
    emu = await startEmulator({ settings: { issueDelayMs: 0 } });
    const root = await emu.createRootCa("EC_prime256v1", { validityDays: 365 });
    ca = await emu.createSubordinateCa(root, "EC_prime256v1", { validityDays: 200 });
    issuer = emulatorIssuer(emu, ca);
    csr = await makeCsr("p256", "load.example.com");
  });
  after(async () => {
    await emu.stop();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.counters.reset();
  });

  it("should classify a throttled IssueCertificate as retryable when AWS throttles it", async () => {
    const service = new SigningService({ endpoint: emu.endpoint, maxAttempts: 1 });
    try {
      emu.faults.failNext("IssueCertificate", {
        code: "ThrottlingException",
        message: "Rate exceeded",
      });
      await assert.rejects(service.issue(issuer, request(csr.pem)), (err: unknown) => {
        assert.ok(err instanceof RetryableError);
        assert.equal(err.throttled, true);
        assert.equal(err.awsName, "ThrottlingException");
        assert.equal(err.awsMessage, "Rate exceeded");
        return true;
      });
    } finally {
      service.close();
    }
  });

  it("should issue exactly once per request when half the IssueCertificate calls are throttled", async () => {
    const registry = new Registry();
    const service = new SigningService({
      endpoint: emu.endpoint,
      maxAttempts: 1,
      rateLimiting: false,
      registry,
    });
    try {
      const requests = Array.from({ length: 10 }, () => request(csr.pem));
      emu.faults.failNext("IssueCertificate", { code: "ThrottlingException" }, requests.length);
      const results = await Promise.all(
        requests.map((r) => service.sign(issuer, r, { initialBackoffMs: 20 })),
      );

      assert.equal(new Set(results.map((r) => r.certificateArn)).size, requests.length);
      assert.equal(emu.counters.count("IssueCertificate", "ThrottlingException"), 10);
      assert.equal(emu.counters.count("IssueCertificate", "ok"), 10);
      assert.equal(emu.counters.issuedBy(ca), 10);
      const throttles = await sample(
        registry,
        'awspca_throttles_total{operation="IssueCertificate"}',
      );
      assert.equal(throttles, 10);
    } finally {
      service.close();
    }
  });

  it("should still issue once per request when a low quota throttles a burst and SDK retries are on", async () => {
    emu.faults.setRate("IssueCertificate", 5);
    const service = new SigningService({
      endpoint: emu.endpoint,
      maxAttempts: 2,
      rateLimiting: false,
    });
    try {
      const requests = Array.from({ length: 15 }, () => request(csr.pem));
      await Promise.all(requests.map((r) => service.sign(issuer, r, { initialBackoffMs: 100 })));
      assert.ok(emu.counters.count("IssueCertificate", "ThrottlingException") > 0, "was throttled");
      assert.equal(emu.counters.issuedBy(ca), 15);
    } finally {
      service.close();
    }
  });

  it("should keep a burst of 60 issues under the 25/s quota with no throttling when the limiter is on", async () => {
    const registry = new Registry();
    // This caller has no queue to come back through, so it waits in place however long.
    const service = new SigningService({
      endpoint: emu.endpoint,
      maxAttempts: 1,
      registry,
      maxRateLimitWaitMs: Number.POSITIVE_INFINITY,
    });
    try {
      const started = Date.now();
      const requests = Array.from({ length: 60 }, () => request(csr.pem));
      const issued = await Promise.all(requests.map((r) => service.issue(issuer, r)));
      const elapsedMs = Date.now() - started;
      await Promise.all(issued.map((i) => service.fetch(issuer, i.certificateArn)));

      assert.equal(emu.counters.count("IssueCertificate", "ThrottlingException"), 0);
      assert.equal(emu.counters.count("GetCertificate", "ThrottlingException"), 0);
      assert.equal(emu.counters.issuedBy(ca), 60);
      // 24 at once, then 36 more at 24/s: about 1.5 s.
      assert.ok(
        elapsedMs >= 1400,
        `60 at 24/s after a burst of 24 takes ~1.5 s, took ${elapsedMs}`,
      );
      const waited = await sample(
        registry,
        'awspca_rate_limiter_wait_seconds_sum{operation="IssueCertificate"}',
      );
      assert.ok(waited > 0, "waits were recorded");
    } finally {
      service.close();
    }
  });

  it("should count every attempt by outcome when the SDK retries a 5xx", async () => {
    const registry = new Registry();
    const service = new SigningService({ endpoint: emu.endpoint, maxAttempts: 2, registry });
    try {
      emu.faults.failNext("IssueCertificate", { code: "InternalFailure" });
      await service.issue(issuer, request(csr.pem));
      const calls = (outcome: string): Promise<number> =>
        sample(
          registry,
          `awspca_api_calls_total{operation="IssueCertificate",outcome="${outcome}"}`,
        );
      assert.equal(await calls("InternalFailure"), 1);
      assert.equal(await calls("ok"), 1);
      const requests = await sample(
        registry,
        'awspca_issuance_requests_total{step="issue",outcome="success"}',
      );
      assert.equal(requests, 1);
    } finally {
      service.close();
    }
  });

  it("should not retry a certificate-count LimitExceededException when the SDK would", async () => {
    const service = new SigningService({ endpoint: emu.endpoint, maxAttempts: 3 });
    try {
      emu.faults.failNext("IssueCertificate", { code: "LimitExceededException" }, 3);
      await assert.rejects(service.issue(issuer, request(csr.pem)), /rejected/);
      assert.equal(emu.counters.count("IssueCertificate", "LimitExceededException"), 1);
    } finally {
      service.close();
    }
  });
});
