import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { apiError, FakeRest } from "../internal/fake-rest.test-util.ts";
import type { Call } from "../internal/fake-rest.test-util.ts";
import { ResourceKind } from "../resource/resource-kind.ts";
import type { KubeObject } from "../resource/object.ts";
import { FakeClock, settle } from "../time/fake-clock.ts";
import { Backoff } from "./backoff.ts";
import { Informer } from "./informer.ts";

const Thing = new ResourceKind<{ v: number }>({
  group: "t.example.com",
  version: "v1",
  kind: "Thing",
  plural: "things",
  scope: "Namespaced",
});
type ThingObj = KubeObject<{ v: number }>;

const thing = (name: string, rv: string, v = 0): ThingObj => ({
  metadata: { namespace: "ns", name, resourceVersion: rv },
  spec: { v },
});

function listOf(items: ThingObj[], rv: string) {
  return { metadata: { resourceVersion: rv }, items };
}

function setup(opts: { resyncPeriodMs?: number; watchTimeoutSeconds?: number } = {}) {
  const clock = new FakeClock();
  const rest = new FakeRest();
  const log: string[] = [];
  let list = listOf([thing("a", "5"), thing("b", "6")], "10");
  rest.handler = (call: Call) => (call.method === "GET" ? list : {});
  const informer = new Informer({
    rest,
    kind: Thing,
    namespace: "ns",
    labelSelector: "app=x",
    project: (o: ThingObj) => o.spec?.v ?? -1,
    clock,
    delay: clock.delay,
    logger: pino({ level: "silent" }),
    backoff: new Backoff(1000, 30_000, () => 0),
    resyncPeriodMs: opts.resyncPeriodMs ?? 0,
    watchTimeoutSeconds: opts.watchTimeoutSeconds ?? 300,
    stallToleranceMs: 1000,
  });
  informer.addHandler({
    onAdd: (k) => log.push(`add ${k}`),
    onUpdate: (k) => log.push(`update ${k}`),
    onDelete: (k) => log.push(`delete ${k}`),
    onResync: (k) => log.push(`resync ${k}`),
  });
  const setList = (items: ThingObj[], rv: string) => (list = listOf(items, rv));
  return { clock, rest, log, informer, setList };
}

const watches = (rest: FakeRest) => rest.calls.filter((c) => c.method === "WATCH");

