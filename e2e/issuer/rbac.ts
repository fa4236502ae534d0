/**
 * The least privilege the issuer controllers run with in the e2e tests: the ClusterRole rules a
 * deployment needs for the `awspcaissuer` and `awspcaclusterissuer` controllers alone.
 * @internal
 */
import type { V1PolicyRule } from "@kubernetes/client-node";

/**
 * - issuers: read and watch them; `patch` adds and removes the finalizer (merge patch).
 * - issuers' `/status`: `update` writes status with the object's resourceVersion.
 * - Secrets: `get` for credentials, `list`/`watch` for the Secret watch. The runtime's informer
 *   lists cluster-wide; it keeps only key and resourceVersion per Secret, never data.
 * - Events (`events.k8s.io/v1`): `create`, and `patch` to count repeats in a series. Events of
 *   cluster issuers go to the `default` namespace, so this is cluster-wide too.
 */
export const ISSUER_CONTROLLER_RULES: V1PolicyRule[] = [
  {
    apiGroups: ["awspca.cert-manager.io"],
    resources: ["awspcaissuers", "awspcaclusterissuers"],
    verbs: ["get", "list", "watch", "patch"],
  },
  {
    apiGroups: ["awspca.cert-manager.io"],
    resources: ["awspcaissuers/status", "awspcaclusterissuers/status"],
    verbs: ["update"],
  },
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
];
