import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CredentialsError } from "./errors.ts";
import type { IssuerRef } from "./issuer-ref.ts";
import { CredentialsManager } from "./manager.ts";
import type { CredentialsSpec } from "./manager.ts";
import type { CredentialsManagerOptions } from "./manager-options.ts";
import type { AssumeRoleRequest } from "./role-session.ts";
import type { SecretObject } from "./secret-source.ts";
import type { AwsCredentials } from "./types.ts";

const ISSUER: IssuerRef = { kind: "AWSPCAIssuer", namespace: "ns", name: "pca", uid: "uid-1" };
const CLUSTER: IssuerRef = { kind: "AWSPCAClusterIssuer", name: "pca", uid: "uid-2" };
const ROLE = { arn: "arn:aws:iam::123456789012:role/issuer", externalId: "ext" };
const SECRET_REF = {
  name: "aws",
  namespace: "ns",
  accessKeyIdKey: "AWS_ACCESS_KEY_ID",
  secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY",
};
const WITH_SECRET: CredentialsSpec = { region: "eu-west-1", secret: SECRET_REF };

const b64 = (s: string): string => Buffer.from(s).toString("base64");

function keys(id: string, secret: string, resourceVersion: string): SecretObject {
  return {
    metadata: { resourceVersion },
    data: { AWS_ACCESS_KEY_ID: b64(id), AWS_SECRET_ACCESS_KEY: b64(secret) },
  };
}

function setup(overrides: Partial<CredentialsManagerOptions> = {}) {
  const secrets = new Map<string, SecretObject>();
  const assumed: AssumeRoleRequest[] = [];
  const chainRegions: string[] = [];
  const clock = { t: 1_000_000 };
  let chainResult: AwsCredentials | Error = { accessKeyId: "ENV", secretAccessKey: "env" };
  const manager = new CredentialsManager({
    readSecret: (namespace, name) => Promise.resolve(secrets.get(`${namespace}/${name}`)),
    assumeRole: (request) => {
      assumed.push(request);
      return Promise.resolve({
        accessKeyId: `ASIA${assumed.length}`,
        secretAccessKey: "session-secret",
        sessionToken: "session-token",
        expiration: new Date(clock.t + 3_600_000),
      });
    },
    defaultChain: ({ region }) => {
      chainRegions.push(region);
      return () =>
        chainResult instanceof Error ? Promise.reject(chainResult) : Promise.resolve(chainResult);
    },
    clock: { now: () => clock.t },
    ...overrides,
  });
  const setChain = (next: AwsCredentials | Error): void => {
    chainResult = next;
  };
  return { manager, secrets, assumed, chainRegions, clock, setChain };
}

