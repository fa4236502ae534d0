import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidLeaderElectionConfigError, validateLeaderElectionConfig } from "./config.ts";
import type { LeaderElectionConfig } from "./config.ts";
import { FakeLeaseStore } from "./fake-lock.test-util.ts";

const callbacks = { onStartedLeading: () => undefined, onStoppedLeading: () => undefined };
const base = (over: Partial<LeaderElectionConfig> = {}): LeaderElectionConfig => ({
  lock: new FakeLeaseStore().lock("me"),
  callbacks,
  ...over,
});

void describe("validateLeaderElectionConfig", () => {
  void it("should apply client-go's defaults when no timing is given", () => {
    assert.deepEqual(validateLeaderElectionConfig(base()), {
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
  });

  const cases: [string, Partial<LeaderElectionConfig>, RegExp][] = [
    [
      "leaseDurationMs equals renewDeadlineMs",
      { leaseDurationMs: 10_000 },
      /^leaseDurationMs must be greater than renewDeadlineMs$/,
    ],
    [
      "renewDeadlineMs is within retryPeriodMs*1.2",
      { renewDeadlineMs: 2_400 },
      /^renewDeadlineMs must be greater than retryPeriodMs\*1\.2$/,
    ],
    [
      "leaseDurationMs is negative",
      { leaseDurationMs: -1, renewDeadlineMs: -2, retryPeriodMs: -3 },
      /^leaseDurationMs must be greater than zero$/,
    ],
    [
      "renewDeadlineMs is zero",
      { leaseDurationMs: 1, renewDeadlineMs: 0, retryPeriodMs: -1 },
      /^renewDeadlineMs must be greater than zero$/,
    ],
    ["retryPeriodMs is zero", { retryPeriodMs: 0 }, /^retryPeriodMs must be greater than zero$/],
    [
      "the identity is empty",
      { lock: new FakeLeaseStore().lock("") },
      /^lock\.identity must not be empty$/,
    ],
    [
      "the lock name is empty",
      { lock: { ...new FakeLeaseStore().lock("me"), name: "" } },
      /^lock\.name must not be empty$/,
    ],
    [
      "the lock namespace is empty",
      { lock: { ...new FakeLeaseStore().lock("me"), namespace: "" } },
      /^lock\.namespace must not be empty$/,
    ],
  ];
  for (const [condition, over, message] of cases) {
    void it(`should reject the config when ${condition}`, () => {
      assert.throws(
        () => validateLeaderElectionConfig(base(over)),
        (err: unknown) =>
          err instanceof InvalidLeaderElectionConfigError && message.test(err.message),
      );
    });
  }

  void it("should accept short timings when every invariant holds", () => {
    const t = validateLeaderElectionConfig(
      base({ leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 }),
    );
    assert.equal(t.retryPeriodMs, 500);
  });
});
