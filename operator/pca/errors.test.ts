import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { IssuerError, PcaError, PendingError, PermanentError, RetryableError } from "./errors.ts";

describe("PcaError", () => {
  it("should append AWS's name and message to userMessage when AWS answered", () => {
    const err = new PermanentError("issuecertificate for ca was rejected", {
      awsName: "MalformedCSRException",
      awsMessage: "The CSR signature does not verify.",
    });
    assert.equal(
      err.userMessage,
      "issuecertificate for ca was rejected: MalformedCSRException: The CSR signature does not verify.",
    );
  });

  it("should use the message alone as userMessage when the error is local", () => {
    assert.equal(new PermanentError("bad duration").userMessage, "bad duration");
  });

  it("should keep the cause when one is given", () => {
    const cause = new Error("socket hang up");
    assert.equal(new RetryableError("x", { cause }).cause, cause);
  });

  it("should sort by instanceof when the classes are compared", () => {
    const issuer = new IssuerError("denied");
    assert.ok(issuer instanceof RetryableError && issuer instanceof PcaError);
    assert.equal(issuer.requeueAfterMs, 60_000);
    assert.equal(issuer.name, "IssuerError");
    const pending = new PendingError("wait", 500);
    assert.ok(!(pending instanceof RetryableError));
    assert.equal(pending.requeueAfterMs, 500);
    assert.equal(new RetryableError("t", { throttled: true }).throttled, true);
  });
});
