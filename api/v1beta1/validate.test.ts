import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { formatFieldErrors } from "./field-error.ts";
import type { FieldError } from "./field-error.ts";
import type { IssuerSpec } from "./spec.ts";
import { validateIssuerSpec } from "./validate.ts";
import type { IssuerConfig, IssuerScope } from "./validate.ts";

const ARN =
  "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0f1e2d3c-1111-4222-8333-444455556666";
const ROLE = "arn:aws:iam::123456789012:role/pca/issuer";
const TEAM_A: IssuerScope = { kind: "Namespaced", namespace: "team-a" };
const CLUSTER: IssuerScope = { kind: "Cluster", clusterResourceNamespace: "pca-system" };

function config(spec: Omit<IssuerSpec, "arn">, scope = TEAM_A): IssuerConfig {
  const r = validateIssuerSpec({ arn: ARN, ...spec }, scope);
  if (!r.ok) assert.fail(formatFieldErrors(r.errors));
  return r.config;
}

function errors(spec: IssuerSpec | undefined, scope = TEAM_A): readonly FieldError[] {
  const r = validateIssuerSpec(spec, scope);
  if (r.ok) assert.fail("expected the spec to be rejected");
  return r.errors;
}

/** The single error a spec with a valid ARN yields. */
function onlyError(spec: Omit<IssuerSpec, "arn">, scope = TEAM_A): FieldError {
  const found = errors({ arn: ARN, ...spec }, scope);
  assert.equal(found.length, 1, formatFieldErrors(found));
  return found[0]!;
}

