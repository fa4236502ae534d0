import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ResourceClient } from "../client/resource-client.ts";
import { apiError, FakeRest } from "../internal/fake-rest.test-util.ts";
import type { Call } from "../internal/fake-rest.test-util.ts";
import { ResourceKind } from "../resource/resource-kind.ts";
import { patchStatus, updateStatus } from "./status-writer.ts";

const Thing = new ResourceKind<{ v: number }, { seen?: number }>({
  group: "t.example.com",
  version: "v1",
  kind: "Thing",
  plural: "things",
  scope: "Namespaced",
});
const ref = { namespace: "ns", name: "a" };

function setup(answers: ((call: Call) => unknown)[]) {
  const rest = new FakeRest();
  let version = 0;
  rest.handler = (call) => {
    const next = answers.shift();
    if (next !== undefined) return next(call);
    version++;
    return {
      metadata: { name: "a", namespace: "ns", resourceVersion: String(version) },
      spec: { v: version },
    };
  };
  return { rest, client: new ResourceClient(rest, Thing) };
}

void describe("updateStatus", () => {
  void it("should write through /status with the resourceVersion when the status changes", async () => {
    const { rest, client } = setup([]);
    const out = await updateStatus(client, ref, (cur) => ({ seen: cur.spec?.v }));
    assert.equal(out.outcome, "updated");
    const put = rest.calls[1];
    assert.equal(put!.method, "PUT");
    assert.equal(put!.path, "/apis/t.example.com/v1/namespaces/ns/things/a/status");
    assert.deepEqual((put!.opts.body as { status: unknown }).status, { seen: 1 });
    assert.equal(
      (put!.opts.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
      "1",
    );
  });

  void it("should refetch and recompute when the write conflicts", async () => {
    const conflict = () => {
      throw apiError(409, "Conflict");
    };
    const get = () => ({ metadata: { resourceVersion: "1" }, spec: { v: 1 } });
    const { rest, client } = setup([get, conflict]);
    const out = await updateStatus(client, ref, (cur) => ({ seen: cur.spec?.v }));
    assert.equal(out.outcome, "updated");
    assert.deepEqual(
      rest.calls.map((c) => c.method),
      ["GET", "PUT", "GET", "PUT"],
    );
  });

  void it("should report conflict instead of throwing when every attempt conflicts", async () => {
    const rest = new FakeRest();
    rest.handler = (call) => {
      if (call.method === "PUT") throw apiError(409, "Conflict");
      return { metadata: { resourceVersion: "1" } };
    };
    const out = await updateStatus(new ResourceClient(rest, Thing), ref, () => ({ seen: 1 }), {
      maxAttempts: 3,
    });
    assert.deepEqual(out, { outcome: "conflict" });
    assert.equal(rest.calls.length, 6);
  });

  void it("should skip the write when the computed status is equal", async () => {
    const rest = new FakeRest();
    rest.handler = () => ({ metadata: { resourceVersion: "1" }, status: { seen: 1 } });
    const out = await updateStatus(new ResourceClient(rest, Thing), ref, () => ({ seen: 1 }));
    assert.equal(out.outcome, "unchanged");
    assert.equal(rest.calls.length, 1);
  });

  void it("should report gone when the object was deleted", async () => {
    const rest = new FakeRest();
    rest.handler = () => {
      throw apiError(404, "NotFound");
    };
    assert.deepEqual(await updateStatus(new ResourceClient(rest, Thing), ref, () => ({})), {
      outcome: "gone",
    });
  });

  void it("should rethrow when the failure is neither a conflict nor a missing object", async () => {
    const rest = new FakeRest();
    rest.handler = () => {
      throw apiError(403, "Forbidden");
    };
    await assert.rejects(
      updateStatus(new ResourceClient(rest, Thing), ref, () => ({})),
      /403/,
    );
  });
});

void describe("patchStatus", () => {
  void it("should send a merge patch to /status when patching", async () => {
    const { rest, client } = setup([]);
    const out = await patchStatus(client, ref, { seen: 3 });
    assert.equal(out.outcome, "updated");
    assert.equal(rest.calls[0]!.opts.contentType, "application/merge-patch+json");
    assert.deepEqual(rest.calls[0]!.opts.body, { status: { seen: 3 } });
  });
});
