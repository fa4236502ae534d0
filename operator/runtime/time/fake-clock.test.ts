import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sleep } from "./clock.ts";
import { FakeClock } from "./fake-clock.ts";

void describe("FakeClock", () => {
  void it("should wake sleepers in due order when advanced past them", async () => {
    const clock = new FakeClock(0);
    const woke: string[] = [];
    void clock.delay(30).then(() => woke.push(`b@${clock.now()}`));
    void clock.delay(10).then(() => woke.push(`a@${clock.now()}`));
    await clock.advance(20);
    assert.deepEqual(woke, ["a@10"]);
    await clock.advance(20);
    assert.deepEqual(woke, ["a@10", "b@30"]);
    assert.equal(clock.now(), 40);
  });

  void it("should wake chained sleepers within one advance when they fall due", async () => {
    const clock = new FakeClock(0);
    let ticks = 0;
    void (async () => {
      while (await sleep(clock.delay, 100)) ticks++;
    })();
    await clock.advance(1000);
    assert.equal(ticks, 10);
  });

  void it("should reject and forget a sleeper when its signal aborts", async () => {
    const clock = new FakeClock(0);
    const ctl = new AbortController();
    const slept = sleep(clock.delay, 100, ctl.signal);
    ctl.abort();
    assert.equal(await slept, false);
    assert.equal(clock.pending, 0);
  });
});
