/**
 * The issuance suite's environment: the whole operator (buildOperator) running in-process
 * against the shared control plane and a fresh PCA emulator, one root + issuing CA per CA key,
 * and one labelled issuer of each kind per CA. Requests come from cmctl, or are written
 * directly when the CSR must be one cmctl would never make.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CoreV1Api, CustomObjectsApi, EventsV1Api } from "@kubernetes/client-node";
import type { EventsV1Event, KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { buildOperator } from "../../operator/operator.ts";
import type { Operator } from "../../operator/operator.ts";
import { parseConfig } from "../../operator/config.ts";
import { startEmulator } from "../emulator/index.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  Cmctl,
  createTestNamespace,
  installCrds,
  isStatus,
  sharedControlPlane,
} from "../harness/index.ts";
import type { CertificateManifest } from "../harness/index.ts";
import { CA_KEYS, ISSUER_KINDS } from "./matrix.ts";
import type { CaKey, IssuerKindName } from "./matrix.ts";
import { TransitionLog } from "./transitions.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const CM = { group: "cert-manager.io", version: "v1", plural: "certificaterequests" } as const;
const PCA_GROUP = "awspca.cert-manager.io";
const SUITE_LABEL = "e2e.awspca.cert-manager.io/suite";
const ISSUER_READY_TIMEOUT_MS = 30_000;

/**
 * The lifetime each issuer kind gives a request without `spec.duration`: the namespaced
 * issuers set no `spec.defaultDuration` (so the product default, 2160h, applies); the cluster
 * issuers set 720h, so an unset duration is proven both with and without an issuer default.
 */
export const ISSUER_DEFAULT_DURATION_MS: Readonly<Record<IssuerKindName, number>> = {
  AWSPCAIssuer: 2160 * 3_600_000,
  AWSPCAClusterIssuer: 720 * 3_600_000,
};

/** A root and the issuing CA it signed, both ACTIVE in the emulator. */
export interface CaPair {
  readonly rootArn: string;
  readonly issuingArn: string;
  readonly rootPem: string;
  readonly issuingPem: string;
}

/** A request cmctl created and approved. */
export interface CreatedRequest {
  readonly name: string;
  readonly keyPem: string;
  /** Wall clock just before the approval: signing cannot start earlier. */
  readonly approvedAtMs: number;
}

/** A request seen terminal (Ready=True, or Ready=False with reason Failed or Denied). */
export interface TerminalRequest {
  readonly cr: CertificateRequest;
  /** Wall clock when the poll first saw it terminal. */
  readonly seenAtMs: number;
}

/** Everything the suite's tests use; always {@link IssuanceEnv.stop} it. */
export interface IssuanceEnv {
  readonly kc: KubeConfig;
  readonly namespace: string;
  /** The operator's log (JSON lines, level E2E_LOG_LEVEL or info). */
  readonly logFile: string;
  readonly emulator: Emulator;
  readonly cmctl: Cmctl;
  readonly operator: Operator;
  readonly cas: Readonly<Record<CaKey, CaPair>>;
  /** Every Ready state each request went through, from a watch. */
  readonly transitions: TransitionLog;
  /** Name of the issuer of `kind` that signs with the CA of `caKey`. */
  issuerName(kind: IssuerKindName, caKey: CaKey): string;
  /** Whether the operator is still running (its start() has not settled). */
  running(): boolean;
  stop(): Promise<void>;
}

const caSlug = (caKey: CaKey): string => caKey.toLowerCase().replaceAll("_", "-");

