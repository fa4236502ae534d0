import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock, settle } from "../time/fake-clock.ts";
import { WorkQueue } from "./work-queue.ts";
import { DelayingQueue } from "./delaying-queue.ts";
import { RateLimitingQueue } from "./rate-limiting-queue.ts";
import { ItemExponentialFailureRateLimiter } from "./rate-limiter.ts";
import type { QueueMetrics } from "./queue-metrics.ts";

function recordingMetrics(): QueueMetrics & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    added: () => log.push("add"),
    depth: (n) => log.push(`depth=${n}`),
    queued: (ms) => log.push(`queued=${ms}`),
    worked: (ms) => log.push(`worked=${ms}`),
    retried: () => log.push("retry"),
  };
}

void describe("WorkQueue", () => {
  void it("should merge duplicates when a key is added twice before processing", async () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("b");
    q.add("a");
    assert.equal(q.length, 2);
    assert.equal(await q.get(), "a");
    assert.equal(await q.get(), "b");
  });

  void it("should not hand a key out twice when it is re-added while processing", async () => {
    const q = new WorkQueue();
    q.add("a");
    const key = await q.get();
    q.add("a");
    assert.equal(q.length, 0);
    let second: string | undefined = "pending";
    void q.get().then((k) => (second = k));
    await settle();
    assert.equal(second, "pending");
    q.done(key ?? "");
    await settle();
    assert.equal(second, "a");
  });

  void it("should process a key once more when it was re-added several times while processing", async () => {
    const q = new WorkQueue();
    q.add("a");
    await q.get();
    q.add("a");
    q.add("a");
    q.done("a");
    assert.equal(q.length, 1);
    await q.get();
    q.done("a");
    assert.equal(q.length, 0);
  });

  void it("should hand keys out in order when workers wait before keys arrive", async () => {
    const q = new WorkQueue();
    const got = [q.get(), q.get()];
    q.add("x");
    q.add("y");
    assert.deepEqual(await Promise.all(got), ["x", "y"]);
  });

  void it("should resolve waiting workers with undefined when shut down", async () => {
    const q = new WorkQueue();
    const got = q.get();
    q.shutDown();
    assert.equal(await got, undefined);
    q.add("a");
    assert.equal(await q.get(), undefined);
  });

  void it("should wait for in-flight keys when shut down with drain", async () => {
    const q = new WorkQueue();
    q.add("a");
    await q.get();
    let drained = false;
    void q.shutDownWithDrain().then(() => (drained = true));
    await settle();
    assert.equal(drained, false);
    q.done("a");
    await settle();
    assert.equal(drained, true);
  });

  void it("should report queue and work durations when a clock is injected", async () => {
    const clock = new FakeClock();
    const metrics = recordingMetrics();
    const q = new WorkQueue({ clock, metrics });
    q.add("a");
    await clock.advance(30);
    await q.get();
    await clock.advance(70);
    assert.equal(q.unfinishedWorkSeconds(), 0.07);
    assert.equal(q.longestRunningProcessorSeconds(), 0.07);
    q.done("a");
    assert.deepEqual(metrics.log, ["add", "depth=1", "queued=30", "depth=0", "worked=70"]);
  });
});

void describe("DelayingQueue", () => {
  void it("should add a key only when its delay has passed", async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue({ clock, delay: clock.delay });
    q.addAfter("a", 1000);
    await clock.advance(999);
    assert.equal(q.length, 0);
    await clock.advance(1);
    assert.equal(q.length, 1);
  });

  void it("should keep the earliest time when a key is delayed twice", async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue({ clock, delay: clock.delay });
    q.addAfter("a", 1000);
    q.addAfter("a", 5000);
    await clock.advance(1000);
    assert.equal(q.length, 1);
    q.addAfter("b", 5000);
    q.addAfter("b", 100);
    await clock.advance(100);
    assert.equal(q.length, 2);
    assert.equal(clock.pending, 0);
  });

  void it("should add at once when the delay is not positive", () => {
    const q = new DelayingQueue({ delay: new FakeClock().delay });
    q.addAfter("a", 0);
    assert.equal(q.length, 1);
  });

  void it("should drop delayed keys when shut down", async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue({ clock, delay: clock.delay });
    q.addAfter("a", 10);
    q.shutDown();
    await clock.advance(10);
    assert.equal(q.length, 0);
    assert.equal(q.delayed, 0);
  });
});

void describe("RateLimitingQueue", () => {
  void it("should back off exponentially when a key keeps failing", async () => {
    const clock = new FakeClock();
    const metrics = recordingMetrics();
    const rateLimiter = new ItemExponentialFailureRateLimiter(5, 1000);
    const q = new RateLimitingQueue({ clock, delay: clock.delay, rateLimiter, metrics });
    q.addRateLimited("a");
    q.addRateLimited("a");
    assert.equal(q.numRequeues("a"), 2);
    await clock.advance(4);
    assert.equal(q.length, 0);
    await clock.advance(1);
    assert.equal(q.length, 1);
    assert.equal(metrics.log.filter((l) => l === "retry").length, 2);
  });

  void it("should reset the backoff when a key is forgotten", () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock, delay: clock.delay });
    q.addRateLimited("a");
    q.forget("a");
    assert.equal(q.numRequeues("a"), 0);
  });

  void it("should use the default limiter when none is given", async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock, delay: clock.delay });
    q.addRateLimited("a");
    await clock.advance(5);
    assert.equal(q.length, 1);
  });
});
