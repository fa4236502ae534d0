import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ACMPCAServiceException, MalformedCSRException } from "@aws-sdk/client-acm-pca";

import {
  ISSUER_ERROR_NAMES,
  NETWORK_ERROR_CODES,
  PERMANENT_ERROR_NAMES,
  THROTTLING_ERROR_NAMES,
  TRANSIENT_ERROR_NAMES,
  classifyAwsError,
} from "./classify.ts";
import { IssuerError, PendingError, PermanentError, RetryableError } from "./errors.ts";
import type { PcaError } from "./errors.ts";

type Kind = "pending" | "throttled" | "retryable" | "issuer" | "permanent";

/** An error shaped like the SDK's unmodeled exceptions: base class, name = wire code. */
function awsError(name: string, status = 400, message = `aws says ${name}`): Error {
  return new ACMPCAServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message,
  });
}

function kindOf(err: PcaError): Kind {
  if (err instanceof PendingError) return "pending";
  if (err instanceof IssuerError) return "issuer";
  if (err instanceof RetryableError) return err.throttled ? "throttled" : "retryable";
  if (err instanceof PermanentError) return "permanent";
  throw new Error("unclassified");
}

/** Every listed name with the kind it must map to for IssueCertificate. */
const TABLE: [string, Kind][] = [
  ...THROTTLING_ERROR_NAMES.map((n): [string, Kind] => [n, "throttled"]),
  ...TRANSIENT_ERROR_NAMES.map((n): [string, Kind] => [n, "retryable"]),
  ...ISSUER_ERROR_NAMES.map((n): [string, Kind] => [n, "issuer"]),
  ...PERMANENT_ERROR_NAMES.map((n): [string, Kind] => [n, "permanent"]),
];

describe("classifyAwsError", () => {
  for (const [name, kind] of TABLE) {
    it(`should classify ${name} as ${kind} when IssueCertificate throws it`, () => {
      const out = classifyAwsError(awsError(name), "IssueCertificate", "ca");
      assert.equal(kindOf(out), kind);
      assert.equal(out.awsName, name);
      assert.equal(out.awsMessage, `aws says ${name}`);
      assert.equal(out.operation, "IssueCertificate");
    });
  }

  it("should keep every name in exactly one list when the lists are compared", () => {
    const names = TABLE.map(([n]) => n);
    assert.equal(new Set(names).size, names.length);
  });

  it("should treat LimitExceededException as permanent although smithy calls it throttling", () => {
    const out = classifyAwsError(awsError("LimitExceededException"), "IssueCertificate", "ca");
    assert.ok(out instanceof PermanentError);
  });

  it("should map RequestInProgressException to pending when GetCertificate throws it", () => {
    const out = classifyAwsError(awsError("RequestInProgressException"), "GetCertificate", "c");
    assert.ok(out instanceof PendingError);
    assert.ok(out.requeueAfterMs > 0);
  });

  it("should map ResourceNotFoundException to permanent when GetCertificate throws it", () => {
    const out = classifyAwsError(awsError("ResourceNotFoundException"), "GetCertificate", "c");
    assert.ok(out instanceof PermanentError);
  });

  it("should classify a typed SDK exception by its name when one is thrown", () => {
    const err = new MalformedCSRException({ $metadata: {}, message: "bad csr" });
    const out = classifyAwsError(err, "IssueCertificate", "ca");
    assert.ok(out instanceof PermanentError);
    assert.equal(
      out.userMessage,
      "IssueCertificate for ca was rejected: MalformedCSRException: bad csr",
    );
    assert.equal(out.cause, err);
  });

  for (const code of NETWORK_ERROR_CODES) {
    it(`should classify a ${code} network error as retryable when the socket fails`, () => {
      const err = Object.assign(new Error("socket"), { code });
      assert.equal(kindOf(classifyAwsError(err, "GetCertificate", "c")), "retryable");
    });
  }

  it("should classify an unknown 5xx name as retryable when the fault is the server's", () => {
    assert.equal(
      kindOf(classifyAwsError(awsError("Weird", 502), "IssueCertificate", "c")),
      "retryable",
    );
  });

  it("should classify HTTP 429 as throttling whatever the name", () => {
    assert.equal(
      kindOf(classifyAwsError(awsError("Odd", 429), "IssueCertificate", "c")),
      "throttled",
    );
  });

  it("should classify an unknown client error as retryable when nothing matches", () => {
    assert.equal(
      kindOf(classifyAwsError(awsError("Unheard"), "IssueCertificate", "c")),
      "retryable",
    );
  });

  it("should classify a non-error value as retryable when something odd is thrown", () => {
    assert.equal(kindOf(classifyAwsError("boom", "IssueCertificate", "c")), "retryable");
  });

  it("should pass a taxonomy error through unchanged when one is given", () => {
    const err = new PermanentError("x");
    assert.equal(classifyAwsError(err, "IssueCertificate", "c"), err);
  });
});
