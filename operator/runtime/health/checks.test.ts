import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CheckSet } from "./checks.ts";
import { parseBindAddress } from "./http-server.ts";

void describe("CheckSet", () => {
  void it("should pass when every check passes", () => {
    const set = new CheckSet();
    set.add("ping", () => ({ ok: true }));
    assert.deepEqual(set.run(), { ok: true, lines: ["[+]ping ok"] });
  });

  void it("should fail and name the check when one check fails or throws", () => {
    const set = new CheckSet();
    set.add("a", () => ({ ok: false, message: "not synced" }));
    set.add("b", () => {
      throw new Error("boom");
    });
    assert.deepEqual(set.run(), {
      ok: false,
      lines: ["[-]a failed: not synced", "[-]b failed: boom"],
    });
  });
});

void describe("parseBindAddress", () => {
  void it("should bind every interface when the host is omitted", () => {
    assert.deepEqual(parseBindAddress(":8080"), { host: "0.0.0.0", port: 8080 });
  });

  void it("should return undefined when the address is 0", () => {
    assert.equal(parseBindAddress("0"), undefined);
  });

  void it("should accept IPv6 hosts when bracketed", () => {
    assert.deepEqual(parseBindAddress("[::1]:0"), { host: "::1", port: 0 });
  });

  void it("should reject an address when the port is invalid", () => {
    assert.throws(() => parseBindAddress("localhost:http"), /bind address/);
  });
});
