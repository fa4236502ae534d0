import { ApiError } from "../client/api-error.ts";
import type { StatusBody } from "../client/api-error.ts";
import type { Query, RestClient } from "../client/rest-client.ts";
import type { ObjectList } from "../client/resource-client.ts";
import type { KubeObject } from "../resource/object.ts";
import type { ResourceKind } from "../resource/resource-kind.ts";

/**
 * Which objects an informer sees.
 * @public
 */
export interface Selection {
  /** One namespace; empty or omitted for all namespaces (and for cluster-scoped kinds). */
  readonly namespace?: string;
  /** A label selector, e.g. `app=web,tier!=db`. */
  readonly labelSelector?: string;
  /** A field selector, e.g. `metadata.name=x`. */
  readonly fieldSelector?: string;
  /**
   * List and watch `PartialObjectMetadata` only: the server sends metadata, never spec, status
   * or data. For kinds whose content the controller must not hold, such as Secrets.
   */
  readonly metadataOnly?: boolean;
}

/** Accept headers that ask the API server for metadata only. @internal */
export const METADATA_ONLY_ACCEPT = {
  list: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1",
  watch: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1",
} as const;

/**
 * The type of a watch event.
 * @public
 */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/**
 * One decoded watch event.
 * @public
 */
export interface WatchEvent<TObject> {
  readonly type: WatchEventType;
  readonly object: TObject;
}

/**
 * The complete result of a paged list.
 * @internal
 */
export interface ListResult<TObject> {
  readonly items: TObject[];
  readonly resourceVersion: string;
}

/** @internal Lists every page of the selection; the last page's resourceVersion is the list's. */
export async function listAll<TObject extends KubeObject>(
  rest: RestClient,
  kind: ResourceKind<unknown, unknown, TObject>,
  sel: Selection & { readonly pageSize: number; readonly signal: AbortSignal },
): Promise<ListResult<TObject>> {
  const items: TObject[] = [];
  let token: string | undefined;
  let resourceVersion = "";
  do {
    const query: Query = { ...selectors(sel), limit: sel.pageSize, continue: token };
    const path = kind.collectionPath(sel.namespace);
    const page = await rest.request<ObjectList<TObject>>("GET", path, {
      query,
      signal: sel.signal,
      ...(sel.metadataOnly === true ? { accept: METADATA_ONLY_ACCEPT.list } : {}),
    });
    items.push(...page.items);
    resourceVersion = page.metadata.resourceVersion ?? "";
    token = page.metadata.continue === "" ? undefined : page.metadata.continue;
  } while (token !== undefined);
  return { items, resourceVersion };
}

/**
 * @internal Opens a watch from `resourceVersion` with bookmarks and yields decoded events.
 * An `ERROR` event is thrown as an {@link ApiError} carrying its Status code (410 → relist).
 */
export async function* watchEvents<TObject extends KubeObject>(
  rest: RestClient,
  kind: ResourceKind<unknown, unknown, TObject>,
  opts: Selection & { resourceVersion: string; timeoutSeconds: number; signal: AbortSignal },
): AsyncGenerator<WatchEvent<TObject>> {
  const query: Query = {
    ...selectors(opts),
    watch: true,
    allowWatchBookmarks: true,
    resourceVersion: opts.resourceVersion,
    timeoutSeconds: opts.timeoutSeconds,
  };
  const path = kind.collectionPath(opts.namespace);
  const accept = opts.metadataOnly === true ? METADATA_ONLY_ACCEPT.watch : undefined;
  for await (const line of rest.streamLines(path, query, opts.signal, accept)) {
    const event = JSON.parse(line) as WatchEvent<TObject>;
    if (event.type === "ERROR") throw watchError(path, event.object as StatusBody);
    yield event;
  }
}

function watchError(path: string, status: StatusBody): ApiError {
  const code = status.code ?? 500;
  return new ApiError(`watch ${path} ended with error ${code}`, code, status);
}

function selectors(sel: Selection): Query {
  return { labelSelector: sel.labelSelector, fieldSelector: sel.fieldSelector };
}
