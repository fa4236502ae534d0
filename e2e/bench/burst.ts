/**
 * Burst benchmark (a command, not a test): N approved CertificateRequests created at once
 * against a private control plane and the emulator with the real PCA quotas (25 Issue/s,
 * 75 Get/s) and an added PCA latency, signed by the whole operator in-process. Prints the
 * time to the last Ready, requests per second, IssueCertificate outcomes and resident memory.
 *
 *   node e2e/bench/burst.ts [--requests 1000] [--latency-ms 50] [--no-quota]
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import * as x509 from "@peculiar/x509";
import { CoreV1Api } from "@kubernetes/client-node";
import pino from "pino";
import { parseConfig } from "../../operator/config.ts";
import { CertificateRequestKind, IssuerKindDescriptor } from "../../operator/controllers/kinds.ts";
import { buildOperator } from "../../operator/operator.ts";
import { startEmulator } from "../emulator/index.ts";
import { installCrds, startWithCrds } from "../harness/index.ts";

x509.cryptoProvider.set(webcrypto);
const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000" },
    "latency-ms": { type: "string", default: "50" },
    "no-quota": { type: "boolean", default: false },
    /** Extra operator flags, e.g. --operator-flag=--disable-client-side-rate-limiting. */
    "operator-flag": { type: "string", multiple: true, default: [] },
  },
});
const N = Number(values.requests);
const NS = "bench";

async function csrs(count: number): Promise<string[]> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: `CN=burst-${i}.example.com`,
      keys,
      signingAlgorithm: alg,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: `burst-${i}.example.com` },
        ]),
      ],
    });
    out.push(Buffer.from(csr.toString("pem")).toString("base64"));
  }
  return out;
}

const plane = await startWithCrds();
const kc = plane.kubeConfig();
const crdDir = path.resolve(import.meta.dirname, "..", "..", "config", "crd", "bases");
await installCrds(
  kc,
  readdirSync(crdDir).map((f) => path.join(crdDir, f)),
);
const emulator = await startEmulator({ throttling: !values["no-quota"] });
emulator.faults.configure({ latencyMs: { "*": Number(values["latency-ms"]) } });
const root = await emulator.createRootCa("EC_prime256v1");
const issuing = await emulator.createSubordinateCa(root, "EC_prime256v1");
const core = kc.makeApiClient(CoreV1Api);
await core.createNamespace({ body: { metadata: { name: NS } } });
const { accessKeyId, secretAccessKey } = emulator.defaultAccessKey;
await core.createNamespacedSecret({
  namespace: NS,
  body: {
    metadata: { name: "aws" },
    stringData: { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey },
  },
});
const operator = buildOperator(
  parseConfig([
    `--pca-endpoint=${emulator.endpoint}`,
    `--sts-endpoint=${emulator.endpoint}`,
    "--metrics-bind-address=0",
    "--health-probe-bind-address=0",
    "--disable-approved-check",
    ...values["operator-flag"],
  ]),
  { kubeConfig: kc, logger: pino({ level: "warn" }), handleSignals: false },
);
const running = operator.start();
const issuers = operator.manager.client(IssuerKindDescriptor);
await issuers.create({
  metadata: { name: "pca", namespace: NS },
  spec: { arn: issuing, secretRef: { name: "aws" } },
});
while (operator.registry.get(`AWSPCAIssuer/${NS}/pca`)?.ready !== true) await sleep(100);

const requests = await csrs(N);
const client = operator.manager.client(CertificateRequestKind);
const rssBefore = process.memoryUsage().rss;
const started = Date.now();
await Promise.all(
  requests.map((request, i) =>
    client.create({
      metadata: { name: `burst-${i}`, namespace: NS },
      spec: {
        request,
        issuerRef: { group: "awspca.cert-manager.io", kind: "AWSPCAIssuer", name: "pca" },
      },
    }),
  ),
);
const created = Date.now();
let ready = 0;
let failed = 0;
let peakRss = 0;
// Listing every request is costly for the API server and this process, so poll once a second;
// the figure is therefore up to a second late.
while (ready + failed < N) {
  await sleep(1000);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (process.env.BENCH_TRACE === "1") {
    const c = emulator.counters.snapshot().calls;
    process.stderr.write(
      `t=${((Date.now() - started) / 1000).toFixed(0)}s issue=${JSON.stringify(c.IssueCertificate)} get=${JSON.stringify(c.GetCertificate)}\n`,
    );
  }
  const list = await client.list(NS);
  ready = list.items.filter((cr) =>
    cr.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
  ).length;
  failed = list.items.filter((cr) =>
    cr.status?.conditions?.some((c) => c.reason === "Failed"),
  ).length;
}
const seconds = (Date.now() - started) / 1000;
const calls = emulator.counters.snapshot().calls;
const out = (s: string): boolean => process.stdout.write(`${s}\n`);
out(`requests                 ${N} (created in ${((created - started) / 1000).toFixed(1)} s)`);
out(
  `PCA latency added        ${values["latency-ms"]} ms; quotas ${values["no-quota"] ? "off" : "25 Issue/s, 75 Get/s"}`,
);
out(
  `all done in              ${seconds.toFixed(1)} s (${(N / seconds).toFixed(1)} certificates/s)`,
);
out(`ready / failed           ${ready} / ${failed}`);
out(`IssueCertificate         ${JSON.stringify(calls.IssueCertificate ?? {})}`);
out(`GetCertificate           ${JSON.stringify(calls.GetCertificate ?? {})}`);
out(`ideal under the quota    ${(N / 25).toFixed(1)} s (ratio ${(seconds / (N / 25)).toFixed(2)})`);
out(
  `rss before / peak        ${(rssBefore / 2 ** 20).toFixed(0)} MiB / ${(peakRss / 2 ** 20).toFixed(0)} MiB (benchmark process, operator in-process)`,
);
await operator.stop();
await running;
await emulator.stop();
await plane.stop();
