import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestNamespace, installCrds, sharedControlPlane } from "../harness/index.ts";
import { churn } from "./churn.ts";
import { WIDGET_CRD, apiState, waitConverged, widgetManager } from "./widget.ts";

void describe("runtime: no lost change", () => {
  let namespace: string;
  let setup: ReturnType<typeof widgetManager>;
  let running: Promise<void>;

  before(async () => {
    const plane = await sharedControlPlane();
    const kc = plane.kubeConfig();
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "rt-churn");
    setup = widgetManager(kc, namespace);
    running = setup.manager.start();
  });

  after(async () => {
    await setup.manager.stop();
    await running;
  });

  void it("should reconcile every object to its API state when 1,000 create/update/delete operations race", async () => {
    const counts = await churn(setup.client, { namespace, operations: 1000, lanes: 16 });
    assert.equal(counts.create + counts.update + counts.delete, 1000);
    const tookMs = await waitConverged(setup.client, namespace, setup.observed, 60_000);
    const api = await apiState(setup.client, namespace);
    assert.deepEqual(new Map([...setup.observed.state].sort()), new Map([...api].sort()));
    console.log(
      `# churn ${JSON.stringify(counts)}: converged ${tookMs} ms after the last op; ${setup.observed.total} reconciles; ${api.size} objects remain`,
    );
  });
});
