import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { issuerRegistryKey } from "../../operator/controllers/kinds.ts";
import type { AccessKey } from "../emulator/index.ts";
import { ACCOUNT, assertNoSecretLeaks, createIssuer, startIssuerEnv, waitForReady } from "./kit.ts";
import type { IssuerEnv } from "./kit.ts";

// This file runs in its own process (node --test isolates files), so the variables set here
// reach no other test.
const ENV_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
];

void describe("issuer controllers: the SDK default chain from the environment", () => {
  let env: IssuerEnv;
  let key: AccessKey;
  const saved = new Map(ENV_NAMES.map((n) => [n, process.env[n]]));

  before(async () => {
    env = await startIssuerEnv({
      prepare: ({ emu }) => {
        key = emu.addAccessKey({ userName: "from-environment" });
        for (const n of ENV_NAMES) Reflect.deleteProperty(process.env, n);
        process.env.AWS_ACCESS_KEY_ID = key.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = key.secretAccessKey;
        return Promise.resolve();
      },
    });
    env.secrets.add(key.secretAccessKey);
  });

  after(async () => {
    await env.stop();
    for (const [n, v] of saved) {
      if (v === undefined) Reflect.deleteProperty(process.env, n);
      else process.env[n] = v;
    }
  });

  void it("should be Ready as the environment's user when no Secret is referenced", async () => {
    await createIssuer(env, "AWSPCAIssuer", "env-chain", { arn: env.caArn });
    const cluster = `${env.ns}-env-chain`;
    await createIssuer(env, "AWSPCAClusterIssuer", cluster, { arn: env.caArn });

    for (const [kind, name] of [
      ["AWSPCAIssuer", "env-chain"],
      ["AWSPCAClusterIssuer", cluster],
    ] as const) {
      const issuer = await waitForReady(env, kind, name, { status: "True", reason: "Verified" });
      assert.equal(
        issuer.status?.callerIdentityArn,
        `arn:aws:iam::${ACCOUNT}:user/from-environment`,
      );
      const ns = kind === "AWSPCAIssuer" ? env.ns : "";
      assert.equal(env.registry.get(issuerRegistryKey(kind, ns, name))?.ready, true);
    }
    assert.ok(
      env.emu.counters.countByAccessKey(key.accessKeyId, "DescribeCertificateAuthority") >= 2,
    );
    assert.ok(env.emu.counters.countByAccessKey(key.accessKeyId, "sts:GetCallerIdentity") >= 2);
  });

  void it("should write no secret value into any log line, Event or status", async () => {
    await assertNoSecretLeaks(env, [env.ns, "default"]);
  });
});
