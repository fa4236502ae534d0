import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";

import { PcaMetrics } from "./metrics.ts";

async function line(registry: Registry, series: string): Promise<string | undefined> {
  return (await registry.metrics()).split("\n").find((l) => l.startsWith(`${series} `));
}

describe("PcaMetrics", () => {
  it("should register in the injected registry when constructed", async () => {
    const registry = new Registry();
    const metrics = new PcaMetrics(registry);
    metrics.recordRequest("issue", "permanent");
    assert.equal(
      await line(registry, 'awspca_issuance_requests_total{step="issue",outcome="permanent"}'),
      'awspca_issuance_requests_total{step="issue",outcome="permanent"} 1',
    );
  });

  it("should count a throttle when a throttled attempt is recorded", async () => {
    const registry = new Registry();
    const metrics = new PcaMetrics(registry);
    metrics.recordCall("IssueCertificate", "ThrottlingException", 0.01, true);
    metrics.recordCall("IssueCertificate", "ok", 0.01, false);
    assert.ok(await line(registry, 'awspca_throttles_total{operation="IssueCertificate"}'));
    assert.match(
      (await line(registry, 'awspca_throttles_total{operation="IssueCertificate"}')) ?? "",
      / 1$/,
    );
  });

  it("should observe seconds from creation to Ready when observeReady is called", async () => {
    const registry = new Registry();
    const metrics = new PcaMetrics(registry);
    metrics.observeReady(1_000, 3_500);
    assert.equal(
      await line(registry, "awspca_certificate_request_ready_seconds_sum"),
      "awspca_certificate_request_ready_seconds_sum 2.5",
    );
  });

  it("should allow two services in one process when each has its own registry", () => {
    assert.doesNotThrow(() => [new PcaMetrics(), new PcaMetrics()]);
  });
});
