import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { IssuerError, PendingError, PermanentError, RetryableError } from "./errors.ts";
import { FakeTime } from "./fake-time.ts";
import { retryUntilDone } from "./retry-loop.ts";

function failing(errors: Error[]): () => Promise<string> {
  return () => {
    const next = errors.shift();
    return next === undefined ? Promise.resolve("done") : Promise.reject(next);
  };
}

describe("retryUntilDone", () => {
  it("should back off exponentially when errors are retryable", async () => {
    const time = new FakeTime(0, true);
    const attempt = failing([
      new RetryableError("a"),
      new RetryableError("b"),
      new RetryableError("c"),
    ]);
    const out = await retryUntilDone(attempt, {
      clock: time,
      delay: time.delay,
      initialBackoffMs: 100,
    });
    assert.equal(out, "done");
    assert.deepEqual(time.delays, [100, 200, 400]);
  });

  it("should poll no slower than requeueAfterMs when the answer is pending", async () => {
    const time = new FakeTime(0, true);
    const attempt = failing([1, 2, 3, 4, 5].map(() => new PendingError("p", 300)));
    await retryUntilDone(attempt, { clock: time, delay: time.delay, initialBackoffMs: 100 });
    assert.deepEqual(time.delays, [100, 200, 300, 300, 300]);
  });

  it("should wait at least a retryable error's hint when it gives one", async () => {
    const time = new FakeTime(0, true);
    const attempt = failing([new RetryableError("slow", { requeueAfterMs: 2000 })]);
    await retryUntilDone(attempt, { clock: time, delay: time.delay });
    assert.deepEqual(time.delays, [2000]);
  });

  it("should throw at once when the error is permanent", async () => {
    const time = new FakeTime(0, true);
    await assert.rejects(
      retryUntilDone(failing([new PermanentError("no")]), { clock: time, delay: time.delay }),
      PermanentError,
    );
    assert.deepEqual(time.delays, []);
  });

  it("should throw at once when the error is issuer-level", async () => {
    const time = new FakeTime(0, true);
    await assert.rejects(
      retryUntilDone(failing([new IssuerError("denied")]), { clock: time, delay: time.delay }),
      IssuerError,
    );
  });

  it("should rethrow the last error when the timeout runs out", async () => {
    const time = new FakeTime(0, true);
    const forever = (): Promise<string> => Promise.reject(new RetryableError("still"));
    await assert.rejects(
      retryUntilDone(forever, { clock: time, delay: time.delay, timeoutMs: 1000 }),
      /still/,
    );
    assert.ok(time.now() <= 1000);
  });
});
