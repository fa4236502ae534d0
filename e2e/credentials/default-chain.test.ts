import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { KubeConfig } from "@kubernetes/client-node";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  createServiceAccount,
  createTestNamespace,
  mintToken,
  sharedControlPlane,
} from "../harness/index.ts";
import { ACCOUNT, REGION, Transcript } from "./kit.ts";

const CHILD = join(import.meta.dirname, "default-chain-child.ts");
const IRSA_ROLE = `arn:aws:iam::${ACCOUNT}:role/irsa-env`;
const POD_ROLE = `arn:aws:iam::${ACCOUNT}:role/pod-identity`;

interface ChildResult {
  readonly ok: boolean;
  readonly mode?: string;
  readonly arn?: string;
  readonly accessKeyId?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly logs: string[];
}

describe("credentials from the SDK default chain, configured only by environment", () => {
  let emu: Emulator;
  let kc: KubeConfig;
  let ns: string;
  let dir: string;
  const transcript = new Transcript();

  /**
   * Runs the child with exactly `env` (plus an empty HOME, so no ~/.aws files, and instance
   * metadata off, so nothing waits on 169.254.169.254), and records all its output.
   */
  const runChild = async (
    env: Record<string, string>,
    spec: object = { region: REGION },
  ): Promise<ChildResult> => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [CHILD, JSON.stringify(spec)],
      {
        env: { HOME: dir, AWS_EC2_METADATA_DISABLED: "true", AWS_REGION: REGION, ...env },
        timeout: 60_000,
      },
    );
    transcript.text(stdout);
    transcript.text(stderr);
    return JSON.parse(stdout) as ChildResult;
  };

  before(async () => {
    emu = await startEmulator({ throttling: false });
    transcript.secret(emu.defaultAccessKey.secretAccessKey);
    dir = mkdtempSync(join(tmpdir(), "creds-env-"));
  });

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await emu.stop();
  });

  it("should sign with the environment's keys when AWS_ACCESS_KEY_ID is set", async () => {
    const key = emu.addAccessKey({ userName: "from-env" });
    transcript.secret(key.secretAccessKey);
    const result = await runChild({
      AWS_ACCESS_KEY_ID: key.accessKeyId,
      AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
      AWS_ENDPOINT_URL_STS: emu.endpoint,
    });

    assert.equal(result.ok, true, result.message);
    assert.equal(result.mode, "DefaultChain");
    assert.equal(result.arn, `arn:aws:iam::${ACCOUNT}:user/from-env`);
    assert.equal(emu.counters.countByAccessKey(key.accessKeyId, "sts:GetCallerIdentity"), 1);
  });

  it("should assume the web-identity role when AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are set", async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    ns = await createTestNamespace(kc, "creds-env");
    await createServiceAccount(kc, { namespace: ns, name: "operator" });
    emu.addOidcProvider({
      issuer: plane.info.serviceAccountIssuer,
      publicKeysPem: [plane.info.serviceAccountPublicKeyPem],
    });
    emu.addRole({ roleArn: IRSA_ROLE, trustedIssuers: [plane.info.serviceAccountIssuer] });
    const token = await mintToken(kc, {
      namespace: ns,
      serviceAccount: "operator",
      audiences: ["sts.amazonaws.com"],
      expirationSeconds: 3600,
    });
    transcript.secret(token);
    const tokenFile = join(dir, "irsa-token");
    writeFileSync(tokenFile, token);

    const result = await runChild({
      AWS_ROLE_ARN: IRSA_ROLE,
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_SESSION_NAME: "env-irsa",
      AWS_ENDPOINT_URL_STS: emu.endpoint,
    });

    assert.equal(result.ok, true, result.message);
    assert.equal(result.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/irsa-env/env-irsa`);
    const sub = `system:serviceaccount:${ns}:operator`;
    assert.equal(emu.counters.snapshot().webIdentitySubjects[sub], 1);
    assert.equal(emu.counters.countByAccessKey(result.accessKeyId!, "sts:GetCallerIdentity"), 1);
  });

  it("should use the container credentials endpoint when EKS Pod Identity variables are set", async () => {
    emu.addRole({ roleArn: POD_ROLE });
    const sts = new STSClient({
      region: REGION,
      endpoint: emu.endpoint,
      credentials: emu.defaultAccessKey,
    });
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: POD_ROLE, RoleSessionName: "eks-pod" }),
    );
    sts.destroy();
    const c = out.Credentials!;
    transcript.secret(c.SecretAccessKey, c.SessionToken);

    const podToken = "pod-identity-token-0123456789";
    transcript.secret(podToken);
    writeFileSync(join(dir, "pod-token"), podToken);
    const agent = await podIdentityAgent(podToken, {
      AccessKeyId: c.AccessKeyId,
      SecretAccessKey: c.SecretAccessKey,
      Token: c.SessionToken,
      Expiration: c.Expiration?.toISOString(),
    });
    try {
      const result = await runChild({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${agent.url}/v1/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(dir, "pod-token"),
        AWS_ENDPOINT_URL_STS: emu.endpoint,
      });
      assert.equal(result.ok, true, result.message);
      assert.equal(result.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/pod-identity/eks-pod`);
      assert.ok(agent.authorizedHits() >= 1);
    } finally {
      agent.server.close();
    }
  });

  it("should report NoCredentials when the environment offers no source", async () => {
    const result = await runChild({ AWS_ENDPOINT_URL_STS: emu.endpoint });
    assert.equal(result.ok, false);
    assert.equal(result.reason, "NoCredentials");
    assert.match(result.message ?? "", /^no aws credentials for awspcaclusterissuer from-env: /);
  });

  it("should never log or report a secret value when any of these scenarios ran", () => {
    const { lines, secrets } = transcript.assertNoSecrets();
    assert.ok(lines >= 8 && secrets >= 6, `${lines} lines, ${secrets} secrets`);
  });
});

/** A stand-in for the EKS Pod Identity agent: serves credentials to the right token only. */
async function podIdentityAgent(
  token: string,
  body: object,
): Promise<{ server: Server; url: string; authorizedHits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== token) {
      res.writeHead(401).end();
      return;
    }
    hits++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, authorizedHits: () => hits };
}
