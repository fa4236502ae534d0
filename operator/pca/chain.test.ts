import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { PermanentError } from "./errors.ts";
import { pemCertificates, splitChain } from "./chain.ts";

/** A PEM block whose body is `tag` repeated (not a real certificate: the split is textual). */
function block(tag: string, eol = "\n"): string {
  const body = Buffer.from(tag.repeat(60)).toString("base64");
  const lines = body.match(/.{1,64}/g) ?? [];
  return ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----"].join(eol);
}

const LEAF = block("leaf");
const SUB = block("sub");
const MID = block("mid");
const ROOT = block("root");
const norm = (pem: string): string => pem.replace(/\r/g, "") + "\n";

describe("pemCertificates", () => {
  it("should return each block with LF line ends when given CRLF text", () => {
    const text = [LEAF, ROOT].map((b) => b.replace(/\n/g, "\r\n")).join("\r\n") + "\r\n";
    assert.deepEqual(pemCertificates(text), [norm(LEAF), norm(ROOT)]);
  });

  it("should ignore text between blocks when blocks are separated by junk", () => {
    const text = `subject=CN=x\n${LEAF}\n\n  \nissuer=CN=y\n${ROOT}`;
    assert.deepEqual(pemCertificates(text), [norm(LEAF), norm(ROOT)]);
  });

  it("should find blocks when they are concatenated without newlines", () => {
    assert.deepEqual(pemCertificates(`${LEAF}${ROOT}`), [norm(LEAF), norm(ROOT)]);
  });

  it("should re-wrap a body at 64 columns when it arrives on one line", () => {
    const oneLine = LEAF.replace(/\n(?!-----END)/g, "").replace(
      "-----BEGIN CERTIFICATE-----",
      "-----BEGIN CERTIFICATE-----\n",
    );
    assert.deepEqual(pemCertificates(oneLine), [norm(LEAF)]);
  });

  it("should return nothing when the text holds no certificate", () => {
    assert.deepEqual(pemCertificates("garbage"), []);
    assert.deepEqual(pemCertificates("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----"), []);
  });
});

describe("splitChain", () => {
  it("should put leaf and intermediates in certificate and the root in ca when the chain is long", () => {
    const out = splitChain(LEAF, [SUB, MID, ROOT].join("\n"));
    assert.equal(out.certificatePem, [LEAF, SUB, MID].map(norm).join(""));
    assert.equal(out.chainPem, [SUB, MID].map(norm).join(""));
    assert.equal(out.caPem, norm(ROOT));
  });

  it("should return the leaf alone when a root issued it", () => {
    const out = splitChain(LEAF, ROOT);
    assert.equal(out.certificatePem, norm(LEAF));
    assert.equal(out.chainPem, "");
    assert.equal(out.caPem, norm(ROOT));
  });

  it("should split the same way when every part uses CRLF", () => {
    const crlf = (s: string): string => s.replace(/\n/g, "\r\n");
    const out = splitChain(crlf(LEAF) + "\r\n", crlf([SUB, ROOT].join("\n")) + "\r\n");
    assert.equal(out.certificatePem, norm(LEAF) + norm(SUB));
    assert.equal(out.caPem, norm(ROOT));
  });

  it("should fail permanently when the chain is empty", () => {
    assert.throws(() => splitChain(LEAF, ""), PermanentError);
  });

  it("should fail permanently when the certificate is empty", () => {
    assert.throws(() => splitChain("", ROOT), PermanentError);
  });
});
