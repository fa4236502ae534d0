import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { CertificateManifest } from "../harness/index.ts";
import { ANNOTATIONS } from "../../api/v1beta1/resources.ts";
import {
  certificatesOf,
  getRequest,
  readyIssuer,
  readyOf,
  startSigningEnv,
  waitForRequest,
} from "./kit.ts";
import type { SigningEnv } from "./kit.ts";

function manifest(
  name: string,
  issuer: Record<string, string>,
  spec: Record<string, unknown> = {},
): CertificateManifest {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name },
    spec: {
      secretName: `${name}-tls`,
      commonName: `${name}.example.com`,
      dnsNames: [`${name}.example.com`],
      privateKey: { algorithm: "ECDSA", size: 256 },
      issuerRef: issuer,
      ...spec,
    },
  };
}

const OURS = { group: "awspca.cert-manager.io", kind: "AWSPCAIssuer", name: "pca" };

describe("CertificateRequest controller against the real API server and the emulator", () => {
  let env: SigningEnv;

  before(async () => {
    env = await startSigningEnv();
    readyIssuer(env, "pca");
  });

  after(async () => {
    await env.stop();
  });

  it("should sign an approved request and write leaf, intermediates and root when the issuer is ready", async () => {
    const created = await env.cmctl.createCertificateRequest(
      env.namespace,
      "web",
      manifest("web", OURS, { duration: "24h", usages: ["server auth"] }),
    );
    await env.cmctl.approve(env.namespace, "web");
    const cr = await waitForRequest(env, "web", (r) => readyOf(r)?.status === "True");

    assert.equal(readyOf(cr)?.reason, "Issued");
    assert.match(
      cr.metadata.annotations?.[ANNOTATIONS.certificateArn] ?? "",
      /\/certificate\/[0-9a-f]{32}$/,
    );
    const [leaf, issuing] = certificatesOf(cr.status?.certificate);
    const [root] = certificatesOf(cr.status?.ca);
    assert.ok(leaf && issuing && root, "leaf, issuing CA and root are present");
    assert.ok(leaf.verify(issuing.publicKey), "leaf is signed by the issuing CA");
    assert.ok(issuing.verify(root.publicKey), "issuing CA is signed by the root");
    assert.equal(leaf.subjectAltName, "DNS:web.example.com");
    assert.ok(
      leaf.checkPrivateKey(
        await import("node:crypto").then((c) => c.createPrivateKey(created.keyPem)),
      ),
    );
    assert.deepEqual(leaf.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
    const lifetimeMs = Date.parse(leaf.validTo) - Date.now();
    assert.ok(
      Math.abs(lifetimeMs - 24 * 3600_000) < 60_000,
      `NotAfter is 24h away, got ${lifetimeMs} ms`,
    );
  });

  it("should mark a denied request Denied with a failure time when an approver denies it", async () => {
    await env.cmctl.createCertificateRequest(env.namespace, "nope", manifest("nope", OURS));
    await env.cmctl.deny(env.namespace, "nope");
    const cr = await waitForRequest(env, "nope", (r) => readyOf(r)?.reason === "Denied");
    assert.equal(readyOf(cr)?.status, "False");
    assert.ok(cr.status?.failureTime);
  });

  it("should leave an unapproved request and another group's request untouched", async () => {
    await env.cmctl.createCertificateRequest(env.namespace, "waiting", manifest("waiting", OURS));
    const foreign = { group: "cert-manager.io", kind: "Issuer", name: "other" };
    await env.cmctl.createCertificateRequest(
      env.namespace,
      "foreign",
      manifest("foreign", foreign),
    );
    await env.cmctl.approve(env.namespace, "foreign");
    await sleep(1500);
    for (const name of ["waiting", "foreign"]) {
      const cr = await getRequest(env, name);
      assert.equal(readyOf(cr), undefined, `${name} has no Ready condition`);
      assert.equal(cr.metadata.annotations?.[ANNOTATIONS.certificateArn], undefined);
      const writers = (cr.metadata.managedFields ?? []).map((f) => f.manager);
      assert.ok(
        writers.every((m) => m?.startsWith("cmctl") === true),
        `${name} was only written by cmctl`,
      );
    }
  });

  it("should keep a request Pending until its issuer turns ready, then sign it", async () => {
    const issuer = { ...OURS, name: "late" };
    await env.cmctl.createCertificateRequest(env.namespace, "early", manifest("early", issuer));
    await env.cmctl.approve(env.namespace, "early");
    const pending = await waitForRequest(env, "early", (r) => readyOf(r)?.reason === "Pending");
    assert.match(readyOf(pending)?.message ?? "", /AWSPCAIssuer .*\/late not found/);

    readyIssuer(env, "late");
    await waitForRequest(env, "early", (r) => readyOf(r)?.status === "True");
  });

  it("should never fall back to a cluster issuer of the same name when the namespaced one is missing", async () => {
    const clusterKey = "AWSPCAClusterIssuer/ghost";
    env.registry.set(clusterKey, {
      ready: true,
      reason: "Verified",
      message: "",
      signing: env.registry.get(`AWSPCAIssuer/${env.namespace}/pca`)?.signing,
    });
    await env.cmctl.createCertificateRequest(
      env.namespace,
      "ghost",
      manifest("ghost", { ...OURS, name: "ghost" }),
    );
    await env.cmctl.approve(env.namespace, "ghost");
    const cr = await waitForRequest(env, "ghost", (r) => readyOf(r)?.reason === "Pending");
    assert.match(readyOf(cr)?.message ?? "", /AWSPCAIssuer .*\/ghost not found/);
  });

  it("should fail a request with AWS's message when the CSR is malformed", async () => {
    const client = env.manager.client(
      (await import("../../operator/controllers/kinds.ts")).CertificateRequestKind,
    );
    const garbage = Buffer.from(
      "-----BEGIN CERTIFICATE REQUEST-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE REQUEST-----\n",
    ).toString("base64");
    await client.create({
      metadata: { name: "garbage", namespace: env.namespace },
      spec: { request: garbage, issuerRef: OURS },
      status: {},
    });
    await env.cmctl.approve(env.namespace, "garbage");
    const cr = await waitForRequest(env, "garbage", (r) => readyOf(r)?.reason === "Failed");
    assert.match(readyOf(cr)?.message ?? "", /MalformedCSR|csr/i);
    assert.ok(cr.status?.failureTime);
  });

  it("should issue exactly one certificate per request when the same requests are reconciled again", async () => {
    const before = env.emulator.counters.snapshot();
    const names = ["one-a", "one-b", "one-c"];
    for (const n of names) {
      await env.cmctl.createCertificateRequest(env.namespace, n, manifest(n, OURS));
      await env.cmctl.approve(env.namespace, n);
    }
    for (const n of names) await waitForRequest(env, n, (r) => readyOf(r)?.status === "True");
    const after = env.emulator.counters.snapshot();
    const issued =
      (after.certificatesIssued[env.issuingArn] ?? 0) -
      (before.certificatesIssued[env.issuingArn] ?? 0);
    assert.equal(issued, names.length);
    const okCalls =
      (after.calls.IssueCertificate?.ok ?? 0) - (before.calls.IssueCertificate?.ok ?? 0);
    assert.equal(okCalls, names.length, "no IssueCertificate call was repeated, even idempotently");
    const leaf = certificatesOf((await getRequest(env, "one-a")).status?.certificate)[0];
    assert.ok(leaf instanceof X509Certificate);
  });
});
