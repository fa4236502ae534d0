import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Backoff } from "./backoff.ts";
import { Store } from "./store.ts";

const entry = (resourceVersion: string, value: number) => ({ resourceVersion, value });

void describe("Store", () => {
  void it("should report added, updated and deleted keys when replaced by a fresh list", () => {
    const s = new Store<number>();
    s.set("ns/a", entry("1", 1));
    s.set("ns/b", entry("2", 2));
    s.set("ns/c", entry("3", 3));
    const diff = s.replace(
      new Map([
        ["ns/a", entry("1", 1)],
        ["ns/b", entry("9", 20)],
        ["ns/d", entry("4", 4)],
      ]),
    );
    assert.deepEqual(diff, {
      added: [["ns/d", 4]],
      updated: [["ns/b", 2, 20]],
      deleted: [["ns/c", 3]],
    });
    assert.deepEqual(s.keys().sort(), ["ns/a", "ns/b", "ns/d"]);
    assert.equal(s.get("ns/b"), 20);
  });

  void it("should return the previous entry when an entry is set or deleted", () => {
    const s = new Store<string>();
    assert.equal(s.set("a", { resourceVersion: "1", value: "x" }), undefined);
    assert.equal(s.set("a", { resourceVersion: "2", value: "y" })?.value, "x");
    assert.equal(s.delete("a")?.value, "y");
    assert.equal(s.size, 0);
  });
});

void describe("Backoff", () => {
  void it("should double from 1 s and cap at 30 s when attempts keep failing", () => {
    const b = new Backoff(1000, 30_000, () => 0);
    assert.deepEqual(
      Array.from({ length: 7 }, () => b.next()),
      [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
    );
  });

  void it("should start over when reset", () => {
    const b = new Backoff(1000, 30_000, () => 0);
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 1000);
  });

  void it("should add at most 10 % jitter and never exceed the cap when jitter is on", () => {
    const b = new Backoff(1000, 30_000, () => 0.999);
    assert.equal(b.next(), 1100);
    for (let i = 0; i < 10; i++) assert.ok(b.next() <= 30_000);
  });
});
