import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { ResolvedSecretRef } from "../../api/v1beta1/index.ts";
import { CredentialsError } from "./errors.ts";
import { parseSecretCredentials, SecretSource } from "./secret-source.ts";
import type { SecretObject } from "./secret-source.ts";

const REF: ResolvedSecretRef = {
  name: "aws",
  namespace: "ns",
  accessKeyIdKey: "AWS_ACCESS_KEY_ID",
  secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY",
};

const b64 = (s: string): string => Buffer.from(s).toString("base64");

function secret(data: Record<string, string>, resourceVersion?: string): SecretObject {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]));
  return resourceVersion === undefined
    ? { data: encoded }
    : { metadata: { resourceVersion }, data: encoded };
}

function reasonOf(err: unknown): string {
  assert.ok(err instanceof CredentialsError);
  return err.reason;
}

/** A reader over a mutable map that counts reads. */
function fakeReader() {
  const store = new Map<string, SecretObject | Error>();
  const state = { reads: 0 };
  const read = (namespace: string, name: string): Promise<SecretObject | undefined> => {
    state.reads++;
    const value = store.get(`${namespace}/${name}`);
    return value instanceof Error ? Promise.reject(value) : Promise.resolve(value);
  };
  return { store, state, read };
}

function source(read: ReturnType<typeof fakeReader>["read"], clock = { t: 0 }) {
  const warnings: object[] = [];
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (fields: object) => warnings.push(fields),
  };
  const src = new SecretSource({
    ref: REF,
    readSecret: read,
    now: () => clock.t,
    maxAgeMs: 1000,
    logger,
  });
  return { src, warnings };
}

describe("parseSecretCredentials", () => {
  it("should read the default keys and trim a trailing newline when the secret holds them", () => {
    const creds = parseSecretCredentials(
      REF,
      secret({ AWS_ACCESS_KEY_ID: "AKIA1\n", AWS_SECRET_ACCESS_KEY: " s3cr3t " }),
    );
    assert.deepEqual(creds, { accessKeyId: "AKIA1", secretAccessKey: "s3cr3t" });
  });

  it("should read custom keys and a session token when selectors name them", () => {
    const ref = { ...REF, accessKeyIdKey: "id", secretAccessKeyKey: "key", sessionTokenKey: "tok" };
    const creds = parseSecretCredentials(ref, secret({ id: "A", key: "B", tok: "C" }));
    assert.deepEqual(creds, { accessKeyId: "A", secretAccessKey: "B", sessionToken: "C" });
  });

  it("should throw SecretKeyMissing naming secret, key and field when a key is absent", () => {
    assert.throws(
      () => parseSecretCredentials(REF, secret({ AWS_ACCESS_KEY_ID: "A" })),
      (err: unknown) => {
        assert.equal(reasonOf(err), "SecretKeyMissing");
        assert.equal(
          (err as Error).message,
          'secret ns/aws has no key "AWS_SECRET_ACCESS_KEY" (spec.secretRef.secretAccessKeySelector.key)',
        );
        return true;
      },
    );
  });

  it("should throw SecretKeyMissing without the other values when a key is empty", () => {
    const ref = { ...REF, sessionTokenKey: "tok" };
    assert.throws(
      () =>
        parseSecretCredentials(
          ref,
          secret({ AWS_ACCESS_KEY_ID: "AKIAVISIBLE", AWS_SECRET_ACCESS_KEY: "hidden", tok: "\n" }),
        ),
      (err: unknown) => {
        assert.equal(reasonOf(err), "SecretKeyMissing");
        const message = (err as Error).message;
        assert.match(message, /key "tok" of secret ns\/aws is empty/);
        assert.doesNotMatch(message, /hidden|AKIAVISIBLE/);
        return true;
      },
    );
  });

  it("should report a secret without data as missing its first key", () => {
    assert.throws(() => parseSecretCredentials(REF, {}), /has no key "AWS_ACCESS_KEY_ID"/);
  });
});

describe("SecretSource", () => {
  it("should read once and serve the cache when called again before max age", async () => {
    const reader = fakeReader();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }, "7"));
    const { src } = source(reader.read);
    const [a, b] = await Promise.all([src.get(), src.get()]);
    await src.get();
    assert.equal(reader.state.reads, 1);
    assert.equal(a, b);
    assert.equal(a.resourceVersion, "7");
    assert.equal(a.generation, 1);
  });

  it("should re-read and bump the generation when invalidated after a change", async () => {
    const reader = fakeReader();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }, "1"));
    const { src } = source(reader.read);
    const first = await src.get();

    reader.store.set(
      "ns/aws",
      secret({ AWS_ACCESS_KEY_ID: "A2", AWS_SECRET_ACCESS_KEY: "B2" }, "2"),
    );
    assert.equal((await src.get()).credentials.accessKeyId, "A");
    src.invalidate();
    const second = await src.get();
    assert.equal(second.credentials.accessKeyId, "A2");
    assert.equal(second.generation, first.generation + 1);
    assert.equal(second.resourceVersion, "2");
  });

  it("should keep the generation and object when a re-read finds the same keys", async () => {
    const reader = fakeReader();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }, "1"));
    const { src } = source(reader.read);
    const first = await src.get();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }, "2"));
    src.invalidate();
    const second = await src.get();
    assert.equal(second.generation, 1);
    assert.equal(second.credentials, first.credentials);
  });

  it("should re-read when the cache is older than max age", async () => {
    const reader = fakeReader();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }));
    const clock = { t: 0 };
    const { src } = source(reader.read, clock);
    await src.get();
    clock.t = 999;
    await src.get();
    assert.equal(reader.state.reads, 1);
    clock.t = 1000;
    await src.get();
    assert.equal(reader.state.reads, 2);
  });

  it("should throw SecretNotFound when the secret does not exist", async () => {
    const { src } = source(fakeReader().read);
    await assert.rejects(src.get(), (err: unknown) => {
      assert.equal(reasonOf(err), "SecretNotFound");
      assert.equal(
        (err as Error).message,
        "secret ns/aws referenced by spec.secretRef was not found",
      );
      return true;
    });
  });

  it("should fail at once when the secret is deleted after a good read", async () => {
    const reader = fakeReader();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }));
    const { src } = source(reader.read);
    await src.get();
    reader.store.delete("ns/aws");
    src.invalidate();
    await assert.rejects(src.get(), { reason: "SecretNotFound" });
  });

  it("should throw transient SecretUnreadable with the cause when the first read fails", async () => {
    const reader = fakeReader();
    const cause = new Error("forbidden");
    reader.store.set("ns/aws", cause);
    const { src } = source(reader.read);
    await assert.rejects(src.get(), (err: unknown) => {
      assert.ok(err instanceof CredentialsError);
      assert.equal(err.reason, "SecretUnreadable");
      assert.equal(err.transient, true);
      assert.equal(err.cause, cause);
      return true;
    });
  });

  it("should keep the last credentials and warn when a re-read fails", async () => {
    const reader = fakeReader();
    reader.store.set("ns/aws", secret({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }));
    const { src, warnings } = source(reader.read);
    await src.get();
    reader.store.set("ns/aws", new Error("apiserver down"));
    src.invalidate();
    assert.equal((await src.get()).credentials.accessKeyId, "A");
    assert.deepEqual(warnings, [
      { secret: "ns/aws", errorName: "Error", errorMessage: "apiserver down" },
    ]);
  });
});
