import { GetCertificateCommand, IssueCertificateCommand } from "@aws-sdk/client-acm-pca";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { opensslVerify, pcaClient, pemBlocks, quickCsr, untilIssued } from "./test-kit.ts";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

interface Started {
  proc: ChildProcess;
  lines: Record<string, string>;
}

/** Starts the CLI and collects its five `key: value` lines (bounded by a timeout). */
async function startCli(args: string[]): Promise<Started> {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const lines: Record<string, string> = {};
  const rl = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
  for await (const line of rl) {
    const m = /^([a-z-]+): (.+)$/.exec(line);
    assert.ok(m, `unexpected line ${line}`);
    lines[m[1]!] = m[2]!;
    if (Object.keys(lines).length === 5) break;
  }
  clearTimeout(timer);
  return { proc, lines };
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.proc.once("exit", r));
  s.proc.kill("SIGTERM");
  await exited;
}

describe("emulator CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "emu-cli-"));
  const stateFile = join(dir, "state.json");
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("should print the endpoint and ready CA ARNs, and keep them across restarts with a state file", async () => {
    const first = await startCli([
      "--port",
      "0",
      "--state-file",
      stateFile,
      "--issue-delay-ms",
      "0",
    ]);
    try {
      const { endpoint, "root-ca-arn": root, "issuing-ca-arn": issuing } = first.lines;
      assert.match(endpoint ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(root ?? "", /:certificate-authority\//);
      const pca = pcaClient(endpoint!, {
        accessKeyId: first.lines["access-key-id"]!,
        secretAccessKey: first.lines["secret-access-key"]!,
      });
      const { CertificateArn } = await pca.send(
        new IssueCertificateCommand({
          CertificateAuthorityArn: issuing,
          Csr: Buffer.from(quickCsr()),
          SigningAlgorithm: "SHA256WITHECDSA",
          Validity: { Type: "DAYS", Value: 1 },
        }),
      );
      const out = await untilIssued(() =>
        pca.send(new GetCertificateCommand({ CertificateAuthorityArn: issuing, CertificateArn })),
      );
      assert.match(opensslVerify(out.Certificate!, pemBlocks(out.CertificateChain!)), /OK/);
      pca.destroy();
    } finally {
      await stop(first);
    }

    const second = await startCli([
      "--port",
      "0",
      "--state-file",
      stateFile,
      "--access-key",
      "AKIACUSTOM0000000001",
      "--secret-key",
      "s3cret",
    ]);
    try {
      assert.equal(second.lines["root-ca-arn"], first.lines["root-ca-arn"]);
      assert.equal(second.lines["issuing-ca-arn"], first.lines["issuing-ca-arn"]);
      assert.equal(second.lines["access-key-id"], "AKIACUSTOM0000000001");
    } finally {
      await stop(second);
    }
  });
});
