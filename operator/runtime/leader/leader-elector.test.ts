import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { FakeClock } from "../time/fake-clock.ts";
import { LeaderElector } from "./leader-elector.ts";
import { LeaderHealthCheck } from "./leader-health.ts";
import { FakeLeaseStore } from "./fake-lock.test-util.ts";

const logger = pino({ level: "silent" });

function elector(store: FakeLeaseStore, clock: FakeClock, identity: string, log: string[]) {
  return new LeaderElector({
    lock: store.lock(identity),
    clock,
    delay: clock.delay,
    logger,
    random: () => 0,
    callbacks: {
      onStartedLeading: () => log.push(`${identity} started`),
      onStoppedLeading: () => log.push(`${identity} stopped`),
    },
  });
}

void describe("LeaderElector", () => {
  void it("should create the lease and lead when no lease exists", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const log: string[] = [];
    const stop = new AbortController();
    const a = elector(store, clock, "a", log);
    const done = a.run(stop.signal);
    await clock.advance(0);
    assert.deepEqual(log, ["a started"]);
    assert.equal(store.lease!.spec!.holderIdentity, "a");
    assert.equal(store.lease!.spec!.leaseDurationSeconds, 15);
    assert.match(store.lease!.spec!.renewTime ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(store.lease!.spec!.leaseTransitions, 0);
    stop.abort();
    await done;
    assert.equal(store.lease!.spec!.holderIdentity, undefined);
    assert.deepEqual(log, ["a started", "a stopped"]);
  });

  void it("should renew every retry period when leading", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const stop = new AbortController();
    const a = elector(store, clock, "a", []);
    const done = a.run(stop.signal);
    await clock.advance(0);
    const acquired = store.lease!.spec!.acquireTime;
    await clock.advance(2000);
    assert.equal(a.lastRenewAt, clock.now());
    assert.equal(store.lease!.spec!.acquireTime, acquired);
    stop.abort();
    await done;
  });

  void it("should wait for the lease duration when another replica holds the lease", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const log: string[] = [];
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = new LeaderElector({
      lock: store.lock("a"),
      clock,
      delay: clock.delay,
      logger,
      releaseOnCancel: false,
      callbacks: {
        onStartedLeading: () => log.push("a started"),
        onStoppedLeading: () => undefined,
      },
    });
    let takeoverAt = 0;
    const b = new LeaderElector({
      lock: store.lock("b"),
      clock,
      delay: clock.delay,
      logger,
      random: () => 0,
      callbacks: {
        onStartedLeading: () => {
          takeoverAt = clock.now();
          log.push("b started");
        },
        onStoppedLeading: () => undefined,
      },
    });
    const runA = a.run(stopA.signal);
    await clock.advance(0);
    const runB = b.run(stopB.signal);
    await clock.advance(0);
    assert.equal(b.leadershipKnown, true);
    assert.equal(b.isLeader, false);
    stopA.abort(); // killed without release
    await runA;
    const killedAt = clock.now();
    await clock.advance(14_000);
    assert.deepEqual(log, ["a started"]);
    await clock.advance(4_000);
    assert.deepEqual(log, ["a started", "b started"]);
    assert.equal(store.lease!.spec!.leaseTransitions, 1);
    assert.ok(takeoverAt - killedAt <= 15_000 + 2_000, `took ${takeoverAt - killedAt} ms`);
    stopB.abort();
    await runB;
  });

  void it("should take over at once when the leader released the lease", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const log: string[] = [];
    const stopA = new AbortController();
    const stopB = new AbortController();
    const runA = elector(store, clock, "a", log).run(stopA.signal);
    await clock.advance(0);
    const runB = elector(store, clock, "b", log).run(stopB.signal);
    await clock.advance(0);
    stopA.abort();
    await runA;
    await clock.advance(2_000);
    assert.deepEqual(log, ["a started", "a stopped", "b started"]);
    stopB.abort();
    await runB;
  });

  void it("should stop leading when renewals fail past the renew deadline", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const log: string[] = [];
    const a = elector(store, clock, "a", log);
    const done = a.run(new AbortController().signal);
    await clock.advance(0);
    store.failing = true;
    await clock.advance(8_000);
    assert.equal(a.isLeader, true);
    await clock.advance(2_000);
    await done;
    assert.deepEqual(log, ["a started", "a stopped"]);
    assert.equal(a.isLeader, false);
  });
});

void describe("LeaderHealthCheck", () => {
  void it("should fail when the leader has not renewed for lease duration plus tolerance", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const a = elector(store, clock, "a", []);
    void a.run(new AbortController().signal);
    await clock.advance(0);
    const health = new LeaderHealthCheck(a, 1000, clock);
    assert.equal(health.check().ok, true);
    store.hanging = true; // a renewal that never returns leaves a stale leader
    await clock.advance(15_000 + 1000);
    assert.equal(health.check().ok, true);
    await clock.advance(1);
    assert.equal(health.check().ok, false);
  });

  void it("should pass when this replica does not lead", () => {
    const clock = new FakeClock();
    const a = elector(new FakeLeaseStore(), clock, "a", []);
    assert.deepEqual(new LeaderHealthCheck(a, 0, clock).check(), { ok: true });
  });
});
