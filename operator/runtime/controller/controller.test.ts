import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { FakeRest } from "../internal/fake-rest.test-util.ts";
import type { Call } from "../internal/fake-rest.test-util.ts";
import { RuntimeMetrics } from "../metrics/runtime-metrics.ts";
import { ItemExponentialFailureRateLimiter } from "../queue/rate-limiter.ts";
import { ConfigMapKind } from "../resource/builtin-kinds.ts";
import { ResourceKind } from "../resource/resource-kind.ts";
import type { KubeObject } from "../resource/object.ts";
import { FakeClock, settle } from "../time/fake-clock.ts";
import { Controller } from "./controller.ts";
import { TerminalError } from "./terminal-error.ts";
import { defineController, watches } from "./types.ts";
import type { Reconciler } from "./types.ts";

const Thing = new ResourceKind({
  group: "t.example.com",
  version: "v1",
  kind: "Thing",
  plural: "things",
  scope: "Namespaced",
});
const obj = (name: string, rv = "1"): KubeObject => ({
  metadata: { namespace: "ns", name, resourceVersion: rv },
});

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

interface SetupOptions {
  workers?: number;
  related?: boolean;
  predicate?: (a: string, b: string) => boolean;
}

function setup(reconcile: Reconciler<string>, opts: SetupOptions = {}) {
  const clock = new FakeClock();
  const rest = new FakeRest();
  rest.handler = (call: Call) =>
    call.path.includes("configmaps")
      ? { metadata: { resourceVersion: "1" }, items: [] }
      : { metadata: { resourceVersion: "1" }, items: [obj("a")] };
  const logs: LogLine[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (s: string) => logs.push(JSON.parse(s) as LogLine) },
  );
  const metrics = new RuntimeMetrics();
  const related = watches({
    kind: ConfigMapKind,
    project: (cm) => cm.data?.owner ?? "",
    mapToKeys: (owner) => (owner === "" ? [] : [`ns/${owner}`]),
  });
  const c = new Controller(
    defineController({
      name: "things",
      for: { kind: Thing, project: (o) => o.metadata.name ?? "", predicate: opts.predicate },
      watches: opts.related === true ? [related] : [],
      reconcile,
      maxConcurrentReconciles: opts.workers ?? 1,
      rateLimiter: new ItemExponentialFailureRateLimiter(5, 1000),
    }),
    { rest, metrics, logger, clock, delay: clock.delay },
  );
  return { clock, rest, logs, metrics, c };
}

async function counted(metrics: RuntimeMetrics, result: string): Promise<number> {
  const m = await metrics.reconcileTotal.get();
  return m.values.find((v) => v.labels.result === result)?.value ?? 0;
}

async function run(c: Controller<KubeObject, string>, clock: FakeClock) {
  c.startInformers();
  await c.waitForSync();
  c.startWorkers();
  await clock.advance(0);
}

