import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Identities } from "./identities.ts";
import { verifySigV4 } from "./sigv4.ts";
import { TokenBucket } from "./token-bucket.ts";
import { computeValidity, parseEndDate } from "./validity.ts";

describe("verifySigV4", () => {
  // AWS's published SigV4 test suite, case "get-vanilla".
  const identities = new Identities("123456789012");
  identities.addAccessKey({
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  });
  const headers = {
    host: "example.amazonaws.com",
    "x-amz-date": "20150830T123600Z",
    authorization:
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  };
  const at = Date.parse("2015-08-30T12:36:00Z");
  const req = { method: "GET", url: "/", headers, body: Buffer.alloc(0) };

  it("should accept AWS's get-vanilla test vector", () => {
    assert.equal(verifySigV4(req, identities, "service", at).region, "us-east-1");
  });

  it("should reject the vector for another method, a skewed clock or another service", () => {
    assert.throws(() => verifySigV4({ ...req, method: "POST" }, identities, "service", at), {
      kind: "badSignature",
    });
    assert.throws(() => verifySigV4(req, identities, "service", at + 16 * 60_000), {
      kind: "expiredSignature",
    });
    assert.throws(() => verifySigV4(req, identities, "sts", at), { kind: "wrongService" });
  });
});

describe("parseEndDate", () => {
  it("should read UTCTime with the 50-year pivot and GeneralizedTime", () => {
    assert.equal(parseEndDate(491231235959)?.toISOString(), "2049-12-31T23:59:59.000Z");
    assert.equal(parseEndDate(500101000000)?.toISOString(), "1950-01-01T00:00:00.000Z");
    assert.equal(parseEndDate(20501231235959)?.toISOString(), "2050-12-31T23:59:59.000Z");
    assert.equal(parseEndDate(491331235959), undefined);
    assert.equal(parseEndDate(1234), undefined);
  });
});

describe("computeValidity", () => {
  const issuedAt = new Date("2030-01-31T00:00:00Z");
  const base = { issuedAt, shortLived: false, limitErrorName: "ValidationException" };

  it("should clamp MONTHS with calendar arithmetic and default notBefore to one hour back", () => {
    const w = computeValidity({ ...base, validity: { Type: "MONTHS", Value: 1 } });
    assert.equal(w.notBefore.toISOString(), "2030-01-30T23:00:00.000Z");
    assert.equal(w.notAfter.toISOString(), "2030-03-03T00:00:00.000Z");
  });

  it("should refuse an end in the past and a window beyond the CA", () => {
    assert.throws(() => computeValidity({ ...base, validity: { Type: "ABSOLUTE", Value: 1 } }), {
      code: "ValidationException",
    });
    const caWindow = { notBefore: issuedAt, notAfter: new Date("2030-02-01T00:00:00Z") };
    assert.throws(
      () =>
        computeValidity({
          ...base,
          caWindow,
          limitErrorName: "X",
          validity: { Type: "DAYS", Value: 2 },
        }),
      { code: "X" },
    );
  });
});

describe("TokenBucket", () => {
  it("should hold one second of tokens and refill continuously", () => {
    const b = new TokenBucket(2, 0);
    assert.deepEqual([b.take(0), b.take(0), b.take(0)], [true, true, false]);
    assert.equal(b.take(499), false);
    assert.equal(b.take(500), true);
  });

  it("should allow a call per period below one per second", () => {
    const b = new TokenBucket(0.5, 0);
    assert.deepEqual([b.take(0), b.take(1000), b.take(2000)], [true, false, true]);
  });
});
