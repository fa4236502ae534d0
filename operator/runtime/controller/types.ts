import type { Logger } from "pino";
import type { RateLimiter } from "../queue/rate-limiter.ts";
import type { KubeObject } from "../resource/object.ts";
import type { ResourceKind } from "../resource/resource-kind.ts";
import type { Selection } from "../watch/list-watch.ts";

/**
 * What a reconcile returns: `undefined` (done: forget the retry history) or
 * `{ requeueAfterMs }` (done for now; reconcile again after that delay, with the retry history
 * forgotten). To retry with backoff, throw; to stop retrying, throw a `TerminalError`.
 * @public
 */
export type ReconcileResult = undefined | { readonly requeueAfterMs: number };

/**
 * The key handed to a reconciler, with the cached projection of the object.
 * @public
 */
export interface ReconcileRequest<TProj> {
  /** `namespace/name`, or `name` for cluster-scoped kinds. */
  readonly key: string;
  /** Empty for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  /** The projection in the cache; `undefined` when the object is gone (or not yet seen). */
  readonly cached: TProj | undefined;
}

/**
 * Per-reconcile context.
 * @public
 */
export interface ReconcileContext {
  /** A child logger carrying controller, namespace, name, reconcileId and reason. */
  readonly logger: Logger;
  /** A fresh id for this reconcile, also in every log line of `logger`. */
  readonly reconcileId: string;
  /** Why the key was queued: `added`, `updated`, `deleted`, `resync`, `retry`, `requeueAfter`, `mapped:<Kind>`. */
  readonly reason: string;
  /** Aborted when the manager's grace period ends during shutdown or the lease is lost. */
  readonly signal: AbortSignal;
}

/**
 * Converges one object. It reads state, acts, and returns a {@link ReconcileResult}; it must be
 * idempotent, because a key may be reconciled again at any time.
 * @public
 */
export type Reconciler<TProj> = (
  request: ReconcileRequest<TProj>,
  ctx: ReconcileContext,
) => Promise<ReconcileResult>;

/**
 * The kind a controller reconciles.
 * @public
 */
export interface PrimarySpec<TObject extends KubeObject, TProj> extends Selection {
  readonly kind: ResourceKind<unknown, unknown, TObject>;
  /** What the cache keeps per object; the reconciler receives it as `cached`. */
  readonly project: (obj: TObject) => TProj;
  /**
   * Whether an update queues the key; default: always. For example
   * `(a, b) => a.generation !== b.generation` ignores writes that only touched status.
   * Adds, deletes and resyncs always queue.
   */
  readonly predicate?: (oldValue: TProj, newValue: TProj) => boolean;
}

/**
 * A related kind whose changes queue keys of the primary kind.
 * @public
 */
export interface RelatedSpec<TObject extends KubeObject, TProj> extends Selection {
  readonly kind: ResourceKind<unknown, unknown, TObject>;
  /** What the cache keeps per related object; keep it small (e.g. for Secrets). */
  readonly project: (obj: TObject) => TProj;
  /** The primary keys to reconcile when the related object identified by `key` changes. */
  readonly mapToKeys: (value: TProj, key: string) => readonly string[];
}

/**
 * A related watch with its types erased, so a controller can hold several kinds.
 * Build it with {@link watches}.
 * @public
 */
export interface RelatedWatch {
  readonly kind: ResourceKind<unknown, unknown, KubeObject>;
  readonly selection: Selection;
  readonly project: (obj: KubeObject) => unknown;
  readonly mapToKeys: (value: unknown, key: string) => readonly string[];
}

/**
 * Erases the types of a {@link RelatedSpec} for {@link ControllerSpec.watches}.
 * @public
 */
export function watches<TObject extends KubeObject, TProj>(
  spec: RelatedSpec<TObject, TProj>,
): RelatedWatch {
  const { namespace, labelSelector, fieldSelector } = spec;
  return {
    kind: spec.kind,
    selection: { namespace, labelSelector, fieldSelector, metadataOnly: spec.metadataOnly },
    project: (obj) => spec.project(obj as TObject),
    mapToKeys: (value, key) => spec.mapToKeys(value as TProj, key),
  };
}

/**
 * A controller's declaration.
 * @public
 */
export interface ControllerSpec<TObject extends KubeObject, TProj> {
  /** Unique name; the `controller` label of metrics and logs, and the queue's name. */
  readonly name: string;
  /** The reconciled kind. */
  readonly for: PrimarySpec<TObject, TProj>;
  /** Related kinds mapped to primary keys. */
  readonly watches?: readonly RelatedWatch[];
  /** The reconcile function. */
  readonly reconcile: Reconciler<TProj>;
  /** Keys reconciled at once (different keys only). Default: 1. */
  readonly maxConcurrentReconciles?: number;
  /** Retry delays. Default: client-go's (max of 5 ms→1000 s per key and 10 qps/100 burst). */
  readonly rateLimiter?: RateLimiter;
  /** Periodic resync of every cached primary object, in ms; 0 disables. Default: 10 hours. */
  readonly resyncPeriodMs?: number;
}

/**
 * Declares a controller; an identity function that lets TypeScript infer the types.
 * @public
 */
export function defineController<TObject extends KubeObject, TProj>(
  spec: ControllerSpec<TObject, TProj>,
): ControllerSpec<TObject, TProj> {
  return spec;
}
