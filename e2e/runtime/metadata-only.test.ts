import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { CoreV1Api } from "@kubernetes/client-node";
import pino from "pino";
import { Informer, RestClient, SecretKind } from "../../operator/runtime/index.ts";
import type { KubeObject } from "../../operator/runtime/index.ts";
import { createTestNamespace, sharedControlPlane } from "../harness/index.ts";

describe("informer: metadata-only list and watch", () => {
  let rest: RestClient;
  let core: CoreV1Api;
  let namespace: string;

  before(async () => {
    const kc = (await sharedControlPlane()).kubeConfig();
    rest = new RestClient(kc);
    core = kc.makeApiClient(CoreV1Api);
    namespace = await createTestNamespace(kc, "meta");
    await core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: "listed" }, stringData: { password: "listed-secret-value" } },
    });
  });

  after(async () => {
    await rest.close();
  });

  it("should never receive a Secret's data when the informer asks for metadata only", async () => {
    const seen: KubeObject[] = [];
    const informer = new Informer({
      rest,
      kind: SecretKind,
      namespace,
      metadataOnly: true,
      project: (obj: KubeObject) => {
        seen.push(obj);
        return obj.metadata.resourceVersion;
      },
      logger: pino({ level: "silent" }),
    });
    const changed: string[] = [];
    informer.addHandler({
      onAdd: (key) => changed.push(`add:${key}`),
      onUpdate: (key) => changed.push(`update:${key}`),
      onDelete: (key) => changed.push(`delete:${key}`),
    });
    informer.start();
    try {
      assert.ok(await informer.waitForSync());
      await core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: "watched" }, stringData: { password: "watched-secret-value" } },
      });
      await core.replaceNamespacedSecret({
        namespace,
        name: "watched",
        body: { metadata: { name: "watched" }, stringData: { password: "rotated-secret-value" } },
      });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !changed.includes(`update:${namespace}/watched`))
        await sleep(50);
    } finally {
      await informer.stop();
    }
    assert.ok(changed.includes(`add:${namespace}/listed`), changed.join(" "));
    assert.ok(changed.includes(`update:${namespace}/watched`), changed.join(" "));
    const text = JSON.stringify(seen);
    assert.doesNotMatch(text, /secret-value|cGFzc3dvcmQ|"data"/);
    assert.ok(
      seen.every((o) => o.metadata.name !== undefined && o.metadata.resourceVersion !== undefined),
    );
  });
});
