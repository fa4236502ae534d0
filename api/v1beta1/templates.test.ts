import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { TEMPLATE_NAMES, TEMPLATE_NAME_PATTERN, isTemplateName } from "./templates.ts";

void describe("TEMPLATE_NAMES", () => {
  void it("should hold the 61 documented V1 templates without duplicates", () => {
    assert.equal(TEMPLATE_NAMES.length, 61);
    assert.equal(new Set(TEMPLATE_NAMES).size, 61);
  });

  void it("should include the templates of the default usage mapping", () => {
    for (const name of [
      "SubordinateCACertificate_PathLen0/V1",
      "CodeSigningCertificate/V1",
      "EndEntityClientAuthCertificate/V1",
      "EndEntityServerAuthCertificate/V1",
      "OCSPSigningCertificate/V1",
      "EndEntityCertificate/V1",
      "BlankEndEntityCertificate_APICSRPassthrough/V1",
    ]) {
      assert.ok(isTemplateName(name), name);
    }
  });

  void it("should all match the pattern the CRD admits for allowedTemplates", () => {
    const pattern = new RegExp(TEMPLATE_NAME_PATTERN);
    for (const name of TEMPLATE_NAMES) assert.match(name, pattern);
  });

  void it("should compare names exactly", () => {
    assert.equal(isTemplateName("endentitycertificate/v1"), false);
    assert.equal(isTemplateName("EndEntityCertificate"), false);
  });
});
