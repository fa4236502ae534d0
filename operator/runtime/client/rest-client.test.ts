import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KubeConfig } from "@kubernetes/client-node";
import { MockAgent } from "undici";
import { ResourceKind } from "../resource/resource-kind.ts";
import { isAlreadyExists, isConflict, isGone, isNotFound } from "./api-error.ts";
import { ResourceClient } from "./resource-client.ts";
import { PatchType, RestClient } from "./rest-client.ts";

const SERVER = "https://k8s.test:6443";

function setup() {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: SERVER, skipTLSVerify: true }],
    users: [{ name: "u", token: "s3cret" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  const agent = new MockAgent();
  agent.disableNetConnect();
  return { agent, pool: agent.get(SERVER), rest: new RestClient(kc, agent) };
}

const Thing = new ResourceKind({
  group: "t.example.com",
  version: "v1",
  kind: "Thing",
  plural: "things",
  scope: "Namespaced",
});
const Node = new ResourceKind({
  group: "",
  version: "v1",
  kind: "Node",
  plural: "nodes",
  scope: "Cluster",
});

void describe("RestClient", () => {
  void it("should send the kubeconfig's bearer token and parse JSON when a request succeeds", async () => {
    const { pool, rest } = setup();
    let auth: unknown;
    pool
      .intercept({ path: "/api/v1/namespaces/ns/configmaps/a?x=1", method: "GET" })
      .reply(200, (opts) => {
        const headers = new Headers(opts.headers);
        auth = headers.get("authorization");
        return { metadata: { name: "a" } };
      });
    const out = await rest.request<{ metadata: { name: string } }>(
      "GET",
      "/api/v1/namespaces/ns/configmaps/a",
      {
        query: { x: 1, skipped: undefined },
      },
    );
    assert.equal(out.metadata.name, "a");
    assert.equal(auth, "Bearer s3cret");
  });

  void it("should throw an ApiError carrying code and reason when the server answers a Status", async () => {
    const { pool, rest } = setup();
    const status = (code: number, reason: string) => ({ kind: "Status", code, reason });
    pool.intercept({ path: "/a", method: "GET" }).reply(404, status(404, "NotFound"));
    pool.intercept({ path: "/b", method: "PUT" }).reply(409, status(409, "Conflict"));
    pool.intercept({ path: "/c", method: "POST" }).reply(409, status(409, "AlreadyExists"));
    pool.intercept({ path: "/d", method: "GET" }).reply(410, status(410, "Expired"));
    pool.intercept({ path: "/e", method: "GET" }).reply(502, "<html>bad gateway</html>");
    await assert.rejects(rest.request("GET", "/a"), (e: unknown) => isNotFound(e));
    await assert.rejects(
      rest.request("PUT", "/b", { body: {} }),
      (e: unknown) => isConflict(e) && !isAlreadyExists(e),
    );
    await assert.rejects(
      rest.request("POST", "/c", { body: {} }),
      (e: unknown) => isAlreadyExists(e) && !isConflict(e),
    );
    await assert.rejects(rest.request("GET", "/d"), (e: unknown) => isGone(e));
    await assert.rejects(rest.request("GET", "/e"), /GET \/e failed with 502/);
  });

  void it("should yield one line per watch event when a stream is read", async () => {
    const { pool, rest } = setup();
    const events = ['{"type":"ADDED","object":{}}', '{"type":"BOOKMARK","object":{}}'];
    pool.intercept({ path: "/w?watch=true", method: "GET" }).reply(200, `${events.join("\n")}\n\n`);
    const lines: string[] = [];
    for await (const line of rest.streamLines("/w", { watch: true }, new AbortController().signal))
      lines.push(line);
    assert.deepEqual(lines, events);
  });
});

void describe("RestClient timeouts", () => {
  void it("should give up when the server does not answer within timeoutMs", async () => {
    const { pool, rest } = setup();
    pool.intercept({ path: "/slow", method: "GET" }).reply(200, {}).delay(500);
    await assert.rejects(rest.request("GET", "/slow", { timeoutMs: 20 }), { name: "TimeoutError" });
  });
});

void describe("RestClient.onRecovered", () => {
  void it("should notify once when a request succeeds after the server was unreachable", async () => {
    const { pool, rest } = setup();
    pool.intercept({ path: "/x", method: "GET" }).reply(503, "unavailable");
    pool.intercept({ path: "/x", method: "GET" }).reply(200, {}).times(2);
    let calls = 0;
    const off = rest.onRecovered(() => calls++);
    await assert.rejects(rest.request("GET", "/x"));
    await rest.request("GET", "/x");
    await rest.request("GET", "/x");
    off();
    assert.equal(calls, 1);
  });
});

void describe("ResourceClient", () => {
  void it("should address namespaced, cluster-scoped and status paths when used", async () => {
    const { pool, rest } = setup();
    const seen: string[] = [];
    const record = (opts: { path: string; method: string; headers?: unknown; body?: unknown }) => {
      const type = (opts.headers as Record<string, string> | undefined)?.["content-type"] ?? "";
      seen.push(`${opts.method} ${opts.path} ${type}`.trim());
      return { metadata: {} };
    };
    pool
      .intercept({ path: () => true, method: () => true })
      .reply(200, record)
      .persist();
    const things = new ResourceClient(rest, Thing);
    await things.get("ns", "a");
    await things.list("", { labelSelector: "a=b" });
    await things.patch("ns", "a", { spec: {} });
    await things.patchStatus("ns", "a", [{ op: "add" }], PatchType.json);
    await things.replaceStatus({ metadata: { namespace: "ns", name: "a", resourceVersion: "3" } });
    await new ResourceClient(rest, Node).get("", "n1");
    assert.deepEqual(seen, [
      "GET /apis/t.example.com/v1/namespaces/ns/things/a",
      "GET /apis/t.example.com/v1/things?labelSelector=a%3Db",
      "PATCH /apis/t.example.com/v1/namespaces/ns/things/a application/merge-patch+json",
      "PATCH /apis/t.example.com/v1/namespaces/ns/things/a/status application/json-patch+json",
      "PUT /apis/t.example.com/v1/namespaces/ns/things/a/status application/json",
      "GET /api/v1/nodes/n1",
    ]);
  });
});
