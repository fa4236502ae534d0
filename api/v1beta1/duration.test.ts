import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseDuration } from "./duration.ts";

void describe("parseDuration", () => {
  void it("should convert Go durations to milliseconds", () => {
    const cases: [string, number][] = [
      ["0", 0],
      ["30s", 30_000],
      ["2160h", 2160 * 3_600_000],
      ["1h30m", 5_400_000],
      ["1.5h", 5_400_000],
      [".5s", 500],
      ["250ms", 250],
      ["1500us", 1.5],
      ["2000000ns", 2],
    ];
    for (const [text, ms] of cases) {
      assert.deepEqual(parseDuration(text, "spec.x"), { ok: true, value: ms }, text);
    }
  });

  void it("should reject text that is not a non-negative Go duration, naming the field", () => {
    for (const text of ["", "30", "1d", "-5m", "1h 30m", "h", "1.2.3s", "5 s"]) {
      const r = parseDuration(text, "spec.defaultDuration");
      if (r.ok) assert.fail(`expected ${text} to be rejected`);
      assert.equal(r.error.field, "spec.defaultDuration");
      assert.match(r.error.message, /^spec\.defaultDuration ".*" is not a duration such as 720h/);
    }
  });
});
