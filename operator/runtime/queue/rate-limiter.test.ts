import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../time/fake-clock.ts";
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from "./rate-limiter.ts";

void describe("ItemExponentialFailureRateLimiter", () => {
  void it("should double the delay per failure when a key keeps failing", () => {
    const rl = new ItemExponentialFailureRateLimiter(5, 1_000_000);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => rl.when("a")),
      [5, 10, 20, 40, 80],
    );
    assert.equal(rl.numRequeues("a"), 5);
  });

  void it("should cap the delay at maxDelayMs when failures pile up", () => {
    const rl = new ItemExponentialFailureRateLimiter(5, 1_000_000);
    for (let i = 0; i < 40; i++) rl.when("a");
    assert.equal(rl.when("a"), 1_000_000);
    for (let i = 0; i < 2000; i++) rl.when("a");
    assert.equal(rl.when("a"), 1_000_000);
  });

  void it("should start over when a key is forgotten", () => {
    const rl = new ItemExponentialFailureRateLimiter();
    rl.when("a");
    rl.when("a");
    rl.forget("a");
    assert.equal(rl.numRequeues("a"), 0);
    assert.equal(rl.when("a"), 5);
  });

  void it("should track keys independently when several keys fail", () => {
    const rl = new ItemExponentialFailureRateLimiter();
    rl.when("a");
    rl.when("a");
    assert.equal(rl.when("b"), 5);
    assert.equal(rl.numRequeues("a"), 2);
  });

  void it("should reject a configuration when baseDelayMs is not positive", () => {
    assert.throws(() => new ItemExponentialFailureRateLimiter(0), /baseDelayMs/);
  });

  void it("should reject a configuration when maxDelayMs is below baseDelayMs", () => {
    assert.throws(() => new ItemExponentialFailureRateLimiter(10, 5), /maxDelayMs/);
  });
});

void describe("BucketRateLimiter", () => {
  void it("should let the burst through at once when the bucket is full", () => {
    const clock = new FakeClock();
    const rl = new BucketRateLimiter(10, 100, clock);
    const delays = Array.from({ length: 100 }, () => rl.when());
    assert.ok(delays.every((d) => d === 0));
  });

  void it("should space keys at 1/qps when the burst is spent", () => {
    const clock = new FakeClock();
    const rl = new BucketRateLimiter(10, 100, clock);
    for (let i = 0; i < 100; i++) rl.when();
    assert.deepEqual([rl.when(), rl.when(), rl.when()], [100, 200, 300]);
  });

  void it("should refill tokens when time passes", async () => {
    const clock = new FakeClock();
    const rl = new BucketRateLimiter(10, 100, clock);
    for (let i = 0; i < 100; i++) rl.when();
    await clock.advance(1000);
    const delays = Array.from({ length: 10 }, () => rl.when());
    assert.ok(delays.every((d) => d === 0));
    assert.equal(rl.when(), 100);
  });

  void it("should never count requeues when asked per key", () => {
    const rl = new BucketRateLimiter(10, 100, new FakeClock());
    rl.when();
    rl.forget();
    assert.equal(rl.numRequeues(), 0);
  });

  void it("should reject a configuration when qps or burst is out of range", () => {
    assert.throws(() => new BucketRateLimiter(0, 1), /qps/);
    assert.throws(() => new BucketRateLimiter(1, 0), /burst/);
  });
});

void describe("MaxOfRateLimiter", () => {
  void it("should wait the longest delay when limiters disagree", () => {
    const clock = new FakeClock();
    const rl = new MaxOfRateLimiter(
      new ItemExponentialFailureRateLimiter(5, 1000),
      new BucketRateLimiter(1, 1, clock),
    );
    assert.equal(rl.when("a"), 5);
    assert.equal(rl.when("a"), 1000);
  });

  void it("should forget in every limiter when a key is forgotten", () => {
    const rl = defaultControllerRateLimiter(new FakeClock());
    rl.when("a");
    rl.when("a");
    assert.equal(rl.numRequeues("a"), 2);
    rl.forget("a");
    assert.equal(rl.numRequeues("a"), 0);
    assert.equal(rl.when("a"), 5);
  });

  void it("should reject a configuration when no limiter is given", () => {
    assert.throws(() => new MaxOfRateLimiter(), /limiters/);
  });
});