void describe("Controller", () => {
  void it("should reconcile each listed key once and count success when the reconciler returns undefined", async () => {
    const seen: string[] = [];
    const { c, clock, metrics } = setup((req) => {
      seen.push(`${req.key}=${req.cached ?? "?"}`);
      return Promise.resolve(undefined);
    });
    await run(c, clock);
    assert.deepEqual(seen, ["ns/a=a"]);
    assert.equal(await counted(metrics, "success"), 1);
    assert.equal(c.queue.numRequeues("ns/a"), 0);
    await c.stopWorkers(0);
    await c.stopInformers();
  });

  void it("should reconcile again after the delay when the reconciler returns requeueAfterMs", async () => {
    const reasons: string[] = [];
    const { c, clock, metrics } = setup((_req, ctx) => {
      reasons.push(ctx.reason);
      return Promise.resolve({ requeueAfterMs: 5000 });
    });
    await run(c, clock);
    await clock.advance(4999);
    assert.deepEqual(reasons, ["added"]);
    await clock.advance(1);
    assert.deepEqual(reasons, ["added", "requeueAfter"]);
    assert.equal(await counted(metrics, "requeue_after"), 2);
    await c.stopWorkers(0);
    await c.stopInformers();
  });

  void it("should retry with exponential backoff and log each failure once when the reconciler throws", async () => {
    const at: number[] = [];
    const { c, clock, logs, metrics } = setup(() => {
      at.push(clock.now());
      return Promise.reject(new Error("upstream unavailable"));
    });
    const t0 = clock.now();
    await run(c, clock);
    await clock.advance(5 + 10 + 20);
    assert.deepEqual(
      at.map((t) => t - t0),
      [0, 5, 15, 35],
    );
    const errors = logs.filter((l) => l.level === 50);
    assert.equal(errors.length, 4);
    assert.equal(errors[0]?.msg, "reconciler error");
    assert.equal(errors[1]?.reason, "retry");
    for (const field of ["controller", "namespace", "name", "reconcileId", "reason", "err"]) {
      assert.ok(field in errors[0], `log line has ${field}`);
    }
    assert.notEqual(errors[0].reconcileId, errors[1].reconcileId);
    assert.equal((await metrics.reconcileErrors.get()).values[0]?.value, 4);
    await c.stopWorkers(0);
    await c.stopInformers();
  });

  void it("should not retry and count a terminal error when the reconciler throws TerminalError in a cause chain", async () => {
    let calls = 0;
    const { c, clock, metrics, logs } = setup(() => {
      calls++;
      const terminal = new TerminalError("spec.arn is malformed");
      return Promise.reject(new Error("issue failed", { cause: terminal }));
    });
    await run(c, clock);
    await clock.advance(10_000);
    assert.equal(calls, 1);
    assert.equal((await metrics.terminalErrors.get()).values[0]?.value, 1);
    assert.equal(logs.filter((l) => l.level === 50).length, 1);
    await c.stopWorkers(0);
    await c.stopInformers();
  });

  void it("should never reconcile one key twice at once when it is re-added during a reconcile", async () => {
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    let release: () => void = () => undefined;
    const { c, clock } = setup(
      async () => {
        calls++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((r) => (release = r));
        active--;
        return undefined;
      },
      { workers: 4 },
    );
    await run(c, clock);
    c.enqueue("ns/a", "test");
    c.enqueue("ns/a", "test");
    await settle();
    assert.equal(calls, 1);
    release();
    await settle();
    assert.equal(calls, 2);
    release();
    await settle();
    assert.equal(maxActive, 1);
    assert.equal(calls, 2);
    await c.stopWorkers(0);
    await c.stopInformers();
  });

  void it("should queue the mapped primary key when a related object changes", async () => {
    const reasons: string[] = [];
    const { c, clock, rest } = setup(
      (req, ctx) => {
        reasons.push(`${req.key} ${ctx.reason}`);
        return Promise.resolve(undefined);
      },
      { related: true },
    );
    await run(c, clock);
    assert.equal(rest.streams.length, 2, "one watch per informer");
    for (const s of rest.streams) {
      s.send("ADDED", {
        metadata: { namespace: "ns", name: "cm", resourceVersion: "2" },
        data: { owner: "b" },
      });
    }
    await clock.advance(0);
    assert.ok(reasons.includes("ns/b mapped:ConfigMap"), reasons.join("; "));
    await c.stopWorkers(0);
    await c.stopInformers();
  });

  void it("should abort in-flight reconciles and report unfinished work when the grace period ends", async () => {
    let aborted = false;
    const { c, clock } = setup(
      (_req, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
            resolve(undefined);
          });
        }),
    );
    await run(c, clock);
    c.enqueue("ns/other", "test");
    const stopping = c.stopWorkers(1000);
    await clock.advance(1000);
    assert.equal(await stopping, false);
    assert.equal(aborted, true);
    assert.equal(c.queue.length, 0);
    await c.stopInformers();
  });

  void it("should skip an update when the predicate says the projection did not change", async () => {
    const reasons: string[] = [];
    const { c, clock, rest } = setup(
      (req, ctx) => {
        reasons.push(`${req.key} ${ctx.reason}`);
        return Promise.resolve(undefined);
      },
      { predicate: (a, b) => a !== b },
    );
    await run(c, clock);
    rest.stream.send("MODIFIED", obj("a", "2"));
    await clock.advance(0);
    assert.deepEqual(reasons, ["ns/a added"]);
    await c.stopWorkers(0);
    await c.stopInformers();
  });
});
