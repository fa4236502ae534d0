/**
 * An owner reference, as in `metav1.OwnerReference`.
 * @public
 */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/**
 * Object metadata as it appears in JSON (times are RFC 3339 strings).
 * @public
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

/**
 * Any Kubernetes object with typed `spec` and `status`.
 * @public
 */
export interface KubeObject<TSpec = unknown, TStatus = unknown> {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: TSpec;
  status?: TStatus;
}

/**
 * The namespace and name of an object; `namespace` is empty for cluster-scoped objects.
 * @public
 */
export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The store and queue key of an object: `namespace/name`, or `name` when cluster-scoped.
 * @public
 */
export function objectKey(ref: ObjectRef): string {
  return ref.namespace === "" ? ref.name : `${ref.namespace}/${ref.name}`;
}

/**
 * The key of an object from its metadata.
 * @public
 */
export function keyOf(obj: { metadata?: ObjectMeta }): string {
  return objectKey(refOf(obj));
}

/**
 * The namespace and name of an object from its metadata.
 * @public
 */
export function refOf(obj: { metadata?: ObjectMeta }): ObjectRef {
  return { namespace: obj.metadata?.namespace ?? "", name: obj.metadata?.name ?? "" };
}

/**
 * Splits a key made by {@link objectKey}.
 * @public
 */
export function parseKey(key: string): ObjectRef {
  const slash = key.indexOf("/");
  if (slash < 0) return { namespace: "", name: key };
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
