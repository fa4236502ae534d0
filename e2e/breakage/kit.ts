/**
 * The breakage suite's environment: a private control plane (so an operator watching every
 * namespace never touches other suites' requests, and so it may be restarted), the PCA
 * emulator, and the whole operator (buildOperator) in-process with its log captured in memory.
 */
import "reflect-metadata";
import { readdirSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { webcrypto } from "node:crypto";
import { CoreV1Api, CustomObjectsApi, EventsV1Api } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import * as x509 from "@peculiar/x509";
import pino from "pino";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { buildOperator, REDACTED_PATHS } from "../../operator/operator.ts";
import type { Operator } from "../../operator/operator.ts";
import { parseConfig } from "../../operator/config.ts";
import { startEmulator } from "../emulator/index.ts";
import {
  isTerminal,
  pemCertificates,
  pollUntil,
  readyOf,
} from "../support/certificate-requests.ts";
import type { Emulator, EmulatorOptions } from "../emulator/index.ts";
import {
  certManagerCrdFiles,
  ControlPlane,
  createTestNamespace,
  installCrds,
  isStatus,
} from "../harness/index.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const PCA_GROUP = "awspca.cert-manager.io";
const CM = { group: "cert-manager.io", version: "v1", plural: "certificaterequests" } as const;
const LABEL = "e2e.awspca.cert-manager.io/breakage";

/** A recognisable secret: it must never show up in logs, events or status. */
export const SECRET_ACCESS_KEY = "BREAKAGE-SECRET-do-not-log-0123456789abcdefXYZ";
export const ACCESS_KEY_ID = "AKIABREAKAGE00000001";

/** Starts a private control plane with cert-manager's and our CRDs. */
export async function startPlane(): Promise<ControlPlane> {
  const plane = await ControlPlane.start();
  const crdDir = path.join(ROOT, "config", "crd", "bases");
  await installCrds(plane.kubeConfig(), [
    ...certManagerCrdFiles(),
    ...readdirSync(crdDir).map((f) => path.join(crdDir, f)),
  ]);
  return plane;
}

/** Log lines of an in-process operator, kept in memory. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      for (const l of chunk.toString().split("\n")) if (l !== "") this.lines.push(l);
      done();
    },
  });
  text(): string {
    return this.lines.join("\n");
  }
}

/** A running in-process operator. */
export interface RunningOperator {
  readonly operator: Operator;
  readonly running: Promise<void>;
  readonly logs: LogCapture;
  settled(): boolean;
  stop(): Promise<void>;
}

/** Starts the whole operator against `kc` and the emulator at `endpoint`. */
export function runOperator(
  kc: KubeConfig,
  endpoint: string,
  namespace: string,
  extraFlags: readonly string[] = [],
): RunningOperator {
  const logs = new LogCapture();
  const config = parseConfig([
    `--pca-endpoint=${endpoint}`,
    `--sts-endpoint=${endpoint}`,
    "--metrics-bind-address=0",
    "--health-probe-bind-address=0",
    `--cluster-resource-namespace=${namespace}`,
    "--log-level=debug",
    ...extraFlags,
  ]);
  // The same logger main.ts builds, redaction included, but writing to memory.
  const logger = pino(
    { level: "debug", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
    logs.stream,
  );
  const operator = buildOperator(config, {
    kubeConfig: kc,
    logger,
    handleSignals: false,
    issuerLabelSelector: `${LABEL}=${namespace}`,
  });
  let settled = false;
  const running = operator.start().finally(() => {
    settled = true;
  });
  running.catch(() => undefined);
  return {
    operator,
    running,
    logs,
    settled: () => settled,
    async stop() {
      await operator.stop();
      await running.catch(() => undefined);
    },
  };
}

/** Everything one test file uses. */
export interface BreakEnv {
  readonly plane: ControlPlane;
  readonly kc: KubeConfig;
  emulator: Emulator;
  readonly rootArn: string;
  readonly issuingArn: string;
  readonly namespace: string;
  readonly issuer: string;
  op: RunningOperator;
  stop(): Promise<void>;
}

/** Options of {@link startBreakEnv}. */
export interface BreakEnvOptions {
  readonly flags?: readonly string[];
  readonly emulator?: EmulatorOptions;
  readonly plane?: ControlPlane;
}

/** Private plane, emulator with a CA pair, a Secret, a Ready AWSPCAIssuer and the operator. */
export async function startBreakEnv(options: BreakEnvOptions = {}): Promise<BreakEnv> {
  const plane = options.plane ?? (await startPlane());
  const kc = plane.kubeConfig();
  const emulator = await startEmulator({
    ...options.emulator,
    accessKeys: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }],
  });
  const rootArn = await emulator.createRootCa("EC_prime256v1");
  const issuingArn = await emulator.createSubordinateCa(rootArn, "EC_prime256v1", { pathLen: 1 });
  const namespace = await createTestNamespace(kc, "break");
  await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: {
      metadata: { name: "aws-credentials" },
      stringData: { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY },
    },
  });
  const issuer = "pca";
  await createIssuer(kc, namespace, issuer, { arn: issuingArn });
  const env: BreakEnv = {
    plane,
    kc,
    emulator,
    rootArn,
    issuingArn,
    namespace,
    issuer,
    op: runOperator(kc, emulator.endpoint, namespace, options.flags),
    async stop() {
      await env.op.stop();
      await env.emulator.stop(); // the current one: a test may have replaced it
      if (options.plane === undefined) await plane.stop();
    },
  };
  await waitIssuerReady(env, issuer);
  return env;
}