void describe("validateIssuerSpec", () => {
  void describe("arn and region", () => {
    void it("should reject a missing spec or arn with a message naming spec.arn", () => {
      for (const spec of [undefined, {}, { arn: "" }]) {
        const [e] = errors(spec);
        assert.equal(e!.field, "spec.arn");
        assert.match(e!.message, /^spec\.arn is required/);
      }
    });

    void it("should reject a malformed arn with the parser's message", () => {
      const [e] = errors({ arn: "<some-pca-arn>" });
      assert.match(e!.message, /^spec\.arn "<some-pca-arn>" is not an ARN/);
    });

    void it("should take the region from the arn when spec.region is absent or empty", () => {
      assert.equal(config({}).region, "eu-west-1");
      assert.equal(config({ region: "" }).region, "eu-west-1");
    });

    void it("should accept a region equal to the arn's", () => {
      assert.equal(config({ region: "eu-west-1" }).region, "eu-west-1");
    });

    void it("should reject a region that is not a region code", () => {
      const e = onlyError({ region: "Europe" });
      assert.equal(e.field, "spec.region");
      assert.match(e.message, /^spec\.region "Europe" is not a region code/);
    });

    void it("should reject a region other than the arn's, naming both", () => {
      const e = onlyError({ region: "us-east-1" });
      assert.match(
        e.message,
        /^spec\.region "us-east-1" differs from region "eu-west-1" in spec\.arn/,
      );
    });
  });

  void describe("role and externalId", () => {
    void it("should resolve a role with and without an external id", () => {
      assert.deepEqual(config({ role: ROLE }).role, { arn: ROLE });
      assert.deepEqual(config({ role: ROLE, externalId: "tenant-42" }).role, {
        arn: ROLE,
        externalId: "tenant-42",
      });
    });

    void it("should treat an empty role as no role", () => {
      assert.equal(config({ role: "" }).role, undefined);
    });

    void it("should reject a role that is not an IAM role ARN", () => {
      const e = onlyError({ role: "arn:aws:iam::123456789012:user/bob" });
      assert.equal(e.field, "spec.role");
      assert.match(e.message, /^spec\.role ".*" is not an IAM role ARN/);
    });

    void it("should reject a role in another partition than the CA", () => {
      const e = onlyError({ role: "arn:aws-cn:iam::123456789012:role/x" });
      assert.match(e.message, /^spec\.role ".*" is in another partition than spec\.arn \("aws"\)/);
    });

    void it("should reject an external id without a role", () => {
      const e = onlyError({ externalId: "tenant-42" });
      assert.equal(e.field, "spec.externalId");
      assert.match(e.message, /^spec\.externalId is set but spec\.role is empty/);
    });

    void it("should reject an external id with characters STS refuses", () => {
      for (const externalId of ["has space", "x", "x".repeat(1225)]) {
        const e = onlyError({ role: ROLE, externalId });
        assert.match(e.message, /^spec\.externalId must be 2 to 1224 characters/);
      }
      assert.equal(
        config({ role: ROLE, externalId: "x".repeat(1224) }).role?.externalId?.length,
        1224,
      );
    });
  });

  void describe("secretRef", () => {
    void it("should mean the default chain when secretRef is absent, empty or only a namespace", () => {
      for (const secretRef of [undefined, {}, { namespace: "team-a" }, { name: "" }]) {
        assert.equal(config({ secretRef }).secret, undefined);
      }
    });

    void it("should default the keys and the namespace of a namespaced issuer", () => {
      assert.deepEqual(config({ secretRef: { name: "aws" } }).secret, {
        name: "aws",
        namespace: "team-a",
        accessKeyIdKey: "AWS_ACCESS_KEY_ID",
        secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY",
      });
    });

    void it("should use custom keys, a session token key, and treat empty keys as defaults", () => {
      const secret = config({
        secretRef: {
          name: "aws",
          namespace: "team-a",
          accessKeyIDSelector: { key: "id" },
          secretAccessKeySelector: { key: "" },
          sessionTokenSelector: { key: "token" },
        },
      }).secret;
      assert.deepEqual(secret, {
        name: "aws",
        namespace: "team-a",
        accessKeyIdKey: "id",
        secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY",
        sessionTokenKey: "token",
      });
    });

    void it("should reject a key selector without a Secret name", () => {
      const e = onlyError({ secretRef: { accessKeyIDSelector: { key: "id" } } });
      assert.equal(e.field, "spec.secretRef.name");
      assert.match(e.message, /^spec\.secretRef\.name is required when a key selector is set/);
    });

    void it("should reject a namespaced issuer reading another namespace", () => {
      const e = onlyError({ secretRef: { name: "aws", namespace: "kube-system" } });
      assert.equal(e.field, "spec.secretRef.namespace");
      assert.match(
        e.message,
        /^spec\.secretRef\.namespace "kube-system" differs from the issuer's namespace "team-a"/,
      );
    });

    void it("should let a cluster issuer read any namespace and default to its own", () => {
      const named = config({ secretRef: { name: "aws", namespace: "kube-system" } }, CLUSTER);
      assert.equal(named.secret?.namespace, "kube-system");
      assert.equal(config({ secretRef: { name: "aws" } }, CLUSTER).secret?.namespace, "pca-system");
    });

    void it("should reject a key Kubernetes would not allow in a Secret", () => {
      const e = onlyError({ secretRef: { name: "aws", secretAccessKeySelector: { key: "a/b" } } });
      assert.equal(e.field, "spec.secretRef.secretAccessKeySelector.key");
      assert.match(e.message, /"a\/b" is not a valid Secret key/);
      const long = onlyError({
        secretRef: { name: "aws", accessKeyIDSelector: { key: "k".repeat(254) } },
      });
      assert.equal(long.field, "spec.secretRef.accessKeyIDSelector.key");
    });

    void it("should reject an invalid session token key", () => {
      const e = onlyError({ secretRef: { name: "aws", sessionTokenSelector: { key: "a b" } } });
      assert.equal(e.field, "spec.secretRef.sessionTokenSelector.key");
    });

    void it("should reject a session token selector without a key", () => {
      const e = onlyError({ secretRef: { name: "aws", sessionTokenSelector: { key: "" } } });
      assert.match(e.message, /^spec\.secretRef\.sessionTokenSelector\.key is required/);
    });

    void it("should reject the same key for two credentials", () => {
      const same = onlyError({
        secretRef: { name: "aws", secretAccessKeySelector: { key: "AWS_ACCESS_KEY_ID" } },
      });
      assert.match(
        same.message,
        /secretAccessKeySelector\.key "AWS_ACCESS_KEY_ID" is also the access/,
      );
      const token = onlyError({
        secretRef: { name: "aws", sessionTokenSelector: { key: "AWS_SECRET_ACCESS_KEY" } },
      });
      assert.match(token.message, /sessionTokenSelector\.key "AWS_SECRET_ACCESS_KEY" is also used/);
    });
  });

  void describe("templates", () => {
    void it("should accept a documented default template and allowed templates", () => {
      const c = config({
        pcaTemplate: { defaultTemplateName: "EndEntityServerAuthCertificate/V1" },
        allowedTemplates: ["CodeSigningCertificate/V1", "EndEntityCertificate_APIPassthrough/V1"],
      });
      assert.equal(c.defaultTemplateName, "EndEntityServerAuthCertificate/V1");
      assert.deepEqual(c.allowedTemplates, [
        "CodeSigningCertificate/V1",
        "EndEntityCertificate_APIPassthrough/V1",
      ]);
    });

    void it("should treat an empty default template name as none", () => {
      const c = config({ pcaTemplate: { defaultTemplateName: "" } });
      assert.equal(c.defaultTemplateName, undefined);
      assert.deepEqual(c.allowedTemplates, []);
    });

    void it("should reject an unknown default template, suggesting the intended one", () => {
      const e = onlyError({ pcaTemplate: { defaultTemplateName: "EndEntityCertificate" } });
      assert.equal(e.field, "spec.pcaTemplate.defaultTemplateName");
      assert.match(
        e.message,
        /is not an AWS Private CA template .*did you mean "EndEntityCertificate\/V1"\?$/,
      );
      const plain = onlyError({ pcaTemplate: { defaultTemplateName: "Nonsense/V9" } });
      assert.doesNotMatch(plain.message, /did you mean/);
    });

    void it("should reject a template ARN where a name is expected", () => {
      const e = onlyError({
        pcaTemplate: {
          defaultTemplateName: "arn:aws:acm-pca:::template/CodeSigningCertificate/V1",
        },
      });
      assert.match(
        e.message,
        /is a template ARN; give the template name only; did you mean "CodeSigningCertificate\/V1"\?/,
      );
    });

    void it("should name the index of an unknown allowed template", () => {
      const e = onlyError({ allowedTemplates: ["EndEntityCertificate/V1", "Made/V1"] });
      assert.equal(e.field, "spec.allowedTemplates[1]");
      assert.match(
        e.message,
        /^spec\.allowedTemplates\[1\] "Made\/V1" is not an AWS Private CA template/,
      );
    });
  });

  void describe("durations", () => {
    void it("should default to 90 days and honour defaultDuration", () => {
      assert.equal(config({}).defaultDurationMs, 90 * 24 * 3_600_000);
      assert.equal(config({ defaultDuration: "" }).defaultDurationMs, 90 * 24 * 3_600_000);
      assert.equal(config({ defaultDuration: "720h" }).defaultDurationMs, 720 * 3_600_000);
    });

    void it("should reject a malformed or zero defaultDuration", () => {
      assert.match(
        onlyError({ defaultDuration: "30d" }).message,
        /^spec\.defaultDuration "30d" is not a duration/,
      );
      assert.match(
        onlyError({ defaultDuration: "0s" }).message,
        /^spec\.defaultDuration "0s" must be greater than zero/,
      );
    });

    void it("should parse notBeforeOffset and reject a malformed one", () => {
      assert.equal(config({ notBeforeOffset: "30s" }).notBeforeOffsetMs, 30_000);
      assert.equal(config({}).notBeforeOffsetMs, undefined);
      assert.equal(onlyError({ notBeforeOffset: "soon" }).field, "spec.notBeforeOffset");
    });
  });

  void it("should report every problem at once, in field order, each starting with its field", () => {
    const found = errors(
      {
        arn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
        region: "nowhere",
        externalId: "x y",
        secretRef: { name: "aws", namespace: "other" },
        pcaTemplate: { defaultTemplateName: "Bad" },
        defaultDuration: "forever",
      },
      TEAM_A,
    );
    assert.deepEqual(
      found.map((e) => e.field),
      [
        "spec.arn",
        "spec.region",
        "spec.externalId",
        "spec.externalId",
        "spec.secretRef.namespace",
        "spec.pcaTemplate.defaultTemplateName",
        "spec.defaultDuration",
      ],
    );
    for (const e of found) {
      assert.ok(e.message.startsWith(e.field), e.message);
      assert.doesNotMatch(e.message, /\.$/);
    }
    assert.equal(formatFieldErrors(found).split("; spec.").length, found.length);
  });
});
