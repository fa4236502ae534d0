import type { KubeConfig } from "@kubernetes/client-node";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  createServiceAccount,
  createTestNamespace,
  mintToken,
  sharedControlPlane,
} from "../harness/index.ts";
import { CredentialsManager, nodeDefaultChain } from "../../operator/credentials/index.ts";
import type { IssuerRef } from "../../operator/credentials/index.ts";
import { ACCOUNT, REGION, Transcript } from "./kit.ts";

const IRSA_ROLE = `arn:aws:iam::${ACCOUNT}:role/irsa`;
const CHAINED_ROLE = `arn:aws:iam::${ACCOUNT}:role/pca-chained`;
const ISSUER: IssuerRef = { kind: "AWSPCAClusterIssuer", name: "irsa", uid: "uid-irsa" };

describe("credentials from IRSA web identity (real service-account tokens, emulator STS)", () => {
  let emu: Emulator;
  let kc: KubeConfig;
  let ns: string;
  let dir: string;
  let tokenFile: string;
  const transcript = new Transcript();
  const subject = (sa: string): string => `system:serviceaccount:${ns}:${sa}`;

  /** Mints a token for `sa` as the kubelet would and writes it where IRSA reads it. */
  const projectToken = async (sa: string): Promise<void> => {
    const token = await mintToken(kc, {
      namespace: ns,
      serviceAccount: sa,
      audiences: ["sts.amazonaws.com"],
      expirationSeconds: 3600,
    });
    transcript.secret(token);
    writeFileSync(tokenFile, token);
  };

  const manager = (): CredentialsManager =>
    new CredentialsManager({
      readSecret: () => Promise.resolve(undefined),
      stsEndpoint: emu.endpoint,
      logger: transcript.logger,
      defaultChain: nodeDefaultChain({
        webIdentity: {
          roleArn: IRSA_ROLE,
          webIdentityTokenFile: tokenFile,
          roleSessionName: "operator-pod",
        },
      }),
    });

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    ns = await createTestNamespace(kc, "creds-irsa");
    await createServiceAccount(kc, { namespace: ns, name: "issuer" });
    await createServiceAccount(kc, { namespace: ns, name: "issuer-next" });

    emu = await startEmulator({ throttling: false });
    transcript.secret(emu.defaultAccessKey.secretAccessKey);
    emu.addOidcProvider({
      issuer: plane.info.serviceAccountIssuer,
      publicKeysPem: [plane.info.serviceAccountPublicKeyPem],
    });
    emu.addRole({
      roleArn: IRSA_ROLE,
      trustedIssuers: [plane.info.serviceAccountIssuer],
      allowedSubjects: [subject("issuer"), subject("issuer-next")],
    });
    emu.addRole({ roleArn: CHAINED_ROLE });

    dir = mkdtempSync(join(tmpdir(), "creds-irsa-"));
    tokenFile = join(dir, "token");
  });

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await emu.stop();
  });

  it("should act as the web-identity role when the token file holds a service-account token", async () => {
    await projectToken("issuer");
    const m = manager();
    const resolved = await m.resolve(ISSUER, { region: REGION });
    const id = await m.callerIdentity(resolved);
    const session = await resolved.provider();
    transcript.secret(session.secretAccessKey, session.sessionToken);

    assert.equal(resolved.mode, "DefaultChain");
    assert.equal(id.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/irsa/operator-pod`);
    assert.equal(emu.counters.snapshot().webIdentitySubjects[subject("issuer")], 1);
    assert.equal(emu.counters.countByAccessKey(session.accessKeyId, "sts:GetCallerIdentity"), 1);
  });

  it("should read the rotated token file when the session is refreshed", async () => {
    emu.settings.sessionDurationSeconds = 1;
    try {
      await projectToken("issuer");
      const m = manager();
      const resolved = await m.resolve(ISSUER, { region: REGION });
      const before = emu.counters.snapshot().webIdentitySubjects;

      await projectToken("issuer-next");
      await sleep(1100); // let the 1 s session expire, so the SDK's cache must refresh
      const id = await m.callerIdentity(resolved);
      const after = emu.counters.snapshot().webIdentitySubjects;

      assert.equal(id.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/irsa/operator-pod`);
      assert.equal(before[subject("issuer-next")], undefined);
      assert.equal(after[subject("issuer-next")], 1);
    } finally {
      emu.settings.sessionDurationSeconds = undefined;
    }
  });

  it("should chain spec.role on top of the web-identity session when a role is set", async () => {
    await projectToken("issuer");
    const m = manager();
    const resolved = await m.resolve(ISSUER, { region: REGION, role: { arn: CHAINED_ROLE } });
    const id = await m.callerIdentity(resolved);
    const session = await resolved.provider();
    transcript.secret(session.secretAccessKey, session.sessionToken);

    assert.equal(resolved.mode, "DefaultChainWithRole");
    assert.equal(
      id.arn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/pca-chained/awspca-clusterissuer-irsa`,
    );
    assert.equal(emu.counters.snapshot().roleAssumptions[CHAINED_ROLE], 1);
  });

  it("should never log or report a token or secret value when any of these scenarios ran", () => {
    const { lines, secrets } = transcript.assertNoSecrets();
    assert.ok(lines >= 3 && secrets >= 6, `${lines} lines, ${secrets} secrets`);
  });
});
