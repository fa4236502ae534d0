import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isTransientAwsError } from "./aws-errors.ts";
import { CREDENTIALS_ERROR_REASONS, CredentialsError, findCredentialsError } from "./errors.ts";

function awsError(name: string, status?: number): Error {
  const err = new Error("aws said no");
  err.name = name;
  if (status !== undefined)
    Object.assign(err, { $fault: "client", $metadata: { httpStatusCode: status } });
  return err;
}

describe("CredentialsError", () => {
  it("should carry its reason, default to not transient and keep the cause when constructed", () => {
    const cause = new Error("inner");
    const err = new CredentialsError("SecretNotFound", "secret a/b was not found", { cause });
    assert.equal(err.name, "CredentialsError");
    assert.equal(err.reason, "SecretNotFound");
    assert.equal(err.transient, false);
    assert.equal(err.cause, cause);
    assert.ok(err instanceof Error);
  });

  it("should list every reason once when read as constants", () => {
    assert.equal(new Set(CREDENTIALS_ERROR_REASONS).size, CREDENTIALS_ERROR_REASONS.length);
    for (const reason of CREDENTIALS_ERROR_REASONS) assert.match(reason, /^[A-Z][A-Za-z]+$/);
  });

  it("should find a credentials error when it is wrapped in causes", () => {
    const inner = new CredentialsError("NoCredentials", "no aws credentials");
    const outer = new Error("pca call failed", { cause: new Error("middle", { cause: inner }) });
    assert.equal(findCredentialsError(outer), inner);
    assert.equal(findCredentialsError(new Error("plain")), undefined);
    assert.equal(findCredentialsError("not an error"), undefined);
  });

  it("should stop when a cause chain loops", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.assign(a, { cause: b });
    assert.equal(findCredentialsError(a), undefined);
  });
});

describe("isTransientAwsError", () => {
  it("should call throttling, 5xx and connection failures transient when classifying", () => {
    assert.equal(isTransientAwsError(awsError("Throttling", 400)), true);
    assert.equal(isTransientAwsError(awsError("IDPCommunicationError", 400)), true);
    assert.equal(isTransientAwsError(awsError("InternalError", 503)), true);
    assert.equal(isTransientAwsError(awsError("ECONNREFUSED")), true);
  });

  it("should call access and token errors permanent when classifying", () => {
    assert.equal(isTransientAwsError(awsError("AccessDenied", 403)), false);
    assert.equal(isTransientAwsError(awsError("InvalidIdentityToken", 400)), false);
    assert.equal(isTransientAwsError("text"), false);
  });
});
