/**
 * Breakage: the operator restarted mid-burst, AWS misbehaving (5xx, dropped connections, gone
 * entirely, slow to sign) and the API server restarted, all against a private control plane.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  createRequest,
  getRequest,
  issuerReady,
  leafSpki,
  mapLimit,
  readyOf,
  runOperator,
  SECRET_ACCESS_KEY,
  ACCESS_KEY_ID,
  startBreakEnv,
  waitAllTerminal,
  waitIssuerReady,
  waitRequest,
  eventNotes,
  listRequests,
} from "./kit.ts";
import type { BreakEnv } from "./kit.ts";

const rejections: unknown[] = [];
process.on("unhandledRejection", (r) => rejections.push(r));

function issuedSince(env: BreakEnv, before: ReturnType<Emulator["counters"]["snapshot"]>) {
  const now = env.emulator.counters.snapshot();
  return {
    certificates:
      (now.certificatesIssued[env.issuingArn] ?? 0) -
      (before.certificatesIssued[env.issuingArn] ?? 0),
    okCalls: (now.calls.IssueCertificate?.ok ?? 0) - (before.calls.IssueCertificate?.ok ?? 0),
  };
}

describe("breakage: faults", { timeout: 120_000 }, () => {
  let env: BreakEnv;
  const stateDir = mkdtempSync(path.join(tmpdir(), "awspca-break-emu-"));
  const stateFile = path.join(stateDir, "state.json");

  before(async () => {
    // A state file, so the emulator can be stopped and started again on the same port.
    env = await startBreakEnv({
      emulator: { stateFile },
      flags: ["--issuer-recheck-interval=2s"],
    });
  });
  after(async () => {
    await env.stop();
  });

  it("should sign every request of a burst exactly once when the operator is restarted in the middle of it", async () => {
    env.emulator.faults.configure({ latencyMs: { IssueCertificate: 300, GetCertificate: 100 } });
    const before = env.emulator.counters.snapshot();
    const names = Array.from({ length: 50 }, (_, i) => `restart-${i}`);
    const keys = new Map<string, string>();
    const creating = mapLimit(names, 8, async (n) => {
      keys.set(n, (await createRequest(env, n)).spki);
    });
    await sleep(1500);
    await env.op.stop();
    const old = env.op;
    env.op = runOperator(env.kc, env.emulator.endpoint, env.namespace, [
      "--issuer-recheck-interval=2s",
    ]);
    await creating;
    const done = await waitAllTerminal(env, names, 60_000);
    env.emulator.faults.configure({ latencyMs: {} });
    for (const n of names) {
      const cr = done.get(n);
      assert.ok(cr);
      assert.equal(readyOf(cr)?.status, "True", `${n}: ${JSON.stringify(readyOf(cr))}`);
      assert.equal(leafSpki(cr), keys.get(n));
    }
    const { certificates, okCalls } = issuedSince(env, before);
    assert.equal(certificates, names.length, "one certificate per request");
    assert.equal(okCalls, names.length, "one successful IssueCertificate per request");
    assert.equal(old.settled(), true);
  });

  it("should keep requests Pending (not Failed) and sign them when PCA answers 5xx and drops connections for a while", async () => {
    env.emulator.faults.configure({
      serverErrorRate: 0.5,
      dropRate: 0.3,
      faultOperations: ["IssueCertificate", "GetCertificate"],
    });
    const before = env.emulator.counters.snapshot();
    const names = Array.from({ length: 10 }, (_, i) => `flaky-${i}`);
    await mapLimit(names, 5, (n) => createRequest(env, n));
    await sleep(3000);
    for (const cr of await listRequests(env)) {
      if (!names.includes(cr.metadata.name ?? "")) continue;
      assert.notEqual(readyOf(cr)?.reason, "Failed", `${cr.metadata.name ?? ""} failed`);
    }
    env.emulator.faults.configure({ serverErrorRate: 0, dropRate: 0, faultOperations: [] });
    const done = await waitAllTerminal(env, names, 60_000);
    for (const [n, cr] of done) assert.equal(readyOf(cr)?.status, "True", n);
    const { certificates } = issuedSince(env, before);
    assert.equal(certificates, names.length, "one certificate per request despite retries");
  });

  it("should keep a request Pending, not Failed, while AWS takes 10 s to sign", async () => {
    env.emulator.settings.issueDelayMs = 10_000;
    try {
      await createRequest(env, "slow");
      await sleep(6000);
      const cr = await getRequest(env, "slow");
      assert.equal(readyOf(cr)?.reason, "Pending", JSON.stringify(readyOf(cr)));
    } finally {
      env.emulator.settings.issueDelayMs = 200;
    }
    await waitRequest(env, "slow", (r) => readyOf(r)?.status === "True", 20_000);
  });

  it("should turn the issuer not Ready while PCA is unreachable, Ready again after, and sign what queued meanwhile", async () => {
    const port = Number(new URL(env.emulator.endpoint).port);
    await env.emulator.stop();
    await waitIssuerReady(env, env.issuer, "False", 20_000);
    await createRequest(env, "while-down");
    await sleep(1000);
    const pending = await getRequest(env, "while-down");
    assert.equal(readyOf(pending)?.reason, "Pending");
    // Same port, same state, same key.
    const revived = await startEmulator({
      port,
      stateFile,
      accessKeys: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }],
    });
    env.emulator = revived;
    await waitIssuerReady(env, env.issuer, "True", 30_000);
    await waitRequest(env, "while-down", (r) => readyOf(r)?.status === "True", 30_000);
    assert.equal((await issuerReady(env, env.issuer))?.status, "True");
  });

  it("should finish a burst when the kube-apiserver is restarted in the middle of it", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `apirestart-${i}`);
    const before = env.emulator.counters.snapshot();
    env.emulator.faults.configure({ latencyMs: { IssueCertificate: 200 } });
    await mapLimit(names, 8, (n) => createRequest(env, n));
    await env.plane.restartApiServer();
    const done = await waitAllTerminal(env, names, 60_000);
    env.emulator.faults.configure({ latencyMs: {} });
    for (const [n, cr] of done) assert.equal(readyOf(cr)?.status, "True", n);
    const { certificates } = issuedSince(env, before);
    assert.equal(certificates, names.length);
    assert.equal(env.op.settled(), false, "the operator survived the restart");
  });

  it("should never put a secret value in logs, events or request status", async () => {
    const logs = env.op.logs.text();
    const notes = (await eventNotes(env)).join("\n");
    const statuses = JSON.stringify((await listRequests(env)).map((r) => r.status));
    for (const [what, text] of [
      ["logs", logs],
      ["events", notes],
      ["status", statuses],
    ] as const) {
      assert.ok(!text.includes(SECRET_ACCESS_KEY), `the secret key is in ${what}`);
    }
    assert.deepEqual(rejections, []);
  });
});
