/**
 * `make demo`: the whole product on one machine. A local control plane, the AWS Private CA
 * emulator, the operator as its own process, sample issuers, and certificates requested
 * through cmctl exactly as cert-manager requests them; each result is verified and printed.
 */
import { spawn } from "node:child_process";
import { openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { CoreV1Api, KubernetesObjectApi } from "@kubernetes/client-node";
import type { KubeConfig, KubernetesObject } from "@kubernetes/client-node";
import { parse, parseAllDocuments } from "yaml";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { startEmulator } from "../emulator/index.ts";
import {
  Cmctl,
  freePort,
  installCrds,
  mintToken,
  renderTokenKubeconfig,
  startWithCrds,
  toolPath,
} from "../harness/index.ts";
import type { CertificateManifest } from "../harness/index.ts";
import { parseBundle, report } from "./verify.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SAMPLES = path.join(ROOT, "config", "samples");
const READY_TIMEOUT_MS = 60_000;
const out = (line = ""): boolean => process.stdout.write(`${line}\n`);

function sample(file: string, vars: Record<string, string>): KubernetesObject {
  const text = readFileSync(path.join(SAMPLES, file), "utf8").replace(
    /\$\{(\w+)\}/g,
    (_, k: string) => vars[k] ?? "",
  );
  return parse(text) as KubernetesObject;
}

function yamlDocs(file: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as KubernetesObject);
}

/**
 * Installs config/rbac as a deployment would and returns a kubeconfig for the operator's
 * ServiceAccount, so the demo also proves those rules are all the operator needs.
 */
async function operatorIdentity(kc: KubeConfig, dir: string): Promise<string> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  for (const file of ["service-account.yaml", "role.yaml", "leader-election.yaml"]) {
    for (const obj of yamlDocs(path.join(ROOT, "config", "rbac", file))) await objects.create(obj);
  }
  const serviceAccount = { namespace: "cert-manager", serviceAccount: "awspca-issuer" };
  const token = await mintToken(kc, {
    ...serviceAccount,
    audiences: [plane.info.serviceAccountIssuer],
  });
  const file = path.join(dir, "operator.kubeconfig");
  writeFileSync(file, renderTokenKubeconfig(plane.info.server, plane.info.caPem, token), {
    mode: 0o600,
  });
  return file;
}

async function createSecrets(kc: KubeConfig, keyId: string, secret: string): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: "demo" } } });
  for (const namespace of ["demo", "cert-manager"]) {
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: "aws-credentials" },
        stringData: { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: secret },
      },
    });
  }
}

