import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { IssuerStatus, ResolvedCa } from "../../../api/v1beta1/index.ts";
import { validateIssuerSpec } from "../../../api/v1beta1/index.ts";
import type { SigningIssuer } from "../../pca/index.ts";
import { FakeClock } from "../../runtime/index.ts";
import type { Condition, EventInput, ReconcileResult } from "../../runtime/index.ts";
import { decide, registryStateOf, TRANSIENT_RECHECK_MS } from "./decide.ts";
import type { CheckOutcome } from "./outcome.ts";

const ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/ca-1";
const WHO = "arn:aws:iam::123456789012:user/issuer";
const T0 = "2026-01-01T00:00:00Z";
const RECHECK_MS = 300_000;
const ACTIVE: ResolvedCa = { arn: ARN, status: "ACTIVE", type: "ROOT" };
const DISABLED: ResolvedCa = { ...ACTIVE, status: "DISABLED" };

const checked = validateIssuerSpec({ arn: ARN }, { kind: "Namespaced", namespace: "ns" });
assert.ok(checked.ok);
const signing: SigningIssuer = {
  key: "AWSPCAIssuer/ns/a",
  config: checked.config,
  credentials: () => Promise.resolve({ accessKeyId: "AKIA", secretAccessKey: "s" }),
  credentialsKey: "k1",
};

const verified: CheckOutcome = { kind: "Verified", ca: ACTIVE, callerIdentityArn: WHO, signing };
const notActive: CheckOutcome = {
  kind: "Failed",
  reason: "CANotActive",
  message: `ca ${ARN} is DISABLED, not ACTIVE; it signs nothing until it is ACTIVE again`,
  transient: false,
  callerIdentityArn: WHO,
  ca: DISABLED,
};
const invalid: CheckOutcome = { kind: "InvalidSpec", message: "spec.arn is required" };
const unreachable: CheckOutcome = {
  kind: "Failed",
  reason: "AWSUnavailable",
  message: "getcalleridentity for awspcaissuer ns/a failed: ECONNREFUSED",
  transient: true,
};
const noSecret: CheckOutcome = {
  kind: "Failed",
  reason: "SecretNotFound",
  message: "secret ns/creds not found",
  transient: false,
};

function ready(status: "True" | "False", reason: string, generation = 1): Condition {
  return {
    type: "Ready",
    status,
    reason,
    message: "before",
    observedGeneration: generation,
    lastTransitionTime: T0,
  };
}

interface Case {
  readonly slug: string;
  readonly outcome: CheckOutcome;
  readonly current?: IssuerStatus;
  readonly generation?: number;
  readonly want: {
    readonly ready: Pick<Condition, "status" | "reason"> & { readonly transitioned: boolean };
    readonly ca?: ResolvedCa;
    readonly callerIdentityArn?: string;
    readonly event?: Pick<EventInput, "type" | "reason">;
    readonly result: ReconcileResult;
    readonly registryReady: boolean;
  };
}

