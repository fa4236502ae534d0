/**
 * The issuer controllers' e2e environment: the shared control plane, an emulator, and a
 * Manager running both issuer controllers in-process as a least-privilege ServiceAccount, with
 * every log line captured for the leak checks.
 * @internal
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import type { Logger } from "pino";

import { AWSPCAClusterIssuerResource, AWSPCAIssuerResource } from "../../api/v1beta1/index.ts";
import type { IssuerKind, IssuerSpec } from "../../api/v1beta1/index.ts";
import {
  ClusterIssuerKindDescriptor,
  IssuerKindDescriptor,
} from "../../operator/controllers/kinds.ts";
import type { AnyIssuer } from "../../operator/controllers/kinds.ts";
import { IssuerRegistry } from "../../operator/controllers/issuer-registry.ts";
import { issuerControllers } from "../../operator/controllers/issuer/index.ts";
import { CredentialsManager, kubernetesSecretReader } from "../../operator/credentials/index.ts";
import type { CredentialsManagerOptions } from "../../operator/credentials/index.ts";
import { SigningService } from "../../operator/pca/index.ts";
import { Manager, ResourceClient, RestClient, isConflict } from "../../operator/runtime/index.ts";
import type { Condition } from "../../operator/runtime/index.ts";
import { startEmulator } from "../emulator/index.ts";
import type { Emulator, Settings } from "../emulator/index.ts";
import {
  createServiceAccount,
  createTestNamespace,
  installCrds,
  mintToken,
  renderTokenKubeconfig,
  sharedControlPlane,
} from "../harness/index.ts";
import type { ControlPlaneInfo } from "../harness/index.ts";
import { ISSUER_CONTROLLER_RULES } from "./rbac.ts";

/** The emulator's account. */
export const ACCOUNT = "123456789012";

const CRD_FILES = [AWSPCAIssuerResource, AWSPCAClusterIssuerResource].map((r) =>
  join(import.meta.dirname, "..", "..", "config", "crd", "bases", `${r.group}_${r.plural}.yaml`),
);

/** Options of {@link startIssuerEnv}. */
export interface IssuerEnvOptions {
  /** Re-check interval of the controllers. Default 1000 ms. */
  readonly recheckIntervalMs?: number;
  /** Emulator settings (e.g. a short STS session). */
  readonly settings?: Partial<Settings>;
  /** Extra CredentialsManager options (a default chain). */
  readonly credentials?: Partial<CredentialsManagerOptions>;
  /** Runs after the emulator started and before the manager does. */
  readonly prepare?: (env: {
    emu: Emulator;
    info: ControlPlaneInfo;
    kc: KubeConfig;
  }) => Promise<void>;
}

/** A running environment; {@link IssuerEnv.stop} ends it. */
export interface IssuerEnv {
  readonly info: ControlPlaneInfo;
  /** Admin access, for the test's own reads and writes. */
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly emu: Emulator;
  /** An ACTIVE root CA in the emulator. */
  readonly caArn: string;
  /** The test's namespace for issuers and Secrets. */
  readonly ns: string;
  /** The operator's namespace (its ServiceAccount; the cluster-resource namespace). */
  readonly operatorNs: string;
  /** Label every issuer of this run carries (the controllers select on it). */
  readonly labels: Record<string, string>;
  readonly registry: IssuerRegistry;
  readonly signing: SigningService;
  readonly manager: Manager;
  /** Every log line the manager, controllers and credentials wrote. */
  readonly logs: string[];
  /** Values that must never appear in logs, Events or status. */
  readonly secrets: Set<string>;
  readonly issuers: ResourceClient<AnyIssuer>;
  readonly clusterIssuers: ResourceClient<AnyIssuer>;
  readonly rest: RestClient;
  stop(): Promise<void>;
}

async function installOurCrds(kc: KubeConfig): Promise<void> {
  // Other test files may install the same CRDs at the same moment.
  for (let attempt = 0; ; attempt++) {
    try {
      await installCrds(kc, CRD_FILES);
      return;
    } catch (err) {
      if (attempt > 5) throw err;
      await sleep(200);
    }
  }
}

