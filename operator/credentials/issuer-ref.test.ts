import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CredentialsError } from "./errors.ts";
import { checkSecretScope, describeIssuer, issuerKey, roleSessionName } from "./issuer-ref.ts";
import type { IssuerRef } from "./issuer-ref.ts";

const NAMESPACED: IssuerRef = { kind: "AWSPCAIssuer", namespace: "team-a", name: "pca", uid: "u1" };
const CLUSTER: IssuerRef = { kind: "AWSPCAClusterIssuer", name: "pca", uid: "u2" };
const SECRET = {
  name: "aws",
  namespace: "team-a",
  accessKeyIdKey: "AWS_ACCESS_KEY_ID",
  secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY",
};

describe("issuerKey", () => {
  it("should tell kinds and namespaces apart when keys are formed", () => {
    assert.equal(issuerKey(NAMESPACED), "AWSPCAIssuer/team-a/pca");
    assert.equal(issuerKey(CLUSTER), "AWSPCAClusterIssuer/pca");
    assert.equal(describeIssuer(NAMESPACED), "awspcaissuer team-a/pca");
    assert.equal(describeIssuer(CLUSTER), "awspcaclusterissuer pca");
  });
});

describe("roleSessionName", () => {
  it("should name the issuer when the name is short", () => {
    assert.equal(roleSessionName(NAMESPACED), "awspca-issuer-team-a-pca");
    assert.equal(roleSessionName(CLUSTER), "awspca-clusterissuer-pca");
  });

  it("should cut to 64 characters with a uid hash when the name is long", () => {
    const long = { ...NAMESPACED, namespace: "n".repeat(63), name: "x".repeat(253) };
    const name = roleSessionName(long);
    assert.equal(name.length, 64);
    assert.match(name, /^awspca-issuer-n+-[0-9a-f]{8}$/);
    assert.equal(roleSessionName(long), name);
    assert.notEqual(roleSessionName({ ...long, uid: "other" }), name);
  });

  it("should only use characters sts accepts when given odd input", () => {
    assert.match(roleSessionName({ ...CLUSTER, name: "a b/c" }), /^[\w+=,.@-]+$/);
  });
});

describe("checkSecretScope", () => {
  it("should allow a namespaced issuer's own namespace and any namespace for a cluster issuer", () => {
    checkSecretScope(NAMESPACED, SECRET);
    checkSecretScope(CLUSTER, { ...SECRET, namespace: "elsewhere" });
  });

  it("should throw CrossNamespaceSecret naming both namespaces when a namespaced issuer reaches out", () => {
    assert.throws(
      () => {
        checkSecretScope(NAMESPACED, { ...SECRET, namespace: "team-b" });
      },
      (err: unknown) => {
        assert.ok(err instanceof CredentialsError);
        assert.equal(err.reason, "CrossNamespaceSecret");
        assert.match(
          err.message,
          /awspcaissuer team-a\/pca may only read secrets in its own namespace "team-a"/,
        );
        assert.match(err.message, /team-b\/aws/);
        return true;
      },
    );
  });
});