const CASES: readonly Case[] = [
  {
    slug: "set-ready-verified-when-new-issuer-checks-out",
    outcome: verified,
    want: {
      ready: { status: "True", reason: "Verified", transitioned: true },
      ca: ACTIVE,
      callerIdentityArn: WHO,
      event: { type: "Normal", reason: "Verified" },
      result: { requeueAfterMs: RECHECK_MS },
      registryReady: true,
    },
  },
  {
    slug: "keep-ready-without-event-when-recheck-verifies-again",
    outcome: verified,
    current: { conditions: [ready("True", "Verified")], ca: ACTIVE, callerIdentityArn: WHO },
    want: {
      ready: { status: "True", reason: "Verified", transitioned: false },
      ca: ACTIVE,
      callerIdentityArn: WHO,
      result: { requeueAfterMs: RECHECK_MS },
      registryReady: true,
    },
  },
  {
    slug: "set-not-ready-ca-not-active-when-ca-disabled-later",
    outcome: notActive,
    current: { conditions: [ready("True", "Verified")], ca: ACTIVE, callerIdentityArn: WHO },
    want: {
      ready: { status: "False", reason: "CANotActive", transitioned: true },
      ca: DISABLED,
      callerIdentityArn: WHO,
      event: { type: "Warning", reason: "CANotActive" },
      result: { requeueAfterMs: RECHECK_MS },
      registryReady: false,
    },
  },
  {
    slug: "set-ready-when-ca-re-enabled",
    outcome: verified,
    current: { conditions: [ready("False", "CANotActive")], ca: DISABLED },
    want: {
      ready: { status: "True", reason: "Verified", transitioned: true },
      ca: ACTIVE,
      callerIdentityArn: WHO,
      event: { type: "Normal", reason: "Verified" },
      result: { requeueAfterMs: RECHECK_MS },
      registryReady: true,
    },
  },
  {
    slug: "set-not-ready-invalid-spec-without-requeue-and-drop-stale-ca",
    outcome: invalid,
    current: { conditions: [ready("True", "Verified")], ca: ACTIVE, callerIdentityArn: WHO },
    generation: 2,
    want: {
      ready: { status: "False", reason: "InvalidSpec", transitioned: true },
      event: { type: "Warning", reason: "InvalidSpec" },
      result: undefined,
      registryReady: false,
    },
  },
  {
    slug: "retry-soon-when-aws-unreachable",
    outcome: unreachable,
    current: { conditions: [ready("True", "Verified")], ca: ACTIVE, callerIdentityArn: WHO },
    want: {
      ready: { status: "False", reason: "AWSUnavailable", transitioned: true },
      event: { type: "Warning", reason: "AWSUnavailable" },
      result: { requeueAfterMs: TRANSIENT_RECHECK_MS },
      registryReady: false,
    },
  },
  {
    slug: "emit-event-when-reason-changes-while-not-ready",
    outcome: noSecret,
    current: { conditions: [ready("False", "CANotActive")] },
    want: {
      ready: { status: "False", reason: "SecretNotFound", transitioned: false },
      event: { type: "Warning", reason: "SecretNotFound" },
      result: { requeueAfterMs: RECHECK_MS },
      registryReady: false,
    },
  },
  {
    slug: "no-event-when-same-failure-repeats",
    outcome: noSecret,
    current: { conditions: [ready("False", "SecretNotFound")] },
    want: {
      ready: { status: "False", reason: "SecretNotFound", transitioned: false },
      result: { requeueAfterMs: RECHECK_MS },
      registryReady: false,
    },
  },
];

void describe("decide", () => {
  for (const c of CASES) {
    void it(`should ${c.slug}`, () => {
      const clock = new FakeClock(Date.parse("2026-02-01T00:00:00Z"));
      const generation = c.generation ?? 1;
      const d = decide({
        outcome: c.outcome,
        current: c.current,
        generation,
        recheckIntervalMs: RECHECK_MS,
        clock,
      });
      const cond = d.status.conditions?.find((x) => x.type === "Ready");
      assert.ok(cond);
      assert.equal(cond.status, c.want.ready.status);
      assert.equal(cond.reason, c.want.ready.reason);
      assert.equal(cond.observedGeneration, generation);
      assert.equal(
        cond.lastTransitionTime === T0,
        !c.want.ready.transitioned && c.current !== undefined,
      );
      assert.equal(d.status.observedGeneration, generation);
      assert.deepEqual(d.status.ca, c.want.ca);
      assert.equal(d.status.callerIdentityArn, c.want.callerIdentityArn);
      assert.deepEqual(d.event && { type: d.event.type, reason: d.event.reason }, c.want.event);
      if (d.event !== undefined) assert.equal(d.event.note, cond.message);
      assert.deepEqual(d.result, c.want.result);
      assert.equal(registryStateOf(c.outcome).ready, c.want.registryReady);
    });
  }

  void it("should publish the signing issuer only when verified", () => {
    assert.equal(registryStateOf(verified).signing, signing);
    assert.equal(registryStateOf(notActive).signing, undefined);
    assert.equal(registryStateOf(notActive).reason, "CANotActive");
  });

  void it("should keep other conditions when it sets Ready", () => {
    const other: Condition = { ...ready("True", "X"), type: "Other" };
    const d = decide({
      outcome: verified,
      current: { conditions: [other] },
      generation: 1,
      recheckIntervalMs: RECHECK_MS,
      clock: new FakeClock(0),
    });
    assert.deepEqual(
      d.status.conditions?.map((x) => x.type),
      ["Other", "Ready"],
    );
  });

  void it("should re-check a transient failure no later than the re-check interval", () => {
    const d = decide({
      outcome: unreachable,
      current: undefined,
      generation: 1,
      recheckIntervalMs: 2000,
      clock: new FakeClock(0),
    });
    assert.deepEqual(d.result, { requeueAfterMs: 2000 });
  });
});
