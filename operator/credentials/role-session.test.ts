import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CredentialsError } from "./errors.ts";
import { RoleSession } from "./role-session.ts";
import type { AssumeRoleRequest, SessionCredentials } from "./role-session.ts";
import type { AwsCredentials } from "./types.ts";

const ROLE = "arn:aws:iam::123456789012:role/issuer";
const MINUTE = 60_000;

function awsError(name: string, status: number): Error {
  const err = new Error("denied by policy");
  err.name = name;
  return Object.assign(err, { $fault: "client", $metadata: { httpStatusCode: status } });
}

function harness(options: { externalId?: string } = {}) {
  const clock = { t: 0 };
  let base: AwsCredentials = { accessKeyId: "BASE1", secretAccessKey: "b1" };
  const calls: AssumeRoleRequest[] = [];
  const failures: Error[] = [];
  const warnings: object[] = [];
  let serial = 0;
  const session = new RoleSession({
    base: () => Promise.resolve(base),
    assume: (request) => {
      calls.push(request);
      const failure = failures.shift();
      if (failure !== undefined) return Promise.reject(failure);
      serial++;
      const creds: SessionCredentials = {
        accessKeyId: `ASIA${serial}`,
        secretAccessKey: `s${serial}`,
        sessionToken: `t${serial}`,
        expiration: new Date(clock.t + 60 * MINUTE),
      };
      return Promise.resolve(creds);
    },
    request: {
      roleArn: ROLE,
      roleSessionName: "awspca-issuer-ns-name",
      durationSeconds: 3600,
      region: "eu-west-1",
      ...options,
    },
    now: () => clock.t,
    refreshWindowMs: 5 * MINUTE,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (fields: object) => warnings.push(fields),
    },
    issuer: "awspcaissuer ns/name",
  });
  const setBase = (next: AwsCredentials): void => {
    base = next;
  };
  return { clock, session, calls, failures, warnings, setBase };
}

describe("RoleSession", () => {
  it("should assume once and reuse the session when called before the refresh window", async () => {
    const h = harness({ externalId: "ext-1" });
    const [a, b] = await Promise.all([h.session.get(), h.session.get()]);
    h.clock.t = 54 * MINUTE;
    const c = await h.session.get();
    assert.equal(h.calls.length, 1);
    assert.equal(a.accessKeyId, "ASIA1");
    assert.equal(b, a);
    assert.equal(c, a);
    assert.deepEqual(h.calls[0], {
      roleArn: ROLE,
      roleSessionName: "awspca-issuer-ns-name",
      durationSeconds: 3600,
      region: "eu-west-1",
      externalId: "ext-1",
      baseCredentials: { accessKeyId: "BASE1", secretAccessKey: "b1" },
    });
  });

  it("should refresh when the session enters the five-minute window", async () => {
    const h = harness();
    await h.session.get();
    h.clock.t = 55 * MINUTE + 1;
    assert.equal((await h.session.get()).accessKeyId, "ASIA2");
    assert.equal(h.calls.length, 2);
  });

  it("should keep the current session and warn when a refresh inside the window fails", async () => {
    const h = harness();
    await h.session.get();
    h.clock.t = 58 * MINUTE;
    h.failures.push(awsError("Throttling", 400));
    assert.equal((await h.session.get()).accessKeyId, "ASIA1");
    assert.equal(h.warnings.length, 1);
    assert.deepEqual(
      { ...h.warnings[0], errorMessage: undefined },
      {
        issuer: "awspcaissuer ns/name",
        roleArn: ROLE,
        remainingMs: 2 * MINUTE,
        errorName: "CredentialsError",
        errorMessage: undefined,
        causeName: "Throttling",
      },
    );
    assert.equal((await h.session.get()).accessKeyId, "ASIA2");
  });

  it("should throw AssumeRoleFailed when the session has expired and the refresh fails", async () => {
    const h = harness();
    await h.session.get();
    h.clock.t = 61 * MINUTE;
    h.failures.push(awsError("AccessDenied", 403));
    await assert.rejects(h.session.get(), { reason: "AssumeRoleFailed", transient: false });
  });

  it("should re-assume at once when the base credentials change", async () => {
    const h = harness();
    await h.session.get();
    h.setBase({ accessKeyId: "BASE2", secretAccessKey: "b2" });
    assert.equal((await h.session.get()).accessKeyId, "ASIA2");
    assert.equal(h.calls[1]?.baseCredentials.accessKeyId, "BASE2");
  });

  it("should re-assume when invalidated", async () => {
    const h = harness();
    await h.session.get();
    h.session.invalidate();
    await h.session.get();
    assert.equal(h.calls.length, 2);
  });

  it("should explain access denied with the external id hint when one is set", async () => {
    const h = harness({ externalId: "wrong" });
    const cause = awsError("AccessDenied", 403);
    h.failures.push(cause);
    await assert.rejects(h.session.get(), (err: unknown) => {
      assert.ok(err instanceof CredentialsError);
      assert.equal(
        err.message,
        `sts:AssumeRole of ${ROLE} (spec.role) for awspcaissuer ns/name failed with AccessDenied; check the role's trust policy and spec.externalId`,
      );
      assert.equal(err.cause, cause);
      return true;
    });
  });

  it("should mark the failure transient when sts is unreachable", async () => {
    const h = harness();
    h.failures.push(Object.assign(new Error("connect ECONNREFUSED"), { name: "Error" }));
    await assert.rejects(h.session.get(), { reason: "AssumeRoleFailed", transient: true });
  });

  it("should pass a credentials error from the base through unchanged", async () => {
    const h = harness();
    const inner = new CredentialsError("SecretKeyMissing", "secret ns/aws has no key");
    h.failures.push(inner);
    await assert.rejects(h.session.get(), (err: unknown) => err === inner);
  });
});
