import type { KubeObject } from "../resource/object.ts";
import type { ResourceKind } from "../resource/resource-kind.ts";
import { PatchType } from "./rest-client.ts";
import type { Query, RestClient } from "./rest-client.ts";

/**
 * One page of a list.
 * @public
 */
export interface ObjectList<TObject> {
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items: TObject[];
}

/**
 * A typed client for one kind: CRUD, patches and the `/status` subresource.
 * @public
 */
export class ResourceClient<TObject extends KubeObject> {
  readonly #rest: RestClient;
  /** The kind this client works on. */
  readonly kind: ResourceKind<unknown, unknown, TObject>;

  /** Creates a client for `kind` over `rest`. */
  constructor(rest: RestClient, kind: ResourceKind<unknown, unknown, TObject>) {
    this.#rest = rest;
    this.kind = kind;
  }

  /** Reads one object. Throws an `ApiError` 404 when it does not exist. */
  get(namespace: string, name: string): Promise<TObject> {
    return this.#rest.request("GET", this.kind.objectPath(namespace, name));
  }

  /** Reads one page of the collection (all namespaces when `namespace` is empty). */
  list(namespace = "", query: Query = {}): Promise<ObjectList<TObject>> {
    return this.#rest.request("GET", this.kind.collectionPath(namespace), { query });
  }

  /** Creates an object in its own namespace. */
  create(obj: TObject): Promise<TObject> {
    const body = { apiVersion: this.kind.apiVersion, kind: this.kind.kind, ...obj };
    const path = this.kind.collectionPath(obj.metadata.namespace ?? "");
    return this.#rest.request("POST", path, { body });
  }

  /** Replaces an object; its `metadata.resourceVersion` makes the write conditional. */
  replace(obj: TObject): Promise<TObject> {
    return this.#rest.request("PUT", this.#path(obj), { body: this.#withType(obj) });
  }

  /** Patches an object (JSON merge patch unless `type` says otherwise). */
  patch(namespace: string, name: string, body: unknown, type: PatchType = PatchType.merge) {
    const path = this.kind.objectPath(namespace, name);
    return this.#rest.request<TObject>("PATCH", path, { body, contentType: type });
  }

  /** Deletes an object. Throws an `ApiError` 404 when it does not exist. */
  async delete(namespace: string, name: string): Promise<void> {
    await this.#rest.request("DELETE", this.kind.objectPath(namespace, name));
  }

  /** Replaces the status through the `/status` subresource (conditional on resourceVersion). */
  replaceStatus(obj: TObject): Promise<TObject> {
    const path = this.#path(obj, "status");
    return this.#rest.request("PUT", path, { body: this.#withType(obj) });
  }

  /** Patches the status through the `/status` subresource. */
  patchStatus(namespace: string, name: string, body: unknown, type: PatchType = PatchType.merge) {
    const path = this.kind.objectPath(namespace, name, "status");
    return this.#rest.request<TObject>("PATCH", path, { body, contentType: type });
  }

  #path(obj: TObject, subresource?: string): string {
    const { namespace = "", name = "" } = obj.metadata;
    return this.kind.objectPath(namespace, name, subresource);
  }

  #withType(obj: TObject): TObject {
    return { ...obj, apiVersion: this.kind.apiVersion, kind: this.kind.kind };
  }
}
