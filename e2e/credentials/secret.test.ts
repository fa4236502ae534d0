import { ACMPCAClient, DescribeCertificateAuthorityCommand } from "@aws-sdk/client-acm-pca";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { CoreV1Api } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { validateIssuerSpec } from "../../api/v1beta1/index.ts";
import type { IssuerConfig, IssuerScope, IssuerSpec } from "../../api/v1beta1/index.ts";
import { startEmulator } from "../emulator/index.ts";
import type { AccessKey, Emulator } from "../emulator/index.ts";
import { createTestNamespace, sharedControlPlane } from "../harness/index.ts";
import {
  CredentialsError,
  CredentialsManager,
  kubernetesSecretReader,
} from "../../operator/credentials/index.ts";
import type { IssuerRef } from "../../operator/credentials/index.ts";
import { ACCOUNT, captureRejection, REGION, secretData, Transcript } from "./kit.ts";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/session-source`;

describe("credentials from a Secret (real API server, emulator)", () => {
  let emu: Emulator;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let ns: string;
  let caArn: string;
  const transcript = new Transcript();

  const issuer = (name: string): IssuerRef => ({
    kind: "AWSPCAIssuer",
    namespace: ns,
    name,
    uid: `uid-${name}`,
  });

  /** Validates a spec exactly as the controller will, then keeps the credential part. */
  const config = (spec: Omit<IssuerSpec, "arn">, scope?: IssuerScope): IssuerConfig => {
    const result = validateIssuerSpec(
      { arn: caArn, ...spec },
      scope ?? { kind: "Namespaced", namespace: ns },
    );
    assert.ok(result.ok, JSON.stringify(result));
    return result.config;
  };

  const manager = (): CredentialsManager =>
    new CredentialsManager({
      readSecret: kubernetesSecretReader(kc),
      stsEndpoint: emu.endpoint,
      logger: transcript.logger,
    });

  const putSecret = async (name: string, values: Record<string, string>): Promise<string> => {
    const body = { metadata: { name, namespace: ns }, data: secretData(values) };
    const existing = await core
      .readNamespacedSecret({ name, namespace: ns })
      .catch(() => undefined);
    const written =
      existing === undefined
        ? await core.createNamespacedSecret({ namespace: ns, body })
        : await core.replaceNamespacedSecret({ name, namespace: ns, body });
    return written.metadata?.resourceVersion ?? "";
  };

  const key = (userName: string): AccessKey => {
    const k = emu.addAccessKey({ userName });
    transcript.secret(k.secretAccessKey);
    return k;
  };

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    ns = await createTestNamespace(kc, "creds-secret");
    emu = await startEmulator({ throttling: false });
    transcript.secret(emu.defaultAccessKey.secretAccessKey);
    caArn = await emu.createRootCa();
  });

  after(async () => {
    await emu.stop();
  });

  it("should sign with the secret's keys when the secret uses the default key names", async () => {
    const k = key("default-keys");
    await putSecret("default-keys", {
      AWS_ACCESS_KEY_ID: k.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k.secretAccessKey,
    });
    const m = manager();
    const resolved = await m.resolve(issuer("a"), config({ secretRef: { name: "default-keys" } }));
    const id = await m.callerIdentity(resolved);

    assert.equal(resolved.mode, "Secret");
    assert.equal(id.arn, `arn:aws:iam::${ACCOUNT}:user/default-keys`);
    assert.equal(emu.counters.countByAccessKey(k.accessKeyId, "sts:GetCallerIdentity"), 1);
  });

  it("should sign with the secret's keys when selectors name custom keys", async () => {
    const k = key("custom-keys");
    await putSecret("custom-keys", { id: k.accessKeyId, key: `${k.secretAccessKey}\n` });
    const m = manager();
    const spec = config({
      secretRef: {
        name: "custom-keys",
        accessKeyIDSelector: { key: "id" },
        secretAccessKeySelector: { key: "key" },
      },
    });
    const resolved = await m.resolve(issuer("b"), spec);
    const id = await m.callerIdentity(resolved);

    assert.equal(id.arn, `arn:aws:iam::${ACCOUNT}:user/custom-keys`);
    assert.equal(emu.counters.countByAccessKey(k.accessKeyId, "sts:GetCallerIdentity"), 1);
  });

  it("should send the session token when the secret holds temporary credentials", async () => {
    emu.addRole({ roleArn: ROLE });
    const sts = new STSClient({
      region: REGION,
      endpoint: emu.endpoint,
      credentials: emu.defaultAccessKey,
    });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "ops" }));
    sts.destroy();
    const temp = out.Credentials!;
    transcript.secret(temp.SecretAccessKey, temp.SessionToken);
    await putSecret("temporary", {
      AWS_ACCESS_KEY_ID: temp.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: temp.SecretAccessKey!,
      AWS_SESSION_TOKEN: temp.SessionToken!,
    });

    const m = manager();
    const spec = config({
      secretRef: { name: "temporary", sessionTokenSelector: { key: "AWS_SESSION_TOKEN" } },
    });
    const id = await m.callerIdentity(await m.resolve(issuer("c"), spec));

    assert.equal(id.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/session-source/ops`);
    assert.equal(emu.counters.countByAccessKey(temp.AccessKeyId!, "sts:GetCallerIdentity"), 1);
  });

  it("should sign the next pca call with the new key when the secret is rotated", async () => {
    const [k1, k2] = [key("before-rotation"), key("after-rotation")];
    const rv1 = await putSecret("rotating", {
      AWS_ACCESS_KEY_ID: k1.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k1.secretAccessKey,
    });
    const m = manager();
    const spec = config({ secretRef: { name: "rotating" } });
    const first = await m.resolve(issuer("d"), spec);
    // One long-lived client of the PCA SDK version the product ships, as the client pool keeps.
    const pca = new ACMPCAClient({
      region: REGION,
      endpoint: emu.endpoint,
      credentials: first.provider,
    });
    const describeCa = () =>
      pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: caArn }));
    await describeCa();
    assert.equal(first.secret?.resourceVersion, rv1);

    const rv2 = await putSecret("rotating", {
      AWS_ACCESS_KEY_ID: k2.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k2.secretAccessKey,
    });
    const started = Date.now();
    assert.deepEqual(m.secretChanged(ns, "rotating"), [first.issuerKey]);
    await describeCa();
    const elapsedMs = Date.now() - started;
    pca.destroy();

    const op = "DescribeCertificateAuthority";
    assert.equal(emu.counters.countByAccessKey(k1.accessKeyId, op), 1);
    assert.equal(emu.counters.countByAccessKey(k2.accessKeyId, op), 1);
    assert.ok(elapsedMs < 5000, `rotation took ${elapsedMs} ms`);
    const second = await m.resolve(issuer("d"), spec);
    assert.equal(second.secret?.resourceVersion, rv2);
    assert.notEqual(second.identityKey, first.identityKey);
  });

  it("should pick up a rotated secret without a notice when the cache is older than max age", async () => {
    const [k1, k2] = [key("aged-1"), key("aged-2")];
    await putSecret("aged", {
      AWS_ACCESS_KEY_ID: k1.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k1.secretAccessKey,
    });
    const clock = { t: Date.now() };
    const m = new CredentialsManager({
      readSecret: kubernetesSecretReader(kc),
      stsEndpoint: emu.endpoint,
      logger: transcript.logger,
      clock: { now: () => clock.t },
      secretMaxAgeMs: 10_000,
    });
    const resolved = await m.resolve(issuer("e"), config({ secretRef: { name: "aged" } }));
    await putSecret("aged", {
      AWS_ACCESS_KEY_ID: k2.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k2.secretAccessKey,
    });
    assert.equal((await m.callerIdentity(resolved)).arn, `arn:aws:iam::${ACCOUNT}:user/aged-1`);
    clock.t += 10_000;
    assert.equal((await m.callerIdentity(resolved)).arn, `arn:aws:iam::${ACCOUNT}:user/aged-2`);
  });

  it("should explain a missing secret when the issuer names one that does not exist", async () => {
    const err = await captureRejection(transcript, () =>
      manager().resolve(issuer("f"), config({ secretRef: { name: "absent" } })),
    );
    assert.ok(err instanceof CredentialsError);
    assert.equal(err.reason, "SecretNotFound");
    assert.equal(err.message, `secret ${ns}/absent referenced by spec.secretRef was not found`);
  });

  it("should name the secret and selector when a key is missing", async () => {
    const k = key("half");
    await putSecret("half", { AWS_ACCESS_KEY_ID: k.accessKeyId, other: k.secretAccessKey });
    const err = await captureRejection(transcript, () =>
      manager().resolve(issuer("g"), config({ secretRef: { name: "half" } })),
    );
    assert.ok(err instanceof CredentialsError);
    assert.equal(err.reason, "SecretKeyMissing");
    assert.equal(
      err.message,
      `secret ${ns}/half has no key "AWS_SECRET_ACCESS_KEY" (spec.secretRef.secretAccessKeySelector.key)`,
    );
  });

  it("should refuse a secret in another namespace when the issuer is namespaced", async () => {
    const spec = config({ secretRef: { name: "default-keys" } });
    const elsewhere = { ...spec, secret: { ...spec.secret!, namespace: "kube-system" } };
    const err = await captureRejection(transcript, () => manager().resolve(issuer("h"), elsewhere));
    assert.ok(err instanceof CredentialsError);
    assert.equal(err.reason, "CrossNamespaceSecret");
    assert.match(err.message, new RegExp(`may only read secrets in its own namespace "${ns}"`));
  });

  it("should read the cluster-resource namespace when a cluster issuer's secretRef has none", async () => {
    const spec = config(
      { secretRef: { name: "default-keys" } },
      { kind: "Cluster", clusterResourceNamespace: ns },
    );
    const m = manager();
    const cluster: IssuerRef = { kind: "AWSPCAClusterIssuer", name: "cluster", uid: "uid-cluster" };
    const resolved = await m.resolve(cluster, spec);
    assert.equal(resolved.secret?.namespace, ns);
    assert.equal(
      (await m.callerIdentity(resolved)).arn,
      `arn:aws:iam::${ACCOUNT}:user/default-keys`,
    );
  });

  it("should catch a leak when a recorded line contains a registered secret", () => {
    const probe = new Transcript();
    probe.secret("not-so-secret-value");
    probe.logger.info({ note: "harmless" }, "fine");
    probe.assertNoSecrets();
    probe.error(new Error("wrapped", { cause: new Error("value not-so-secret-value") }));
    assert.throws(() => probe.assertNoSecrets(), /a secret value leaked/);
  });

  it("should never log or report a secret value when any of these scenarios ran", () => {
    const { lines, secrets } = transcript.assertNoSecrets();
    assert.ok(lines > 10 && secrets >= 10, `${lines} lines, ${secrets} secrets`);
  });
});
