/**
 * Breakage: races between the operator and people changing requests under it. The whole
 * operator runs in-process against a private control plane and the PCA emulator.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { ANNOTATIONS } from "../../api/v1beta1/resources.ts";
import {
  createRequest,
  deleteRequest,
  deny,
  approve,
  getRequest,
  leafSpki,
  readyOf,
  startBreakEnv,
  waitRequest,
} from "./kit.ts";
import type { BreakEnv } from "./kit.ts";

const rejections: unknown[] = [];
process.on("unhandledRejection", (r) => rejections.push(r));

describe("breakage: races", { timeout: 90_000 }, () => {
  let env: BreakEnv;
  before(async () => {
    env = await startBreakEnv();
  });
  after(async () => {
    await env.stop();
  });

  it("should keep running and issue once when a request is deleted while IssueCertificate is in flight", async () => {
    env.emulator.faults.configure({ latencyMs: { IssueCertificate: 1500 } });
    try {
      const before = env.emulator.counters.snapshot();
      await createRequest(env, "gone");
      await sleep(500); // the operator is inside IssueCertificate now
      await deleteRequest(env, "gone");
      await sleep(2000);
      // A new request after the deleted one is still signed.
      env.emulator.faults.configure({ latencyMs: {} });
      const { spki } = await createRequest(env, "after-gone");
      const cr = await waitRequest(env, "after-gone", (r) => readyOf(r)?.status === "True");
      assert.equal(leafSpki(cr), spki);
      const after = env.emulator.counters.snapshot();
      const issued =
        (after.certificatesIssued[env.issuingArn] ?? 0) -
        (before.certificatesIssued[env.issuingArn] ?? 0);
      assert.ok(issued <= 2, `at most one certificate each, got ${issued}`);
      assert.equal(env.op.settled(), false, "the operator is still running");
      assert.deepEqual(rejections, []);
    } finally {
      env.emulator.faults.configure({ latencyMs: {} });
    }
  });

  it("should never give a re-created request (same name, new key) its predecessor's certificate when it is re-created while IssueCertificate is in flight", async () => {
    env.emulator.faults.configure({ latencyMs: { IssueCertificate: 2500 } });
    try {
      const first = await createRequest(env, "reborn");
      await sleep(700); // the operator is inside IssueCertificate for the first UID
      await deleteRequest(env, "reborn");
      const second = await createRequest(env, "reborn");
      assert.notEqual(first.uid, second.uid);
      const cr = await waitRequest(
        env,
        "reborn",
        (r) => readyOf(r)?.status === "True" || readyOf(r)?.reason === "Failed",
        30_000,
      );
      assert.equal(cr.metadata.uid, second.uid);
      assert.equal(readyOf(cr)?.status, "True", JSON.stringify(readyOf(cr)));
      assert.equal(
        leafSpki(cr),
        second.spki,
        "the certificate holds the re-created request's key, not its predecessor's; " +
          `ARN annotation ${cr.metadata.annotations?.[ANNOTATIONS.certificateArn] ?? "none"}`,
      );
    } finally {
      env.emulator.faults.configure({ latencyMs: {} });
    }
  });

  it("should end a request Denied and never sign it when it is denied right after approval", async () => {
    env.emulator.faults.configure({ latencyMs: { IssueCertificate: 1000 } });
    try {
      await createRequest(env, "flip", { approve: false });
      await approve(env, "flip");
      await deny(env, "flip");
      const cr = await waitRequest(
        env,
        "flip",
        (r) => readyOf(r)?.reason === "Denied" || readyOf(r)?.status === "True",
      );
      // cert-manager forbids both conditions at once in its webhook; without the webhook the
      // operator sees Approved and Denied: denied must win.
      assert.equal(readyOf(cr)?.reason, "Denied");
      await sleep(1500);
      const again = await getRequest(env, "flip");
      assert.equal(readyOf(again)?.reason, "Denied");
      assert.equal(again.status?.certificate, undefined);
    } finally {
      env.emulator.faults.configure({ latencyMs: {} });
    }
  });
});