void describe("Informer", () => {
  void it("should list then watch from the list's resourceVersion with bookmarks when started", async () => {
    const { rest, informer, log, clock } = setup();
    informer.start();
    await clock.advance(0);
    assert.equal(await informer.waitForSync(), true);
    assert.deepEqual(log, ["add ns/a", "add ns/b"]);
    assert.equal(rest.calls[0]?.path, "/apis/t.example.com/v1/namespaces/ns/things");
    assert.deepEqual(rest.calls[0].opts.query, {
      labelSelector: "app=x",
      fieldSelector: undefined,
      limit: 500,
      continue: undefined,
    });
    assert.deepEqual(rest.stream.query, {
      labelSelector: "app=x",
      fieldSelector: undefined,
      watch: true,
      allowWatchBookmarks: true,
      resourceVersion: "10",
      timeoutSeconds: 300,
    });
    await informer.stop();
  });

  void it("should update the store and resume from bookmarks when events arrive", async () => {
    const { rest, informer, log, clock } = setup();
    informer.start();
    await clock.advance(0);
    rest.stream.send("MODIFIED", thing("a", "11", 7));
    rest.stream.send("DELETED", thing("b", "12"));
    rest.stream.send("ADDED", thing("c", "13", 1));
    rest.stream.send("BOOKMARK", { metadata: { resourceVersion: "20" } });
    await settle();
    assert.deepEqual(log.slice(2), ["update ns/a", "delete ns/b", "add ns/c"]);
    assert.equal(informer.store.get("ns/a"), 7);
    assert.equal(informer.store.get("ns/b"), undefined);
    assert.equal(informer.resourceVersion, "20");
    rest.stream.end();
    await clock.advance(0);
    assert.equal(rest.stream.query.resourceVersion, "20");
    assert.equal(informer.stats.lists, 1);
    await informer.stop();
  });

  void it("should relist and report only changed objects when the watch gets an ERROR event with code 410", async () => {
    const { rest, informer, log, clock, setList } = setup();
    informer.start();
    await clock.advance(0);
    setList([thing("a", "5"), thing("b", "30", 9), thing("d", "31")], "40");
    rest.stream.send("ERROR", { kind: "Status", code: 410, reason: "Expired" });
    await clock.advance(0);
    assert.equal(informer.stats.lists, 2);
    assert.equal(informer.stats.restarts, 0);
    assert.deepEqual(log.slice(2), ["add ns/d", "update ns/b"]);
    assert.equal(rest.stream.query.resourceVersion, "40");
    await informer.stop();
  });

  void it("should relist when the watch request itself answers 410", async () => {
    const { rest, informer, clock } = setup();
    informer.start();
    await clock.advance(0);
    rest.stream.fail(apiError(410, "Expired"));
    await clock.advance(0);
    assert.equal(informer.stats.lists, 2);
    await informer.stop();
  });

  void it("should back off 1 s, 2 s, 4 s and reset after an event when the watch keeps failing", async () => {
    const { rest, informer, clock } = setup();
    rest.watchError = new Error("connection refused");
    informer.start();
    await clock.advance(0);
    assert.equal(watches(rest).length, 1);
    await clock.advance(999);
    assert.equal(watches(rest).length, 1);
    await clock.advance(1);
    assert.equal(watches(rest).length, 2);
    await clock.advance(2000);
    assert.equal(watches(rest).length, 3);
    await clock.advance(3999);
    assert.equal(watches(rest).length, 3);
    rest.watchError = undefined;
    await clock.advance(1);
    rest.stream.send("BOOKMARK", { metadata: { resourceVersion: "11" } });
    rest.stream.fail(new Error("reset by peer"));
    await clock.advance(1000);
    assert.equal(watches(rest).length, 5);
    assert.equal(informer.stats.restarts, 4);
    await informer.stop();
  });

  void it("should restart a watch that stays silent longer than its timeout when the connection hangs", async () => {
    const { rest, informer, clock } = setup({ watchTimeoutSeconds: 10 });
    informer.start();
    await clock.advance(0);
    await clock.advance(11_000); // limit: 10 s timeout + 1 s tolerance, checked every 2.75 s
    assert.equal(informer.stats.restarts, 0);
    await clock.advance(3_000);
    assert.equal(informer.stats.restarts, 1);
    assert.equal(watches(rest).length, 1);
    await clock.advance(1_000);
    assert.equal(watches(rest).length, 2);
    assert.equal(rest.stream.query.resourceVersion, "10");
    await informer.stop();
  });

  void it("should visit every cached key when the resync period passes", async () => {
    const { informer, log, clock } = setup({ resyncPeriodMs: 60_000 });
    informer.start();
    await clock.advance(60_000);
    assert.deepEqual(log, ["add ns/a", "add ns/b", "resync ns/a", "resync ns/b"]);
    await informer.stop();
  });

  void it("should report false from waitForSync when stopped before the first list", async () => {
    const { informer, rest } = setup();
    rest.handler = () => {
      throw new Error("forbidden");
    };
    informer.start();
    const synced = informer.waitForSync();
    await informer.stop();
    assert.equal(await synced, false);
  });

  void it("should back off when a watch closes at once without events", async () => {
    const { rest, informer, clock } = setup();
    informer.start();
    await clock.advance(0);
    rest.stream.end();
    await clock.advance(0);
    assert.equal(informer.stats.restarts, 1);
    assert.equal(watches(rest).length, 1);
    await clock.advance(1000);
    assert.equal(watches(rest).length, 2);
    await informer.stop();
  });

  void it("should end the backoff early when the client reaches the server again", async () => {
    const { rest, informer, clock } = setup();
    rest.watchError = new Error("connection refused");
    informer.start();
    await clock.advance(0);
    await clock.advance(1000);
    assert.equal(watches(rest).length, 2);
    rest.watchError = undefined;
    await clock.advance(100);
    rest.recover();
    await clock.advance(0);
    assert.equal(watches(rest).length, 3);
    await informer.stop();
  });
});