async function operatorKubeConfig(kc: KubeConfig, info: ControlPlaneInfo, ns: string) {
  await createServiceAccount(kc, {
    namespace: ns,
    name: "issuer-controller",
    clusterRules: ISSUER_CONTROLLER_RULES,
  });
  const token = await mintToken(kc, {
    namespace: ns,
    serviceAccount: "issuer-controller",
    audiences: [],
  });
  const sa = new KubeConfig();
  sa.loadFromString(renderTokenKubeconfig(info.server, info.caPem, token));
  return sa;
}

function capture(): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => logs.push(line) });
  return { logger, logs };
}

/** Starts the emulator and a manager running both issuer controllers. */
export async function startIssuerEnv(options: IssuerEnvOptions = {}): Promise<IssuerEnv> {
  const plane = await sharedControlPlane();
  const { info } = plane;
  const kc = plane.kubeConfig();
  await installOurCrds(kc);
  const emu = await startEmulator({ throttling: false, settings: options.settings });
  const caArn = await emu.createRootCa();
  await options.prepare?.({ emu, info, kc });

  const ns = await createTestNamespace(kc, "issuer");
  const operatorNs = await createTestNamespace(kc, "issuer-op");
  const labels = { "e2e.awspca/run": ns };
  const sa = await operatorKubeConfig(kc, info, operatorNs);
  const { logger, logs } = capture();
  const registry = new IssuerRegistry();
  const signing = new SigningService({ endpoint: emu.endpoint, rateLimiting: false });
  const credentials = new CredentialsManager({
    readSecret: kubernetesSecretReader(sa),
    stsEndpoint: emu.endpoint,
    logger,
    ...options.credentials,
  });
  const manager = new Manager({
    kubeConfig: sa,
    logger,
    metricsBindAddress: "0",
    healthProbeBindAddress: "0",
    handleSignals: false,
    gracefulShutdownTimeoutMs: 2000,
  });
  for (const spec of issuerControllers(manager, {
    registry,
    credentials,
    signing,
    clusterResourceNamespace: operatorNs,
    recheckIntervalMs: options.recheckIntervalMs ?? 1000,
    pcaEndpoint: emu.endpoint,
    logger,
    labelSelector: `e2e.awspca/run=${ns}`,
  })) {
    manager.add(spec);
  }
  const running = manager.start();
  const rest = new RestClient(kc);
  const secrets = new Set([emu.defaultAccessKey.secretAccessKey]);

  return {
    info,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    emu,
    caArn,
    ns,
    operatorNs,
    labels,
    registry,
    signing,
    manager,
    logs,
    secrets,
    issuers: new ResourceClient(rest, IssuerKindDescriptor),
    clusterIssuers: new ResourceClient(rest, ClusterIssuerKindDescriptor),
    rest,
    stop: async () => {
      await manager.stop();
      await running;
      signing.close();
      await emu.stop();
      await rest.close();
    },
  };
}

/** The client of an issuer kind. */
export function clientOf(env: IssuerEnv, kind: IssuerKind): ResourceClient<AnyIssuer> {
  return kind === "AWSPCAIssuer" ? env.issuers : env.clusterIssuers;
}

/** Creates an issuer of `kind` (in `env.ns` when namespaced) with the run's label. */
export async function createIssuer(
  env: IssuerEnv,
  kind: IssuerKind,
  name: string,
  spec: IssuerSpec,
): Promise<AnyIssuer> {
  const namespaced = kind === "AWSPCAIssuer";
  return clientOf(env, kind).create({
    apiVersion: AWSPCAIssuerResource.apiVersion,
    kind,
    metadata: { name, labels: env.labels, ...(namespaced ? { namespace: env.ns } : {}) },
    spec,
  });
}

/** Replaces an issuer's spec, retrying on conflicts with the controller's writes. */
export async function updateSpec(
  env: IssuerEnv,
  kind: IssuerKind,
  name: string,
  spec: IssuerSpec,
): Promise<void> {
  const ns = kind === "AWSPCAIssuer" ? env.ns : "";
  for (let i = 0; ; i++) {
    try {
      const current = await clientOf(env, kind).get(ns, name);
      await clientOf(env, kind).replace({ ...current, spec });
      return;
    } catch (err) {
      if (!isConflict(err) || i > 10) throw err;
    }
  }
}

