import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ACMPCAServiceException } from "@aws-sdk/client-acm-pca";
import type { RetryErrorInfo } from "@smithy/types";

import { PcaRetryStrategy, isQuickRetryable } from "./retry-strategy.ts";

function info(name: string, status = 400): RetryErrorInfo {
  const error = new ACMPCAServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
  return { error, errorType: "CLIENT_ERROR" };
}

describe("isQuickRetryable", () => {
  const table: [string, number, boolean][] = [
    ["ThrottlingException", 400, true],
    ["InternalFailure", 500, true],
    ["ServiceUnavailable", 503, true],
    ["LimitExceededException", 400, false],
    ["RequestInProgressException", 400, false],
    ["InvalidStateException", 400, false],
    ["MalformedCSRException", 400, false],
    ["AccessDeniedException", 400, false],
    ["ValidationException", 400, false],
  ];
  for (const [name, status, expected] of table) {
    it(`should answer ${expected} when the error is ${name}`, () => {
      assert.equal(isQuickRetryable(info(name, status).error), expected);
    });
  }

  it("should retry when the connection was reset", () => {
    assert.equal(isQuickRetryable(Object.assign(new Error("x"), { code: "ECONNRESET" })), true);
  });
});

describe("PcaRetryStrategy", () => {
  it("should allow maxAttempts - 1 retries when errors are transient", async () => {
    const strategy = new PcaRetryStrategy({ maxAttempts: 3, random: () => 0.5 });
    let token = await strategy.acquireInitialRetryToken();
    token = await strategy.refreshRetryTokenForRetry(token, info("ThrottlingException"));
    assert.equal(token.getRetryCount(), 1);
    assert.equal(token.getRetryDelay(), 50);
    token = await strategy.refreshRetryTokenForRetry(token, info("ThrottlingException"));
    assert.equal(token.getRetryDelay(), 100);
    await assert.rejects(strategy.refreshRetryTokenForRetry(token, info("ThrottlingException")));
  });

  it("should refuse at once when the error is LimitExceededException", async () => {
    const strategy = new PcaRetryStrategy({ maxAttempts: 3 });
    const token = await strategy.acquireInitialRetryToken();
    await assert.rejects(strategy.refreshRetryTokenForRetry(token, info("LimitExceededException")));
  });

  it("should never retry when maxAttempts is 1", async () => {
    const strategy = new PcaRetryStrategy({ maxAttempts: 1 });
    const token = await strategy.acquireInitialRetryToken();
    await assert.rejects(strategy.refreshRetryTokenForRetry(token, info("InternalFailure", 500)));
  });

  it("should reject maxAttempts below one when constructed", () => {
    assert.throws(() => new PcaRetryStrategy({ maxAttempts: 0 }), /maxAttempts/);
  });
});
