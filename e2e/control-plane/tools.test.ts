import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { toolPath, toolsCacheDir } from "../harness/index.ts";

describe("tools cache", () => {
  it("should name the make target when a tool binary is missing", () => {
    const saved = process.env.AWSPCA_TOOLS_CACHE;
    process.env.AWSPCA_TOOLS_CACHE = mkdtempSync(path.join(tmpdir(), "awspca-empty-"));
    try {
      assert.throws(
        () => toolPath("kube-apiserver"),
        /kube-apiserver v1\.\d+\.\d+ is not built yet.*make tools/,
      );
      assert.throws(() => toolPath("peer"), /make peer/);
    } finally {
      if (saved === undefined) delete process.env.AWSPCA_TOOLS_CACHE;
      else process.env.AWSPCA_TOOLS_CACHE = saved;
    }
  });

  it("should find every control-plane binary under the version-keyed cache when built", () => {
    for (const tool of ["etcd", "kube-apiserver", "kubectl", "cmctl"] as const) {
      const file = toolPath(tool);
      assert.equal(path.dirname(file), toolsCacheDir());
      assert.match(path.basename(file), new RegExp(`^${tool}-v\\d+\\.\\d+\\.\\d+$`));
    }
  });
});
