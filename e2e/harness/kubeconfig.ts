import { KubeConfig } from "@kubernetes/client-node";
import { stringify } from "yaml";
import type { CertifiedKey } from "./pki.ts";

const b64 = (text: string): string => Buffer.from(text).toString("base64");

/** The facts a kubeconfig for the local control plane is built from. */
export interface KubeconfigSpec {
  server: string;
  caPem: string;
  user: CertifiedKey;
  userName: string;
}

/** Renders a kubeconfig file with a single cluster, user and current context. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "awspca-e2e",
        cluster: { server: spec.server, "certificate-authority-data": b64(spec.caPem) },
      },
    ],
    users: [
      {
        name: spec.userName,
        user: {
          "client-certificate-data": b64(spec.user.certPem),
          "client-key-data": b64(spec.user.keyPem),
        },
      },
    ],
    contexts: [{ name: "awspca-e2e", context: { cluster: "awspca-e2e", user: spec.userName } }],
    "current-context": "awspca-e2e",
  });
}

/** Renders a kubeconfig that authenticates with a bearer token, e.g. a ServiceAccount's. */
export function renderTokenKubeconfig(server: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "awspca-e2e", cluster: { server, "certificate-authority-data": b64(caPem) } },
    ],
    users: [{ name: "token-user", user: { token } }],
    contexts: [{ name: "awspca-e2e", context: { cluster: "awspca-e2e", user: "token-user" } }],
    "current-context": "awspca-e2e",
  });
}

/** Loads a kubeconfig file into a client-node KubeConfig. */
export function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}
