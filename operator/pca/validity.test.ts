import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { PermanentError } from "./errors.ts";
import { SHORT_LIVED_MAX_MS, computeValidity } from "./validity.ts";

const NOW = 1_700_000_000_500; // half a second past a whole second
const NOW_S = 1_700_000_000;
const DAY_MS = 86_400_000;
const base = { nowMs: NOW, defaultDurationMs: 90 * DAY_MS };

describe("computeValidity", () => {
  const table: [string, number][] = [
    ["1h", 3600],
    ["24h", 86_400],
    ["2160h", 7_776_000],
    ["1h30m15s", 5415],
    ["90s", 90],
    ["1.5s", 2],
  ];
  for (const [duration, seconds] of table) {
    it(`should set NotAfter to now + ${seconds}s when spec.duration is ${duration}`, () => {
      const v = computeValidity({ ...base, duration });
      assert.deepEqual(v.validity, { Type: "ABSOLUTE", Value: NOW_S + seconds });
      assert.equal(v.clamped, false);
      assert.equal(v.notBefore, undefined);
    });
  }

  it("should use the issuer default when spec.duration is absent", () => {
    assert.equal(computeValidity(base).validity.Value, NOW_S + 90 * 86_400);
    assert.equal(computeValidity({ ...base, duration: "" }).validity.Value, NOW_S + 90 * 86_400);
  });

  it("should clamp to the CA's NotAfter when the duration outlives the CA", () => {
    const caEnd = NOW + 10 * DAY_MS;
    const v = computeValidity({ ...base, duration: "2160h", limits: { notAfterMs: caEnd } });
    assert.equal(v.validity.Value, Math.floor(caEnd / 1000));
    assert.equal(v.clamped, true);
  });

  it("should cap at seven days when the CA is short-lived", () => {
    const v = computeValidity({ ...base, duration: "720h", limits: { shortLived: true } });
    assert.equal(v.validity.Value, Math.floor((NOW + SHORT_LIVED_MAX_MS) / 1000));
    assert.equal(v.clamped, true);
  });

  it("should set ValidityNotBefore when the issuer sets an offset", () => {
    const v = computeValidity({ ...base, duration: "1h", notBeforeOffsetMs: 30_000 });
    assert.deepEqual(v.notBefore, { Type: "ABSOLUTE", Value: NOW_S - 30 });
  });

  for (const bad of ["10 days", "1d", "-1h", "abc"]) {
    it(`should fail permanently when spec.duration is ${JSON.stringify(bad)}`, () => {
      assert.throws(() => computeValidity({ ...base, duration: bad }), PermanentError);
    });
  }

  it("should fail permanently when spec.duration is below one second", () => {
    assert.throws(
      () => computeValidity({ ...base, duration: "500ms" }),
      (err: unknown) =>
        err instanceof PermanentError && err.message.includes("shorter than one second"),
    );
  });
});
