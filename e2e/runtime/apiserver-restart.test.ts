import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { createTestNamespace, installCrds, startControlPlane } from "../harness/index.ts";
import type { ControlPlane } from "../harness/index.ts";
import { churn } from "./churn.ts";
import { WIDGET_CRD, waitConverged, widgetManager } from "./widget.ts";

void describe("runtime: API server restart", () => {
  let plane: ControlPlane;
  let namespace: string;
  let setup: ReturnType<typeof widgetManager>;
  let running: Promise<void>;

  before(async () => {
    plane = await startControlPlane();
    const kc = plane.kubeConfig();
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "rt-restart");
    setup = widgetManager(kc, namespace);
    running = setup.manager.start();
  });

  after(async () => {
    await setup.manager.stop();
    await running;
    await plane.stop();
  });

  void it("should catch up within 10 s when kube-apiserver is killed and restarted mid-stream", async () => {
    let backAt = 0;
    let outage: Promise<void> | undefined;
    const counts = await churn(setup.client, {
      namespace,
      operations: 400,
      lanes: 8,
      afterOp: (done) => {
        if (done === 150) {
          outage = (async () => {
            await plane.stopApiServer("kill");
            await sleep(2_000);
            await plane.startApiServer();
            backAt = Date.now();
          })();
        }
        return Promise.resolve();
      },
    });
    await outage;
    const convergedMs = await waitConverged(setup.client, namespace, setup.observed, 30_000);
    const catchUpMs = Date.now() - backAt;
    const informer = setup.manager.controllers[0]?.informer;
    console.log(
      `# restart: ${JSON.stringify(counts)}; caught up ${catchUpMs} ms after the server was back (${convergedMs} ms after the last op); informer ${JSON.stringify(informer?.stats)}`,
    );
    assert.ok(backAt > 0, "the outage ran");
    assert.ok(catchUpMs <= 10_000, `caught up after ${catchUpMs} ms`);
    assert.ok((informer?.stats.restarts ?? 0) >= 1, "the informer noticed the outage");
  });
});
