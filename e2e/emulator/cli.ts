/**
 * Standalone emulator: `node e2e/emulator/cli.ts [--port 0] [--state-file f]`. Bootstraps (or
 * reuses from the state file) a root CA and an ACTIVE issuing subordinate CA and prints, one per
 * line: `endpoint: …`, `root-ca-arn: …`, `issuing-ca-arn: …`, `access-key-id: …`,
 * `secret-access-key: …`. Runs until SIGINT/SIGTERM.
 */
import { Command } from "commander";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, startEmulator } from "./emulator.ts";
import { isSupportedKeyAlgorithm, type KeyAlgorithm } from "./keys.ts";

interface CliOptions {
  port: string;
  host: string;
  stateFile?: string;
  accessKey: string;
  secretKey: string;
  rootKeyAlgorithm: string;
  issuingKeyAlgorithm: string;
  issueDelayMs: string;
  throttling: boolean;
}

const ROOT_LABEL = "cli-root";
const ISSUING_LABEL = "cli-issuing";

function keyAlgorithm(v: string): KeyAlgorithm {
  if (!isSupportedKeyAlgorithm(v)) throw new Error(`unsupported key algorithm ${v}`);
  return v;
}

async function main(): Promise<void> {
  const program = new Command()
    .name("emulator")
    .description("AWS Private CA + STS emulator on loopback")
    .option("--port <n>", "port to listen on (0 = any free port)", "0")
    .option("--host <addr>", "interface to listen on", "127.0.0.1")
    .option("--state-file <path>", "JSON file keeping CAs across restarts")
    .option("--access-key <id>", "accepted access key id", DEFAULT_ACCESS_KEY_ID)
    .option("--secret-key <secret>", "secret of --access-key", DEFAULT_SECRET_ACCESS_KEY)
    .option("--root-key-algorithm <alg>", "root CA key algorithm", "EC_prime256v1")
    .option("--issuing-key-algorithm <alg>", "issuing CA key algorithm", "EC_prime256v1")
    .option("--issue-delay-ms <n>", "GetCertificate in-progress time after issue", "200")
    .option("--no-throttling", "switch the request-rate token buckets off")
    .parse();
  const opts = program.opts<CliOptions>();

  const emulator = await startEmulator({
    host: opts.host,
    port: Number(opts.port),
    ...(opts.stateFile === undefined ? {} : { stateFile: opts.stateFile }),
    accessKeys: [{ accessKeyId: opts.accessKey, secretAccessKey: opts.secretKey }],
    settings: { issueDelayMs: Number(opts.issueDelayMs) },
    throttling: opts.throttling,
  });
  const active = (label: string): string | undefined =>
    emulator.findCasByLabel(label).find((arn) => emulator.describeCa(arn).status === "ACTIVE");

  const root =
    active(ROOT_LABEL) ??
    (await emulator.createRootCa(keyAlgorithm(opts.rootKeyAlgorithm), { label: ROOT_LABEL }));
  const issuing =
    active(ISSUING_LABEL) ??
    (await emulator.createSubordinateCa(root, keyAlgorithm(opts.issuingKeyAlgorithm), {
      label: ISSUING_LABEL,
    }));

  process.stdout.write(
    [
      `endpoint: ${emulator.endpoint}`,
      `root-ca-arn: ${root}`,
      `issuing-ca-arn: ${issuing}`,
      `access-key-id: ${opts.accessKey}`,
      `secret-access-key: ${opts.secretKey}`,
      "",
    ].join("\n"),
  );
  const shutdown = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
