import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { IssuerSpec } from "../../api/v1beta1/index.ts";
import { issuerRegistryKey } from "../../operator/controllers/kinds.ts";
import { createIssuer, putSecret, startIssuerEnv, waitForReady } from "./kit.ts";
import type { IssuerEnv } from "./kit.ts";

interface BadSpecCase {
  readonly slug: string;
  readonly spec: (env: IssuerEnv) => IssuerSpec;
  readonly reason: string;
  /** Substrings the Ready message must contain. */
  readonly message: (env: IssuerEnv) => readonly string[];
}

const UNKNOWN_CA =
  "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-4000-8000-000000000000";

const CASES: readonly BadSpecCase[] = [
  {
    slug: "missing-arn",
    spec: () => ({ secretRef: { name: "good" } }),
    reason: "InvalidSpec",
    message: () => ["spec.arn is required"],
  },
  {
    slug: "malformed-arn",
    spec: () => ({ arn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" }),
    reason: "InvalidSpec",
    message: () => [
      'spec.arn "arn:aws:acm:us-east-1:123456789012:certificate/abc"',
      'names service "acm"',
    ],
  },
  {
    slug: "unknown-ca",
    spec: () => ({ arn: UNKNOWN_CA, secretRef: { name: "good" } }),
    reason: "CANotFound",
    message: () => [
      `describecertificateauthority for ${UNKNOWN_CA} failed`,
      "ResourceNotFoundException",
    ],
  },
  {
    slug: "region-differs-from-the-ca-arn",
    spec: (env) => ({ arn: env.caArn, region: "eu-west-1", secretRef: { name: "good" } }),
    reason: "InvalidSpec",
    message: () => ['spec.region "eu-west-1" differs from region "us-east-1" in spec.arn'],
  },
  {
    slug: "ca-arn-in-a-region-where-the-ca-does-not-exist",
    spec: (env) => ({
      arn: env.caArn.replace(":us-east-1:", ":eu-west-1:"),
      secretRef: { name: "good" },
    }),
    reason: "CANotFound",
    message: () => [
      "describecertificateauthority for arn:aws:acm-pca:eu-west-1:",
      "ResourceNotFoundException",
    ],
  },
  {
    slug: "missing-secret",
    spec: (env) => ({ arn: env.caArn, secretRef: { name: "absent" } }),
    reason: "SecretNotFound",
    message: (env) => [`${env.ns}/absent`],
  },
  {
    slug: "missing-key-in-the-secret",
    spec: (env) => ({
      arn: env.caArn,
      secretRef: { name: "good", secretAccessKeySelector: { key: "not-there" } },
    }),
    reason: "SecretKeyMissing",
    message: (env) => [`${env.ns}/good`, "not-there"],
  },
  {
    slug: "namespaced-issuer-reading-another-namespace",
    spec: (env) => ({ arn: env.caArn, secretRef: { name: "good", namespace: env.operatorNs } }),
    reason: "InvalidSpec",
    message: (env) => [
      `spec.secretRef.namespace "${env.operatorNs}" differs from the issuer's namespace "${env.ns}"`,
    ],
  },
  {
    slug: "unknown-template-name",
    spec: (env) => ({
      arn: env.caArn,
      secretRef: { name: "good" },
      pcaTemplate: { defaultTemplateName: "EndEntityServerAuthCertificate" },
    }),
    reason: "InvalidSpec",
    message: () => [
      'spec.pcaTemplate.defaultTemplateName "EndEntityServerAuthCertificate" is not an AWS Private CA template',
      'did you mean "EndEntityServerAuthCertificate/V1"',
    ],
  },
  {
    slug: "access-denied",
    spec: (env) => ({ arn: env.caArn, secretRef: { name: "denied" } }),
    reason: "AccessDenied",
    message: () => ["describecertificateauthority for", "AccessDeniedException"],
  },
];

void describe("issuer controllers: bad specs give Ready=False with a precise message", () => {
  let env: IssuerEnv;

  before(async () => {
    env = await startIssuerEnv({ recheckIntervalMs: 60_000 });
    const good = env.emu.addAccessKey({ userName: "good" });
    const denied = env.emu.addAccessKey({ userName: "denied" });
    env.emu.faults.configure({ deniedAccessKeys: [denied.accessKeyId] });
    for (const [name, k] of [
      ["good", good],
      ["denied", denied],
    ] as const) {
      await putSecret(env, env.ns, name, {
        AWS_ACCESS_KEY_ID: k.accessKeyId,
        AWS_SECRET_ACCESS_KEY: k.secretAccessKey,
      });
    }
    await putSecret(env, env.operatorNs, "good", {
      AWS_ACCESS_KEY_ID: good.accessKeyId,
      AWS_SECRET_ACCESS_KEY: good.secretAccessKey,
    });
  });

  after(async () => {
    await env.stop();
  });

  for (const c of CASES) {
    void it(`should report ${c.reason} for ${c.slug}`, async () => {
      await createIssuer(env, "AWSPCAIssuer", c.slug, c.spec(env));
      const issuer = await waitForReady(env, "AWSPCAIssuer", c.slug, {
        status: "False",
        reason: c.reason,
      });
      const message = issuer.status?.conditions?.find((x) => x.type === "Ready")?.message ?? "";
      for (const part of c.message(env))
        assert.ok(message.includes(part), `"${message}" lacks "${part}"`);
      const state = env.registry.get(issuerRegistryKey("AWSPCAIssuer", env.ns, c.slug));
      assert.deepEqual(
        { ready: state?.ready, reason: state?.reason, message: state?.message },
        { ready: false, reason: c.reason, message },
      );
    });
  }

  void it("should turn Ready within seconds when the missing Secret is created", async () => {
    const good = env.emu.addAccessKey({ userName: "late" });
    const createdAt = Date.now();
    await putSecret(env, env.ns, "absent", {
      AWS_ACCESS_KEY_ID: good.accessKeyId,
      AWS_SECRET_ACCESS_KEY: good.secretAccessKey,
    });
    // The re-check interval is a minute here: only the Secret watch can explain this.
    await waitForReady(env, "AWSPCAIssuer", "missing-secret", {
      status: "True",
      timeoutMs: 10_000,
    });
    assert.ok(Date.now() - createdAt < 10_000);
  });

  void it("should turn Ready when an invalid spec is fixed", async () => {
    const client = env.issuers;
    const current = await client.get(env.ns, "missing-arn");
    await client.replace({ ...current, spec: { ...current.spec, arn: env.caArn } });
    await waitForReady(env, "AWSPCAIssuer", "missing-arn", { status: "True" });
  });
});