describe("CredentialsManager", () => {
  it("should use the secret's keys and stamp expiration now when the spec names a secret", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const resolved = await s.manager.resolve(ISSUER, WITH_SECRET);
    assert.equal(resolved.mode, "Secret");
    assert.equal(resolved.issuerKey, "AWSPCAIssuer/ns/pca");
    assert.deepEqual(resolved.secret, { namespace: "ns", name: "aws", resourceVersion: "10" });
    assert.match(resolved.identityKey, /^Secret:[0-9a-f]{32}$/);

    const creds = await resolved.provider();
    assert.equal(creds.accessKeyId, "AKIA1");
    assert.equal(creds.expiration?.getTime(), s.clock.t);
  });

  it("should sign with the new key and change the identity key when told the secret changed", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const first = await s.manager.resolve(ISSUER, WITH_SECRET);
    s.secrets.set("ns/aws", keys("AKIA2", "two", "11"));

    assert.equal((await first.provider()).accessKeyId, "AKIA1");
    assert.deepEqual(s.manager.secretChanged("ns", "aws"), ["AWSPCAIssuer/ns/pca"]);
    assert.deepEqual(s.manager.secretChanged("ns", "other"), []);
    assert.equal((await first.provider()).accessKeyId, "AKIA2");

    const second = await s.manager.resolve(ISSUER, WITH_SECRET);
    assert.notEqual(second.identityKey, first.identityKey);
    assert.equal(second.provider, first.provider);
  });

  it("should keep the identity key when resolving the same issuer and spec again", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const a = await s.manager.resolve(ISSUER, WITH_SECRET);
    const b = await s.manager.resolve(ISSUER, WITH_SECRET);
    assert.equal(a.identityKey, b.identityKey);
    const other = await s.manager.resolve({ ...ISSUER, uid: "uid-9" }, WITH_SECRET);
    assert.notEqual(other.identityKey, a.identityKey);
  });

  it("should assume the role on top of the secret when the spec has a role", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const resolved = await s.manager.resolve(ISSUER, { ...WITH_SECRET, role: ROLE });
    assert.equal(resolved.mode, "SecretWithRole");
    assert.equal(resolved.roleArn, ROLE.arn);
    const creds = await resolved.provider();
    assert.equal(creds.accessKeyId, "ASIA1");
    assert.equal(s.assumed.length, 1);
    const request = s.assumed[0]!;
    assert.equal(request.baseCredentials.accessKeyId, "AKIA1");
    assert.equal(request.externalId, "ext");
    assert.equal(request.roleSessionName, "awspca-issuer-ns-pca");
    assert.equal(request.region, "eu-west-1");
  });

  it("should re-assume with the new key when the secret under a role changes", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const resolved = await s.manager.resolve(ISSUER, { ...WITH_SECRET, role: ROLE });
    s.secrets.set("ns/aws", keys("AKIA2", "two", "11"));
    s.manager.secretChanged("ns", "aws");
    assert.equal((await resolved.provider()).accessKeyId, "ASIA2");
    assert.equal(s.assumed[1]?.baseCredentials.accessKeyId, "AKIA2");
  });

  it("should use one default chain per region when issuers have no secret", async () => {
    const s = setup();
    const a = await s.manager.resolve(CLUSTER, { region: "eu-west-1" });
    await s.manager.resolve(ISSUER, { region: "eu-west-1", role: ROLE });
    await s.manager.resolve({ ...CLUSTER, name: "b", uid: "u3" }, { region: "us-east-1" });
    assert.equal(a.mode, "DefaultChain");
    assert.deepEqual(s.chainRegions, ["eu-west-1", "us-east-1"]);
    assert.equal(s.assumed[0]?.baseCredentials.accessKeyId, "ENV");
  });

  it("should report NoCredentials when the default chain finds nothing", async () => {
    const s = setup();
    s.setChain(
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
    );
    await assert.rejects(s.manager.resolve(CLUSTER, { region: "eu-west-1" }), (err: unknown) => {
      assert.ok(err instanceof CredentialsError);
      assert.equal(err.reason, "NoCredentials");
      assert.match(err.message, /^no aws credentials for awspcaclusterissuer pca: /);
      return true;
    });
  });

  it("should report DefaultChainFailed when a configured source fails", async () => {
    const s = setup();
    s.setChain(Object.assign(new Error("token rejected"), { name: "InvalidIdentityToken" }));
    await assert.rejects(s.manager.resolve(CLUSTER, { region: "eu-west-1" }), {
      reason: "DefaultChainFailed",
      message:
        "the aws default credential chain failed for awspcaclusterissuer pca with InvalidIdentityToken",
    });
  });

  it("should refuse another namespace's secret for a namespaced issuer before reading it", async () => {
    let reads = 0;
    const s = setup({
      readSecret: () => {
        reads++;
        return Promise.resolve(undefined);
      },
    });
    const spec = { ...WITH_SECRET, secret: { ...SECRET_REF, namespace: "other" } };
    await assert.rejects(s.manager.resolve(ISSUER, spec), { reason: "CrossNamespaceSecret" });
    assert.equal(reads, 0);
    assert.equal(s.manager.size, 0);
  });

  it("should read another namespace's secret for a cluster issuer", async () => {
    const s = setup();
    s.secrets.set("cert-manager/aws", keys("AKIA1", "one", "3"));
    const spec = { ...WITH_SECRET, secret: { ...SECRET_REF, namespace: "cert-manager" } };
    const resolved = await s.manager.resolve(CLUSTER, spec);
    assert.deepEqual(s.manager.secretsInUse(), [{ namespace: "cert-manager", name: "aws" }]);
    assert.equal(resolved.secret?.namespace, "cert-manager");
  });

  it("should replace cached state when the spec changes", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const a = await s.manager.resolve(ISSUER, WITH_SECRET);
    const b = await s.manager.resolve(ISSUER, { ...WITH_SECRET, role: ROLE });
    assert.notEqual(a.provider, b.provider);
    assert.equal(b.mode, "SecretWithRole");
    assert.equal(s.manager.size, 1);
  });

  it("should drop cached state and stop tracking the secret when released", async () => {
    const s = setup();
    s.secrets.set("ns/aws", keys("AKIA1", "one", "10"));
    const resolved = await s.manager.resolve(ISSUER, WITH_SECRET);
    assert.equal(s.manager.release(resolved.issuerKey), true);
    assert.equal(s.manager.release(resolved.issuerKey), false);
    assert.equal(s.manager.size, 0);
    assert.deepEqual(s.manager.secretsInUse(), []);
    assert.deepEqual(s.manager.secretChanged("ns", "aws"), []);
  });

  it("should use a generation in the identity key when the reader gives no resourceVersion", async () => {
    const s = setup();
    s.secrets.set("ns/aws", { data: keys("AKIA1", "one", "x").data ?? {} });
    const a = await s.manager.resolve(ISSUER, WITH_SECRET);
    s.secrets.set("ns/aws", { data: keys("AKIA2", "two", "x").data ?? {} });
    s.manager.secretChanged("ns", "aws");
    const b = await s.manager.resolve(ISSUER, WITH_SECRET);
    assert.equal(a.secret?.resourceVersion, undefined);
    assert.notEqual(a.identityKey, b.identityKey);
  });

  it("should reject out-of-range options with the field's name when constructed", () => {
    const readSecret = () => Promise.resolve(undefined);
    assert.throws(
      () => new CredentialsManager({ readSecret, refreshWindowMs: -1 }),
      /refreshWindowMs/,
    );
    assert.throws(
      () => new CredentialsManager({ readSecret, roleSessionDurationSeconds: 60 }),
      /roleSessionDurationSeconds must be 900 to 43200/,
    );
    assert.throws(
      () => new CredentialsManager({ readSecret, secretMaxAgeMs: 0 }),
      /secretMaxAgeMs/,
    );
    assert.throws(
      () => new CredentialsManager({ readSecret, stsEndpoint: "not a url" }),
      /stsEndpoint/,
    );
  });
});
