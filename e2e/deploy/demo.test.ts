import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, it } from "node:test";

const run = promisify(execFile);
const DEMO = path.resolve(import.meta.dirname, "..", "demo", "demo.ts");

describe("make demo (the README's main job)", () => {
  it("should sign and verify every sample certificate when run as a new user runs it", async () => {
    // The demo starts its own control plane, the emulator and the operator as a separate
    // process under the least-privilege ServiceAccount from config/rbac.
    const { stdout } = await run(process.execPath, [DEMO], { timeout: 150_000 });
    const verified = stdout.match(/verified {3}OK \(chain of 3/g) ?? [];
    assert.equal(verified.length, 3, stdout);
    assert.doesNotMatch(stdout, /FAILED/);
    assert.match(stdout, /as ServiceAccount cert-manager\/awspca-issuer/);
    for (const name of ["web", "mtls", "client"]) assert.match(stdout, new RegExp(`demo/${name} `));
  });
});
