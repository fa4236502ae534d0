import { ListCertificateAuthoritiesCommand } from "@aws-sdk/client-acm-pca";
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
} from "@aws-sdk/client-sts";
import { fromTemporaryCredentials, fromTokenFile } from "@aws-sdk/credential-providers";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import { jwtKeys, pcaClient, signJwt, stsClient } from "./test-kit.ts";

const ROLE = "arn:aws:iam::123456789012:role/issuer";
const IRSA_ROLE = "arn:aws:iam::123456789012:role/irsa";
const ISSUER = "https://kubernetes.default.svc.cluster.local";
const SUB = "system:serviceaccount:aws-privateca-issuer:controller";

describe("STS", () => {
  let emu: Emulator;
  let dir: string;
  const keys = jwtKeys();
  const jwksKeys = jwtKeys();
  const now = () => Math.floor(Date.now() / 1000);
  const token = (claims: Record<string, unknown> = {}, signer = keys.privateKeyPem, kid?: string) =>
    signJwt(
      signer,
      {
        iss: ISSUER,
        sub: SUB,
        aud: ["sts.amazonaws.com"],
        iat: now(),
        nbf: now() - 5,
        exp: now() + 600,
        ...claims,
      },
      kid,
    );

  before(async () => {
    emu = await startEmulator({ throttling: false });
    emu.addRole({ roleArn: ROLE, externalId: "ext-123" });
    emu.addRole({
      roleArn: IRSA_ROLE,
      trustedIssuers: [ISSUER],
      allowedSubjects: [SUB, "system:serviceaccount:other:sa"],
    });
    emu.addOidcProvider({ issuer: ISSUER, publicKeysPem: [keys.publicKeyPem] });
    emu.addOidcProvider({ issuer: "https://jwks.example", jwks: { keys: [jwksKeys.jwk] } });
    emu.addRole({
      roleArn: "arn:aws:iam::123456789012:role/jwks",
      trustedIssuers: ["https://jwks.example"],
    });
    dir = mkdtempSync(join(tmpdir(), "emu-sts-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await emu.stop();
  });

  it("should answer GetCallerIdentity for the signing user", async () => {
    const sts = stsClient(emu.endpoint, emu.defaultAccessKey);
    const id = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Arn, "arn:aws:iam::123456789012:user/emulator-user");
    assert.equal(id.Account, "123456789012");
    sts.destroy();
  });

  it("should reject unknown keys and bad signatures with STS's errors", async () => {
    const unknown = stsClient(emu.endpoint, {
      accessKeyId: "AKIANOPE000000000000",
      secretAccessKey: "x",
    });
    await assert.rejects(unknown.send(new GetCallerIdentityCommand({})), {
      name: "InvalidClientTokenId",
      message: "The security token included in the request is invalid.",
    });
    const bad = stsClient(emu.endpoint, {
      accessKeyId: emu.defaultAccessKey.accessKeyId,
      secretAccessKey: "wrong",
    });
    await assert.rejects(bad.send(new GetCallerIdentityCommand({})), {
      name: "SignatureDoesNotMatch",
    });
    unknown.destroy();
    bad.destroy();
  });

  it("should check the ExternalId on AssumeRole and return session credentials the PCA side accepts", async () => {
    const sts = stsClient(emu.endpoint, emu.defaultAccessKey);
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s1", ExternalId: "wrong" }),
      ),
      { name: "AccessDenied" },
    );
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s1" })),
      { name: "AccessDenied" },
    );
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `${ROLE}-missing`,
          RoleSessionName: "s1",
          ExternalId: "ext-123",
        }),
      ),
      { name: "AccessDenied" },
    );
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s", ExternalId: "ext-123" }),
      ),
      {
        name: "ValidationError",
        message:
          /at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2/,
      },
    );
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: ROLE,
        RoleSessionName: "s1",
        ExternalId: "ext-123",
        DurationSeconds: 900,
      }),
    );
    const c = out.Credentials!;
    assert.match(c.AccessKeyId ?? "", /^ASIA[A-Z2-7]{16}$/);
    assert.ok(c.SessionToken);
    assert.ok(
      c.Expiration instanceof Date &&
        Math.abs(c.Expiration.getTime() - (Date.now() + 900_000)) < 5000,
    );
    assert.equal(out.AssumedRoleUser?.Arn, "arn:aws:sts::123456789012:assumed-role/issuer/s1");

    const creds = {
      accessKeyId: c.AccessKeyId ?? "",
      secretAccessKey: c.SecretAccessKey ?? "",
      sessionToken: c.SessionToken,
    };
    const pca = pcaClient(emu.endpoint, creds);
    await pca.send(new ListCertificateAuthoritiesCommand({}));
    pca.destroy();
    assert.equal(emu.counters.countByAccessKey(creds.accessKeyId, "ListCertificateAuthorities"), 1);
    const who = stsClient(emu.endpoint, creds);
    assert.equal(
      (await who.send(new GetCallerIdentityCommand({}))).Arn,
      "arn:aws:sts::123456789012:assumed-role/issuer/s1",
    );
    who.destroy();
    sts.destroy();
  });

  it("should serve fromTemporaryCredentials pointed at the emulator", async () => {
    const before = emu.counters.snapshot().roleAssumptions[ROLE] ?? 0;
    const provider = fromTemporaryCredentials({
      params: { RoleArn: ROLE, ExternalId: "ext-123", RoleSessionName: "provider" },
      masterCredentials: emu.defaultAccessKey,
      clientConfig: { endpoint: emu.endpoint, region: "us-east-1" },
    });
    const pca = pcaClient(emu.endpoint, emu.defaultAccessKey, { credentials: provider });
    await pca.send(new ListCertificateAuthoritiesCommand({}));
    pca.destroy();
    assert.equal(emu.counters.snapshot().roleAssumptions[ROLE], before + 1);
  });

  it("should serve IRSA through fromTokenFile and record the subject", async () => {
    const file = join(dir, "token");
    writeFileSync(file, token());
    const provider = fromTokenFile({
      webIdentityTokenFile: file,
      roleArn: IRSA_ROLE,
      roleSessionName: "irsa",
      clientConfig: { endpoint: emu.endpoint, region: "us-east-1" },
    });
    const creds = await provider();
    assert.match(creds.accessKeyId, /^ASIA/);
    const pca = pcaClient(emu.endpoint, emu.defaultAccessKey, { credentials: provider });
    await pca.send(new ListCertificateAuthoritiesCommand({}));
    pca.destroy();
    const snap = emu.counters.snapshot();
    assert.ok((snap.webIdentitySubjects[SUB] ?? 0) >= 1);
    assert.ok((snap.roleAssumptions[IRSA_ROLE] ?? 0) >= 1);
  });

  it("should report the token's subject, audience and provider", async () => {
    const sts = stsClient(emu.endpoint);
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: IRSA_ROLE,
        RoleSessionName: "x1",
        WebIdentityToken: token(),
      }),
    );
    assert.equal(out.SubjectFromWebIdentityToken, SUB);
    assert.equal(out.Audience, "sts.amazonaws.com");
    assert.equal(out.Provider, ISSUER);
    const jwks = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: "arn:aws:iam::123456789012:role/jwks",
        RoleSessionName: "x2",
        WebIdentityToken: token(
          { iss: "https://jwks.example" },
          jwksKeys.privateKeyPem,
          "test-key",
        ),
      }),
    );
    assert.match(jwks.Credentials?.AccessKeyId ?? "", /^ASIA/);
    sts.destroy();
  });

  const rejected: [string, () => string, string][] = [
    ["a wrong audience", () => token({ aud: "kubernetes" }), "InvalidIdentityTokenException"],
    ["an expired token", () => token({ exp: now() - 10 }), "ExpiredTokenException"],
    ["a token not yet valid", () => token({ nbf: now() + 600 }), "InvalidIdentityTokenException"],
    [
      "a foreign signature",
      () => token({}, jwtKeys().privateKeyPem),
      "InvalidIdentityTokenException",
    ],
    [
      "an unknown issuer",
      () => token({ iss: "https://evil.example" }),
      "InvalidIdentityTokenException",
    ],
    [
      "a subject the role does not trust",
      () => token({ sub: "system:serviceaccount:x:y" }),
      "AccessDenied",
    ],
    ["garbage", () => "not.a.jwt", "InvalidIdentityTokenException"],
  ];
  for (const [what, make, name] of rejected) {
    it(`should answer ${name} for ${what}`, async () => {
      const sts = stsClient(emu.endpoint);
      await assert.rejects(
        sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: IRSA_ROLE,
            RoleSessionName: "bad",
            WebIdentityToken: make(),
          }),
        ),
        { name },
      );
      sts.destroy();
    });
  }

  it("should expire sessions after the forced duration", async () => {
    emu.settings.sessionDurationSeconds = 1;
    try {
      const sts = stsClient(emu.endpoint);
      const out = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: IRSA_ROLE,
          RoleSessionName: "short",
          WebIdentityToken: token(),
        }),
      );
      sts.destroy();
      const c = out.Credentials!;
      const pca = pcaClient(emu.endpoint, {
        accessKeyId: c.AccessKeyId ?? "",
        secretAccessKey: c.SecretAccessKey ?? "",
        sessionToken: c.SessionToken!,
      });
      await pca.send(new ListCertificateAuthoritiesCommand({}));
      await new Promise((r) => setTimeout(r, 1100));
      await assert.rejects(pca.send(new ListCertificateAuthoritiesCommand({})), {
        name: "ExpiredTokenException",
      });
      pca.destroy();
    } finally {
      emu.settings.sessionDurationSeconds = undefined;
    }
  });

  it("should write STS XML in the STS namespace, errors included", async () => {
    const post = (body: string) =>
      fetch(emu.endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const ok = await post(
      new URLSearchParams({
        Action: "AssumeRoleWithWebIdentity",
        Version: "2011-06-15",
        RoleArn: IRSA_ROLE,
        RoleSessionName: "raw",
        WebIdentityToken: token(),
      }).toString(),
    );
    const xml = await ok.text();
    assert.equal(ok.status, 200);
    assert.match(
      xml,
      /^<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><AssumeRoleWithWebIdentityResult>/,
    );
    assert.match(xml, /<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>/);
    const bad = await post("Action=GetCallerIdentity&Version=2011-06-15");
    assert.equal(bad.status, 403);
    assert.match(
      await bad.text(),
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>.+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });
});
