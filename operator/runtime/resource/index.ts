export { ResourceKind } from "./resource-kind.ts";
export type { ResourceKindSpec, Scope, ObjectOf } from "./resource-kind.ts";
export { objectKey, keyOf, refOf, parseKey } from "./object.ts";
export type { KubeObject, ObjectMeta, ObjectRef, OwnerReference } from "./object.ts";
export { SecretKind, ConfigMapKind } from "./builtin-kinds.ts";
export type { SecretObject, ConfigMapObject } from "./builtin-kinds.ts";
