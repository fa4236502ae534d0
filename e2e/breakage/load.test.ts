/**
 * Breakage: a 300-request burst with slow PCA answers, and two operators (no leader election)
 * signing the same requests at once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createRequest,
  leafSpki,
  mapLimit,
  readyOf,
  runOperator,
  startBreakEnv,
  waitAllTerminal,
} from "./kit.ts";
import type { BreakEnv } from "./kit.ts";

const rejections: unknown[] = [];
process.on("unhandledRejection", (r) => rejections.push(r));

describe("breakage: load", { timeout: 110_000 }, () => {
  let env: BreakEnv;
  before(async () => {
    env = await startBreakEnv();
  });
  after(async () => {
    await env.stop();
  });

  it("should sign 300 requests once each with sane memory when PCA answers in 50 ms", async () => {
    env.emulator.faults.configure({ latencyMs: { "*": 50 } });
    const before = env.emulator.counters.snapshot();
    const heapBefore = process.memoryUsage().heapUsed;
    const names = Array.from({ length: 300 }, (_, i) => `load-${String(i)}`);
    const keys = await mapLimit(names, 16, async (n) => (await createRequest(env, n)).spki);
    const done = await waitAllTerminal(env, names, 80_000);
    names.forEach((n, i) => {
      const cr = done.get(n);
      assert.equal(cr && readyOf(cr)?.status, "True", n);
      assert.equal(cr && leafSpki(cr), keys[i]);
    });
    const after = env.emulator.counters.snapshot();
    const issued =
      (after.certificatesIssued[env.issuingArn] ?? 0) -
      (before.certificatesIssued[env.issuingArn] ?? 0);
    const ok = (after.calls.IssueCertificate?.ok ?? 0) - (before.calls.IssueCertificate?.ok ?? 0);
    assert.equal(issued, names.length);
    assert.equal(ok, names.length);
    assert.equal(after.calls.IssueCertificate?.ThrottlingException ?? 0, 0, "paced, not throttled");
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    assert.ok(grownMb < 200, `heap grew ${grownMb.toFixed(0)} MB`);
    env.emulator.faults.configure({ latencyMs: {} });
  });

  it("should issue one certificate per request when two operators without leader election sign at once", async () => {
    const second = runOperator(env.kc, env.emulator.endpoint, env.namespace);
    try {
      env.emulator.faults.configure({ latencyMs: { IssueCertificate: 100 } });
      const before = env.emulator.counters.snapshot();
      const names = Array.from({ length: 30 }, (_, i) => `twin-${String(i)}`);
      const keys = await mapLimit(names, 10, async (n) => (await createRequest(env, n)).spki);
      const done = await waitAllTerminal(env, names, 40_000);
      names.forEach((n, i) => {
        const cr = done.get(n);
        assert.equal(cr && readyOf(cr)?.status, "True", n);
        assert.equal(cr && leafSpki(cr), keys[i]);
      });
      const after = env.emulator.counters.snapshot();
      const issued =
        (after.certificatesIssued[env.issuingArn] ?? 0) -
        (before.certificatesIssued[env.issuingArn] ?? 0);
      assert.equal(issued, names.length, "the idempotency token makes the twin's call a replay");
      assert.deepEqual(rejections, []);
    } finally {
      env.emulator.faults.configure({ latencyMs: {} });
      await second.stop();
    }
  });
});
