import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../time/fake-clock.ts";
import {
  conditionsEqual,
  findCondition,
  formatTime,
  isConditionCurrent,
  isConditionTrue,
  removeCondition,
  setCondition,
} from "./condition.ts";
import type { Condition } from "./condition.ts";

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0, 250);
const ready = (status: Condition["status"], reason = "Issued") => ({
  type: "Ready",
  status,
  reason,
  message: "",
  observedGeneration: 1,
});

void describe("setCondition", () => {
  void it("should add the condition with the clock's time when it is new", () => {
    const out = setCondition(undefined, ready("True"), new FakeClock(T0));
    assert.deepEqual(out, [{ ...ready("True"), lastTransitionTime: "2026-01-01T10:00:00Z" }]);
  });

  void it("should keep lastTransitionTime when the status is unchanged", async () => {
    const clock = new FakeClock(T0);
    const first = setCondition([], ready("True"), clock);
    await clock.advance(60_000);
    const second = setCondition(first, { ...ready("True", "Renewed"), message: "x" }, clock);
    assert.equal(second[0]!.lastTransitionTime, "2026-01-01T10:00:00Z");
    assert.equal(second[0]!.reason, "Renewed");
    assert.equal(second[0]!.message, "x");
  });

  void it("should move lastTransitionTime when the status changes", async () => {
    const clock = new FakeClock(T0);
    const first = setCondition([], ready("False", "Pending"), clock);
    await clock.advance(60_000);
    const second = setCondition(first, ready("True"), clock);
    assert.equal(second[0]!.lastTransitionTime, "2026-01-01T10:01:00Z");
  });

  void it("should update observedGeneration when only the generation changes", () => {
    const clock = new FakeClock(T0);
    const first = setCondition([], ready("True"), clock);
    const second = setCondition(first, { ...ready("True"), observedGeneration: 2 }, clock);
    assert.equal(second[0]!.observedGeneration, 2);
  });

  void it("should leave the input untouched and keep order when other conditions exist", () => {
    const clock = new FakeClock(T0);
    const input = setCondition(
      setCondition([], { ...ready("True"), type: "A" }, clock),
      ready("True"),
      clock,
    );
    const frozen = structuredClone(input);
    const out = setCondition(input, { ...ready("False"), type: "A" }, clock);
    assert.deepEqual(input, frozen);
    assert.deepEqual(
      out.map((c) => c.type),
      ["A", "Ready"],
    );
  });
});

void describe("condition queries", () => {
  const clock = new FakeClock(T0);
  const list = setCondition([], ready("True"), clock);

  void it("should find a condition when its type is present", () => {
    assert.equal(findCondition(list, "Ready")?.status, "True");
    assert.equal(findCondition(list, "Other"), undefined);
  });

  void it("should report true only when the status is True", () => {
    assert.equal(isConditionTrue(list, "Ready"), true);
    assert.equal(isConditionTrue(setCondition(list, ready("Unknown"), clock), "Ready"), false);
    assert.equal(isConditionTrue(undefined, "Ready"), false);
  });

  void it("should report current only when observedGeneration matches", () => {
    assert.equal(isConditionCurrent(list, "Ready", 1), true);
    assert.equal(isConditionCurrent(list, "Ready", 2), false);
  });

  void it("should drop the condition when removed", () => {
    assert.deepEqual(removeCondition(list, "Ready"), []);
  });

  void it("should compare lists ignoring order when checking equality", () => {
    const a = setCondition(list, { ...ready("True"), type: "B" }, clock);
    const b = [...a].reverse();
    assert.equal(conditionsEqual(a, b), true);
    assert.equal(conditionsEqual(a, list), false);
    assert.equal(conditionsEqual(list, setCondition(list, ready("True", "Other"), clock)), false);
  });

  void it("should format whole seconds in UTC when formatting a time", () => {
    assert.equal(formatTime(T0), "2026-01-01T10:00:00Z");
  });
});
