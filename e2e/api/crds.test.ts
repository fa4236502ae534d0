import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { promisify } from "node:util";

import { ApiextensionsV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import { stringify } from "yaml";

import { AWSPCAClusterIssuerResource, AWSPCAIssuerResource } from "../../api/v1beta1/index.ts";
import type { AWSPCAIssuer, IssuerSpec, IssuerStatus } from "../../api/v1beta1/index.ts";
import { PEER_MANIFESTS } from "../../api/v1beta1/testdata/peer-manifests.ts";
import {
  createTestNamespace,
  installCrds,
  isStatus,
  sharedControlPlane,
  toolPath,
} from "../harness/index.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const CRD_FILES = [AWSPCAIssuerResource, AWSPCAClusterIssuerResource].map((r) =>
  join(ROOT, "config", "crd", "bases", `${r.group}_${r.plural}.yaml`),
);
const CA =
  "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/0a1b2c3d-0000-4000-8000-000000000001";
const GROUP = AWSPCAIssuerResource.group;
const VERSION = AWSPCAIssuerResource.version;

const run = promisify(execFile);

void describe("issuer CRDs on a real kube-apiserver", () => {
  let kc: KubeConfig;
  let api: CustomObjectsApi;
  let kubeconfigPath: string;
  let namespace: string;

  const kubectl = async (args: string[], input?: string): Promise<string> => {
    const child = run(toolPath("kubectl"), ["--kubeconfig", kubeconfigPath, ...args]);
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  };

  const issuer = (name: string, spec: IssuerSpec): AWSPCAIssuer => ({
    apiVersion: AWSPCAIssuerResource.apiVersion,
    kind: AWSPCAIssuerResource.kind,
    metadata: { name },
    spec,
  });

  const create = async (body: AWSPCAIssuer): Promise<AWSPCAIssuer> =>
    (await api.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: AWSPCAIssuerResource.plural,
      body,
      fieldValidation: "Strict",
    })) as AWSPCAIssuer;

  /** The API server's 422 message for `spec`, or undefined when it admits it. */
  const rejection = async (name: string, spec: unknown): Promise<string | undefined> => {
    try {
      await create(issuer(name, spec as IssuerSpec));
      return undefined;
    } catch (err) {
      assert.ok(isStatus(err, 422), `expected 422, got ${String(err)}`);
      return String((err as { body?: unknown }).body);
    }
  };

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    kubeconfigPath = plane.info.kubeconfigPath;
    api = kc.makeApiClient(CustomObjectsApi);
    await installCrds(kc, CRD_FILES);
    namespace = await createTestNamespace(kc, "api-crds");
  });

  void it("should admit every peer manifest unchanged through kubectl apply", async () => {
    for (const { title, object } of PEER_MANIFESTS) {
      const namespaced = object.kind === AWSPCAIssuerResource.kind;
      // Cluster-scoped names are global: prefix them so reruns and other tests never collide.
      const name = namespaced
        ? (object.metadata.name ?? "")
        : `${namespace}-${object.metadata.name ?? ""}`;
      const metadata = namespaced ? { ...object.metadata, namespace } : { name };
      const manifest = { ...object, metadata };
      await kubectl(["apply", "--validate=strict", "-f", "-"], stringify(manifest));

      const scope = namespaced ? ["-n", namespace] : [];
      const kind = namespaced ? "awspcaissuer" : "awspcaclusterissuer";
      const stored = JSON.parse(
        await kubectl(["get", kind, name, ...scope, "-o", "json"]),
      ) as AWSPCAIssuer;
      assert.deepEqual(stored.spec, object.spec, `${title}: spec changed on the way in`);
    }
  });

  void it("should admit a missing arn, a malformed arn and an unknown template for the controller to report", async () => {
    await create(issuer("no-arn", {}));
    await create(issuer("bad-arn", { arn: "arn:aws:acm-pca:somewhere" }));
    const unknown = await create(
      issuer("bad-template", { arn: CA, pcaTemplate: { defaultTemplateName: "NoSuch/V1" } }),
    );
    assert.equal(unknown.spec?.pcaTemplate?.defaultTemplateName, "NoSuch/V1");
  });

  void it("should admit every addition to the peer's spec", async () => {
    const spec: IssuerSpec = {
      arn: CA,
      role: "arn:aws:iam::111122223333:role/pca/issuer",
      externalId: "tenant-42",
      secretRef: { name: "aws", sessionTokenSelector: { key: "AWS_SESSION_TOKEN" } },
      allowedTemplates: ["EndEntityCertificate/V1", "CodeSigningCertificate/V1"],
      defaultDuration: "720h",
    };
    const created = await create(issuer("additions", spec));
    assert.deepEqual(created.spec, spec);
  });

  void it("should reject what the schema can check, naming the field", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["bad-region", { arn: CA, region: "Europe" }, /spec\.region/],
      ["bad-role", { arn: CA, role: "arn:aws:iam::111122223333:user/bob" }, /spec\.role/],
      ["bad-duration", { arn: CA, defaultDuration: "30 days" }, /spec\.defaultDuration/],
      ["bad-allowed", { arn: CA, allowedTemplates: ["any"] }, /spec\.allowedTemplates/],
      [
        "bad-key",
        { arn: CA, secretRef: { name: "s", accessKeyIDSelector: { key: "a/b" } } },
        /accessKeyIDSelector\.key/,
      ],
    ];
    for (const [name, spec, field] of cases) {
      const message = await rejection(name, spec);
      assert.ok(message !== undefined, `${name} was admitted`);
      assert.match(message, field);
    }
  });

  void it("should refuse unknown fields under strict field validation", async () => {
    await assert.rejects(
      create(issuer("unknown-field", { arn: CA, bogus: true } as IssuerSpec)),
      (err) => isStatus(err, 400),
    );
  });

  void it("should round-trip a cluster-scoped issuer", async () => {
    const ref = { group: GROUP, version: VERSION, plural: AWSPCAClusterIssuerResource.plural };
    const name = `${namespace}-cluster`;
    const body = {
      apiVersion: AWSPCAClusterIssuerResource.apiVersion,
      kind: AWSPCAClusterIssuerResource.kind,
      metadata: { name },
      spec: { arn: CA, secretRef: { name: "aws", namespace: "pca-system" } },
    };
    const created = (await api.createClusterCustomObject({ ...ref, body })) as AWSPCAIssuer;
    assert.equal(created.metadata.namespace, undefined);

    const fetched = (await api.getClusterCustomObject({ ...ref, name })) as AWSPCAIssuer;
    assert.deepEqual(fetched.spec, body.spec);
    const replaced = (await api.replaceClusterCustomObject({
      ...ref,
      name,
      body: { ...fetched, spec: { arn: CA, region: "eu-west-1" } },
    })) as AWSPCAIssuer;
    assert.deepEqual(replaced.spec, { arn: CA, region: "eu-west-1" });
    assert.equal(replaced.metadata.generation, 2);

    await api.deleteClusterCustomObject({ ...ref, name });
    await assert.rejects(api.getClusterCustomObject({ ...ref, name }), (err) => isStatus(err, 404));
  });

  void it("should write status only through the status subresource", async () => {
    const ref = {
      group: GROUP,
      version: VERSION,
      namespace,
      plural: AWSPCAIssuerResource.plural,
      name: "with-status",
    };
    const created = await create(issuer(ref.name, { arn: CA }));
    const status: IssuerStatus = {
      observedGeneration: 1,
      callerIdentityArn: "arn:aws:sts::111122223333:assumed-role/pca/issuer",
      ca: {
        arn: CA,
        status: "ACTIVE",
        type: "ROOT",
        keyAlgorithm: "EC_prime256v1",
        signingAlgorithm: "SHA256WITHECDSA",
        notAfter: "2036-01-01T00:00:00Z",
        usageMode: "GENERAL_PURPOSE",
      },
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "Verified",
          message: "CA is ACTIVE",
          observedGeneration: 1,
          lastTransitionTime: "2026-01-01T00:00:00Z",
        },
      ],
    };

    // The main endpoint ignores status; the status endpoint ignores spec.
    const viaMain = (await api.replaceNamespacedCustomObject({
      ...ref,
      body: { ...created, status },
    })) as AWSPCAIssuer;
    assert.equal(viaMain.status, undefined);
    const viaStatus = (await api.replaceNamespacedCustomObjectStatus({
      ...ref,
      body: { ...viaMain, spec: { arn: "changed" }, status },
    })) as AWSPCAIssuer;
    assert.deepEqual(viaStatus.status, status);
    assert.equal(viaStatus.spec?.arn, CA);
    assert.equal(viaStatus.metadata.generation, 1);

    const badStatus = {
      ...viaStatus,
      status: { conditions: [{ ...status.conditions![0], status: "Maybe" }] },
    };
    await assert.rejects(
      api.replaceNamespacedCustomObjectStatus({ ...ref, body: badStatus }),
      (err) => isStatus(err, 422),
    );
  });

  void it("should print Ready, Reason, CA and Age columns", async () => {
    const crd = await kc
      .makeApiClient(ApiextensionsV1Api)
      .readCustomResourceDefinition({ name: `${AWSPCAIssuerResource.plural}.${GROUP}` });
    const columns = crd.spec.versions[0]!.additionalPrinterColumns!.map((c) => c.name);
    assert.deepEqual(columns, ["Ready", "Reason", "CA", "Message", "Age"]);

    const table = await kubectl(["get", "awspcaissuer", "with-status", "-n", namespace]);
    const [header, row] = table.trim().split("\n");
    assert.match(header!, /^NAME\s+READY\s+REASON\s+CA\s+AGE$/);
    assert.match(row!, new RegExp(`^with-status\\s+True\\s+Verified\\s+${CA}\\s+\\d+s$`));
  });
});
