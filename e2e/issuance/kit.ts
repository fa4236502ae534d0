/**
 * The issuance suite's environment: the whole operator (buildOperator) running in-process
 * against the shared control plane and a fresh PCA emulator, one root + issuing CA per CA key,
 * and one labelled issuer of each kind per CA (requests: see requests.ts).
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
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
import { CA_KEYS, ISSUER_KINDS } from "./matrix.ts";
import type { CaKey, IssuerKindName } from "./matrix.ts";
import { TransitionLog } from "./transitions.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** The API group of our issuers. */
export const PCA_GROUP = "awspca.cert-manager.io";
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
