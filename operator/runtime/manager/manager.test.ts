import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import { ConfigMapKind } from "../resource/builtin-kinds.ts";
import { Manager } from "./manager.ts";

function unreachableKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "https://127.0.0.1:1" }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return kc;
}

function manager(leaderElection?: { namespace: string; name: string }) {
  return new Manager({
    kubeConfig: unreachableKubeConfig(),
    logger: pino({ level: "silent" }),
    metricsBindAddress: "127.0.0.1:0",
    healthProbeBindAddress: "127.0.0.1:0",
    handleSignals: false,
    leaderElection,
  });
}

async function waitForPorts(m: Manager): Promise<{ metrics: number; health: number }> {
  for (;;) {
    const { metrics, health } = m.ports;
    if (metrics !== undefined && health !== undefined) return { metrics, health };
    await new Promise((r) => setImmediate(r));
  }
}

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

void describe("Manager", () => {
  void it("should serve healthz, readyz and metrics when started without controllers", async () => {
    const m = manager();
    const running = m.start();
    const ports = await waitForPorts(m);
    assert.equal((await get(ports.health, "/healthz")).status, 200);
    const ready = await get(ports.health, "/readyz");
    assert.equal(ready.status, 200);
    assert.match(ready.body, /\[\+\]informers ok/);
    assert.match((await get(ports.metrics, "/metrics")).body, /# HELP workqueue_depth/);
    await m.stop();
    await running;
  });

  void it("should not be ready while leadership is unknown when leader election cannot reach the server", async () => {
    const m = manager({ namespace: "ns", name: "lock" });
    const running = m.start();
    const ports = await waitForPorts(m);
    const ready = await get(ports.health, "/readyz");
    assert.equal(ready.status, 500);
    assert.match(ready.body, /\[-\]leader-election failed: leadership not known yet/);
    assert.equal(m.isLeader, false);
    await m.stop();
    await running;
  });

  void it("should reject a controller when its name is already registered", () => {
    const m = manager();
    const spec = {
      name: "dup",
      for: { kind: ConfigMapKind, project: () => 1 },
      reconcile: () => Promise.resolve(undefined),
    };
    m.add(spec);
    assert.throws(() => m.add(spec), /controller name dup is already registered/);
  });
});
