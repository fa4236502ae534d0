import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { Value } from "@sinclair/typebox/value";
import { parse } from "yaml";

import {
  CertificateRequestConditionTypes,
  CertificateRequestReasons,
  CertificateRequestResource,
  KEY_USAGES,
} from "./v1.ts";

/** cert-manager's CRD (v1.19), kept in the repository as test data. */
const CRD_PATH = join(
  import.meta.dirname,
  "..",
  "..",
  "e2e",
  "fixtures",
  "crds",
  "cert-manager",
  "cert-manager.io_certificaterequests.yaml",
);

interface CrdShape {
  spec: {
    group: string;
    names: { plural: string; kind: string };
    versions: {
      name: string;
      schema: {
        openAPIV3Schema: {
          properties: {
            spec: { required: string[]; properties: { usages: { items: { enum: string[] } } } };
          };
        };
      };
    }[];
  };
}

void describe("CertificateRequestResource", () => {
  void it("should address cert-manager.io/v1 certificaterequests", () => {
    assert.equal(CertificateRequestResource.apiVersion, "cert-manager.io/v1");
    assert.equal(CertificateRequestResource.plural, "certificaterequests");
    assert.equal(CertificateRequestResource.namespaced, true);
  });

  void it("should agree with cert-manager's CRD on names, usages and required fields", (t) => {
    if (!existsSync(CRD_PATH)) {
      t.skip("e2e/fixtures/crds/cert-manager is missing");
      return;
    }
    const crd = parse(readFileSync(CRD_PATH, "utf8")) as CrdShape;
    const version = crd.spec.versions[0]!;
    const spec = version.schema.openAPIV3Schema.properties.spec;
    assert.equal(crd.spec.group, CertificateRequestResource.group);
    assert.equal(version.name, CertificateRequestResource.version);
    assert.equal(crd.spec.names.plural, CertificateRequestResource.plural);
    assert.deepEqual([...KEY_USAGES], spec.properties.usages.items.enum);
    assert.deepEqual([...spec.required].sort(), ["issuerRef", "request"]);
  });

  void it("should check a CertificateRequest as cert-manager writes one", () => {
    const cr = {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateRequest",
      metadata: { name: "web-1", namespace: "team-a" },
      spec: {
        request: "LS0tLS1CRUdJTi...",
        issuerRef: { name: "pca", kind: "AWSPCAIssuer", group: "awspca.cert-manager.io" },
        usages: ["digital signature", "key encipherment", "server auth"],
        duration: "2160h0m0s",
        extra: { scopes: ["a"] },
      },
      status: {
        conditions: [
          { type: CertificateRequestConditionTypes.Approved, status: "True", reason: "Approved" },
          {
            type: CertificateRequestConditionTypes.Ready,
            status: "False",
            reason: CertificateRequestReasons.Pending,
          },
        ],
      },
    };
    assert.deepEqual(
      [...Value.Errors(CertificateRequestResource.schema, cr)].map((e) => e.path),
      [],
    );
    const bad = { ...cr, spec: { ...cr.spec, usages: ["server-auth"] } };
    assert.equal(Value.Check(CertificateRequestResource.schema, bad), false);
  });
});
