/**
 * The sample controller the runtime's end-to-end proofs run: it reconciles Widgets by
 * recording spec.value as the reconciled state and writing it to status.observedValue.
 */
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before } from "node:test";
import type { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import { createTestNamespace, installCrds, sharedControlPlane } from "../harness/index.ts";
import type { Logger } from "pino";
import {
  Manager,
  ResourceKind,
  defineController,
  setCondition,
  systemClock,
  updateStatus,
} from "../../operator/runtime/index.ts";
import type { Condition, ManagerOptions, ResourceClient } from "../../operator/runtime/index.ts";

export const WIDGET_CRD = path.join(import.meta.dirname, "crds", "widgets.yaml");

export interface WidgetSpec {
  value: number;
}
export interface WidgetStatus {
  observedValue?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

export const Widget = new ResourceKind<WidgetSpec, WidgetStatus>({
  group: "runtime.test.dot-kube.io",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  scope: "Namespaced",
});
export type WidgetObject = NonNullable<typeof Widget.object>;

/** What the sample controller saw: key → last reconciled value, plus reconcile counts. */
export interface Observed {
  readonly state: Map<string, number>;
  readonly counts: Map<string, number>;
  total: number;
}

export function quietLogger(): Logger {
  return pino({ level: process.env.E2E_LOG_LEVEL ?? "silent" });
}

/** Builds a manager running the sample controller over Widgets in `namespace`. */
export function widgetManager(
  kubeConfig: KubeConfig,
  namespace: string,
  extra: Partial<ManagerOptions> = {},
): { manager: Manager; observed: Observed; client: ResourceClient<WidgetObject> } {
  const manager = new Manager({
    kubeConfig,
    logger: quietLogger(),
    metricsBindAddress: "127.0.0.1:0",
    healthProbeBindAddress: "127.0.0.1:0",
    handleSignals: false,
    gracefulShutdownTimeoutMs: 5_000,
    ...extra,
  });
  const client = manager.client(Widget);
  const observed: Observed = { state: new Map(), counts: new Map(), total: 0 };
  manager.add(
    defineController({
      name: "widget",
      for: {
        kind: Widget,
        namespace,
        project: (w) => ({ value: w.spec?.value ?? 0, generation: w.metadata.generation ?? 0 }),
      },
      maxConcurrentReconciles: 4,
      reconcile: async (req) => {
        observed.total++;
        observed.counts.set(req.key, (observed.counts.get(req.key) ?? 0) + 1);
        if (req.cached === undefined) {
          observed.state.delete(req.key);
          return undefined;
        }
        const out = await updateStatus(client, req, (cur) => ({
          observedValue: cur.spec?.value ?? 0,
          observedGeneration: cur.metadata.generation,
          conditions: setCondition(
            cur.status?.conditions,
            {
              type: "Ready",
              status: "True",
              reason: "Reconciled",
              message: "",
              observedGeneration: cur.metadata.generation,
            },
            systemClock,
          ),
        }));
        if (out.outcome === "conflict") return { requeueAfterMs: 100 };
        if (out.outcome !== "gone") observed.state.set(req.key, out.object.spec?.value ?? 0);
        return undefined;
      },
    }),
  );
  return { manager, observed, client };
}

/** The API state: key → spec.value of every Widget in `namespace`. */
export async function apiState(client: ResourceClient<WidgetObject>, namespace: string) {
  const list = await client.list(namespace);
  return new Map(
    list.items.map((w) => [`${namespace}/${w.metadata.name ?? ""}`, w.spec?.value ?? 0]),
  );
}

/** Whether the reconciled state equals the API state, including status.observedValue. */
export async function converged(
  client: ResourceClient<WidgetObject>,
  namespace: string,
  observed: Observed,
): Promise<boolean> {
  const list = await client.list(namespace);
  if (list.items.length !== observed.state.size) return false;
  return list.items.every((w) => {
    const key = `${namespace}/${w.metadata.name ?? ""}`;
    const value = w.spec?.value ?? 0;
    return observed.state.get(key) === value && w.status?.observedValue === value;
  });
}

/** Polls {@link converged} every 100 ms; returns the ms it took, or throws after `timeoutMs`. */
export async function waitConverged(
  client: ResourceClient<WidgetObject>,
  namespace: string,
  observed: Observed,
  timeoutMs: number,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await converged(client, namespace, observed).catch(() => false)) return Date.now() - start;
    await sleep(100);
  }
  throw new Error(`not converged within ${timeoutMs} ms`);
}

/** Polls `fn` until it returns true or `timeoutMs` passes. */
export async function eventually(
  fn: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await fn()) return Date.now() - start;
    await sleep(50);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export function widget(namespace: string, name: string, value: number): WidgetObject {
  return { metadata: { namespace, name }, spec: { value } };
}

/**
 * Registers `before`/`after` hooks that install the Widget CRD on the shared control plane,
 * start a sample manager in a fresh namespace, and stop it; returns a getter for both.
 */
export function useSharedWidgetManager(prefix: string): () => {
  readonly namespace: string;
  readonly setup: ReturnType<typeof widgetManager>;
} {
  let state: { namespace: string; setup: ReturnType<typeof widgetManager> } | undefined;
  let running: Promise<void> | undefined;
  before(async () => {
    const kc = (await sharedControlPlane()).kubeConfig();
    await installCrds(kc, [WIDGET_CRD]);
    const namespace = await createTestNamespace(kc, prefix);
    state = { namespace, setup: widgetManager(kc, namespace) };
    running = state.setup.manager.start();
  });
  after(async () => {
    await state?.setup.manager.stop();
    await running;
  });
  return () => {
    if (state === undefined) throw new Error("the widget manager is used before it started");
    return state;
  };
}
