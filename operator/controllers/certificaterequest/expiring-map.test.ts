import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../runtime/index.ts";
import { ExpiringMap } from "./expiring-map.ts";

describe("ExpiringMap", () => {
  it("should return a value until its time to live has passed", async () => {
    const clock = new FakeClock(1_000);
    const map = new ExpiringMap<string>(100, clock);
    map.set("a", "x");
    await clock.advance(99);
    assert.equal(map.get("a"), "x");
    await clock.advance(1);
    assert.equal(map.get("a"), undefined);
  });

  it("should drop expired entries when new ones are set", async () => {
    const clock = new FakeClock(0);
    const map = new ExpiringMap<number>(10, clock);
    for (let i = 0; i < 5; i++) map.set(`k${i}`, i);
    await clock.advance(20);
    map.set("fresh", 1);
    assert.equal(map.size, 1);
  });

  it("should restart the time to live when a key is set again", async () => {
    const clock = new FakeClock(0);
    const map = new ExpiringMap<number>(10, clock);
    map.set("a", 1);
    await clock.advance(8);
    map.set("a", 2);
    await clock.advance(8);
    assert.equal(map.get("a"), 2);
  });
});