async function createCas(emulator: Emulator): Promise<Record<CaKey, CaPair>> {
  const entries = await Promise.all(
    CA_KEYS.map(async (caKey) => {
      const rootArn = await emulator.createRootCa(caKey);
      // Path length 1, so an isCA request (SubordinateCACertificate_PathLen0) may be signed.
      const issuingArn = await emulator.createSubordinateCa(rootArn, caKey, { pathLen: 1 });
      const rootPem = emulator.describeCa(rootArn).certificatePem ?? "";
      const issuingPem = emulator.describeCa(issuingArn).certificatePem ?? "";
      return [caKey, { rootArn, issuingArn, rootPem, issuingPem }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<CaKey, CaPair>;
}

function issuerBody(kind: IssuerKindName, name: string, namespace: string, arn: string) {
  return {
    apiVersion: `${PCA_GROUP}/v1beta1`,
    kind,
    metadata: {
      name,
      labels: { [SUITE_LABEL]: namespace },
      ...(kind === "AWSPCAIssuer" ? { namespace } : {}),
    },
    spec: {
      arn,
      secretRef: { name: "aws-credentials", namespace },
      ...(kind === "AWSPCAClusterIssuer" ? { defaultDuration: "720h" } : {}),
    },
  };
}

async function createIssuers(
  kc: KubeConfig,
  namespace: string,
  cas: Record<CaKey, CaPair>,
  nameOf: (kind: IssuerKindName, caKey: CaKey) => string,
): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  for (const kind of ISSUER_KINDS) {
    const plural = `${kind.toLowerCase()}s`;
    for (const caKey of CA_KEYS) {
      const body = issuerBody(kind, nameOf(kind, caKey), namespace, cas[caKey].issuingArn);
      const group = PCA_GROUP;
      const version = "v1beta1";
      if (kind === "AWSPCAIssuer") {
        await api.createNamespacedCustomObject({ group, version, namespace, plural, body });
      } else {
        await api.createClusterCustomObject({ group, version, plural, body });
      }
    }
  }
}

interface Conditioned {
  metadata?: { name?: string };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

async function waitIssuersReady(kc: KubeConfig, namespace: string): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const labelSelector = `${SUITE_LABEL}=${namespace}`;
  const deadline = Date.now() + ISSUER_READY_TIMEOUT_MS;
  let notReady: string[] = [];
  while (Date.now() < deadline) {
    const lists = (await Promise.all([
      api.listNamespacedCustomObject({
        group: PCA_GROUP,
        version: "v1beta1",
        namespace,
        plural: "awspcaissuers",
        labelSelector,
      }),
      api.listClusterCustomObject({
        group: PCA_GROUP,
        version: "v1beta1",
        plural: "awspcaclusterissuers",
        labelSelector,
      }),
    ])) as { items: Conditioned[] }[];
    const items = lists.flatMap((l) => l.items);
    notReady = items
      .filter((i) => i.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True")
      .map((i) => `${i.metadata?.name ?? ""}: ${JSON.stringify(i.status?.conditions ?? [])}`);
    if (items.length === 2 * CA_KEYS.length && notReady.length === 0) return;
    await sleep(200);
  }
  throw new Error(`issuers not ready in ${ISSUER_READY_TIMEOUT_MS} ms: ${notReady.join("; ")}`);
}

async function createSecret(kc: KubeConfig, namespace: string, emulator: Emulator) {
  const { accessKeyId, secretAccessKey } = emulator.defaultAccessKey;
  await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: {
      metadata: { name: "aws-credentials" },
      stringData: { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey },
    },
  });
}

function startOperator(kc: KubeConfig, namespace: string, endpoint: string, logFile: string) {
  const config = parseConfig([
    `--pca-endpoint=${endpoint}`,
    `--sts-endpoint=${endpoint}`,
    "--metrics-bind-address=0",
    "--health-probe-bind-address=0",
    `--cluster-resource-namespace=${namespace}`,
  ]);
  const operator = buildOperator(config, {
    kubeConfig: kc,
    logger: pino(
      { level: process.env.E2E_LOG_LEVEL ?? "info" },
      pino.destination({ dest: logFile, sync: true }),
    ),
    handleSignals: false,
    issuerLabelSelector: `${SUITE_LABEL}=${namespace}`,
  });
  let settled = false;
  const running = operator.start().finally(() => {
    settled = true;
  });
  running.catch(() => undefined); // surfaced by stop()
  return { operator, running, isRunning: () => !settled };
}

async function deleteClusterIssuers(kc: KubeConfig, names: readonly string[]): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const ref = { group: PCA_GROUP, version: "v1beta1", plural: "awspcaclusterissuers" };
  await Promise.all(names.map((name) => api.deleteClusterCustomObject({ ...ref, name })));
  // Wait (briefly) for the operator to drop its finalizers, so nothing is left terminating.
  const deadline = Date.now() + 10_000;
  for (const name of names) {
    while (Date.now() < deadline) {
      const gone = await api.getClusterCustomObject({ ...ref, name }).then(
        () => false,
        (err: unknown) => isStatus(err, 404),
      );
      if (gone) break;
      await sleep(100);
    }
  }
}

/**
 * Starts the environment: our CRDs, a namespace, the emulator with three CA pairs, the
 * credentials Secret, six labelled issuers and the operator; resolves once every issuer is
 * Ready.
 */
export async function startIssuanceEnv(): Promise<IssuanceEnv> {
  const plane = await sharedControlPlane();
  const kc = plane.kubeConfig();
  const crdDir = path.join(ROOT, "config", "crd", "bases");
  await installCrds(
    kc,
    readdirSync(crdDir).map((f) => path.join(crdDir, f)),
  );
  const namespace = await createTestNamespace(kc, "issuance");
  const emulator = await startEmulator();
  const cas = await createCas(emulator);
  await createSecret(kc, namespace, emulator);
  const issuerName = (kind: IssuerKindName, caKey: CaKey): string =>
    kind === "AWSPCAIssuer" ? `ns-${caSlug(caKey)}` : `${namespace}-${caSlug(caKey)}`;

  const logFile = path.join(
    mkdtempSync(path.join(tmpdir(), "awspca-issuance-log-")),
    "operator.log",
  );
  const transitions = await TransitionLog.start(kc, namespace);
  const { operator, running, isRunning } = startOperator(kc, namespace, emulator.endpoint, logFile);
  await createIssuers(kc, namespace, cas, issuerName);
  await waitIssuersReady(kc, namespace);

  return {
    kc,
    namespace,
    logFile,
    emulator,
    cmctl: new Cmctl(plane.info.kubeconfigPath),
    operator,
    cas,
    transitions,
    issuerName,
    running: isRunning,
    async stop() {
      transitions.stop();
      const clusterIssuers = CA_KEYS.map((c) => issuerName("AWSPCAClusterIssuer", c));
      await deleteClusterIssuers(kc, clusterIssuers).catch(() => undefined); // best effort
      await operator.stop();
      await running;
      await emulator.stop();
    },
  };
}

/** A Certificate manifest for cmctl, addressed to one of our issuers. */
export function certificateManifest(
  name: string,
  issuer: { kind: IssuerKindName; name: string },
  spec: Record<string, unknown>,
): CertificateManifest {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name },
    spec: {
      secretName: `${name}-tls`,
      issuerRef: { group: PCA_GROUP, kind: issuer.kind, name: issuer.name },
      ...spec,
    },
  };
}

