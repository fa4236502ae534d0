import { isNotFound } from "../client/api-error.ts";
import type { ResourceClient } from "../client/resource-client.ts";
import { PatchType } from "../client/rest-client.ts";
import type { ReconcileResult } from "../controller/types.ts";
import type { KubeObject } from "../resource/object.ts";

/**
 * One finalizer and its cleanup.
 * @public
 */
export interface Finalizer<TObject> {
  /** The finalizer string, e.g. `example.com/release-lease`. */
  readonly name: string;
  /**
   * Undoes the external effects of the object. It must be idempotent: it runs again after a
   * crash between cleanup and finalizer removal, and after a partial failure.
   */
  cleanup(obj: TObject): Promise<void>;
}

/**
 * Raised when one or more cleanups failed; each failure is in `errors`, in finalizer order.
 * Finalizers whose cleanup succeeded were removed anyway.
 * @public
 */
export class FinalizerError extends AggregateError {
  /** Creates the error for the failed `names`. */
  constructor(errors: unknown[], names: string[]) {
    super(errors, `cleanup failed for finalizers ${names.join(", ")}`);
    this.name = "FinalizerError";
  }
}

/**
 * Runs a reconcile under finalizers (kube-rs and controller-runtime semantics).
 *
 * - Object alive: every finalizer is added (one conditional patch) before `apply` runs, so
 *   no external effect can exist without a finalizer guarding it; then `apply` runs.
 * - Object being deleted: each of our finalizers still present gets its cleanup; the ones
 *   that succeeded are removed in one conditional patch; failures are gathered into a
 *   {@link FinalizerError} (retried with backoff).
 * @public
 */
export async function withFinalizers<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  obj: TObject,
  finalizers: readonly Finalizer<TObject>[],
  apply: (obj: TObject) => Promise<ReconcileResult>,
): Promise<ReconcileResult> {
  if (obj.metadata.deletionTimestamp !== undefined) {
    await cleanup(client, obj, finalizers);
    return undefined;
  }
  const present = obj.metadata.finalizers ?? [];
  const missing = finalizers.map((f) => f.name).filter((n) => !present.includes(n));
  if (missing.length === 0) return apply(obj);
  const updated = await setFinalizers(client, obj, [...present, ...missing]);
  return apply(updated);
}

async function cleanup<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  obj: TObject,
  finalizers: readonly Finalizer<TObject>[],
): Promise<void> {
  const present = obj.metadata.finalizers ?? [];
  const ours = finalizers.filter((f) => present.includes(f.name));
  if (ours.length === 0) return;
  const results = await Promise.allSettled(ours.map((f) => f.cleanup(obj)));
  const done: string[] = [];
  const errors: unknown[] = [];
  const failedNames: string[] = [];
  results.forEach((r, i) => {
    const name = ours[i]?.name ?? "";
    if (r.status === "fulfilled") done.push(name);
    else {
      errors.push(r.reason);
      failedNames.push(name);
    }
  });
  if (done.length > 0)
    await removeGone(
      client,
      obj,
      present.filter((n) => !done.includes(n)),
    );
  if (errors.length > 0) throw new FinalizerError(errors, failedNames);
}

async function removeGone<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  obj: TObject,
  remaining: string[],
): Promise<void> {
  try {
    await setFinalizers(client, obj, remaining);
  } catch (err) {
    // Already gone: the API server deleted it once the last finalizer went away elsewhere.
    if (!isNotFound(err)) throw err;
  }
}

/**
 * Writes the finalizer list. When the object already has finalizers, a JSON patch that first
 * tests the list makes the write conditional on the finalizers alone, so a concurrent status
 * write does not cause a conflict; otherwise the patch carries the resourceVersion.
 */
function setFinalizers<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  obj: TObject,
  finalizers: string[],
): Promise<TObject> {
  const { namespace = "", name = "", resourceVersion } = obj.metadata;
  const current = obj.metadata.finalizers ?? [];
  if (current.length === 0) {
    return client.patch(namespace, name, { metadata: { finalizers, resourceVersion } });
  }
  const ops = [
    { op: "test", path: "/metadata/finalizers", value: current },
    { op: "replace", path: "/metadata/finalizers", value: finalizers },
  ];
  return client.patch(namespace, name, ops, PatchType.json);
}