/** Creates or replaces a Secret in `namespace` from plain values; remembers secret values. */
export async function putSecret(
  env: IssuerEnv,
  namespace: string,
  name: string,
  values: Record<string, string>,
): Promise<void> {
  const data = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
  );
  for (const [k, v] of Object.entries(values)) {
    if (/SECRET|TOKEN|key$/i.test(k)) env.secrets.add(v);
  }
  const body = { metadata: { name, namespace }, data };
  const exists = await env.core.readNamespacedSecret({ name, namespace }).then(
    () => true,
    () => false,
  );
  if (exists) await env.core.replaceNamespacedSecret({ name, namespace, body });
  else await env.core.createNamespacedSecret({ namespace, body });
}

/** The issuer's Ready condition, or undefined. */
export async function readyOf(
  env: IssuerEnv,
  kind: IssuerKind,
  name: string,
): Promise<{ ready: Condition | undefined; issuer: AnyIssuer }> {
  const issuer = await clientOf(env, kind).get(kind === "AWSPCAIssuer" ? env.ns : "", name);
  return { ready: issuer.status?.conditions?.find((c) => c.type === "Ready"), issuer };
}

/**
 * Waits until the issuer's Ready condition matches `status` (and `reason`, when given) for the
 * current generation; returns the issuer.
 */
export async function waitForReady(
  env: IssuerEnv,
  kind: IssuerKind,
  name: string,
  want: { status: "True" | "False"; reason?: string; timeoutMs?: number },
): Promise<AnyIssuer> {
  const deadline = Date.now() + (want.timeoutMs ?? 15_000);
  let last: Condition | undefined;
  while (Date.now() < deadline) {
    const { ready, issuer } = await readyOf(env, kind, name);
    last = ready;
    const current = ready?.observedGeneration === issuer.metadata.generation;
    const reasonOk = want.reason === undefined || ready?.reason === want.reason;
    if (current && ready?.status === want.status && reasonOk) return issuer;
    await sleep(100);
  }
  assert.fail(
    `${kind} ${name}: wanted Ready=${want.status} ${want.reason ?? ""}, last ${JSON.stringify(last)}`,
  );
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** An Event as the tests read it. */
export interface EventView {
  readonly reason: string;
  readonly type: string;
  readonly note: string;
  readonly count: number;
  readonly regarding: { readonly kind?: string; readonly name?: string };
}

/** Every Event in `namespace` about the issuer `name`, repeats counted. */
export async function eventsAbout(env: IssuerEnv, namespace: string, name: string) {
  const list = await env.rest.request<{ items: (EventView & { series?: { count: number } })[] }>(
    "GET",
    `/apis/events.k8s.io/v1/namespaces/${namespace}/events`,
  );
  return list.items
    .filter((e) => e.regarding.name === name)
    .map((e) => ({ ...e, count: e.series?.count ?? 1 }));
}

/**
 * Asserts that no remembered secret value appears in a log line, an Event in the given
 * namespaces, or an issuer's status; returns what was searched.
 */
export async function assertNoSecretLeaks(
  env: IssuerEnv,
  namespaces: readonly string[],
): Promise<{ lines: number; events: number; statuses: number; secrets: number }> {
  const events: string[] = [];
  for (const ns of namespaces) {
    const list = await env.rest.request<{ items: unknown[] }>(
      "GET",
      `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
    );
    events.push(...list.items.map((e) => JSON.stringify(e)));
  }
  const statuses = [
    ...(await env.issuers.list(env.ns)).items,
    ...(await env.clusterIssuers.list()).items,
  ].map((i) => JSON.stringify(i));
  assert.ok(env.secrets.size > 0);
  for (const text of [...env.logs, ...events, ...statuses]) {
    for (const value of env.secrets) {
      assert.ok(!text.includes(value), `a secret value leaked into: ${text.slice(0, 300)}`);
    }
  }
  return {
    lines: env.logs.length,
    events: events.length,
    statuses: statuses.length,
    secrets: env.secrets.size,
  };
}
