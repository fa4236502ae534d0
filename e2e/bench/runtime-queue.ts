/**
 * Micro-benchmark of the runtime (a command, not a test):
 *   node e2e/bench/runtime-queue.ts
 * 1. keys per second through the work queue alone, and through a controller's workers with a
 *    no-op reconcile (child logger, metrics and outcome handling included);
 * 2. heap used by a 10,000-object store holding whole objects versus a small projection.
 */
import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import {
  Controller,
  RateLimitingQueue,
  RestClient,
  RuntimeMetrics,
  SecretKind,
  Store,
  defineController,
} from "../../operator/runtime/index.ts";
import type { SecretObject } from "../../operator/runtime/index.ts";

const KEYS = 100_000;
const OBJECTS = 10_000;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function queueAlone(workers: number): Promise<number> {
  const q = new RateLimitingQueue();
  for (let i = 0; i < KEYS; i++) q.add(`ns/key-${i}`);
  const start = performance.now();
  const work = async () => {
    for (let k = await q.get(); k !== undefined; k = await q.get()) {
      q.forget(k);
      q.done(k);
      if (q.length === 0) q.shutDown();
    }
  };
  await Promise.all(Array.from({ length: workers }, work));
  return KEYS / ((performance.now() - start) / 1000);
}

async function throughController(workers: number): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "https://127.0.0.1:1" }],
    users: [{ name: "u" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  const c = new Controller(
    defineController({
      name: "bench",
      for: { kind: SecretKind, project: () => null },
      maxConcurrentReconciles: workers,
      reconcile: () => {
        if (++done === KEYS) finish();
        return Promise.resolve(undefined);
      },
    }),
    { rest: new RestClient(kc), metrics: new RuntimeMetrics(), logger: pino({ level: "silent" }) },
  );
  for (let i = 0; i < KEYS; i++) c.enqueue(`ns/key-${i}`, "bench");
  const start = performance.now();
  c.startWorkers();
  await finished;
  const rate = KEYS / ((performance.now() - start) / 1000);
  await c.stopWorkers(1000);
  return rate;
}

/** A Secret shaped like a cert-manager TLS secret, parsed from JSON so nothing is shared. */
function secret(i: number): SecretObject {
  const pem = (n: number) => randomBytes(n).toString("base64");
  return JSON.parse(
    JSON.stringify({
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/tls",
      metadata: {
        name: `tls-${i}`,
        namespace: `team-${i % 50}`,
        uid: randomBytes(16).toString("hex"),
        resourceVersion: String(100000 + i),
        creationTimestamp: "2026-01-01T00:00:00Z",
        labels: { "controller.cert-manager.io/fao": "true" },
        annotations: {
          "cert-manager.io/certificate-name": `cert-${i}`,
          "cert-manager.io/issuer-name": "pca",
          "cert-manager.io/common-name": `svc-${i}.example.com`,
        },
        managedFields: [
          {
            manager: "cert-manager",
            operation: "Apply",
            time: "2026-01-01T00:00:00Z",
            fieldsV1: { "f:data": { ".": {}, "f:tls.crt": {}, "f:tls.key": {} } },
          },
        ],
      },
      data: { "tls.crt": pem(1400), "tls.key": pem(1200), "ca.crt": pem(900) },
    }),
  ) as SecretObject;
}

function heapOf<T>(fill: (store: Store<T>) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const store = new Store<T>();
  fill(store);
  gc();
  const used = process.memoryUsage().heapUsed - before;
  if (store.size !== OBJECTS) throw new Error("store not filled");
  return used;
}

function storeMemory(): { whole: number; projected: number } {
  const whole = heapOf<SecretObject>((s) => {
    for (let i = 0; i < OBJECTS; i++) {
      const o = secret(i);
      s.set(`${o.metadata.namespace}/${o.metadata.name}`, {
        resourceVersion: o.metadata.resourceVersion ?? "",
        value: o,
      });
    }
  });
  const projected = heapOf<{ issuer: string | undefined }>((s) => {
    for (let i = 0; i < OBJECTS; i++) {
      const o = secret(i);
      const value = { issuer: o.metadata.annotations?.["cert-manager.io/issuer-name"] };
      s.set(`${o.metadata.namespace}/${o.metadata.name}`, {
        resourceVersion: o.metadata.resourceVersion ?? "",
        value,
      });
    }
  });
  return { whole, projected };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const rate = (n: number) => `${Math.round(n).toLocaleString("en-US")} keys/s`;

console.log(`node ${process.version}, ${KEYS.toLocaleString("en-US")} distinct keys`);
for (const w of [1, 4])
  console.log(`queue alone, ${w} worker(s):            ${rate(await queueAlone(w))}`);
for (const w of [1, 4])
  console.log(`controller no-op reconcile, ${w} worker(s): ${rate(await throughController(w))}`);
const mem = storeMemory();
console.log(
  `store of ${OBJECTS.toLocaleString("en-US")} TLS Secrets, whole objects: ${mb(mem.whole)} (${Math.round(mem.whole / OBJECTS)} B/object)`,
);
console.log(
  `store of ${OBJECTS.toLocaleString("en-US")} TLS Secrets, projection:    ${mb(mem.projected)} (${Math.round(mem.projected / OBJECTS)} B/object)`,
);
