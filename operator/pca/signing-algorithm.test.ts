import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { signingAlgorithmFor } from "./signing-algorithm.ts";

describe("signingAlgorithmFor", () => {
  const table: [string, string][] = [
    ["RSA_2048", "SHA256WITHRSA"],
    ["RSA_3072", "SHA256WITHRSA"],
    ["RSA_4096", "SHA256WITHRSA"],
    ["EC_prime256v1", "SHA256WITHECDSA"],
    ["EC_secp384r1", "SHA384WITHECDSA"],
    ["EC_secp521r1", "SHA512WITHECDSA"],
    ["SM2", "SM3WITHSM2"],
    ["ML_DSA_65", "ML_DSA_65"],
  ];
  for (const [key, algorithm] of table) {
    it(`should choose ${algorithm} when the CA key is ${key}`, () => {
      assert.equal(signingAlgorithmFor(key, "SHA512WITHRSA"), algorithm);
    });
  }

  it("should fall back to the CA's own algorithm when the key is unknown", () => {
    assert.equal(signingAlgorithmFor("NEW_KEY", "NEWSIG"), "NEWSIG");
    assert.equal(signingAlgorithmFor(undefined, "SHA384WITHRSA"), "SHA384WITHRSA");
  });

  it("should return undefined when nothing is known", () => {
    assert.equal(signingAlgorithmFor(undefined), undefined);
  });
});
