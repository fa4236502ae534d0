import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RuntimeMetrics } from "./runtime-metrics.ts";

void describe("RuntimeMetrics", () => {
  void it("should keep separate registries when two managers live in one process", async () => {
    const a = new RuntimeMetrics();
    const b = new RuntimeMetrics();
    a.reconcileTotal.inc({ controller: "x", result: "success" });
    assert.match(
      await a.registry.metrics(),
      /controller_runtime_reconcile_total\{controller="x",result="success"\} 1/,
    );
    assert.doesNotMatch(await b.registry.metrics(), /controller="x"/);
  });

  void it("should expose workqueue metrics with name and controller labels when a queue reports", async () => {
    const m = new RuntimeMetrics();
    const q = m.queueMetrics("widget");
    q.added();
    q.depth(3);
    q.retried();
    q.queued(20);
    q.worked(1500);
    m.registerQueue("widget", {
      unfinishedWorkSeconds: () => 2.5,
      longestRunningProcessorSeconds: () => 1.5,
    });
    const text = await m.registry.metrics();
    for (const line of [
      'workqueue_adds_total{name="widget",controller="widget"} 1',
      'workqueue_depth{name="widget",controller="widget"} 3',
      'workqueue_retries_total{name="widget",controller="widget"} 1',
      'workqueue_queue_duration_seconds_count{name="widget",controller="widget"} 1',
      'workqueue_work_duration_seconds_sum{name="widget",controller="widget"} 1.5',
      'workqueue_unfinished_work_seconds{name="widget",controller="widget"} 2.5',
      'workqueue_longest_running_processor_seconds{name="widget",controller="widget"} 1.5',
    ]) {
      assert.ok(text.includes(line), line);
    }
  });
});
