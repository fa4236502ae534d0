import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { PermanentError } from "./errors.ts";
import { signingRequestFrom } from "./signing-request.ts";

const PEM = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";

function cr(
  overrides: Partial<CertificateRequest["metadata"]> = {},
  request = PEM,
): CertificateRequest {
  return {
    metadata: { namespace: "ns", name: "web", uid: "u-1", annotations: { a: "b" }, ...overrides },
    spec: {
      request: Buffer.from(request).toString("base64"),
      issuerRef: { name: "pca", kind: "AWSPCAIssuer", group: "awspca.cert-manager.io" },
      isCA: false,
      usages: ["server auth"],
      duration: "1h",
    },
  };
}

describe("signingRequestFrom", () => {
  it("should decode the base64 CSR and copy the fields when the request is well formed", () => {
    const out = signingRequestFrom(cr());
    assert.deepEqual(out, {
      uid: "u-1",
      name: "ns/web",
      csrPem: PEM,
      isCA: false,
      usages: ["server auth"],
      duration: "1h",
      annotations: { a: "b" },
    });
  });

  it("should fail permanently when the request has no uid", () => {
    assert.throws(() => signingRequestFrom(cr({ uid: "" })), PermanentError);
  });

  it("should fail permanently when spec.request holds no PEM", () => {
    assert.throws(
      () => signingRequestFrom(cr({}, "garbage")),
      (err: unknown) => err instanceof PermanentError && err.message.includes("ns/web"),
    );
  });
});
