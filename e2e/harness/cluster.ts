import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ApiException,
  ApiextensionsV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type V1CustomResourceDefinition,
  type V1PolicyRule,
} from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";

const CRD_ESTABLISH_TIMEOUT_MS = 30_000;

/** Whether an error from client-node is an HTTP answer with the given status. */
export function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiException && err.code === code;
}

/** Reads every CustomResourceDefinition document in the given YAML files. */
export function readCrds(files: readonly string[]): V1CustomResourceDefinition[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, "utf8"))
      .map((doc) => doc.toJS() as V1CustomResourceDefinition | null)
      .filter((crd): crd is V1CustomResourceDefinition => crd?.kind === "CustomResourceDefinition"),
  );
}

/**
 * Creates or updates CRDs and waits until each is Established, so callers can use the
 * new kinds at once. Accepts YAML file paths or CRD objects.
 */
export async function installCrds(
  kc: KubeConfig,
  crds: readonly string[] | readonly V1CustomResourceDefinition[],
): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const objects = crds.map((c) => (typeof c === "string" ? readCrds([c]) : [c])).flat();
  for (const crd of objects) await applyCrd(api, crd);
  await Promise.all(objects.map((crd) => waitEstablished(api, crd.metadata?.name ?? "")));
}

async function applyCrd(api: ApiextensionsV1Api, crd: V1CustomResourceDefinition): Promise<void> {
  try {
    await api.createCustomResourceDefinition({ body: crd });
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
    const name = crd.metadata?.name ?? "";
    const current = await api.readCustomResourceDefinition({ name });
    const body = structuredClone(crd);
    body.metadata = { name, resourceVersion: current.metadata?.resourceVersion ?? "" };
    await api.replaceCustomResourceDefinition({ name, body });
  }
}

async function waitEstablished(api: ApiextensionsV1Api, name: string): Promise<void> {
  const deadline = Date.now() + CRD_ESTABLISH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const crd = await api.readCustomResourceDefinition({ name });
    const established = crd.status?.conditions?.find((c) => c.type === "Established");
    if (established?.status === "True") return;
    await sleep(50);
  }
  throw new Error(`crd ${name} not established after ${CRD_ESTABLISH_TIMEOUT_MS} ms`);
}

/**
 * Creates a namespace with a unique name, so tests sharing one control plane stay
 * apart. There is no namespace controller here, so namespaces are never reclaimed;
 * that is harmless for a throw-away control plane.
 */
export async function createTestNamespace(kc: KubeConfig, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`.toLowerCase();
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

/** A ServiceAccount and the Role bound to it. */
export interface ServiceAccountSpec {
  namespace: string;
  name: string;
  /** Rules of a namespaced Role bound to the account; none means no permissions. */
  rules?: V1PolicyRule[];
  /** Rules of a ClusterRole bound to the account cluster-wide. */
  clusterRules?: V1PolicyRule[];
}

/** Creates a ServiceAccount and binds it to a Role (and ClusterRole) with the given rules. */
export async function createServiceAccount(
  kc: KubeConfig,
  spec: ServiceAccountSpec,
): Promise<void> {
  const { namespace, name } = spec;
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const subjects = [{ kind: "ServiceAccount", name, namespace }];
  if (spec.rules) {
    await rbac.createNamespacedRole({ namespace, body: { metadata: { name }, rules: spec.rules } });
    const roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name };
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: { metadata: { name }, roleRef, subjects },
    });
  }
  if (spec.clusterRules) {
    const clusterName = `${namespace}-${name}`;
    await rbac.createClusterRole({
      body: { metadata: { name: clusterName }, rules: spec.clusterRules },
    });
    const roleRef = {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: clusterName,
    };
    await rbac.createClusterRoleBinding({
      body: { metadata: { name: clusterName }, roleRef, subjects },
    });
  }
}

/** Options for {@link mintToken}. */
export interface TokenOptions {
  namespace: string;
  serviceAccount: string;
  /** Audiences of the token, e.g. `["sts.amazonaws.com"]` for IRSA. */
  audiences: string[];
  /** Lifetime; the API server enforces at least 600 s. Default 3600. */
  expirationSeconds?: number;
}

/** Mints a ServiceAccount token through the TokenRequest API, as the kubelet does. */
export async function mintToken(kc: KubeConfig, options: TokenOptions): Promise<string> {
  const result = await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    namespace: options.namespace,
    name: options.serviceAccount,
    body: {
      spec: { audiences: options.audiences, expirationSeconds: options.expirationSeconds ?? 3600 },
    },
  });
  const token = result.status?.token;
  if (!token)
    throw new Error(
      `token request for ${options.namespace}/${options.serviceAccount} returned no token`,
    );
  return token;
}