/** Creates a labelled AWSPCAIssuer with the Secret `aws-credentials`. */
export async function createIssuer(
  kc: KubeConfig,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): Promise<void> {
  await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group: PCA_GROUP,
    version: "v1beta1",
    namespace,
    plural: "awspcaissuers",
    body: {
      apiVersion: `${PCA_GROUP}/v1beta1`,
      kind: "AWSPCAIssuer",
      metadata: { name, namespace, labels: { [LABEL]: namespace } },
      spec: { secretRef: { name: "aws-credentials" }, ...spec },
    },
  });
}

interface Conditioned {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** The Ready condition of an issuer. */
export async function issuerReady(env: BreakEnv, name: string) {
  const obj = (await env.kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
    group: PCA_GROUP,
    version: "v1beta1",
    namespace: env.namespace,
    plural: "awspcaissuers",
    name,
  })) as Conditioned;
  return obj.status?.conditions?.find((c) => c.type === "Ready");
}

/** Waits until the issuer's Ready condition has `status`. */
export async function waitIssuerReady(
  env: BreakEnv,
  name: string,
  status = "True",
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await issuerReady(env, name).catch((e: unknown) => e);
    if ((last as { status?: string } | undefined)?.status === status) return;
    await sleep(100);
  }
  throw new Error(`issuer ${name} never Ready=${status}: ${JSON.stringify(last)}`);
}

