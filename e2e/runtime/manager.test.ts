import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { KubeConfig } from "@kubernetes/client-node";
import { createTestNamespace, installCrds, sharedControlPlane } from "../harness/index.ts";
import {
  ResourceClient,
  RestClient,
  isConflict,
  updateStatus,
  withFinalizers,
} from "../../operator/runtime/index.ts";
import type { WidgetObject } from "./widget.ts";
import { WIDGET_CRD, Widget, eventually, waitConverged, widget, widgetManager } from "./widget.ts";

async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConflict(err) || i > 10) throw err;
    }
  }
}

async function get(port: number | undefined, path: string) {
  const res = await fetch(`http://127.0.0.1:${String(port)}${path}`);
  return { status: res.status, body: await res.text() };
}

void describe("runtime: manager, status, finalizers and events against the API server", () => {
  let kc: KubeConfig;
  let namespace: string;
  let setup: ReturnType<typeof widgetManager>;
  let running: Promise<void>;

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "rt-manager");
    setup = widgetManager(kc, namespace);
    running = setup.manager.start();
  });

  after(async () => {
    await setup.manager.stop();
    await running;
  });

  void it("should serve healthz, readyz and controller-runtime metrics when started", async () => {
    const { manager, client, observed } = setup;
    await eventually(() => manager.ports.health !== undefined, 10_000);
    await eventually(
      async () => (await get(manager.ports.health, "/readyz")).status === 200,
      10_000,
    );
    assert.equal((await get(manager.ports.health, "/healthz")).status, 200);
    await client.create(widget(namespace, "m1", 1));
    await waitConverged(client, namespace, observed, 10_000);
    const metrics = (await get(manager.ports.metrics, "/metrics")).body;
    for (const name of [
      'controller_runtime_reconcile_total{controller="widget",result="success"}',
      'controller_runtime_max_concurrent_reconciles{controller="widget"} 4',
      "controller_runtime_reconcile_time_seconds_bucket",
      'workqueue_adds_total{name="widget",controller="widget"}',
      'workqueue_depth{name="widget",controller="widget"}',
      "workqueue_queue_duration_seconds_bucket",
      "workqueue_work_duration_seconds_bucket",
      "workqueue_unfinished_work_seconds",
      "workqueue_longest_running_processor_seconds",
      "controller_runtime_active_workers",
    ]) {
      assert.ok(metrics.includes(name), `metrics expose ${name}`);
    }
    assert.equal((await get(manager.ports.health, "/nope")).status, 404);
  });

  void it("should refetch and recompute instead of failing when the status write conflicts", async () => {
    const { client } = setup;
    const unwatched = await createTestNamespace(kc, "rt-status"); // no controller writes here
    await client.create(widget(unwatched, "s1", 1));
    const stale = await client.get(unwatched, "s1");
    await client.patch(unwatched, "s1", { metadata: { labels: { bump: "1" } } });
    // The first read returns the stale copy, so the first PUT /status is a real 409.
    let reads = 0;
    const staleFirst = new (class extends ResourceClient<WidgetObject> {
      override get(ns: string, name: string) {
        return reads++ === 0 ? Promise.resolve(stale) : super.get(ns, name);
      }
    })(new RestClient(kc), Widget);
    let computed = 0;
    const out = await updateStatus(staleFirst, { namespace: unwatched, name: "s1" }, (cur) => {
      computed++;
      return { observedValue: (cur.spec?.value ?? 0) + 100 };
    });
    assert.equal(out.outcome, "updated");
    assert.equal(computed, 2);
    assert.equal((await client.get(unwatched, "s1")).status?.observedValue, 101);
  });

  void it("should add the finalizer before effects and remove it after cleanup when deleted", async () => {
    const client = setup.manager.client(Widget);
    const name = "f1";
    await client.create(widget(namespace, name, 1));
    const effects: string[] = [];
    const fin = {
      name: "runtime.test.dot-kube.io/cleanup",
      cleanup: () => {
        effects.push("cleanup");
        return Promise.resolve();
      },
    };
    // The sample controller writes status meanwhile; a conflict means "read again and retry".
    await retryOnConflict(async () =>
      withFinalizers(client, await client.get(namespace, name), [fin], async (obj) => {
        const stored = await client.get(namespace, name);
        effects.push(
          `apply with ${String(stored.metadata.finalizers)} rv=${String(obj.metadata.resourceVersion === stored.metadata.resourceVersion)}`,
        );
        return undefined;
      }),
    );
    await client.delete(namespace, name);
    const deleting = await client.get(namespace, name);
    assert.ok(deleting.metadata.deletionTimestamp !== undefined);
    await withFinalizers(client, deleting, [fin], () =>
      Promise.reject(new Error("no apply on delete")),
    );
    await assert.rejects(client.get(namespace, name), /404/);
    assert.deepEqual(effects, ["apply with runtime.test.dot-kube.io/cleanup rv=true", "cleanup"]);
  });

  void it("should aggregate repeated events into one Event with a series count", async () => {
    const recorder = setup.manager.eventRecorder("runtime.test.dot-kube.io/widget");
    const obj = await setup.client.create(widget(namespace, "e1", 1));
    const regarding = { ...obj, apiVersion: Widget.apiVersion, kind: Widget.kind };
    for (let i = 0; i < 5; i++) {
      recorder.event(regarding, {
        type: "Warning",
        reason: "Throttled",
        action: "Sign",
        note: "rate exceeded",
      });
      await recorder.flush();
    }
    const list = await new RestClient(kc).request<{
      items: { series?: { count: number }; note: string; regarding: { name: string } }[];
    }>("GET", `/apis/events.k8s.io/v1/namespaces/${namespace}/events`);
    const mine = list.items.filter((e) => e.regarding.name === "e1");
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.series?.count, 5);
  });
});
