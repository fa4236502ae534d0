import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { installCrds } from "./cluster.ts";
import { ControlPlane, type ControlPlaneInfo, type ControlPlaneOptions } from "./control-plane.ts";
import { loadKubeConfig } from "./kubeconfig.ts";

/** Environment variable naming the JSON file that describes the shared control plane. */
export const SHARED_STATE_ENV = "AWSPCA_E2E_CONTROL_PLANE";

/** cert-manager's CRDs (v1.19.6, unmodified), installed into every test control plane. */
export const CERT_MANAGER_CRDS_DIR = path.resolve(
  import.meta.dirname,
  "..",
  "fixtures",
  "crds",
  "cert-manager",
);

/** The CRD files of cert-manager that the harness installs. */
export function certManagerCrdFiles(): string[] {
  return ["certificaterequests", "certificates", "issuers", "clusterissuers"].map((kind) =>
    path.join(CERT_MANAGER_CRDS_DIR, `cert-manager.io_${kind}.yaml`),
  );
}

/** A control plane started elsewhere (by the global setup) that this process uses. */
export interface SharedControlPlane {
  info: ControlPlaneInfo;
  kubeConfig(): KubeConfig;
}

let fallback: Promise<SharedControlPlane> | undefined;

/**
 * The control plane the whole test run shares. `make test` starts it once in the
 * global setup; a test file run on its own starts a private one in this process
 * instead, so `node --test e2e/x.test.ts` works too.
 */
export async function sharedControlPlane(): Promise<SharedControlPlane> {
  const stateFile = process.env[SHARED_STATE_ENV];
  if (stateFile) {
    const info = JSON.parse(readFileSync(stateFile, "utf8")) as ControlPlaneInfo;
    return { info, kubeConfig: () => loadKubeConfig(info.kubeconfigPath) };
  }
  fallback ??= startFallback();
  return fallback;
}

async function startFallback(): Promise<SharedControlPlane> {
  const plane = await startWithCrds();
  plane.unref();
  // The watchdog ends the processes when this process exits; the folder is ours to remove.
  process.once("exit", () => {
    rmSync(plane.info.dir, { recursive: true, force: true });
  });
  return plane;
}

/** Starts a control plane with cert-manager's CRDs installed. */
export async function startWithCrds(): Promise<ControlPlane> {
  const plane = await ControlPlane.start();
  await installCrds(plane.kubeConfig(), certManagerCrdFiles());
  return plane;
}

/** Starts a private control plane (no CRDs), for tests that restart or break it. */
export async function startControlPlane(options?: ControlPlaneOptions): Promise<ControlPlane> {
  return ControlPlane.start(options);
}
