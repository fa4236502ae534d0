import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { KubeConfig } from "@kubernetes/client-node";
import { createTestNamespace, installCrds, sharedControlPlane } from "../harness/index.ts";
import {
  JITTER_FACTOR,
  LeaseLock,
  LeaseLostError,
  RestClient,
  formatMicroTime,
} from "../../operator/runtime/index.ts";
import { WIDGET_CRD, eventually, waitConverged, widget, widgetManager } from "./widget.ts";

const TIMINGS = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
// Worst case of client-go's observed-time rule: a follower notices the last renewal up to one
// (jittered) retry period late; 250 ms covers the HTTP round trips on a loaded machine.
const TAKEOVER_BOUND_MS = TIMINGS.leaseDurationMs + TIMINGS.retryPeriodMs * JITTER_FACTOR + 250;

void describe("runtime: leader election", () => {
  let kc: KubeConfig;
  let namespace: string;
  const endings = new Map<string, unknown>();
  const replicas: { setup: ReturnType<typeof widgetManager>; running: Promise<void> }[] = [];

  const start = (identity: string, releaseOnCancel: boolean) => {
    const setup = widgetManager(kc, namespace, {
      leaderElection: { namespace, name: "widget-leader", identity, releaseOnCancel, ...TIMINGS },
    });
    const running = setup.manager.start().catch((err: unknown) => {
      endings.set(identity, err);
    });
    replicas.push({ setup, running });
    return setup;
  };

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "rt-leader");
  });

  after(async () => {
    for (const r of replicas) await r.setup.manager.stop();
    await Promise.all(replicas.map((r) => r.running));
  });

  void it("should let exactly one replica reconcile and hand over within the lease bound when the leader dies", async () => {
    const a = start("replica-a", false);
    await eventually(() => a.manager.isLeader, 10_000);
    const b = start("replica-b", true);
    await eventually(() => b.manager.controllers[0]?.hasSynced === true, 10_000);

    await Promise.all(
      Array.from({ length: 20 }, (_, i) => a.client.create(widget(namespace, `w${i}`, i))),
    );
    await waitConverged(a.client, namespace, a.observed, 15_000);
    assert.equal(b.observed.total, 0, "the follower reconciled nothing");
    assert.equal(b.manager.isLeader, false);

    const killedAt = Date.now();
    await a.manager.stop(); // releaseOnCancel=false: the lease stays held, as after a crash
    await eventually(() => b.manager.isLeader, 10_000);
    const takeoverMs = Date.now() - killedAt;
    const aTotal = a.observed.total;

    await Promise.all(
      ["w1", "w2"].map((n) => b.client.patch(namespace, n, { spec: { value: 99 } })),
    );
    await waitConverged(b.client, namespace, b.observed, 15_000);
    assert.equal(a.observed.total, aTotal, "the old leader reconciled nothing after it died");

    const lease = await new LeaseLock(new RestClient(kc), {
      namespace,
      name: "widget-leader",
      identity: "reader",
    }).get();
    console.log(
      `# takeover after kill: ${takeoverMs} ms (bound ${TAKEOVER_BOUND_MS} ms); lease ${JSON.stringify(lease?.spec)}`,
    );
    assert.equal(lease?.spec?.holderIdentity, "replica-b");
    assert.equal(lease.spec.leaseTransitions, 1);
    assert.match(lease.spec.renewTime ?? "", /\.\d{6}Z$/);
    assert.ok(takeoverMs <= TAKEOVER_BOUND_MS, `takeover took ${takeoverMs} ms`);
  });

  void it("should hand over at once when the leader releases the lease on shutdown", async () => {
    const b = replicas[1]!.setup;
    const c = start("replica-c", true);
    await eventually(() => c.manager.controllers[0]?.hasSynced === true, 10_000);
    const stoppedAt = Date.now();
    await b.manager.stop();
    await eventually(() => c.manager.isLeader, 10_000);
    const takeoverMs = Date.now() - stoppedAt;
    console.log(`# takeover after release: ${takeoverMs} ms`);
    assert.ok(takeoverMs < TIMINGS.leaseDurationMs, `takeover took ${takeoverMs} ms`);
    await waitConverged(c.client, namespace, c.observed, 15_000);
  });

  void it("should stop reconciling and end start() with LeaseLostError when another holder takes the lease", async () => {
    const c = replicas[2]!.setup;
    assert.equal(c.manager.isLeader, true);
    const lock = new LeaseLock(new RestClient(kc), {
      namespace,
      name: "widget-leader",
      identity: "intruder",
    });
    const current = await lock.get();
    const now = formatMicroTime(Date.now());
    await lock.update(current!, {
      ...current!.spec,
      holderIdentity: "intruder",
      renewTime: now,
      acquireTime: now,
    });
    await eventually(() => endings.has("replica-c"), 10_000);
    assert.ok(endings.get("replica-c") instanceof LeaseLostError);
    assert.equal(c.manager.isLeader, false);
    const total = c.observed.total;
    await c.client.patch(namespace, "w3", { spec: { value: 1234 } });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(c.observed.total, total, "no reconcile after the lease was lost");
  });
});
