/**
 * Runs in a child process with a controlled environment: resolves a cluster issuer without a
 * Secret through the SDK default chain (no explicit options, no STS endpoint) and prints one
 * JSON line with the outcome and every log line. Used by default-chain.test.ts so environment
 * variables never leak between tests.
 *
 * argv[2]: JSON `{ "region": string, "role"?: { "arn": string } }`.
 * @internal
 */
import { inspect } from "node:util";

import { CredentialsManager, findCredentialsError } from "../../operator/credentials/index.ts";
import type { CredentialsSpec } from "../../operator/credentials/index.ts";

const input = JSON.parse(process.argv[2] ?? "{}") as CredentialsSpec;
const logs: string[] = [];
const log =
  (level: string) =>
  (fields: object, msg: string): void => {
    logs.push(JSON.stringify({ level, ...fields, msg }));
  };

const manager = new CredentialsManager({
  readSecret: () => Promise.resolve(undefined),
  logger: { debug: log("debug"), info: log("info"), warn: log("warn") },
});

try {
  const issuer = { kind: "AWSPCAClusterIssuer", name: "from-env", uid: "uid-env" } as const;
  const resolved = await manager.resolve(issuer, input);
  const identity = await manager.callerIdentity(resolved);
  const creds = await resolved.provider();
  process.stdout.write(
    JSON.stringify({
      ok: true,
      mode: resolved.mode,
      arn: identity.arn,
      accessKeyId: creds.accessKeyId,
      logs,
    }) + "\n",
  );
} catch (err) {
  process.stdout.write(
    JSON.stringify({
      ok: false,
      reason: findCredentialsError(err)?.reason,
      message: err instanceof Error ? err.message : String(err),
      inspected: inspect(err, { depth: 8 }),
      logs,
    }) + "\n",
  );
}
