/**
 * The hermetic test environment: a real Kubernetes control plane built from Go
 * modules, plus helpers to install CRDs, isolate tests and mint tokens.
 */
export { ControlPlane } from "./control-plane.ts";
export { startControlPlane } from "./shared.ts";
export type { ControlPlaneInfo, ControlPlaneOptions } from "./control-plane.ts";
export {
  createServiceAccount,
  createTestNamespace,
  installCrds,
  isStatus,
  mintToken,
  readCrds,
} from "./cluster.ts";
export type { ServiceAccountSpec, TokenOptions } from "./cluster.ts";
export { loadKubeConfig, renderKubeconfig, renderTokenKubeconfig } from "./kubeconfig.ts";
export { certManagerCrdFiles, sharedControlPlane, startWithCrds } from "./shared.ts";
export type { SharedControlPlane } from "./shared.ts";
export { Cmctl } from "./cmctl.ts";
export type { CertificateManifest, CreatedRequest } from "./cmctl.ts";
export { toolPath, toolsCacheDir } from "./tools.ts";
export { freePort } from "./ports.ts";
