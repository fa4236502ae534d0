import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { KubeConfig } from "@kubernetes/client-node";
import { createTestNamespace, installCrds, sharedControlPlane } from "../harness/index.ts";
import { Informer, ResourceClient, RestClient } from "../../operator/runtime/index.ts";
import { FreezableProxy } from "./freezable-proxy.ts";
import { WIDGET_CRD, Widget, eventually, quietLogger, widget } from "./widget.ts";

/** The same kubeconfig, pointed at the proxy. */
function through(kc: KubeConfig, port: number): KubeConfig {
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: kc.getClusters().map((c) => ({ ...c, server: `https://127.0.0.1:${String(port)}` })),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return out;
}

void describe("runtime: stalled watch", () => {
  let kc: KubeConfig;
  let namespace: string;
  let proxy: FreezableProxy;
  const clients: RestClient[] = [];

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "rt-stall");
    const server = new URL(plane.info.server);
    proxy = await FreezableProxy.start({ host: server.hostname, port: Number(server.port) });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await proxy.stop();
  });

  void it("should detect a watch that went silent and catch up when its connection is black-holed", async () => {
    const rest = new RestClient(through(kc, proxy.port));
    clients.push(rest);
    const informer = new Informer({
      rest,
      kind: Widget,
      namespace,
      project: (w) => w.spec?.value ?? 0,
      watchTimeoutSeconds: 4,
      stallToleranceMs: 1000,
      logger: quietLogger(),
    });
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    await eventually(() => informer.stats.watches === 1, 5_000);

    const frozen = proxy.freeze();
    const frozenAt = Date.now();
    const admin = new ResourceClient(new RestClient(kc), Widget);
    await admin.create(widget(namespace, "during-freeze", 42));
    const caughtUpMs = await eventually(
      () => informer.store.get(`${namespace}/during-freeze`) === 42,
      20_000,
    );
    console.log(
      `# stall: froze ${frozen} connection(s); change seen ${Date.now() - frozenAt} ms later; ${JSON.stringify(informer.stats)}`,
    );
    assert.ok(informer.stats.restarts >= 1, "the watchdog restarted the watch");
    assert.ok(
      caughtUpMs <= 4_000 + 1_000 + 1_250 + 1_100 + 2_000,
      `caught up after ${caughtUpMs} ms`,
    );
    await informer.stop();
  });
});
