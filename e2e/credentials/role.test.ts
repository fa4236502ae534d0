import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startEmulator } from "../emulator/index.ts";
import type { AccessKey, Emulator } from "../emulator/index.ts";
import { CredentialsError, CredentialsManager } from "../../operator/credentials/index.ts";
import type { CredentialsSpec, IssuerRef, SecretObject } from "../../operator/credentials/index.ts";
import { ACCOUNT, captureRejection, REGION, secretData, Transcript } from "./kit.ts";

const PLAIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/pca-plain`;
const GUARDED_ROLE = `arn:aws:iam::${ACCOUNT}:role/pca-guarded`;
const EXTERNAL_ID = "tenant-42";
const ISSUER: IssuerRef = { kind: "AWSPCAIssuer", namespace: "team", name: "pca", uid: "uid-1" };
const SECRET_REF = {
  name: "aws",
  namespace: "team",
  accessKeyIdKey: "AWS_ACCESS_KEY_ID",
  secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY",
};

describe("credentials with role assumption (emulator STS)", () => {
  let emu: Emulator;
  let base: AccessKey;
  const transcript = new Transcript();
  const secrets = new Map<string, SecretObject>();

  const manager = (clock?: { now(): number }): CredentialsManager =>
    new CredentialsManager({
      readSecret: (namespace, name) => Promise.resolve(secrets.get(`${namespace}/${name}`)),
      stsEndpoint: emu.endpoint,
      logger: transcript.logger,
      ...(clock === undefined ? {} : { clock }),
    });

  const spec = (role: CredentialsSpec["role"]): CredentialsSpec => ({
    region: REGION,
    secret: SECRET_REF,
    role,
  });

  before(async () => {
    emu = await startEmulator({ throttling: false });
    base = emu.addAccessKey({ userName: "issuer-base" });
    transcript.secret(base.secretAccessKey, emu.defaultAccessKey.secretAccessKey);
    secrets.set("team/aws", {
      metadata: { resourceVersion: "1" },
      data: secretData({
        AWS_ACCESS_KEY_ID: base.accessKeyId,
        AWS_SECRET_ACCESS_KEY: base.secretAccessKey,
      }),
    });
    emu.addRole({ roleArn: PLAIN_ROLE, trustedPrincipals: [base.principalArn] });
    emu.addRole({ roleArn: GUARDED_ROLE, externalId: EXTERNAL_ID });
  });

  after(async () => {
    await emu.stop();
  });

  it("should act as the assumed role when spec.role is set without an external id", async () => {
    const m = manager();
    const resolved = await m.resolve(ISSUER, spec({ arn: PLAIN_ROLE }));
    const id = await m.callerIdentity(resolved);
    const session = await resolved.provider();
    transcript.secret(session.secretAccessKey, session.sessionToken);

    assert.equal(resolved.mode, "SecretWithRole");
    assert.equal(id.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/pca-plain/awspca-issuer-team-pca`);
    assert.equal(emu.counters.snapshot().roleAssumptions[PLAIN_ROLE], 1);
    assert.equal(emu.counters.countByAccessKey(base.accessKeyId, "sts:AssumeRole"), 1);
    assert.equal(emu.counters.countByAccessKey(session.accessKeyId, "sts:GetCallerIdentity"), 1);
  });

  it("should pass the external id when spec.externalId is set", async () => {
    const m = manager();
    const resolved = await m.resolve(ISSUER, spec({ arn: GUARDED_ROLE, externalId: EXTERNAL_ID }));
    const id = await m.callerIdentity(resolved);
    const session = await resolved.provider();
    transcript.secret(session.secretAccessKey, session.sessionToken);

    assert.equal(id.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/pca-guarded/awspca-issuer-team-pca`);
    assert.equal(emu.counters.snapshot().roleAssumptions[GUARDED_ROLE], 1);
  });

  it("should fail with AssumeRoleFailed naming spec.externalId when the external id is wrong", async () => {
    const err = await captureRejection(transcript, () =>
      manager().resolve(ISSUER, spec({ arn: GUARDED_ROLE, externalId: "tenant-41" })),
    );
    assert.ok(err instanceof CredentialsError);
    assert.equal(err.reason, "AssumeRoleFailed");
    assert.equal(err.transient, false);
    assert.equal(
      err.message,
      `sts:AssumeRole of ${GUARDED_ROLE} (spec.role) for awspcaissuer team/pca failed with AccessDenied; check the role's trust policy and spec.externalId`,
    );
    assert.equal((err.cause as Error).name, "AccessDenied");
  });

  it("should fail with AssumeRoleFailed when the external id is missing", async () => {
    const err = await captureRejection(transcript, () =>
      manager().resolve(ISSUER, spec({ arn: GUARDED_ROLE })),
    );
    assert.ok(err instanceof CredentialsError);
    assert.equal(err.reason, "AssumeRoleFailed");
    assert.match(err.message, /allows the base identity$/);
  });

  it("should refresh the session five minutes before it ends and not earlier", async () => {
    emu.settings.sessionDurationSeconds = 420;
    try {
      const clock = { t: Date.now() };
      const m = manager({ now: () => clock.t });
      const resolved = await m.resolve(
        { ...ISSUER, uid: "uid-refresh" },
        spec({ arn: PLAIN_ROLE }),
      );
      const first = await resolved.provider();
      const before = emu.counters.snapshot().roleAssumptions[PLAIN_ROLE] ?? 0;

      clock.t += 119_000; // 301 s left: still outside the window
      assert.equal((await resolved.provider()).accessKeyId, first.accessKeyId);
      clock.t += 2_000; // 299 s left: inside the window
      const second = await resolved.provider();
      transcript.secret(first.secretAccessKey, first.sessionToken);
      transcript.secret(second.secretAccessKey, second.sessionToken);

      assert.notEqual(second.accessKeyId, first.accessKeyId);
      assert.equal(emu.counters.snapshot().roleAssumptions[PLAIN_ROLE], before + 1);
      const id = await m.callerIdentity(resolved);
      assert.match(id.arn, /assumed-role\/pca-plain\//);
    } finally {
      emu.settings.sessionDurationSeconds = undefined;
    }
  });

  it("should re-assume with the rotated key when the secret under the role changes", async () => {
    const next = emu.addAccessKey({ userName: "issuer-base-2" });
    transcript.secret(next.secretAccessKey);
    emu.addRole({ roleArn: PLAIN_ROLE, trustedPrincipals: [base.principalArn, next.principalArn] });
    const m = manager();
    const resolved = await m.resolve({ ...ISSUER, uid: "uid-rotate" }, spec({ arn: PLAIN_ROLE }));
    await m.callerIdentity(resolved);

    secrets.set("team/aws", {
      metadata: { resourceVersion: "2" },
      data: secretData({
        AWS_ACCESS_KEY_ID: next.accessKeyId,
        AWS_SECRET_ACCESS_KEY: next.secretAccessKey,
      }),
    });
    m.secretChanged("team", "aws");
    await m.callerIdentity(resolved);
    assert.equal(emu.counters.countByAccessKey(next.accessKeyId, "sts:AssumeRole"), 1);
  });

  it("should never log or report a secret value when any of these scenarios ran", () => {
    const { lines, secrets: count } = transcript.assertNoSecrets();
    assert.ok(lines >= 8 && count >= 6, `${lines} lines, ${count} secrets`);
  });
});