async function startOperator(kubeconfig: string, endpoint: string, logFile: string) {
  const probePort = await freePort();
  const args = [
    path.join(ROOT, "operator", "main.ts"),
    `--kubeconfig=${kubeconfig}`,
    `--pca-endpoint=${endpoint}`,
    `--sts-endpoint=${endpoint}`,
    "--leader-elect",
    "--leader-election-namespace=cert-manager",
    "--metrics-bind-address=0",
    `--health-probe-bind-address=127.0.0.1:${probePort}`,
  ];
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, args, { stdio: ["ignore", log, log] });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`operator exited early; see ${logFile}`);
    const ok = await fetch(`http://127.0.0.1:${probePort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await sleep(200);
  }
  child.kill();
  throw new Error(`operator not ready in ${READY_TIMEOUT_MS} ms; see ${logFile}`);
}

async function waitIssued(kc: KubeConfig, name: string): Promise<CertificateRequest> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const ref = {
    apiVersion: "cert-manager.io/v1",
    kind: "CertificateRequest",
    metadata: { name, namespace: "demo" },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const cr = (await api.read(ref)) as unknown as CertificateRequest;
    const ready = cr.status?.conditions?.find((c) => c.type === "Ready");
    if (ready?.status === "True") return cr;
    if (ready?.reason === "Failed" || Date.now() > deadline) {
      throw new Error(
        `request ${name} not issued: ${ready?.reason ?? "no Ready condition"} ${ready?.message ?? ""}`,
      );
    }
    await sleep(200);
  }
}

const { values } = parseArgs({ options: { keep: { type: "boolean", default: false } } });
const started = Date.now();
out("starting the local control plane (kube-apiserver + etcd) ...");
const plane = await startWithCrds();
const kc = plane.kubeConfig();
const crdDir = path.join(ROOT, "config", "crd", "bases");
await installCrds(
  kc,
  readdirSync(crdDir).map((f) => path.join(crdDir, f)),
);
out(`  ${plane.info.server}  kubeconfig ${plane.info.kubeconfigPath}`);

out("starting the AWS Private CA emulator with a root CA and an issuing CA ...");
const emulator = await startEmulator();
const rootArn = await emulator.createRootCa("RSA_2048");
const issuingArn = await emulator.createSubordinateCa(rootArn, "EC_prime256v1");
out(`  ${emulator.endpoint}\n  root-ca-arn: ${rootArn}\n  issuing-ca-arn: ${issuingArn}`);

await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: "cert-manager" } } });
const { accessKeyId, secretAccessKey } = emulator.defaultAccessKey;
await createSecrets(kc, accessKeyId, secretAccessKey);
const operatorKubeconfig = await operatorIdentity(kc, plane.info.dir);
const logFile = path.join(plane.info.dir, "operator.log");
out(
  "starting the operator (node operator/main.ts) as ServiceAccount cert-manager/awspca-issuer ...",
);
const operator = await startOperator(operatorKubeconfig, emulator.endpoint, logFile);
out(`  ready; log ${logFile}`);

const objects = KubernetesObjectApi.makeApiClient(kc);
for (const file of ["awspcaissuer.yaml", "awspcaclusterissuer.yaml"]) {
  await objects.create(sample(file, { ISSUING_CA_ARN: issuingArn }));
  out(`applied config/samples/${file}`);
}

const cmctl = new Cmctl(plane.info.kubeconfigPath);
const certificates = readdirSync(SAMPLES)
  .filter((f) => f.startsWith("certificate-"))
  .sort();
for (const file of certificates) {
  const manifest = sample(file, {}) as unknown as CertificateManifest;
  await cmctl.createCertificateRequest("demo", manifest.metadata.name, manifest);
  await cmctl.approve("demo", manifest.metadata.name);
}
out(
  `cmctl created and approved ${certificates.length} CertificateRequests; waiting for signatures ...\n`,
);

let failures = 0;
for (const file of certificates) {
  const name = (sample(file, {}) as unknown as CertificateManifest).metadata.name;
  const cr = await waitIssued(kc, name);
  const chain = parseBundle(cr.status?.certificate);
  const r = report(chain, parseBundle(cr.status?.ca)[0]);
  if (!r.verification.startsWith("OK")) failures++;
  out(`CertificateRequest demo/${name} (${cr.spec.issuerRef.kind}/${cr.spec.issuerRef.name})`);
  out(`  subject    ${r.subject}`);
  out(`  SANs       ${r.sans}`);
  out(`  issuer     ${r.issuer}`);
  out(`  validity   ${r.notBefore} .. ${r.notAfter}`);
  out(`  usages     ${r.extendedKeyUsage}`);
  out(`  verified   ${r.verification}\n`);
}
out(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (values.keep) {
  out(`kept running (--keep); Ctrl-C to stop. Try:`);
  out(`  ${toolPath("kubectl")} --kubeconfig ${plane.info.kubeconfigPath} get awspcaissuers -A`);
  await new Promise((resolve) => process.once("SIGINT", resolve));
}
operator.kill("SIGTERM");
await new Promise((resolve) => operator.once("exit", resolve));
await emulator.stop();
await plane.stop();
process.exitCode = failures === 0 ? 0 : 1;