/** A fresh P-256 CSR for `cn` and the SPKI (base64 DER) of its key. */
export async function makeCsr(cn: string): Promise<{ pem: string; spki: string }> {
  const keys = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}`,
    keys,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: cn }])],
  });
  const spki = Buffer.from(await webcrypto.subtle.exportKey("spki", keys.publicKey));
  return { pem: csr.toString("pem"), spki: spki.toString("base64") };
}

/** Options of {@link createRequest}. */
export interface RequestOptions {
  readonly request?: string;
  readonly spec?: Record<string, unknown>;
  readonly annotations?: Record<string, string>;
  readonly issuer?: string;
  readonly approve?: boolean;
}

/** Creates a CertificateRequest directly (raw spec) and approves it; returns its CSR key SPKI. */
export async function createRequest(
  env: BreakEnv,
  name: string,
  options: RequestOptions = {},
): Promise<{ spki: string; uid: string }> {
  let spki = "";
  let request = options.request;
  if (request === undefined) {
    const csr = await makeCsr(`${name}.break.example.com`);
    spki = csr.spki;
    request = Buffer.from(csr.pem).toString("base64");
  }
  const api = env.kc.makeApiClient(CustomObjectsApi);
  const created = (await api.createNamespacedCustomObject({
    ...CM,
    namespace: env.namespace,
    body: {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateRequest",
      metadata: { name, ...(options.annotations ? { annotations: options.annotations } : {}) },
      spec: {
        request,
        issuerRef: { group: PCA_GROUP, kind: "AWSPCAIssuer", name: options.issuer ?? env.issuer },
        ...options.spec,
      },
    },
  })) as CertificateRequest;
  if (options.approve ?? true) await approve(env, name);
  return { spki, uid: created.metadata.uid ?? "" };
}

/** Adds Approved=True, as an approver (cmctl approve) does. */
export async function approve(env: BreakEnv, name: string): Promise<void> {
  await setCondition(env, name, "Approved", "E2EApproved");
}

/** Adds Denied=True. */
export async function deny(env: BreakEnv, name: string): Promise<void> {
  await setCondition(env, name, "Denied", "E2EDenied");
}

async function setCondition(env: BreakEnv, name: string, type: string, reason: string) {
  const api = env.kc.makeApiClient(CustomObjectsApi);
  for (let attempt = 0; ; attempt++) {
    const cr = (await api.getNamespacedCustomObject({
      ...CM,
      namespace: env.namespace,
      name,
    })) as CertificateRequest;
    const conditions = [
      ...(cr.status?.conditions ?? []).filter((c) => c.type !== type),
      {
        type,
        status: "True",
        reason,
        message: `${type.toLowerCase()} by breakage e2e`,
        lastTransitionTime: new Date().toISOString(),
      },
    ];
    try {
      await api.replaceNamespacedCustomObjectStatus({
        ...CM,
        namespace: env.namespace,
        name,
        body: { ...cr, status: { ...cr.status, conditions } },
      });
      return;
    } catch (err) {
      if (!isStatus(err, 409) || attempt > 10) throw err;
    }
  }
}

/** Reads a request. */
export async function getRequest(env: BreakEnv, name: string): Promise<CertificateRequest> {
  return (await env.kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
    ...CM,
    namespace: env.namespace,
    name,
  })) as CertificateRequest;
}

/** Lists every request of the namespace. */
export async function listRequests(env: BreakEnv): Promise<CertificateRequest[]> {
  const list = (await env.kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    ...CM,
    namespace: env.namespace,
  })) as { items: CertificateRequest[] };
  return list.items;
}

/** Deletes a request (does not wait). */
export async function deleteRequest(env: BreakEnv, name: string): Promise<void> {
  await env.kc.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({
    ...CM,
    namespace: env.namespace,
    name,
  });
}

/** Polls a request until `predicate` holds (a read that fails is polled again). */
export async function waitRequest(
  env: BreakEnv,
  name: string,
  predicate: (cr: CertificateRequest) => boolean,
  timeoutMs = 20_000,
): Promise<CertificateRequest> {
  const read = () => getRequest(env, name).catch(() => undefined);
  return pollUntil(read, predicate, { timeoutMs, what: `request ${name}` });
}

export { isTerminal, readyOf };

/** Polls until every request of the namespace named in `names` is terminal. */
export async function waitAllTerminal(
  env: BreakEnv,
  names: readonly string[],
  timeoutMs = 60_000,
): Promise<Map<string, CertificateRequest>> {
  const deadline = Date.now() + timeoutMs;
  const wanted = new Set(names);
  let done = new Map<string, CertificateRequest>();
  while (Date.now() < deadline) {
    const items = await listRequests(env).catch(() => undefined);
    if (items !== undefined) {
      done = new Map(
        items
          .filter((i) => wanted.has(i.metadata.name ?? "") && isTerminal(i))
          .map((i) => [i.metadata.name ?? "", i]),
      );
      if (done.size === wanted.size) return done;
    }
    await sleep(250);
  }
  const missing = names.filter((n) => !done.has(n));
  throw new Error(`${missing.length} requests not terminal: ${missing.slice(0, 5).join(", ")}`);
}

/** The leaf certificate of a Ready request. */
export function leafOf(cr: CertificateRequest): x509.X509Certificate {
  const pem = Buffer.from(cr.status?.certificate ?? "", "base64").toString();
  const first = pemCertificates(pem)[0];
  if (first === undefined) throw new Error("no certificate");
  return new x509.X509Certificate(first);
}

/** SPKI (base64 DER) of a request's leaf. */
export function leafSpki(cr: CertificateRequest): string {
  return Buffer.from(leafOf(cr).publicKey.rawData).toString("base64");
}

/** Every Event note of the namespace (events.k8s.io/v1). */
export async function eventNotes(env: BreakEnv): Promise<string[]> {
  const list = await env.kc
    .makeApiClient(EventsV1Api)
    .listNamespacedEvent({ namespace: env.namespace });
  return list.items.map((e) => `${e.reason ?? ""}: ${e.note ?? ""}`);
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}
