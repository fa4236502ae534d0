import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { KeyUsage } from "../../api/certmanager/v1.ts";
import type { TemplateName } from "../../api/v1beta1/templates.ts";
import { PermanentError } from "./errors.ts";
import {
  PATH_LENGTH_ANNOTATION,
  TEMPLATE_ANNOTATION,
  selectTemplate,
  templateArn,
  templateForUsages,
} from "./templates.ts";

const issuer = { partition: "aws", allowedTemplates: [] as TemplateName[] };

describe("templateForUsages", () => {
  const table: [string, readonly KeyUsage[] | undefined, TemplateName][] = [
    ["code-signing", ["code signing"], "CodeSigningCertificate/V1"],
    ["client-auth", ["client auth"], "EndEntityClientAuthCertificate/V1"],
    ["server-auth", ["server auth"], "EndEntityServerAuthCertificate/V1"],
    ["ocsp-signing", ["ocsp signing"], "OCSPSigningCertificate/V1"],
    ["client-and-server", ["client auth", "server auth"], "EndEntityCertificate/V1"],
    ["server-and-client", ["server auth", "client auth"], "EndEntityCertificate/V1"],
    ["duplicates", ["server auth", "server auth"], "EndEntityServerAuthCertificate/V1"],
    ["none", undefined, "BlankEndEntityCertificate_APICSRPassthrough/V1"],
    ["empty", [], "BlankEndEntityCertificate_APICSRPassthrough/V1"],
    [
      "server-plus-key-usages",
      ["digital signature", "key encipherment", "server auth"],
      "BlankEndEntityCertificate_APICSRPassthrough/V1",
    ],
    ["email", ["email protection"], "BlankEndEntityCertificate_APICSRPassthrough/V1"],
  ];
  for (const [slug, usages, expected] of table) {
    it(`should pick ${expected} when usages are ${slug}`, () => {
      assert.equal(templateForUsages(usages), expected);
    });
  }
});

describe("selectTemplate", () => {
  it("should build the ARN in the CA's partition when the CA is in aws-us-gov", () => {
    const choice = selectTemplate(
      { ...issuer, partition: "aws-us-gov" },
      { usages: ["server auth"] },
    );
    assert.equal(choice.arn, "arn:aws-us-gov:acm-pca:::template/EndEntityServerAuthCertificate/V1");
    assert.equal(choice.source, "usages");
  });

  it("should use the issuer default over usages and isCA when the issuer sets one", () => {
    const choice = selectTemplate(
      { ...issuer, defaultTemplateName: "EndEntityCertificate/V1" },
      { isCA: true, usages: ["code signing"] },
    );
    assert.equal(choice.name, "EndEntityCertificate/V1");
    assert.equal(choice.source, "issuer-default");
  });

  it("should pick path length 0 when isCA has no annotation", () => {
    const choice = selectTemplate(issuer, { isCA: true, usages: ["server auth"] });
    assert.equal(choice.name, "SubordinateCACertificate_PathLen0/V1");
    assert.equal(choice.source, "is-ca");
  });

  it("should pick the annotated path length when the issuer allows that template", () => {
    const choice = selectTemplate(
      { ...issuer, allowedTemplates: ["SubordinateCACertificate_PathLen2/V1"] },
      { isCA: true, annotations: { [PATH_LENGTH_ANNOTATION]: "2" } },
    );
    assert.equal(choice.name, "SubordinateCACertificate_PathLen2/V1");
  });

  it("should fail permanently when a path length above 0 is not allowed", () => {
    assert.throws(
      () => selectTemplate(issuer, { isCA: true, annotations: { [PATH_LENGTH_ANNOTATION]: "1" } }),
      (err: unknown) => err instanceof PermanentError && err.message.includes("PathLen1/V1"),
    );
  });

  for (const bad of ["4", "-1", "x", "01", ""]) {
    it(`should fail permanently when the path length is ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () =>
          selectTemplate(issuer, { isCA: true, annotations: { [PATH_LENGTH_ANNOTATION]: bad } }),
        PermanentError,
      );
    });
  }

  it("should honour the template annotation when the issuer allows it", () => {
    const choice = selectTemplate(
      {
        ...issuer,
        defaultTemplateName: "EndEntityCertificate/V1",
        allowedTemplates: ["CodeSigningCertificate/V1"],
      },
      {
        usages: ["server auth"],
        annotations: { [TEMPLATE_ANNOTATION]: "CodeSigningCertificate/V1" },
      },
    );
    assert.equal(choice.name, "CodeSigningCertificate/V1");
    assert.equal(choice.source, "annotation");
  });

  it("should fail permanently when the annotated template is not allowed", () => {
    assert.throws(
      () =>
        selectTemplate(issuer, {
          annotations: { [TEMPLATE_ANNOTATION]: "CodeSigningCertificate/V1" },
        }),
      (err: unknown) => err instanceof PermanentError && err.message.includes("allowedTemplates"),
    );
  });

  it("should fail permanently when the annotated template is unknown", () => {
    assert.throws(
      () =>
        selectTemplate(
          { ...issuer, allowedTemplates: ["CodeSigningCertificate/V1"] },
          { annotations: { [TEMPLATE_ANNOTATION]: "NoSuch/V1" } },
        ),
      /not an AWS Private CA template/,
    );
  });

  it("should ignore an empty template annotation when present", () => {
    const choice = selectTemplate(issuer, {
      usages: ["client auth"],
      annotations: { [TEMPLATE_ANNOTATION]: "" },
    });
    assert.equal(choice.name, "EndEntityClientAuthCertificate/V1");
  });

  it("should format template ARNs with an empty region and account when asked", () => {
    assert.equal(
      templateArn("aws-cn", "EndEntityCertificate/V1"),
      "arn:aws-cn:acm-pca:::template/EndEntityCertificate/V1",
    );
  });
});
