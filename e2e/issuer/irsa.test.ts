import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CoreV1Api } from "@kubernetes/client-node";

import { nodeDefaultChain } from "../../operator/credentials/index.ts";
import { createTestNamespace, mintToken } from "../harness/index.ts";
import {
  ACCOUNT,
  assertNoSecretLeaks,
  createIssuer,
  eventually,
  startIssuerEnv,
  waitForReady,
} from "./kit.ts";
import type { IssuerEnv } from "./kit.ts";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/irsa-issuer`;
const SESSION = "irsa-session";

void describe("issuer controllers: IRSA web identity from a projected token file", () => {
  let env: IssuerEnv;
  let saNs: string;
  const dir = mkdtempSync(join(tmpdir(), "irsa-"));
  const tokenFile = join(dir, "token");
  const subject = (sa: string) => `system:serviceaccount:${saNs}:${sa}`;

  /** Writes the token as the kubelet does: a new file renamed over the old one. */
  const project = async (sa: string): Promise<string> => {
    const token = await mintToken(env.kc, {
      namespace: saNs,
      serviceAccount: sa,
      audiences: ["sts.amazonaws.com"],
    });
    writeFileSync(`${tokenFile}.new`, token);
    renameSync(`${tokenFile}.new`, tokenFile);
    env.secrets.add(token);
    return token;
  };

  before(async () => {
    env = await startIssuerEnv({
      // A 2-second STS session: every check must go back to the token file.
      settings: { sessionDurationSeconds: 2 },
      credentials: {
        defaultChain: nodeDefaultChain({
          webIdentity: { roleArn: ROLE, webIdentityTokenFile: tokenFile, roleSessionName: SESSION },
        }),
      },
    });
    saNs = await createTestNamespace(env.kc, "irsa");
    const core = env.kc.makeApiClient(CoreV1Api);
    for (const name of ["workload-a", "workload-b"]) {
      await core.createNamespacedServiceAccount({ namespace: saNs, body: { metadata: { name } } });
    }
    env.emu.addOidcProvider({
      issuer: env.info.serviceAccountIssuer,
      publicKeysPem: [env.info.serviceAccountPublicKeyPem],
    });
    env.emu.addRole({
      roleArn: ROLE,
      trustedIssuers: [env.info.serviceAccountIssuer],
      allowedSubjects: [subject("workload-a"), subject("workload-b")],
    });
  });

  after(async () => {
    await env.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  void it("should be Ready as the web-identity role and use a rotated token's subject after refresh", async () => {
    await project("workload-a");
    await createIssuer(env, "AWSPCAIssuer", "irsa", { arn: env.caArn });
    const issuer = await waitForReady(env, "AWSPCAIssuer", "irsa", { status: "True" });
    assert.equal(
      issuer.status?.callerIdentityArn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/irsa-issuer/${SESSION}`,
    );
    const subjects = () => env.emu.counters.snapshot().webIdentitySubjects;
    assert.ok((subjects()[subject("workload-a")] ?? 0) >= 1, JSON.stringify(subjects()));

    await project("workload-b");
    await eventually("the rotated token's subject to reach STS", () => {
      return (subjects()[subject("workload-b")] ?? 0) >= 1;
    });
    const aAfterRotation = subjects()[subject("workload-a")] ?? 0;
    // Two more re-checks (1 s apart) must all use the new token.
    const bBefore = subjects()[subject("workload-b")] ?? 0;
    await eventually(
      "two more refreshes",
      () => (subjects()[subject("workload-b")] ?? 0) >= bBefore + 2,
    );
    assert.equal(
      subjects()[subject("workload-a")] ?? 0,
      aAfterRotation,
      "old token not used again",
    );
    await waitForReady(env, "AWSPCAIssuer", "irsa", { status: "True" });
    assert.ok(env.emu.counters.count("DescribeCertificateAuthority", "ok") >= 3);
  });

  void it("should write no secret value (tokens included) into any log line, Event or status", async () => {
    await assertNoSecretLeaks(env, [env.ns, "default"]);
  });
});
