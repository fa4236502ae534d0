/**
 * The README's minimal controller, kept as a file so the type checker proves it compiles.
 * Run it against a cluster that has the Widget CRD: `node operator/runtime/examples/minimal-controller.ts`.
 */
import { KubeConfig } from "@kubernetes/client-node";
import {
  Manager,
  ResourceKind,
  defineController,
  setCondition,
  systemClock,
  updateStatus,
} from "../index.ts";
import type { Condition } from "../index.ts";

interface WidgetSpec {
  value: number;
}
interface WidgetStatus {
  observedValue?: number;
  conditions?: Condition[];
}

const Widget = new ResourceKind<WidgetSpec, WidgetStatus>({
  group: "example.com",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  scope: "Namespaced",
});

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const manager = new Manager({
  kubeConfig,
  leaderElection: { namespace: "widgets-system", name: "widget-controller" },
});
const widgets = manager.client(Widget);

manager.add(
  defineController({
    name: "widget",
    // The cache keeps only this projection, not whole objects.
    for: { kind: Widget, project: (w) => ({ generation: w.metadata.generation }) },
    maxConcurrentReconciles: 2,
    reconcile: async (req, { logger }) => {
      if (req.cached === undefined) return undefined; // deleted: nothing to do
      const out = await updateStatus(widgets, req, (w) => ({
        observedValue: w.spec?.value,
        conditions: setCondition(
          w.status?.conditions,
          {
            type: "Ready",
            status: "True",
            reason: "Reconciled",
            message: "",
            observedGeneration: w.metadata.generation,
          },
          systemClock,
        ),
      }));
      logger.debug({ outcome: out.outcome }, "status written");
      return out.outcome === "conflict" ? { requeueAfterMs: 1000 } : undefined;
    },
  }),
);

await manager.start(); // until SIGTERM/SIGINT; rejects with LeaseLostError if the lease is lost
