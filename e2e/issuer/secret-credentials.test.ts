import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

import { issuerRegistryKey } from "../../operator/controllers/kinds.ts";
import type { AccessKey } from "../emulator/index.ts";
import { makeCsr, request } from "../pca/kit.ts";
import {
  ACCOUNT,
  assertNoSecretLeaks,
  createIssuer,
  eventually,
  putSecret,
  startIssuerEnv,
  waitForReady,
} from "./kit.ts";
import type { IssuerEnv } from "./kit.ts";

void describe("issuer controllers: credentials from Secrets and roles (API server, emulator)", () => {
  let env: IssuerEnv;

  const key = (userName: string): AccessKey => {
    const k = env.emu.addAccessKey({ userName });
    env.secrets.add(k.secretAccessKey);
    return k;
  };
  const keysOf = (k: AccessKey) => ({
    AWS_ACCESS_KEY_ID: k.accessKeyId,
    AWS_SECRET_ACCESS_KEY: k.secretAccessKey,
  });
  const describes = (accessKeyId: string) =>
    env.emu.counters.countByAccessKey(accessKeyId, "DescribeCertificateAuthority");

  before(async () => {
    env = await startIssuerEnv();
  });

  after(async () => {
    await env.stop();
  });

  void it("should be Ready as the Secret's user when the Secret uses the default key names", async () => {
    const k = key("default-names");
    await putSecret(env, env.ns, "default-names", keysOf(k));
    await createIssuer(env, "AWSPCAIssuer", "default-names", {
      arn: env.caArn,
      secretRef: { name: "default-names" },
    });

    const issuer = await waitForReady(env, "AWSPCAIssuer", "default-names", {
      status: "True",
      reason: "Verified",
    });
    const { status } = issuer;
    assert.ok(status?.ca);
    assert.equal(status.callerIdentityArn, `arn:aws:iam::${ACCOUNT}:user/default-names`);
    assert.equal(status.ca.arn, env.caArn);
    assert.equal(status.ca.status, "ACTIVE");
    assert.equal(status.ca.type, "ROOT");
    assert.equal(status.ca.keyAlgorithm, "EC_prime256v1");
    assert.equal(status.ca.usageMode, "GENERAL_PURPOSE");
    assert.ok(status.ca.notAfter !== undefined);
    assert.ok(issuer.metadata.finalizers?.includes("awspca.cert-manager.io/finalizer"));
    assert.ok(env.emu.counters.countByAccessKey(k.accessKeyId, "sts:GetCallerIdentity") >= 1);
    assert.ok(describes(k.accessKeyId) >= 1);
    const state = env.registry.get(issuerRegistryKey("AWSPCAIssuer", env.ns, "default-names"));
    assert.equal(state?.ready, true);
    assert.equal(state.signing?.config.ca.arn, env.caArn);
  });

  void it("should be Ready as the Secret's user when selectors name custom keys", async () => {
    const k = key("custom-names");
    await putSecret(env, env.ns, "custom-names", {
      id: k.accessKeyId,
      "secret-key": k.secretAccessKey,
    });
    await createIssuer(env, "AWSPCAIssuer", "custom-names", {
      arn: env.caArn,
      secretRef: {
        name: "custom-names",
        accessKeyIDSelector: { key: "id" },
        secretAccessKeySelector: { key: "secret-key" },
      },
    });

    const issuer = await waitForReady(env, "AWSPCAIssuer", "custom-names", { status: "True" });
    assert.equal(issuer.status?.callerIdentityArn, `arn:aws:iam::${ACCOUNT}:user/custom-names`);
    assert.ok(describes(k.accessKeyId) >= 1);
  });

  void it("should send the session token when the Secret holds temporary credentials", async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/ops`;
    env.emu.addRole({ roleArn: role });
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: env.emu.endpoint,
      credentials: env.emu.defaultAccessKey,
    });
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: role, RoleSessionName: "ops-session" }),
    );
    sts.destroy();
    const temp = out.Credentials!;
    env.secrets.add(temp.SessionToken!);
    await putSecret(env, env.ns, "temporary", {
      AWS_ACCESS_KEY_ID: temp.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: temp.SecretAccessKey!,
      AWS_SESSION_TOKEN: temp.SessionToken!,
    });
    await createIssuer(env, "AWSPCAIssuer", "temporary", {
      arn: env.caArn,
      secretRef: { name: "temporary", sessionTokenSelector: { key: "AWS_SESSION_TOKEN" } },
    });

    const issuer = await waitForReady(env, "AWSPCAIssuer", "temporary", { status: "True" });
    assert.equal(
      issuer.status?.callerIdentityArn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/ops/ops-session`,
    );
    assert.ok(describes(temp.AccessKeyId!) >= 1);
  });

  void it("should assume spec.role on top of the Secret's keys when no external id is set", async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/signer`;
    env.emu.addRole({ roleArn: role });
    await putSecret(env, env.ns, "base", keysOf(key("base")));
    await createIssuer(env, "AWSPCAIssuer", "with-role", {
      arn: env.caArn,
      role,
      secretRef: { name: "base" },
    });

    const issuer = await waitForReady(env, "AWSPCAIssuer", "with-role", { status: "True" });
    assert.equal(
      issuer.status?.callerIdentityArn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/signer/awspca-issuer-${env.ns}-with-role`,
    );
    assert.ok((env.emu.counters.snapshot().roleAssumptions[role] ?? 0) >= 1);
  });

  void it("should pass spec.externalId to AssumeRole and fail with AssumeRoleFailed when it is wrong", async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/guarded`;
    env.emu.addRole({ roleArn: role, externalId: "tenant-42" });
    await createIssuer(env, "AWSPCAIssuer", "external-id", {
      arn: env.caArn,
      role,
      externalId: "tenant-42",
      secretRef: { name: "base" },
    });
    await createIssuer(env, "AWSPCAIssuer", "wrong-external-id", {
      arn: env.caArn,
      role,
      externalId: "tenant-43",
      secretRef: { name: "base" },
    });

    const ok = await waitForReady(env, "AWSPCAIssuer", "external-id", { status: "True" });
    assert.match(ok.status?.callerIdentityArn ?? "", /assumed-role\/guarded\//);
    const bad = await waitForReady(env, "AWSPCAIssuer", "wrong-external-id", {
      status: "False",
      reason: "AssumeRoleFailed",
    });
    const message = bad.status?.conditions?.[0]?.message ?? "";
    assert.match(message, /guarded/);
    assert.equal(
      env.registry.get(issuerRegistryKey("AWSPCAIssuer", env.ns, "wrong-external-id"))?.ready,
      false,
    );
  });

  void it("should read a cluster issuer's Secret from the cluster-resource namespace by default", async () => {
    const k = key("cluster");
    await putSecret(env, env.operatorNs, "cluster-creds", keysOf(k));
    const name = `${env.ns}-cluster`;
    await createIssuer(env, "AWSPCAClusterIssuer", name, {
      arn: env.caArn,
      secretRef: { name: "cluster-creds" },
    });

    const issuer = await waitForReady(env, "AWSPCAClusterIssuer", name, { status: "True" });
    assert.equal(issuer.status?.callerIdentityArn, `arn:aws:iam::${ACCOUNT}:user/cluster`);
    assert.equal(env.registry.get(issuerRegistryKey("AWSPCAClusterIssuer", "", name))?.ready, true);
  });

  void it("should sign the next AWS call with the new key when the Secret is rotated, without restart", async () => {
    const [k1, k2] = [key("before-rotation"), key("after-rotation")];
    await putSecret(env, env.ns, "rotating", keysOf(k1));
    await createIssuer(env, "AWSPCAIssuer", "rotating", {
      arn: env.caArn,
      secretRef: { name: "rotating" },
    });
    await waitForReady(env, "AWSPCAIssuer", "rotating", { status: "True" });
    const regKey = issuerRegistryKey("AWSPCAIssuer", env.ns, "rotating");
    const before = env.registry.get(regKey)?.signing;
    assert.ok(before);

    const rotatedAt = Date.now();
    await putSecret(env, env.ns, "rotating", keysOf(k2));
    await eventually(
      "the registry to carry the rotated identity",
      () => {
        const now = env.registry.get(regKey)?.signing;
        return now !== undefined && now.credentialsKey !== before.credentialsKey;
      },
      10_000,
    );
    const tookMs = Date.now() - rotatedAt;
    const k1Calls = env.emu.counters.countByAccessKey(k1.accessKeyId);

    const signingIssuer = env.registry.get(regKey)?.signing;
    assert.ok(signingIssuer);
    const csr = await makeCsr("p256", "rotated.example.com");
    await env.signing.issue(signingIssuer, request(csr.pem));
    assert.equal(env.emu.counters.countByAccessKey(k2.accessKeyId, "IssueCertificate"), 1);
    assert.equal(env.emu.counters.countByAccessKey(k1.accessKeyId, "IssueCertificate"), 0);
    assert.equal(
      env.emu.counters.countByAccessKey(k1.accessKeyId),
      k1Calls,
      "no call with the old key",
    );
    await waitForReady(env, "AWSPCAIssuer", "rotating", { status: "True" });
    const issuer = await env.issuers.get(env.ns, "rotating");
    assert.equal(issuer.status?.callerIdentityArn, `arn:aws:iam::${ACCOUNT}:user/after-rotation`);
    assert.ok(tookMs < 5000, `rotation took ${tookMs} ms`);
  });

  void it("should write no secret value into any log line, Event or status", async () => {
    const searched = await assertNoSecretLeaks(env, [env.ns, "default"]);
    assert.ok(searched.lines > 20, JSON.stringify(searched));
    assert.ok(searched.events > 0, JSON.stringify(searched));
  });
});
