import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { churn } from "./churn.ts";
import { apiState, waitConverged, useSharedWidgetManager } from "./widget.ts";

void describe("runtime: no lost change", () => {
  const env = useSharedWidgetManager("rt-churn");

  void it("should reconcile every object to its API state when 1,000 create/update/delete operations race", async () => {
    const { namespace, setup } = env();
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
