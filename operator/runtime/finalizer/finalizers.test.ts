import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ResourceClient } from "../client/resource-client.ts";
import { apiError, FakeRest } from "../internal/fake-rest.test-util.ts";
import type { KubeObject } from "../resource/object.ts";
import { ResourceKind } from "../resource/resource-kind.ts";
import { FinalizerError, withFinalizers } from "./finalizers.ts";

const Thing = new ResourceKind({
  group: "t.example.com",
  version: "v1",
  kind: "Thing",
  plural: "things",
  scope: "Namespaced",
});

function finalizersOf(body: unknown): unknown {
  if (Array.isArray(body)) return (body as { value: unknown }[])[1]?.value;
  return (body as { metadata: { finalizers: string[] } }).metadata.finalizers;
}

function setup() {
  const rest = new FakeRest();
  const order: string[] = [];
  rest.handler = (call) => {
    order.push(`${call.method} ${JSON.stringify(call.opts.body)}`);
    const finalizers = finalizersOf(call.opts.body);
    return { metadata: { name: "a", namespace: "ns", resourceVersion: "8", finalizers } };
  };
  return { rest, order, client: new ResourceClient(rest, Thing) };
}

const alive = (finalizers?: string[]): KubeObject => ({
  metadata: { name: "a", namespace: "ns", resourceVersion: "7", finalizers },
});
const deleting = (finalizers: string[]): KubeObject => ({
  metadata: { ...alive(finalizers).metadata, deletionTimestamp: "2026-01-01T00:00:00Z" },
});

void describe("withFinalizers", () => {
  void it("should add the finalizer before apply runs when it is missing", async () => {
    const { client, order } = setup();
    const noop = { name: "x.example.com/cleanup", cleanup: () => Promise.resolve() };
    await withFinalizers(client, alive(["other"]), [noop], (obj) => {
      order.push(`apply ${obj.metadata.finalizers?.join(",") ?? ""}`);
      return Promise.resolve(undefined);
    });
    assert.deepEqual(order, [
      'PATCH [{"op":"test","path":"/metadata/finalizers","value":["other"]},{"op":"replace","path":"/metadata/finalizers","value":["other","x.example.com/cleanup"]}]',
      "apply other,x.example.com/cleanup",
    ]);
  });

  void it("should patch conditionally on the resourceVersion when the object has no finalizers", async () => {
    const { client, order } = setup();
    const f = { name: "f", cleanup: () => Promise.resolve() };
    await withFinalizers(client, alive(), [f], () => Promise.resolve(undefined));
    assert.deepEqual(order, ['PATCH {"metadata":{"finalizers":["f"],"resourceVersion":"7"}}']);
  });

  void it("should apply without writing when the finalizer is present", async () => {
    const { client, order } = setup();
    const f = { name: "f", cleanup: () => Promise.resolve() };
    const result = await withFinalizers(client, alive(["f"]), [f], () =>
      Promise.resolve({ requeueAfterMs: 5 }),
    );
    assert.deepEqual(result, { requeueAfterMs: 5 });
    assert.deepEqual(order, []);
  });

  void it("should clean up and remove only our finalizer when the object is being deleted", async () => {
    const { client, order } = setup();
    const f = {
      name: "f",
      cleanup: () => {
        order.push("cleanup");
        return Promise.resolve();
      },
    };
    await withFinalizers(client, deleting(["f", "other"]), [f], () =>
      Promise.reject(new Error("must not apply")),
    );
    assert.deepEqual(order, [
      "cleanup",
      'PATCH [{"op":"test","path":"/metadata/finalizers","value":["f","other"]},{"op":"replace","path":"/metadata/finalizers","value":["other"]}]',
    ]);
  });

  void it("should remove the finalizers that succeeded and gather the failures when some cleanups fail", async () => {
    const { client, order } = setup();
    const ok = { name: "ok", cleanup: () => Promise.resolve() };
    const bad1 = { name: "bad1", cleanup: () => Promise.reject(new Error("a")) };
    const bad2 = { name: "bad2", cleanup: () => Promise.reject(new Error("b")) };
    await assert.rejects(
      withFinalizers(client, deleting(["bad1", "ok", "bad2"]), [bad1, ok, bad2], () =>
        Promise.resolve(undefined),
      ),
      (err: unknown) =>
        err instanceof FinalizerError &&
        err.errors.length === 2 &&
        err.message === "cleanup failed for finalizers bad1, bad2",
    );
    assert.deepEqual(order, [
      'PATCH [{"op":"test","path":"/metadata/finalizers","value":["bad1","ok","bad2"]},{"op":"replace","path":"/metadata/finalizers","value":["bad1","bad2"]}]',
    ]);
  });

  void it("should do nothing when the object is being deleted without our finalizer", async () => {
    const { client, order } = setup();
    const f = { name: "f", cleanup: () => Promise.reject(new Error("must not run")) };
    await withFinalizers(client, deleting(["other"]), [f], () => Promise.resolve(undefined));
    assert.deepEqual(order, []);
  });

  void it("should accept a missing object when removing the last finalizer", async () => {
    const rest = new FakeRest();
    rest.handler = () => {
      throw apiError(404, "NotFound");
    };
    const f = { name: "f", cleanup: () => Promise.resolve() };
    await withFinalizers(new ResourceClient(rest, Thing), deleting(["f"]), [f], () =>
      Promise.resolve(undefined),
    );
  });
});
