import assert from "node:assert/strict";
import { createPublicKey, createVerify } from "node:crypto";
import { before, describe, it } from "node:test";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import {
  createServiceAccount,
  createTestNamespace,
  isStatus,
  mintToken,
  renderTokenKubeconfig,
  sharedControlPlane,
  type SharedControlPlane,
} from "../harness/index.ts";

function tokenKubeConfig(plane: SharedControlPlane, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(renderTokenKubeconfig(plane.info.server, plane.info.caPem, token));
  return kc;
}

function decodeJwt(token: string): {
  header: unknown;
  claims: Record<string, unknown>;
  signed: string;
  signature: Buffer;
} {
  const [header = "", claims = "", signature = ""] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()),
    claims: JSON.parse(Buffer.from(claims, "base64url").toString()) as Record<string, unknown>,
    signed: `${header}.${claims}`,
    signature: Buffer.from(signature, "base64url"),
  };
}

describe("control plane: service accounts and RBAC", () => {
  let plane: SharedControlPlane;
  let namespace: string;

  before(async () => {
    plane = await sharedControlPlane();
    const kc = plane.kubeConfig();
    namespace = await createTestNamespace(kc, "rbac");
    await createServiceAccount(kc, {
      namespace,
      name: "reader",
      rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }],
    });
    await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: "settings" }, data: { mode: "test" } },
    });
  });

  it("should allow what the Role grants and deny what it does not when using a minted token", async () => {
    const token = await mintToken(plane.kubeConfig(), {
      namespace,
      serviceAccount: "reader",
      audiences: [plane.info.serviceAccountIssuer],
    });
    const core = tokenKubeConfig(plane, token).makeApiClient(CoreV1Api);

    const cm = await core.readNamespacedConfigMap({ namespace, name: "settings" });
    assert.equal(cm.data?.mode, "test");
    await assert.rejects(core.listNamespacedSecret({ namespace }), (err) => isStatus(err, 403));
    await assert.rejects(
      core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "x" } } }),
      (err) => isStatus(err, 403),
    );
    await assert.rejects(core.listNamespacedConfigMap({ namespace: "default" }), (err) =>
      isStatus(err, 403),
    );
  });

  it("should reject a token minted for another audience when the API server checks it", async () => {
    const token = await mintToken(plane.kubeConfig(), {
      namespace,
      serviceAccount: "reader",
      audiences: ["sts.amazonaws.com"],
    });
    const core = tokenKubeConfig(plane, token).makeApiClient(CoreV1Api);
    await assert.rejects(core.readNamespacedConfigMap({ namespace, name: "settings" }), (err) =>
      isStatus(err, 401),
    );
  });

  it("should mint an IRSA-style token signed by the service-account key with the chosen audience", async () => {
    const token = await mintToken(plane.kubeConfig(), {
      namespace,
      serviceAccount: "reader",
      audiences: ["sts.amazonaws.com"],
      expirationSeconds: 600,
    });
    const jwt = decodeJwt(token);
    assert.deepEqual((jwt.header as { alg: string }).alg, "RS256");
    assert.deepEqual(jwt.claims.aud, ["sts.amazonaws.com"]);
    assert.equal(jwt.claims.iss, plane.info.serviceAccountIssuer);
    assert.equal(jwt.claims.sub, `system:serviceaccount:${namespace}:reader`);
    const lifetime = Number(jwt.claims.exp) - Number(jwt.claims.iat);
    assert.equal(lifetime, 600);
    const verifier = createVerify("RSA-SHA256").update(jwt.signed);
    assert.ok(
      verifier.verify(createPublicKey(plane.info.serviceAccountPublicKeyPem), jwt.signature),
    );
  });
});
