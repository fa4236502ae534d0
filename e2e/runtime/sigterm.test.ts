import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import type { KubeConfig } from "@kubernetes/client-node";
import { createTestNamespace, installCrds, sharedControlPlane } from "../harness/index.ts";
import { LeaseLock, RestClient, ResourceClient } from "../../operator/runtime/index.ts";
import { WIDGET_CRD, Widget, eventually, widget } from "./widget.ts";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "sigterm-manager.ts");

void describe("runtime: SIGTERM", () => {
  let kc: KubeConfig;
  let kubeconfigPath: string;
  let namespace: string;
  const rest: RestClient[] = [];

  before(async () => {
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    kubeconfigPath = plane.info.kubeconfigPath;
    await installCrds(kc, [WIDGET_CRD]);
    namespace = await createTestNamespace(kc, "rt-sigterm");
  });

  after(async () => {
    await Promise.all(rest.map((r) => r.close()));
  });

  void it("should finish the in-flight reconcile, release the lease and exit by itself when sent SIGTERM", async () => {
    const child = spawn(process.execPath, [FIXTURE, kubeconfigPath, namespace], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const events: string[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => {
      events.push((JSON.parse(line) as { event: string }).event);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await eventually(() => events.includes("leading"), 20_000);

    const client = new ResourceClient(new RestClient(kc), Widget);
    await client.create(widget(namespace, "slow", 7));
    await eventually(() => events.includes("reconcile-start"), 10_000);
    const sentAt = Date.now();
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<"hung">((resolve) => {
      timer = setTimeout(() => {
        resolve("hung");
      }, 15_000);
    });
    const code = await Promise.race([exited, hung]);
    clearTimeout(timer);
    const exitMs = Date.now() - sentAt;
    if (code === "hung") child.kill("SIGKILL");

    assert.equal(code, 0, `exit code ${String(code)}`);
    assert.deepEqual(events, ["leading", "reconcile-start", "reconcile-end", "stopped"]);
    assert.equal((await client.get(namespace, "slow")).status?.observedValue, 7);
    const lease = await new LeaseLock(new RestClient(kc), {
      namespace,
      name: "sigterm-leader",
      identity: "reader",
    }).get();
    assert.equal(lease?.spec?.holderIdentity, undefined, "the lease was released");
    console.log(
      `# SIGTERM: exited ${exitMs} ms after the signal with the in-flight reconcile finished`,
    );
  });
});
