import { isDeepStrictEqual } from "node:util";
import { isConflict, isNotFound } from "../client/api-error.ts";
import type { ResourceClient } from "../client/resource-client.ts";
import type { KubeObject, ObjectRef } from "../resource/object.ts";

/**
 * How a status write ended. None of these is an error: a conflict that outlives every retry
 * is reported, not thrown, and the caller normally returns `{ requeueAfterMs }`.
 * @public
 */
export type StatusOutcome<TObject> =
  | { readonly outcome: "updated"; readonly object: TObject }
  | { readonly outcome: "unchanged"; readonly object: TObject }
  | { readonly outcome: "gone" }
  | { readonly outcome: "conflict" };

/**
 * Options of {@link updateStatus}.
 * @public
 */
export interface UpdateStatusOptions {
  /** Read-compute-write attempts before reporting `conflict`. Default: 5. */
  readonly maxAttempts?: number;
}

/**
 * Computes a status from the latest object and writes it through `/status` with the object's
 * resourceVersion. On a conflict it reads the object again and recomputes, so `compute` must
 * be a pure function of the object it is given. Returning `undefined` (or an equal status)
 * skips the write. A deleted object yields `gone`.
 * @public
 */
export async function updateStatus<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  ref: ObjectRef,
  compute: (current: TObject) => TObject["status"] | undefined,
  opts: UpdateStatusOptions = {},
): Promise<StatusOutcome<TObject>> {
  const attempts = opts.maxAttempts ?? 5;
  for (let i = 0; i < attempts; i++) {
    const result = await attempt(client, ref, compute);
    if (result !== undefined) return result;
  }
  return { outcome: "conflict" };
}

/** One read-compute-write; `undefined` means a conflict worth retrying. */
async function attempt<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  ref: ObjectRef,
  compute: (current: TObject) => TObject["status"] | undefined,
): Promise<StatusOutcome<TObject> | undefined> {
  try {
    const current = await client.get(ref.namespace, ref.name);
    const status = compute(current);
    if (status === undefined || isDeepStrictEqual(status, current.status)) {
      return { outcome: "unchanged", object: current };
    }
    const object = await client.replaceStatus({ ...current, status });
    return { outcome: "updated", object };
  } catch (err) {
    if (isNotFound(err)) return { outcome: "gone" };
    if (isConflict(err)) return undefined;
    throw err;
  }
}

/**
 * Merge-patches the status through `/status` without a resourceVersion: the fields in
 * `patch` win, other fields are kept, and no conflict can occur. A deleted object yields `gone`.
 * @public
 */
export async function patchStatus<TObject extends KubeObject>(
  client: ResourceClient<TObject>,
  ref: ObjectRef,
  patch: unknown,
): Promise<StatusOutcome<TObject>> {
  try {
    const object = await client.patchStatus(ref.namespace, ref.name, { status: patch });
    return { outcome: "updated", object };
  } catch (err) {
    if (isNotFound(err)) return { outcome: "gone" };
    throw err;
  }
}
