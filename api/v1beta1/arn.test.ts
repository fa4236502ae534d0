import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseCaArn } from "./arn.ts";
import { CA_ARN_PATTERN } from "./patterns.ts";

const GOOD =
  "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0f1e2d3c-1111-4222-8333-444455556666";

function messageOf(value: string | undefined): string {
  const r = parseCaArn(value);
  if (r.ok) assert.fail(`expected ${String(value)} to be rejected`);
  return r.error.message;
}

void describe("parseCaArn", () => {
  void it("should return every part when the ARN is well formed", () => {
    const r = parseCaArn(GOOD);
    assert.deepEqual(r, {
      ok: true,
      value: {
        arn: GOOD,
        partition: "aws",
        region: "us-east-1",
        accountId: "123456789012",
        caId: "0f1e2d3c-1111-4222-8333-444455556666",
      },
    });
  });

  void it("should accept the China and GovCloud partitions", () => {
    for (const arn of [
      "arn:aws-cn:acm-pca:cn-north-1:123456789012:certificate-authority/abc",
      "arn:aws-us-gov:acm-pca:us-gov-west-1:123456789012:certificate-authority/abc",
    ]) {
      assert.equal(parseCaArn(arn).ok, true, arn);
    }
  });

  void it("should say the field is required when it is missing or blank", () => {
    for (const value of [undefined, "", "   "]) {
      assert.match(messageOf(value), /^spec\.arn is required: /);
    }
  });

  void it("should use the given field path in messages", () => {
    const r = parseCaArn(undefined, "spec.other");
    assert.equal(r.ok ? "" : r.error.field, "spec.other");
  });

  void it("should say it is not an ARN when the prefix or the parts are missing", () => {
    assert.match(
      messageOf("<some-pca-arn>"),
      /^spec\.arn "<some-pca-arn>" is not an ARN: expected/,
    );
    assert.match(messageOf("arn:aws:acm-pca:us-east-1"), /is not an ARN/);
  });

  void it("should name a bad partition", () => {
    assert.match(messageOf(GOOD.replace("arn:aws:", "arn:gcp:")), /has partition "gcp"/);
  });

  void it("should name a service other than acm-pca", () => {
    assert.match(
      messageOf(GOOD.replace(":acm-pca:", ":acm:")),
      /names service "acm"; expected acm-pca/,
    );
  });

  void it("should name a bad or empty region", () => {
    assert.match(messageOf(GOOD.replace("us-east-1", "")), /has region ""/);
    assert.match(messageOf(GOOD.replace("us-east-1", "useast1")), /has region "useast1"/);
  });

  void it("should name an account that is not 12 digits", () => {
    assert.match(
      messageOf(GOOD.replace("123456789012", "1234")),
      /has account "1234"; expected 12 digits/,
    );
  });

  void it("should explain a certificate ARN given instead of its CA's", () => {
    assert.match(messageOf(`${GOOD}/certificate/0a1b2c`), /is a certificate ARN; use its CA's ARN/);
  });

  void it("should name a resource that is not certificate-authority/<id>", () => {
    assert.match(
      messageOf(GOOD.replace("certificate-authority/", "template/")),
      /has resource "template\/0f1e.*"; expected certificate-authority\/<id>/,
    );
    assert.match(messageOf(`${GOOD}:extra`), /has resource/);
  });

  void it("should accept exactly what CA_ARN_PATTERN matches", () => {
    const pattern = new RegExp(CA_ARN_PATTERN);
    const samples = [
      GOOD,
      `${GOOD}/certificate/0a`,
      GOOD.replace("aws", "aws-iso-b"),
      GOOD.replace("0f1e2d3c", "0F1E2D3C"),
      GOOD.replace("0f1e2d3c", "0f_1e"),
      GOOD.replace("123456789012", "1234567890123"),
      "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/",
    ];
    for (const s of samples) {
      assert.equal(parseCaArn(s).ok, pattern.test(s), s);
    }
  });
});
