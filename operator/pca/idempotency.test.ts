import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { IDEMPOTENCY_TOKEN_LENGTH, idempotencyToken } from "./idempotency.ts";

const CSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";

describe("idempotencyToken", () => {
  it("should be 36 lowercase hex characters when computed", () => {
    const token = idempotencyToken("uid-1", CSR);
    assert.equal(token.length, IDEMPOTENCY_TOKEN_LENGTH);
    assert.match(token, /^[0-9a-f]{36}$/);
  });

  it("should be stable when the same uid and csr are given", () => {
    assert.equal(idempotencyToken("uid-1", CSR), idempotencyToken("uid-1", CSR));
    assert.equal(idempotencyToken("uid-1", CSR), idempotencyToken("uid-1", Buffer.from(CSR)));
  });

  it("should differ when the uid differs (a request re-created under the same name)", () => {
    assert.notEqual(idempotencyToken("uid-1", CSR), idempotencyToken("uid-2", CSR));
  });

  it("should differ when the csr differs", () => {
    assert.notEqual(idempotencyToken("uid-1", CSR), idempotencyToken("uid-1", CSR + "\n"));
  });

  it("should not collide when uid and csr trade characters", () => {
    assert.notEqual(idempotencyToken("ab", "c"), idempotencyToken("a", "bc"));
  });

  it("should match SHA-256 of uid NUL csr when checked by hand", () => {
    // Known answer, computed once with `sha256sum` of the bytes u, NUL, c.
    assert.equal(idempotencyToken("u", "c"), "1bdd3f562c63fab24ddebdae26e4a7d9586e");
  });
});
