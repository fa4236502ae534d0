/**
 * Requests as the tests make and watch them: through cmctl from Certificate manifests, or
 * written directly when the CSR must be one cmctl would never make.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { CustomObjectsApi, EventsV1Api } from "@kubernetes/client-node";
import type { EventsV1Event } from "@kubernetes/client-node";
import { isTerminal, readyOf } from "../support/certificate-requests.ts";
import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { isStatus } from "../harness/index.ts";
import type { CertificateManifest } from "../harness/index.ts";
import { PCA_GROUP } from "./kit.ts";
import type { IssuanceEnv } from "./kit.ts";
import type { IssuerKindName } from "./matrix.ts";

const CM = { group: "cert-manager.io", version: "v1", plural: "certificaterequests" } as const;

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

export { readyOf };

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
