import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CredentialsError } from "../../credentials/index.ts";
import { classifyAwsError } from "../../pca/index.ts";
import { awsFailure, caNotActive, credentialsFailure } from "./failures.ts";

const ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/ca-1";
const STEP = { operation: "DescribeCertificateAuthority", subject: ARN };

/** An SDK service exception as the AWS SDK shapes it (name, message, $fault, $metadata). */
function sdkError(name: string, message: string, status = 400): Error {
  const err = new Error(message);
  err.name = name;
  Object.assign(err, {
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
  return err;
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

const TABLE = [
  {
    slug: "ca-not-found-for-unknown-ca",
    err: classifyAwsError(
      sdkError("ResourceNotFoundException", "Could not find ca"),
      STEP.operation,
      ARN,
    ),
    reason: "CANotFound",
    transient: false,
    text: "ResourceNotFoundException: Could not find ca",
  },
  {
    slug: "access-denied-for-denied-principal",
    err: classifyAwsError(sdkError("AccessDeniedException", "not authorized"), STEP.operation, ARN),
    reason: "AccessDenied",
    transient: false,
    text: "AccessDeniedException: not authorized",
  },
  {
    slug: "invalid-credentials-for-unknown-key",
    err: sdkError("InvalidClientTokenId", "The security token included in the request is invalid."),
    reason: "InvalidCredentials",
    transient: false,
    text: "InvalidClientTokenId: The security token",
  },
  {
    slug: "aws-unavailable-for-refused-connection",
    err: classifyAwsError(networkError("ECONNREFUSED"), STEP.operation, ARN),
    reason: "AWSUnavailable",
    transient: true,
    text: "ECONNREFUSED",
  },
  {
    slug: "aws-unavailable-for-throttling",
    err: sdkError("ThrottlingException", "Rate exceeded"),
    reason: "AWSUnavailable",
    transient: true,
    text: "ThrottlingException: Rate exceeded",
  },
  {
    slug: "aws-unavailable-for-server-fault",
    err: sdkError("InternalFailure", "boom", 500),
    reason: "AWSUnavailable",
    transient: true,
    text: "InternalFailure: boom",
  },
  {
    slug: "aws-error-for-anything-else",
    err: sdkError("InvalidArnException", "bad arn"),
    reason: "AWSError",
    transient: false,
    text: "InvalidArnException: bad arn",
  },
  {
    slug: "credentials-reason-when-provider-failed-inside-sdk-call",
    err: new Error("wrapped", {
      cause: new CredentialsError("SecretKeyMissing", "secret ns/s has no key AWS_ACCESS_KEY_ID"),
    }),
    reason: "SecretKeyMissing",
    transient: false,
    text: "secret ns/s has no key AWS_ACCESS_KEY_ID",
  },
] as const;

void describe("awsFailure", () => {
  for (const c of TABLE) {
    void it(`should report ${c.slug}`, () => {
      const out = awsFailure(STEP, c.err, "arn:who");
      assert.equal(out.reason, c.reason);
      assert.equal(out.transient, c.transient);
      assert.ok(out.message.includes(c.text), out.message);
      if (c.reason !== "SecretKeyMissing") {
        assert.ok(out.message.startsWith(`describecertificateauthority for ${ARN} failed: `));
        assert.equal(out.callerIdentityArn, "arn:who");
      }
    });
  }
});

void describe("credentialsFailure", () => {
  void it("should copy the reason, message and transience of a credentials error", () => {
    const err = new CredentialsError("SecretUnreadable", "secret ns/s could not be read", {
      transient: true,
    });
    assert.deepEqual(credentialsFailure(err), {
      kind: "Failed",
      reason: "SecretUnreadable",
      message: "secret ns/s could not be read",
      transient: true,
    });
  });
});

void describe("caNotActive", () => {
  void it("should name the ca and its status when the ca is disabled", () => {
    const out = caNotActive({ arn: ARN, status: "DISABLED" }, "arn:who");
    assert.equal(out.reason, "CANotActive");
    assert.ok(out.message.includes(`ca ${ARN} is DISABLED, not ACTIVE`));
    assert.deepEqual(out.ca, { arn: ARN, status: "DISABLED" });
  });
});
