import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CustomObjectsApi,
  Watch,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from "@kubernetes/client-node";
import {
  createTestNamespace,
  installCrds,
  isStatus,
  sharedControlPlane,
} from "../harness/index.ts";

const GROUP = "harness.awspca.test";
const PLURAL = "widgets";

const WIDGET_CRD: V1CustomResourceDefinition = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${PLURAL}.${GROUP}` },
  spec: {
    group: GROUP,
    names: { kind: "Widget", plural: PLURAL, singular: "widget", listKind: "WidgetList" },
    scope: "Namespaced",
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: { type: "object", properties: { size: { type: "integer" } } },
              status: { type: "object", properties: { phase: { type: "string" } } },
            },
          },
        },
      },
    ],
  },
};

interface Widget {
  metadata: { name: string; resourceVersion?: string; generation?: number };
  spec: { size: number };
  status?: { phase?: string };
}

describe("control plane: custom resources", () => {
  let kc: KubeConfig;
  let api: CustomObjectsApi;
  let namespace: string;

  before(async () => {
    kc = (await sharedControlPlane()).kubeConfig();
    api = kc.makeApiClient(CustomObjectsApi);
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "crd");
  });

  const ref = (name: string) => ({ group: GROUP, version: "v1", namespace, plural: PLURAL, name });

  it("should round-trip a custom object through create, get, update, status and delete", async () => {
    const body = {
      apiVersion: `${GROUP}/v1`,
      kind: "Widget",
      metadata: { name: "w1" },
      spec: { size: 1 },
    };
    await api.createNamespacedCustomObject({ ...ref("w1"), body });
    const created = (await api.getNamespacedCustomObject(ref("w1"))) as Widget;
    assert.equal(created.spec.size, 1);
    assert.equal(created.metadata.generation, 1);

    const updated = (await api.replaceNamespacedCustomObject({
      ...ref("w1"),
      body: { ...created, spec: { size: 2 } },
    })) as Widget;
    assert.equal(updated.spec.size, 2);
    assert.equal(updated.metadata.generation, 2);

    const withStatus = { ...updated, status: { phase: "Ready" }, spec: { size: 99 } };
    const statusWritten = (await api.replaceNamespacedCustomObjectStatus({
      ...ref("w1"),
      body: withStatus,
    })) as Widget;
    // The status subresource ignores spec changes and does not bump the generation.
    assert.equal(statusWritten.status?.phase, "Ready");
    assert.equal(statusWritten.spec.size, 2);
    assert.equal(statusWritten.metadata.generation, 2);

    await api.deleteNamespacedCustomObject(ref("w1"));
    await assert.rejects(api.getNamespacedCustomObject(ref("w1")), (err) => isStatus(err, 404));
  });

  it("should deliver watch events for create, update and delete in order", async () => {
    const seen: string[] = [];
    const done = Promise.withResolvers<undefined>();
    const watch = new Watch(kc);
    const request = await watch.watch(
      `/apis/${GROUP}/v1/namespaces/${namespace}/${PLURAL}`,
      { fieldSelector: "metadata.name=w2" },
      (phase: string, obj: Widget) => {
        seen.push(`${phase}:${obj.spec.size}`);
        if (phase === "DELETED") done.resolve(undefined);
      },
      (err: unknown) => {
        if (err) done.reject(err);
      },
    );
    try {
      const body = {
        apiVersion: `${GROUP}/v1`,
        kind: "Widget",
        metadata: { name: "w2" },
        spec: { size: 1 },
      };
      await api.createNamespacedCustomObject({ ...ref("w2"), body });
      const current = (await api.getNamespacedCustomObject(ref("w2"))) as Widget;
      await api.replaceNamespacedCustomObject({
        ...ref("w2"),
        body: { ...current, spec: { size: 5 } },
      });
      await api.deleteNamespacedCustomObject(ref("w2"));
      await Promise.race([done.promise, rejectAfter(10_000, `saw only ${seen.join(", ")}`)]);
    } finally {
      request.abort();
    }
    assert.deepEqual(seen, ["ADDED:1", "MODIFIED:5", "DELETED:5"]);
  });
});

async function rejectAfter(ms: number, message: string): Promise<never> {
  await new Promise((resolve) => setTimeout(resolve, ms).unref());
  throw new Error(`timed out: ${message}`);
}
