import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { FakeTime } from "./fake-time.ts";
import { RateLimitedError } from "./errors.ts";
import { DEFAULT_OPERATION_RATES, RateLimiter, scopeKey } from "./rate-limiter.ts";
import { TokenBucket } from "./token-bucket.ts";

const CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/aaaa";
const CA2 = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/bbbb";
const OTHER_ACCOUNT = "arn:aws:acm-pca:us-east-1:210987654321:certificate-authority/cccc";

describe("TokenBucket", () => {
  it("should grant the burst at once and then space reservations by the rate when drained", () => {
    const bucket = new TokenBucket(10, 2, 0);
    const waits = [0, 0, 0, 0].map(() => bucket.reserve(0));
    assert.deepEqual(waits, [0, 0, 100, 200]);
  });

  it("should refill over time up to the burst when idle", () => {
    const bucket = new TokenBucket(10, 2, 0);
    bucket.reserve(0);
    bucket.reserve(0);
    assert.equal(bucket.reserve(10_000), 0);
    assert.equal(bucket.reserve(10_000), 0);
    assert.equal(bucket.reserve(10_000), 100);
  });

  it("should give a token back when a reservation is cancelled", () => {
    const bucket = new TokenBucket(10, 1, 0);
    bucket.reserve(0);
    assert.equal(bucket.reserve(0), 100);
    bucket.cancel(0);
    assert.equal(bucket.reserve(0), 100);
  });
});

describe("RateLimiter", () => {
  it("should queue a burst of 60 issues over two seconds when the rate is 20 per second", async () => {
    const time = new FakeTime(0, true);
    const rates = { IssueCertificate: { ratePerSecond: 20 } };
    const limiter = new RateLimiter({ clock: time, delay: time.delay, rates });
    const waits: number[] = [];
    for (let i = 0; i < 60; i++) waits.push(await limiter.acquire(CA, "IssueCertificate"));
    assert.equal(waits.filter((w) => w === 0).length, 20);
    assert.equal(time.now(), 2_000);
    assert.ok(
      waits.every((w) => w <= 50),
      "each caller waits one slot after the previous",
    );
  });

  it("should default to just under the PCA quotas of 25 and 75 per second", () => {
    assert.equal(DEFAULT_OPERATION_RATES.IssueCertificate?.ratePerSecond, 24);
    assert.equal(DEFAULT_OPERATION_RATES.GetCertificate?.ratePerSecond, 72);
  });

  it("should reserve in arrival order without sleeping when calls arrive together", () => {
    const time = new FakeTime(0);
    const limiter = new RateLimiter({
      clock: time,
      delay: time.delay,
      rates: { IssueCertificate: { ratePerSecond: 4, burst: 1 } },
    });
    const pending = [1, 2, 3].map(() => limiter.acquire(CA, "IssueCertificate"));
    void Promise.all(pending);
    assert.deepEqual(time.delays, [250, 500]);
  });

  it("should share one bucket between CAs of one account when scope is account", async () => {
    const time = new FakeTime(0);
    const limiter = new RateLimiter({
      clock: time,
      delay: time.delay,
      rates: { IssueCertificate: { ratePerSecond: 1 } },
    });
    assert.equal(await limiter.acquire(CA, "IssueCertificate"), 0);
    void limiter.acquire(CA2, "IssueCertificate");
    assert.deepEqual(time.delays, [1000]);
    assert.equal(await limiter.acquire(OTHER_ACCOUNT, "IssueCertificate"), 0);
  });

  it("should keep CAs apart when scope is ca", async () => {
    const time = new FakeTime(0);
    const limiter = new RateLimiter({
      clock: time,
      delay: time.delay,
      scope: "ca",
      rates: { IssueCertificate: { ratePerSecond: 1 } },
    });
    assert.equal(await limiter.acquire(CA, "IssueCertificate"), 0);
    assert.equal(await limiter.acquire(CA2, "IssueCertificate"), 0);
  });

  it("should never wait when disabled", async () => {
    const time = new FakeTime(0);
    const limiter = new RateLimiter({ enabled: false, clock: time, delay: time.delay });
    for (let i = 0; i < 100; i++) assert.equal(await limiter.acquire(CA, "IssueCertificate"), 0);
    assert.equal(limiter.enabled, false);
  });

  it("should not limit operations without a rate when asked for one", async () => {
    const time = new FakeTime(0);
    const limiter = new RateLimiter({ clock: time, delay: time.delay });
    for (let i = 0; i < 100; i++) assert.equal(await limiter.acquire(CA, "ListTags"), 0);
  });

  it("should give the token back and reject when the wait is aborted", async () => {
    const time = new FakeTime(0);
    const limiter = new RateLimiter({
      clock: time,
      delay: time.delay,
      rates: { IssueCertificate: { ratePerSecond: 1, burst: 1 } },
    });
    await limiter.acquire(CA, "IssueCertificate");
    const controller = new AbortController();
    const waiting = limiter.acquire(CA, "IssueCertificate", controller.signal);
    controller.abort(new Error("stop"));
    await assert.rejects(waiting, /stop/);
    void limiter.acquire(CA, "IssueCertificate");
    assert.deepEqual(time.delays, [1000, 1000]);
  });

  it("should reject a burst below one when constructed", () => {
    assert.throws(
      () => new RateLimiter({ rates: { IssueCertificate: { ratePerSecond: 5, burst: 0 } } }),
      /rates\.IssueCertificate\.burst/,
    );
  });

  it("should key by partition, region and account when scope is account", () => {
    assert.equal(scopeKey(CA, "account"), "aws:us-east-1:123456789012");
    assert.equal(scopeKey(CA, "ca"), CA);
    assert.equal(scopeKey("not-an-arn", "account"), "not-an-arn");
  });
});

