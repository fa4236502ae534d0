import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("should default every flag when given no arguments", () => {
    const saved = process.env.POD_NAMESPACE;
    delete process.env.POD_NAMESPACE;
    try {
      const config = parseConfig([]);
      assert.equal(config.metricsBindAddress, ":8080");
      assert.equal(config.healthProbeBindAddress, ":8081");
      assert.equal(config.leaderElect, false);
      assert.equal(config.leaderElectionNamespace, "cert-manager");
      assert.equal(config.disableApprovedCheck, false);
      assert.equal(config.disableClientSideRateLimiting, false);
      assert.equal(config.maxConcurrentReconciles, 64);
      assert.equal(config.issuerRecheckIntervalMs, 300_000);
      assert.equal(config.pcaIssueRate, 24);
    } finally {
      if (saved !== undefined) process.env.POD_NAMESPACE = saved;
    }
  });

  it("should accept the Go peer's flags unchanged when a deployment passes them", () => {
    const config = parseConfig([
      "--metrics-bind-address=:9090",
      "--health-probe-bind-address=:9091",
      "--leader-elect",
      "--disable-approved-check",
      "--disable-client-side-rate-limiting",
    ]);
    assert.equal(config.metricsBindAddress, ":9090");
    assert.equal(config.healthProbeBindAddress, ":9091");
    assert.equal(config.leaderElect, true);
    assert.equal(config.disableApprovedCheck, true);
    assert.equal(config.disableClientSideRateLimiting, true);
  });

  it("should parse durations and numbers when given in their flag forms", () => {
    const config = parseConfig([
      "--issuer-recheck-interval=90s",
      "--max-concurrent-reconciles",
      "4",
    ]);
    assert.equal(config.issuerRecheckIntervalMs, 90_000);
    assert.equal(config.maxConcurrentReconciles, 4);
  });

  it("should reject a malformed value when a flag is mistyped", () => {
    assert.throws(() => parseConfig(["--max-concurrent-reconciles=0"]), /at least 1/);
    assert.throws(() => parseConfig(["--issuer-recheck-interval=soon"]), /Go duration/);
    assert.throws(() => parseConfig(["--no-such-flag"]), /unknown option/);
  });
});
