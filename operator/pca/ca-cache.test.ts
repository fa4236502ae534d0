import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CaCache } from "./ca-cache.ts";
import type { CaFacts } from "./ca-cache.ts";
import { FakeTime } from "./fake-time.ts";

const ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/a";

function facts(signingAlgorithm = "SHA256WITHECDSA"): CaFacts {
  return {
    arn: ARN,
    status: "ACTIVE",
    keyAlgorithm: "EC_prime256v1",
    signingAlgorithm,
    notAfterMs: undefined,
    shortLived: false,
  };
}

describe("CaCache", () => {
  it("should load once when asked twice within the TTL", async () => {
    const time = new FakeTime();
    const cache = new CaCache(1000, time);
    let loads = 0;
    const load = (): Promise<CaFacts> => Promise.resolve((loads++, facts()));
    await cache.get(ARN, load);
    time.advance(999);
    await cache.get(ARN, load);
    assert.equal(loads, 1);
  });

  it("should reload when the TTL has passed", async () => {
    const time = new FakeTime();
    const cache = new CaCache(1000, time);
    let loads = 0;
    const load = (): Promise<CaFacts> => Promise.resolve((loads++, facts()));
    await cache.get(ARN, load);
    time.advance(1000);
    await cache.get(ARN, load);
    assert.equal(loads, 2);
  });

  it("should share one load when misses are concurrent", async () => {
    const cache = new CaCache(1000, new FakeTime());
    let loads = 0;
    const load = (): Promise<CaFacts> => Promise.resolve((loads++, facts()));
    await Promise.all([cache.get(ARN, load), cache.get(ARN, load), cache.get(ARN, load)]);
    assert.equal(loads, 1);
  });

  it("should not cache a failure when the load rejects", async () => {
    const cache = new CaCache(1000, new FakeTime());
    await assert.rejects(
      cache.get(ARN, () => Promise.reject(new Error("down"))),
      /down/,
    );
    const got = await cache.get(ARN, () => Promise.resolve(facts("SHA384WITHECDSA")));
    assert.equal(got.signingAlgorithm, "SHA384WITHECDSA");
  });

  it("should reload when invalidated", async () => {
    const cache = new CaCache(60_000, new FakeTime());
    await cache.get(ARN, () => Promise.resolve(facts()));
    cache.invalidate(ARN);
    const got = await cache.get(ARN, () => Promise.resolve(facts("SHA512WITHECDSA")));
    assert.equal(got.signingAlgorithm, "SHA512WITHECDSA");
  });

  it("should reject a negative TTL when constructed", () => {
    assert.throws(() => new CaCache(-1), /ttlMs/);
  });
});
