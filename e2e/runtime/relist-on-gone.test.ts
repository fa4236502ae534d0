import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { eventually, waitConverged, widget, useSharedWidgetManager } from "./widget.ts";

/** Resolves once no reconcile happened for 500 ms. */
async function quiesce(observed: { total: number }): Promise<void> {
  let last = -1;
  while (observed.total !== last) {
    last = observed.total;
    await sleep(500);
  }
}

void describe("runtime: watch expired (410 Gone)", () => {
  const env = useSharedWidgetManager("rt-gone");

  void it("should relist and reconcile only what changed when the watch resourceVersion is too old", async () => {
    const { namespace, setup } = env();
    const { client, observed, manager } = setup;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => client.create(widget(namespace, `w${i}`, i))),
    );
    await waitConverged(client, namespace, observed, 20_000);
    // The controller's own status writes queue one more reconcile each; let them drain.
    await quiesce(observed);
    const informer = manager.controllers[0]!.informer;
    const before = new Map(observed.counts);
    const listsBefore = informer.stats.lists;

    informer.restartWatchFrom("1");
    const changed = ["w1", "w2", "w3"];
    await Promise.all(changed.map((n) => client.patch(namespace, n, { spec: { value: 1000 } })));
    await client.delete(namespace, "w4");

    await eventually(() => informer.stats.lists === listsBefore + 1, 10_000);
    await waitConverged(client, namespace, observed, 10_000);
    const extra = [...observed.counts]
      .filter(([k, n]) => n !== before.get(k))
      .map(([k]) => k.split("/")[1]);
    console.log(`# 410: relisted once; reconciled again: ${extra.sort().join(", ")}`);
    assert.equal(informer.stats.lists, listsBefore + 1);
    assert.deepEqual(extra.sort(), [...changed, "w4"].sort());
  });
});
