import {
  DescribeCertificateAuthorityCommand,
  GetCertificateCommand,
  IssueCertificateCommand,
  ListCertificateAuthoritiesCommand,
  type ACMPCAClient,
} from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "./index.ts";
import { pcaClient, quickCsr, untilIssued } from "./test-kit.ts";

interface Exchange {
  request: { headers: Record<string, string>; body: unknown };
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Handle = (
  req: Exchange["request"],
  opts?: unknown,
) => Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>;

/** Wraps the client's request handler to record the signed request and raw response. */
function capture(client: ACMPCAClient, mutate?: (req: Exchange["request"]) => void): Exchange[] {
  const seen: Exchange[] = [];
  const handler = client.config.requestHandler as unknown as { handle: Handle };
  const original = handler.handle.bind(handler);
  handler.handle = async (req, opts) => {
    mutate?.(req);
    const out = await original(req, opts);
    const chunks: Buffer[] = [];
    for await (const c of out.response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    const body = Buffer.concat(chunks);
    out.response.body = Readable.from([body]);
    seen.push({
      request: req,
      status: out.response.statusCode,
      headers: out.response.headers,
      body: body.toString("utf8"),
    });
    return out;
  };
  return seen;
}

describe("awsJson1_1 wire format", () => {
  let emu: Emulator;
  let ca: string;

  before(async () => {
    emu = await startEmulator({ throttling: false, settings: { issueDelayMs: 0 } });
    ca = await emu.createSubordinateCa(await emu.createRootCa(), "EC_prime256v1");
  });
  after(() => emu.stop());

  it("should send base64 blobs in and answer PEM strings, epoch-second numbers and AWS headers", async () => {
    const pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
    const seen = capture(pca);
    const { CertificateArn } = await pca.send(
      new IssueCertificateCommand({
        CertificateAuthorityArn: ca,
        Csr: Buffer.from(quickCsr()),
        SigningAlgorithm: "SHA256WITHECDSA",
        Validity: { Type: "DAYS", Value: 1 },
      }),
    );
    const issueReq = JSON.parse(String(seen[0]?.request.body)) as { Csr: string };
    assert.equal(Buffer.from(issueReq.Csr, "base64").toString(), quickCsr());
    assert.equal(seen[0]?.request.headers["x-amz-target"], "ACMPrivateCA.IssueCertificate");

    await untilIssued(() =>
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: ca, CertificateArn })),
    );
    const get = seen.at(-1)!;
    assert.equal(get.status, 200);
    assert.equal(get.headers["content-type"], "application/x-amz-json-1.1");
    assert.match(get.headers["x-amzn-requestid"] ?? "", /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(get.headers.date ?? "")));
    const body = JSON.parse(get.body) as { Certificate: string; CertificateChain: string };
    assert.match(
      body.Certificate,
      /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/,
    );
    assert.ok(
      body.CertificateChain.includes("-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----"),
    );

    const out = await pca.send(
      new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: ca }),
    );
    assert.ok(out.$metadata.requestId);
    const raw = JSON.parse(seen.at(-1)?.body ?? "{}") as {
      CertificateAuthority: Record<string, unknown>;
    };
    for (const k of ["CreatedAt", "LastStateChangeAt", "NotBefore", "NotAfter"]) {
      assert.equal(typeof raw.CertificateAuthority[k], "number", k);
    }
    pca.destroy();
  });

  it("should answer errors as {__type, message} with status 400 and a request id", async () => {
    const pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
    const seen = capture(pca);
    await assert.rejects(
      pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: `${ca}0` })),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, "ResourceNotFoundException");
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      },
    );
    const e = seen.at(-1);
    assert.deepEqual(Object.keys(JSON.parse(e?.body ?? "{}") as object), ["__type", "message"]);
    assert.ok(e?.headers["x-amzn-requestid"]);
    pca.destroy();
  });

  it("should list every violation for missing members", async () => {
    const pca = pcaClient(emu.endpoint, emu.defaultAccessKey);
    await assert.rejects(
      pca.send(new IssueCertificateCommand({ CertificateAuthorityArn: ca } as never)),
      {
        name: "ValidationException",
        message:
          "3 validation errors detected: Value null at 'csr' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'validity' failed to satisfy constraint: Member must not be null",
      },
    );
    await assert.rejects(pca.send(new ListCertificateAuthoritiesCommand({ MaxResults: 0 })), {
      name: "ValidationException",
    });
    pca.destroy();
  });
});

describe("SigV4 checks", () => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator({ throttling: false });
  });
  after(() => emu.stop());

  const list = async (pca: ACMPCAClient) => {
    try {
      return await pca.send(new ListCertificateAuthoritiesCommand({}));
    } finally {
      pca.destroy();
    }
  };

  it("should accept a registered key and count calls under it", async () => {
    const key = emu.addAccessKey({ userName: "alice" });
    await list(pcaClient(emu.endpoint, key));
    assert.equal(emu.counters.countByAccessKey(key.accessKeyId, "ListCertificateAuthorities"), 1);
  });

  it("should answer UnrecognizedClientException for an unknown access key", async () => {
    await assert.rejects(
      list(pcaClient(emu.endpoint, { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" })),
      {
        name: "UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
      },
    );
    assert.equal(emu.counters.countByAccessKey("AKIAUNKNOWN000000000"), 1);
  });

  it("should answer InvalidSignatureException for a wrong secret or a tampered body", async () => {
    const key = emu.defaultAccessKey;
    await assert.rejects(
      list(pcaClient(emu.endpoint, { accessKeyId: key.accessKeyId, secretAccessKey: "wrong" })),
      {
        name: "InvalidSignatureException",
      },
    );
    const pca = pcaClient(emu.endpoint, key);
    capture(pca, (req) => {
      req.body = "[]"; // same length as "{}", so only the signature can tell
    });
    await assert.rejects(list(pca), { name: "InvalidSignatureException" });
  });

  it("should require the right session token for temporary credentials", async () => {
    const session = emu.identities.issueSession(
      { roleArn: "arn:aws:iam::123456789012:role/r" },
      "s",
      Date.now() + 60_000,
    );
    const creds = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    await list(pcaClient(emu.endpoint, { ...creds, sessionToken: session.sessionToken ?? "" }));
    await assert.rejects(list(pcaClient(emu.endpoint, creds)), {
      name: "UnrecognizedClientException",
    });
    await assert.rejects(list(pcaClient(emu.endpoint, { ...creds, sessionToken: "forged" })), {
      name: "UnrecognizedClientException",
    });
    const expired = emu.identities.issueSession(
      { roleArn: "arn:aws:iam::123456789012:role/r" },
      "s",
      Date.now() - 1,
    );
    await assert.rejects(
      list(
        pcaClient(emu.endpoint, {
          accessKeyId: expired.accessKeyId,
          secretAccessKey: expired.secretAccessKey,
          sessionToken: expired.sessionToken ?? "",
        }),
      ),
      { name: "ExpiredTokenException" },
    );
  });

  it("should answer MissingAuthenticationTokenException to an unsigned request with AWS headers", async () => {
    const res = await fetch(emu.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "ACMPrivateCA.ListCertificateAuthorities",
      },
      body: "{}",
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/x-amz-json-1.1");
    assert.ok(res.headers.get("x-amzn-requestid"));
    assert.deepEqual(await res.json(), {
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });
});
