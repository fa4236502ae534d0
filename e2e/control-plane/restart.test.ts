import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { CoreV1Api } from "@kubernetes/client-node";
import { ControlPlane } from "../harness/index.ts";

/** Names of etcd and kube-apiserver processes whose arguments mention `dir`. */
function binariesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [argv0 = "", ...args] = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const name = path.basename(argv0).replace(/-v[\d.]+$/, "");
      const isBinary = name === "etcd" || name === "kube-apiserver";
      if (isBinary && args.some((arg) => arg.includes(dir))) found.push(name);
    } catch {
      // the process ended while we looked: it is not an orphan
    }
  }
  return found.sort();
}

describe("control plane: restarts and shutdown", () => {
  let plane: ControlPlane;
  let core: CoreV1Api;

  before(async () => {
    plane = await ControlPlane.start();
    core = plane.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "survivor" }, data: { value: "42" } },
    });
  });

  after(async () => {
    await plane.stop();
  });

  for (const mode of ["graceful", "kill"] as const) {
    it(`should be reachable with its data after a ${mode} API server restart`, async () => {
      await plane.stopApiServer(mode);
      await assert.rejects(
        core.readNamespacedConfigMap({ namespace: "default", name: "survivor" }),
      );
      await plane.startApiServer();
      const cm = await core.readNamespacedConfigMap({ namespace: "default", name: "survivor" });
      assert.equal(cm.data?.value, "42");
    });
  }

  it("should keep its data when etcd is killed and started again", async () => {
    await plane.restartEtcd("kill");
    const deadline = Date.now() + 20_000;
    let value: string | undefined;
    while (Date.now() < deadline && value === undefined) {
      try {
        value = (await core.readNamespacedConfigMap({ namespace: "default", name: "survivor" }))
          .data?.value;
      } catch {
        await sleep(200); // the API server reconnects to etcd on its own
      }
    }
    assert.equal(value, "42");
  });

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`should leave no etcd or kube-apiserver behind when its owner's process group gets ${signal}`, async () => {
      await assertNoOrphans(signal);
    });
  }
});

async function assertNoOrphans(signal: NodeJS.Signals): Promise<void> {
  const harness = path.resolve(import.meta.dirname, "..", "harness", "control-plane.ts");
  const script = `
      const { ControlPlane } = await import(${JSON.stringify(harness)});
      const plane = await ControlPlane.start();
      console.log(plane.info.dir);
      setInterval(() => {}, 1000);
    `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => {
      resolve(chunk.toString().trim());
    });
    child.once("exit", (code) => {
      reject(new Error(`owner exited early with ${code}`));
    });
  });
  try {
    assert.deepEqual(binariesUsing(dir), ["etcd", "kube-apiserver"]);
  } finally {
    // The whole group, as a terminal's Ctrl-C or a CI runner's cleanup would send it.
    process.kill(-(child.pid ?? 0), signal);
  }
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && binariesUsing(dir).length > 0) await sleep(100);
  assert.deepEqual(binariesUsing(dir), []);
}