/** Creates a request from a Certificate manifest with cmctl, then approves it with cmctl. */
export async function createAndApprove(
  env: IssuanceEnv,
  manifest: CertificateManifest,
): Promise<CreatedRequest> {
  const name = manifest.metadata.name;
  const { keyPem } = await env.cmctl.createCertificateRequest(env.namespace, name, manifest);
  const approvedAtMs = Date.now();
  await env.cmctl.approve(env.namespace, name);
  return { name, keyPem, approvedAtMs };
}

/**
 * Writes a CertificateRequest directly (no cmctl), with `csrPem` as its CSR: for CSRs cmctl
 * would never make.
 */
export async function createRawRequest(
  env: IssuanceEnv,
  name: string,
  csrPem: string | Buffer,
  issuer: { kind: IssuerKindName; name: string },
): Promise<void> {
  const body = {
    apiVersion: "cert-manager.io/v1",
    kind: "CertificateRequest",
    metadata: { name },
    spec: {
      request: Buffer.from(csrPem).toString("base64"),
      issuerRef: { group: PCA_GROUP, kind: issuer.kind, name: issuer.name },
      usages: ["server auth"],
    },
  };
  const api = env.kc.makeApiClient(CustomObjectsApi);
  await api.createNamespacedCustomObject({ ...CM, namespace: env.namespace, body });
}

/** Deletes a request and waits until the API server no longer has it. */
export async function deleteRequest(env: IssuanceEnv, name: string): Promise<void> {
  const api = env.kc.makeApiClient(CustomObjectsApi);
  const ref = { ...CM, namespace: env.namespace, name };
  await api.deleteNamespacedCustomObject(ref);
  for (;;) {
    const gone = await api.getNamespacedCustomObject(ref).then(
      () => false,
      (err: unknown) => isStatus(err, 404),
    );
    if (gone) return;
    await sleep(50);
  }
}

/** The Ready condition of a request, if any. */
export function readyOf(cr: CertificateRequest) {
  return cr.status?.conditions?.find((c) => c.type === "Ready");
}

function isTerminal(cr: CertificateRequest): boolean {
  const ready = readyOf(cr);
  return ready?.status === "True" || ready?.reason === "Failed" || ready?.reason === "Denied";
}

/** Polls the namespace until every named request is terminal; throws naming the stragglers. */
export async function waitTerminal(
  env: IssuanceEnv,
  names: readonly string[],
  timeoutMs = 60_000,
): Promise<Map<string, TerminalRequest>> {
  const api = env.kc.makeApiClient(CustomObjectsApi);
  const done = new Map<string, TerminalRequest>();
  const deadline = Date.now() + timeoutMs;
  let last = new Map<string, CertificateRequest>();
  while (Date.now() < deadline) {
    const list = (await api.listNamespacedCustomObject({ ...CM, namespace: env.namespace })) as {
      items: CertificateRequest[];
    };
    last = new Map(list.items.map((cr) => [cr.metadata.name ?? "", cr]));
    const now = Date.now();
    for (const name of names) {
      const cr = last.get(name);
      if (!done.has(name) && cr !== undefined && isTerminal(cr))
        done.set(name, { cr, seenAtMs: now });
    }
    if (done.size === names.length) return done;
    await sleep(150);
  }
  const stragglers = names
    .filter((n) => !done.has(n))
    .map((n) => `${n}: ${JSON.stringify(readyOf(last.get(n) ?? ({} as CertificateRequest)))}`);
  throw new Error(`requests not terminal after ${timeoutMs} ms: ${stragglers.join("; ")}`);
}

/** The events.k8s.io/v1 Events of the namespace. */
export async function listEvents(env: IssuanceEnv): Promise<EventsV1Event[]> {
  const api = env.kc.makeApiClient(EventsV1Api);
  return (await api.listNamespacedEvent({ namespace: env.namespace })).items;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
