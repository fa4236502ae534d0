import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { FakeRest } from "../internal/fake-rest.test-util.ts";
import { FakeClock } from "../time/fake-clock.ts";
import { EventRecorder } from "./event-recorder.ts";

const regarding = {
  apiVersion: "t.example.com/v1",
  kind: "Thing",
  metadata: { namespace: "ns", name: "a", uid: "u-1" },
};
const issued = {
  type: "Normal",
  reason: "Issued",
  action: "Sign",
  note: "certificate issued",
} as const;

function setup() {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const rest = new FakeRest();
  const recorder = new EventRecorder({
    rest,
    reportingController: "t.example.com/things",
    reportingInstance: "pod-1",
    clock,
    logger: pino({ level: "silent" }),
  });
  return { clock, rest, recorder };
}

void describe("EventRecorder", () => {
  void it("should create an events.k8s.io/v1 Event when an event is first recorded", async () => {
    const { rest, recorder } = setup();
    recorder.event(regarding, issued);
    await recorder.flush();
    assert.equal(rest.calls.length, 1);
    const call = rest.calls[0]!;
    assert.equal(call.method, "POST");
    assert.equal(call.path, "/apis/events.k8s.io/v1/namespaces/ns/events");
    const body = call.opts.body as Record<string, unknown>;
    assert.equal(body.eventTime, "2026-01-01T00:00:00.000000Z");
    assert.equal(body.reportingController, "t.example.com/things");
    assert.deepEqual(body.regarding, {
      ...regarding.metadata,
      apiVersion: regarding.apiVersion,
      kind: "Thing",
      resourceVersion: undefined,
    });
  });

  void it("should update the series count instead of creating objects when the event repeats within the window", async () => {
    const { rest, recorder, clock } = setup();
    recorder.event(regarding, issued);
    await clock.advance(1000);
    recorder.event(regarding, issued);
    recorder.event(regarding, issued);
    await recorder.flush();
    assert.deepEqual(
      rest.calls.map((c) => c.method),
      ["POST", "PATCH", "PATCH"],
    );
    const name = (rest.calls[0]!.opts.body as { metadata: { name: string } }).metadata.name;
    assert.ok(rest.calls[2]!.path.endsWith(`/events/${name}`));
    assert.deepEqual(rest.calls[2]!.opts.body, {
      series: { count: 3, lastObservedTime: "2026-01-01T00:00:01.000000Z" },
    });
  });

  void it("should create a new Event when the note differs or the window has passed", async () => {
    const { rest, recorder, clock } = setup();
    recorder.event(regarding, issued);
    recorder.event(regarding, { ...issued, note: "other" });
    await clock.advance(6 * 60_000);
    recorder.event(regarding, issued);
    await recorder.flush();
    assert.deepEqual(
      rest.calls.map((c) => c.method),
      ["POST", "POST", "POST"],
    );
  });

  void it("should never throw when the API server rejects the event", async () => {
    const { rest, recorder } = setup();
    rest.handler = () => {
      throw new Error("forbidden");
    };
    assert.doesNotThrow(() => {
      recorder.event(regarding, issued);
    });
    await recorder.flush();
  });
});
