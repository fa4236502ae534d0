import type { KubeObject } from "./object.ts";
import { ResourceKind } from "./resource-kind.ts";

/**
 * A core `v1` Secret as JSON.
 * @public
 */
export interface SecretObject extends KubeObject<never, never> {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/**
 * A core `v1` ConfigMap as JSON.
 * @public
 */
export interface ConfigMapObject extends KubeObject<never, never> {
  data?: Record<string, string>;
}

/**
 * The core `v1` Secret kind. Watch it through a projection: a cluster has many Secrets.
 * @public
 */
export const SecretKind = new ResourceKind<never, never, SecretObject>({
  group: "",
  version: "v1",
  kind: "Secret",
  plural: "secrets",
  scope: "Namespaced",
});

/**
 * The core `v1` ConfigMap kind.
 * @public
 */
export const ConfigMapKind = new ResourceKind<never, never, ConfigMapObject>({
  group: "",
  version: "v1",
  kind: "ConfigMap",
  plural: "configmaps",
  scope: "Namespaced",
});
