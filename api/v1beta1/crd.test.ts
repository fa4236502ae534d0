import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";

import { Value } from "@sinclair/typebox/value";
import { parse } from "yaml";

import { buildCrd, generateCrdFiles } from "./crd.ts";
import type { PrinterColumn } from "./crd.ts";
import { AWSPCAClusterIssuerResource, AWSPCAIssuerResource } from "./resources.ts";
import type { JsonSchema } from "./structural.ts";
import { PEER_MANIFESTS } from "./testdata/peer-manifests.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** Paths of fields in `value` that `schema` does not declare (what the API server prunes). */
function unknownFields(schema: JsonSchema, value: unknown, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    return items === undefined
      ? []
      : value.flatMap((v, i) => unknownFields(items, v, `${path}[${i}]`));
  }
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (props === undefined) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = props[k];
    return sub === undefined ? [`${path}.${k}`] : unknownFields(sub, v, `${path}.${k}`);
  });
}

function openApiSchema(resource: typeof AWSPCAIssuerResource | typeof AWSPCAClusterIssuerResource) {
  const version = buildCrd(resource).spec.versions[0]!;
  return (version.schema as { openAPIV3Schema: JsonSchema }).openAPIV3Schema;
}

void describe("generateCrdFiles", () => {
  void it("should match the committed files under config/crd (run make crds when this fails)", async () => {
    for (const file of generateCrdFiles()) {
      const committed = await readFile(join(ROOT, file.path), "utf8");
      assert.equal(committed, file.content, `${file.path} is stale`);
    }
  });

  void it("should list both CRDs in the kustomization", () => {
    const kustomization = generateCrdFiles().find(
      (f) => f.path === "config/crd/kustomization.yaml",
    );
    assert.deepEqual((parse(kustomization!.content) as { resources: string[] }).resources, [
      "bases/awspca.cert-manager.io_awspcaissuers.yaml",
      "bases/awspca.cert-manager.io_awspcaclusterissuers.yaml",
    ]);
  });
});

void describe("buildCrd", () => {
  for (const resource of [AWSPCAIssuerResource, AWSPCAClusterIssuerResource]) {
    void describe(resource.kind, () => {
      const crd = buildCrd(resource);
      const version = crd.spec.versions[0]!;

      void it("should carry the peer's names, group, version and scope", () => {
        assert.equal(crd.metadata.name, `${resource.plural}.awspca.cert-manager.io`);
        assert.equal(crd.spec.group, "awspca.cert-manager.io");
        assert.equal(crd.spec.scope, resource.namespaced ? "Namespaced" : "Cluster");
        assert.equal(crd.spec.names.kind, resource.kind);
        assert.equal(version.name, "v1beta1");
        assert.equal(version.served, true);
        assert.equal(version.storage, true);
      });

      void it("should enable the status subresource and the printer columns", () => {
        assert.deepEqual(version.subresources, { status: {} });
        const columns = version.additionalPrinterColumns as readonly PrinterColumn[];
        assert.deepEqual(
          columns.filter((c) => c.priority === undefined).map((c) => c.name),
          ["Ready", "Reason", "CA", "Age"],
        );
        assert.equal(columns[0]!.jsonPath, '.status.conditions[?(@.type=="Ready")].status');
      });

      void it("should give every schema node a type and no TypeBox-only keys", () => {
        const walk = (node: JsonSchema, path: string): void => {
          assert.equal(typeof node.type, "string", `${path} has no type`);
          // The API server compiles patterns with RE2, which refuses repeat counts above 1000.
          if (typeof node.pattern === "string") {
            for (const m of node.pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
              assert.ok(Number(m[1]) <= 1000 && Number(m[2] ?? 0) <= 1000, `${path}: ${m[0]}`);
            }
          }
          for (const key of ["$id", "$ref", "anyOf", "const", "patternProperties"]) {
            assert.equal(key in node, false, `${path} has ${key}`);
          }
          for (const [k, v] of Object.entries(
            (node.properties ?? {}) as Record<string, JsonSchema>,
          )) {
            walk(v, `${path}.${k}`);
          }
          if (node.items !== undefined) walk(node.items as JsonSchema, `${path}[]`);
        };
        walk(openApiSchema(resource), "");
      });
    });
  }
});

void describe("issuer schema", () => {
  for (const { title, object } of PEER_MANIFESTS) {
    void it(`should admit the peer manifest: ${title}`, () => {
      const resource =
        object.kind === "AWSPCAIssuer" ? AWSPCAIssuerResource : AWSPCAClusterIssuerResource;
      assert.deepEqual(
        [...Value.Errors(resource.schema, object)].map((e) => e.path),
        [],
      );
      assert.deepEqual(unknownFields(openApiSchema(resource), object), []);
    });
  }

  void it("should admit a missing and a malformed arn, for the controller to report", () => {
    for (const spec of [{}, { arn: "not-an-arn" }]) {
      assert.equal(Value.Check(AWSPCAIssuerSchema(), { spec }), true);
    }
  });

  void it("should admit an unknown default template name, for the controller to report", () => {
    const spec = { pcaTemplate: { defaultTemplateName: "NoSuchTemplate/V1" } };
    assert.equal(Value.Check(AWSPCAIssuerSchema(), { spec }), true);
  });

  void it("should reject a malformed region, role, duration or allowed template", () => {
    const bad = [
      { region: "Mars" },
      { role: "arn:aws:iam::123456789012:user/x" },
      { defaultDuration: "3 days" },
      { notBeforeOffset: "-30s" },
      { allowedTemplates: ["no version"] },
      { externalId: "x" },
    ];
    for (const spec of bad) {
      assert.equal(Value.Check(AWSPCAIssuerSchema(), { spec }), false, JSON.stringify(spec));
    }
  });

  void it("should accept a status with the resolved CA and caller identity", () => {
    const status = {
      observedGeneration: 3,
      callerIdentityArn: "arn:aws:sts::123456789012:assumed-role/pca/session",
      ca: {
        arn: "arn:x",
        status: "ACTIVE",
        notAfter: "2035-01-01T00:00:00Z",
        usageMode: "GENERAL_PURPOSE",
      },
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "Verified",
          message: "",
          lastTransitionTime: "2026-01-01T00:00:00Z",
        },
      ],
    };
    assert.deepEqual(
      [...Value.Errors(AWSPCAIssuerSchema(), { status })].map((e) => e.path),
      [],
    );
  });
});

function AWSPCAIssuerSchema() {
  return AWSPCAIssuerResource.schema;
}
