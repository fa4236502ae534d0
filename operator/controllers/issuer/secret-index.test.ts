import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { SecretIndex } from "./secret-index.ts";

void describe("SecretIndex", () => {
  void it("should map a secret to every issuer that reads it", () => {
    const index = new SecretIndex();
    index.set("ns/a", "ns/creds");
    index.set("ns/b", "ns/creds");
    assert.deepEqual(index.issuersOf("ns/creds").sort(), ["ns/a", "ns/b"]);
    assert.deepEqual(index.issuersOf("ns/other"), []);
  });

  void it("should move an issuer when its reference changes and drop empty secrets", () => {
    const index = new SecretIndex();
    index.set("ns/a", "ns/old");
    index.set("ns/a", "ns/new");
    assert.deepEqual(index.issuersOf("ns/old"), []);
    assert.deepEqual(index.issuersOf("ns/new"), ["ns/a"]);
    assert.equal(index.size, 1);
  });

  void it("should forget an issuer when it is deleted or stops reading a secret", () => {
    const index = new SecretIndex();
    index.set("ns/a", "ns/creds");
    index.set("ns/b", "ns/creds");
    index.delete("ns/a");
    index.set("ns/b", undefined);
    assert.equal(index.size, 0);
    index.delete("ns/missing");
  });
});
