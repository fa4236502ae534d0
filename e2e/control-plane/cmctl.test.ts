import "reflect-metadata";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import * as x509 from "@peculiar/x509";
import {
  Cmctl,
  createTestNamespace,
  sharedControlPlane,
  type CertificateManifest,
} from "../harness/index.ts";

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

interface CertificateRequest {
  spec: {
    request: string;
    usages?: string[];
    isCA?: boolean;
    duration?: string;
    issuerRef: Record<string, string>;
  };
  status?: { conditions?: Condition[] };
}

function certificate(name: string, privateKey: Record<string, unknown>): CertificateManifest {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name },
    spec: {
      secretName: `${name}-tls`,
      commonName: `${name}.example.com`,
      dnsNames: [`${name}.example.com`, `alt.${name}.example.com`],
      duration: "24h",
      usages: ["server auth", "client auth"],
      privateKey,
      issuerRef: { group: "awspca.cert-manager.io", kind: "AWSPCAIssuer", name: "pca" },
    },
  };
}

describe("control plane: cmctl creates requests the way cert-manager does", () => {
  let kc: KubeConfig;
  let cmctl: Cmctl;
  let namespace: string;

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    cmctl = new Cmctl(plane.info.kubeconfigPath);
    namespace = await createTestNamespace(kc, "cmctl");
  });

  const cases = [
    {
      name: "rsa",
      privateKey: { algorithm: "RSA", size: 2048 },
      keyAlgorithm: "RSASSA-PKCS1-v1_5",
    },
    { name: "ecdsa", privateKey: { algorithm: "ECDSA", size: 384 }, keyAlgorithm: "ECDSA" },
  ];
  for (const c of cases) {
    it(`should create and approve a request with a ${c.name} CSR when given a Certificate manifest`, async () => {
      const created = await cmctl.createCertificateRequest(
        namespace,
        `cr-${c.name}`,
        certificate(`cr-${c.name}`, c.privateKey),
      );
      assert.match(created.keyPem, /PRIVATE KEY/);
      await cmctl.approve(namespace, `cr-${c.name}`);

      const api = kc.makeApiClient(CustomObjectsApi);
      const cr = (await api.getNamespacedCustomObject({
        group: "cert-manager.io",
        version: "v1",
        namespace,
        plural: "certificaterequests",
        name: `cr-${c.name}`,
      })) as CertificateRequest;
      assert.deepEqual(cr.spec.issuerRef, {
        group: "awspca.cert-manager.io",
        kind: "AWSPCAIssuer",
        name: "pca",
      });
      assert.deepEqual(cr.spec.usages, ["server auth", "client auth"]);
      assert.equal(cr.spec.duration, "24h0m0s");
      const approved = cr.status?.conditions?.find((cond) => cond.type === "Approved");
      assert.equal(approved?.status, "True");
      assert.equal(approved.reason, "E2EApproved");

      const csr = new x509.Pkcs10CertificateRequest(
        Buffer.from(cr.spec.request, "base64").toString(),
      );
      assert.ok(await csr.verify(), "the CSR signature verifies");
      assert.equal((csr.publicKey.algorithm as { name: string }).name, c.keyAlgorithm);
      assert.match(csr.subject, new RegExp(`CN=cr-${c.name}.example.com`));
      const san = csr.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension);
      assert.deepEqual(san?.names.items.map((n) => n.value).sort(), [
        `alt.cr-${c.name}.example.com`,
        `cr-${c.name}.example.com`,
      ]);
    });
  }

  it("should record a Denied condition when cmctl denies a request", async () => {
    await cmctl.createCertificateRequest(
      namespace,
      "cr-denied",
      certificate("cr-denied", { algorithm: "ECDSA", size: 256 }),
    );
    await cmctl.deny(namespace, "cr-denied");
    const cr = (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
      group: "cert-manager.io",
      version: "v1",
      namespace,
      plural: "certificaterequests",
      name: "cr-denied",
    })) as CertificateRequest;
    assert.equal(cr.status?.conditions?.find((cond) => cond.type === "Denied")?.status, "True");
  });
});
