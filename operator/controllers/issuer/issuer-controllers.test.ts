import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubeConfig } from "@kubernetes/client-node";

import { CredentialsManager } from "../../credentials/index.ts";
import { SigningService } from "../../pca/index.ts";
import { Manager } from "../../runtime/index.ts";
import { IssuerRegistry } from "../issuer-registry.ts";
import { issuerControllers } from "./issuer-controllers.ts";
import type { IssuerControllerDeps } from "./issuer-controllers.ts";

function setup(extra: Partial<IssuerControllerDeps> = {}) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "c", server: "https://127.0.0.1:1" }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  const manager = new Manager({ kubeConfig, metricsBindAddress: "0", healthProbeBindAddress: "0" });
  const deps: IssuerControllerDeps = {
    registry: new IssuerRegistry(),
    credentials: new CredentialsManager({ readSecret: () => Promise.resolve(undefined) }),
    signing: new SigningService(),
    clusterResourceNamespace: "operator",
    ...extra,
  };
  return () => issuerControllers(manager, deps);
}

void describe("issuerControllers", () => {
  void it("should build one controller per kind, each watching Secrets", () => {
    const specs = setup()();
    assert.deepEqual(
      specs.map((s) => [s.name, s.for.kind.kind, s.watches?.[0]?.kind.kind]),
      [
        ["awspcaissuer", "AWSPCAIssuer", "Secret"],
        ["awspcaclusterissuer", "AWSPCAClusterIssuer", "Secret"],
      ],
    );
  });

  void it("should project every Secret to nothing and map unreferenced ones to no key", () => {
    const watch = setup()()[0]?.watches?.[0];
    assert.ok(watch);
    const secret = { metadata: { namespace: "ns", name: "s" }, data: { k: "djE=" } };
    assert.equal(watch.project(secret), undefined);
    assert.deepEqual(watch.mapToKeys(undefined, "ns/s"), []);
  });

  void it("should pass the label selector to the issuer informers when one is given", () => {
    const specs = setup({ labelSelector: "shard=a" })();
    assert.deepEqual(
      specs.map((s) => s.for.labelSelector),
      ["shard=a", "shard=a"],
    );
  });

  void it("should reject a re-check interval that is not positive", () => {
    assert.throws(setup({ recheckIntervalMs: 0 }), /recheckIntervalMs must be more than zero/);
  });

  void it("should reject a check timeout that is not positive", () => {
    assert.throws(setup({ checkTimeoutMs: -1 }), /checkTimeoutMs must be more than zero/);
  });

  void it("should reject an empty cluster-resource namespace", () => {
    assert.throws(setup({ clusterResourceNamespace: "" }), /clusterResourceNamespace must not/);
  });
});
