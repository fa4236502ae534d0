import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { issuerRegistryKey } from "../../operator/controllers/kinds.ts";
import {
  assertNoSecretLeaks,
  createIssuer,
  eventsAbout,
  eventually,
  putSecret,
  startIssuerEnv,
  waitForReady,
} from "./kit.ts";
import type { IssuerEnv } from "./kit.ts";

const RECHECK_MS = 1000;

void describe("issuer controllers: re-checks, Events and deletion (API server, emulator)", () => {
  let env: IssuerEnv;

  before(async () => {
    env = await startIssuerEnv({ recheckIntervalMs: RECHECK_MS });
    const k = env.emu.addAccessKey({ userName: "lifecycle" });
    env.secrets.add(k.secretAccessKey);
    await putSecret(env, env.ns, "creds", {
      AWS_ACCESS_KEY_ID: k.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k.secretAccessKey,
    });
  });

  after(async () => {
    await env.stop();
  });

  void it("should turn not Ready within the re-check period when the CA is disabled, and Ready again when re-enabled", async () => {
    await createIssuer(env, "AWSPCAIssuer", "watched", {
      arn: env.caArn,
      secretRef: { name: "creds" },
    });
    await waitForReady(env, "AWSPCAIssuer", "watched", { status: "True", reason: "Verified" });
    const regKey = issuerRegistryKey("AWSPCAIssuer", env.ns, "watched");

    const disabledAt = Date.now();
    env.emu.setCaStatus(env.caArn, "DISABLED");
    const down = await waitForReady(env, "AWSPCAIssuer", "watched", {
      status: "False",
      reason: "CANotActive",
      timeoutMs: RECHECK_MS * 5,
    });
    const noticedMs = Date.now() - disabledAt;
    assert.equal(down.status?.ca?.status, "DISABLED");
    const message = down.status.conditions?.find((c) => c.type === "Ready")?.message ?? "";
    assert.ok(message.includes(`ca ${env.caArn} is DISABLED, not ACTIVE`), message);
    assert.equal(env.registry.get(regKey)?.ready, false);
    assert.equal(env.registry.get(regKey)?.signing, undefined);

    env.emu.setCaStatus(env.caArn, "ACTIVE");
    await waitForReady(env, "AWSPCAIssuer", "watched", {
      status: "True",
      timeoutMs: RECHECK_MS * 5,
    });
    assert.equal(env.registry.get(regKey)?.ready, true);
    assert.ok(noticedMs <= RECHECK_MS * 3, `noticed after ${noticedMs} ms`);
  });

  void it("should record one Event per Ready transition, not one per re-check", async () => {
    // Several re-checks run while the test waits; none of them may add an Event.
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 3));
    await env.manager.eventRecorder("flush-probe").flush();
    const events = await eventsAbout(env, env.ns, "watched");
    const total = (reason: string) =>
      events.filter((e) => e.reason === reason).reduce((n, e) => n + e.count, 0);
    assert.equal(total("Verified"), 2, JSON.stringify(events));
    assert.equal(total("CANotActive"), 1, JSON.stringify(events));
    assert.ok(events.every((e) => (e.type === "Normal") === (e.reason === "Verified")));
  });

  void it("should report AWSUnavailable and still remove the finalizer when AWS is unreachable at deletion", async () => {
    const name = "deleted-offline";
    await createIssuer(env, "AWSPCAIssuer", name, { arn: env.caArn, secretRef: { name: "creds" } });
    const cluster = `${env.ns}-offline`;
    await createIssuer(env, "AWSPCAClusterIssuer", cluster, {
      arn: env.caArn,
      secretRef: { name: "creds", namespace: env.ns },
    });
    await waitForReady(env, "AWSPCAIssuer", name, { status: "True" });
    await waitForReady(env, "AWSPCAClusterIssuer", cluster, { status: "True" });
    const keys = [
      issuerRegistryKey("AWSPCAIssuer", env.ns, name),
      issuerRegistryKey("AWSPCAClusterIssuer", "", cluster),
    ];
    assert.ok(keys.every((k) => env.registry.get(k) !== undefined));

    await env.emu.stop();
    await waitForReady(env, "AWSPCAIssuer", name, { status: "False", reason: "AWSUnavailable" });
    const deletedAt = Date.now();
    await env.issuers.delete(env.ns, name);
    await env.clusterIssuers.delete("", cluster);
    await eventually(
      "both issuers to be gone",
      async () => {
        const left = await Promise.all([
          env.issuers.list(env.ns).then((l) => l.items.some((i) => i.metadata.name === name)),
          env.clusterIssuers.list().then((l) => l.items.some((i) => i.metadata.name === cluster)),
        ]);
        return !left.includes(true);
      },
      10_000,
    );
    const goneMs = Date.now() - deletedAt;
    assert.ok(
      keys.every((k) => env.registry.get(k) === undefined),
      "registry cleared",
    );
    const series =
      await env.manager.metrics.registry.getSingleMetricAsString("awspca_issuer_ready");
    assert.ok(!series.includes(`name="${name}"`) && !series.includes(`name="${cluster}"`), series);
    assert.ok(series.includes('name="watched"'), series);
    assert.ok(goneMs < 5000, `deletion took ${goneMs} ms`);
  });

  void it("should write no secret value into any log line, Event or status", async () => {
    const searched = await assertNoSecretLeaks(env, [env.ns, "default"]);
    assert.ok(searched.events >= 3, JSON.stringify(searched));
  });
});