describe("RateLimiter tickets", () => {
  const ticket = (id: string) => ({ id, maxWaitMs: 50 });
  const rates = { IssueCertificate: { ratePerSecond: 10, burst: 1 } };

  it("should hold a far slot for the ticket and throw RateLimitedError when the wait is too long", async () => {
    const time = new FakeTime(0, true);
    const limiter = new RateLimiter({ clock: time, delay: time.delay, rates });
    assert.equal(await limiter.acquire(CA, "IssueCertificate", undefined, ticket("a")), 0);
    await assert.rejects(limiter.acquire(CA, "IssueCertificate", undefined, ticket("b")), (err) => {
      assert.ok(err instanceof RateLimitedError);
      assert.equal(err.requeueAfterMs, 100);
      return true;
    });
    await assert.rejects(limiter.acquire(CA, "IssueCertificate", undefined, ticket("c")), (err) => {
      assert.ok(err instanceof RateLimitedError);
      assert.equal(err.requeueAfterMs, 200);
      return true;
    });
  });

  it("should let a ticket take its held slot without reserving again when it comes back", async () => {
    const time = new FakeTime(0, true);
    const limiter = new RateLimiter({ clock: time, delay: time.delay, rates });
    await limiter.acquire(CA, "IssueCertificate", undefined, ticket("a"));
    await assert.rejects(limiter.acquire(CA, "IssueCertificate", undefined, ticket("b")));
    await time.delay(100);
    assert.equal(await limiter.acquire(CA, "IssueCertificate", undefined, ticket("b")), 0);
    // b's slot was already counted: the next newcomer queues behind it, not beside it.
    await assert.rejects(limiter.acquire(CA, "IssueCertificate", undefined, ticket("c")), (err) => {
      assert.ok(err instanceof RateLimitedError);
      assert.equal(err.requeueAfterMs, 100);
      return true;
    });
  });

  it("should wait in place when the slot is within the ticket's limit", async () => {
    const time = new FakeTime(0, true);
    const limiter = new RateLimiter({
      clock: time,
      delay: time.delay,
      rates: { IssueCertificate: { ratePerSecond: 40, burst: 1 } },
    });
    await limiter.acquire(CA, "IssueCertificate", undefined, ticket("a"));
    assert.equal(await limiter.acquire(CA, "IssueCertificate", undefined, ticket("b")), 25);
  });
});
