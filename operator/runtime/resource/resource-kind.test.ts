import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { keyOf, objectKey, parseKey } from "./object.ts";
import { ResourceKind } from "./resource-kind.ts";

void describe("ResourceKind", () => {
  const Issuer = new ResourceKind({
    group: "awspca.cert-manager.io",
    version: "v1beta1",
    kind: "AWSPCAIssuer",
    plural: "awspcaissuers",
    scope: "Namespaced",
  });
  const ClusterIssuer = new ResourceKind({
    group: "awspca.cert-manager.io",
    version: "v1beta1",
    kind: "AWSPCAClusterIssuer",
    plural: "awspcaclusterissuers",
    scope: "Cluster",
  });

  void it("should build group paths when the kind is namespaced", () => {
    assert.equal(Issuer.apiVersion, "awspca.cert-manager.io/v1beta1");
    assert.equal(Issuer.collectionPath(), "/apis/awspca.cert-manager.io/v1beta1/awspcaissuers");
    assert.equal(
      Issuer.objectPath("ns", "a", "status"),
      "/apis/awspca.cert-manager.io/v1beta1/namespaces/ns/awspcaissuers/a/status",
    );
  });

  void it("should ignore the namespace when the kind is cluster-scoped", () => {
    assert.equal(ClusterIssuer.namespaced, false);
    assert.equal(
      ClusterIssuer.objectPath("ns", "a"),
      "/apis/awspca.cert-manager.io/v1beta1/awspcaclusterissuers/a",
    );
  });

  void it("should use /api/v1 when the group is core", () => {
    const Secret = new ResourceKind({
      group: "",
      version: "v1",
      kind: "Secret",
      plural: "secrets",
      scope: "Namespaced",
    });
    assert.equal(Secret.apiVersion, "v1");
    assert.equal(Secret.collectionPath("ns"), "/api/v1/namespaces/ns/secrets");
  });
});

void describe("object keys", () => {
  void it("should round-trip namespace/name when the object is namespaced", () => {
    assert.equal(objectKey({ namespace: "ns", name: "a" }), "ns/a");
    assert.deepEqual(parseKey("ns/a"), { namespace: "ns", name: "a" });
    assert.equal(keyOf({ metadata: { namespace: "ns", name: "a" } }), "ns/a");
  });

  void it("should use the bare name when the object is cluster-scoped", () => {
    assert.equal(objectKey({ namespace: "", name: "a" }), "a");
    assert.deepEqual(parseKey("a"), { namespace: "", name: "a" });
  });
});
