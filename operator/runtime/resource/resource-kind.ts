import type { KubeObject } from "./object.ts";

/**
 * Whether objects of a kind live in a namespace.
 * @public
 */
export type Scope = "Namespaced" | "Cluster";

/**
 * What identifies a kind on the API server.
 * @public
 */
export interface ResourceKindSpec {
  /** API group; empty for the core group (`v1`). */
  readonly group: string;
  /** API version, e.g. `v1beta1`. */
  readonly version: string;
  /** Kind, e.g. `AWSPCAIssuer`. */
  readonly kind: string;
  /** Lower-case plural resource name, e.g. `awspcaissuers`. */
  readonly plural: string;
  /** `Namespaced` or `Cluster`. */
  readonly scope: Scope;
}

/**
 * A typed descriptor of one kind: its identity on the API server and, as type parameters,
 * the TypeScript types of its spec, status and whole object. Controllers, informers and
 * clients are declared from it.
 *
 * @example
 * ```ts
 * const Widget = new ResourceKind<WidgetSpec, WidgetStatus>({
 *   group: "example.com", version: "v1", kind: "Widget", plural: "widgets", scope: "Namespaced",
 * });
 * ```
 * @public
 */
export class ResourceKind<
  TSpec = unknown,
  TStatus = unknown,
  TObject extends KubeObject = KubeObject<TSpec, TStatus>,
> implements ResourceKindSpec {
  /** {@inheritDoc ResourceKindSpec.group} */
  readonly group: string;
  /** {@inheritDoc ResourceKindSpec.version} */
  readonly version: string;
  /** {@inheritDoc ResourceKindSpec.kind} */
  readonly kind: string;
  /** {@inheritDoc ResourceKindSpec.plural} */
  readonly plural: string;
  /** {@inheritDoc ResourceKindSpec.scope} */
  readonly scope: Scope;
  /** Type-only marker carrying the object type; never set at run time. */
  declare readonly object?: TObject;

  /** Describes a kind. */
  constructor(spec: ResourceKindSpec) {
    this.group = spec.group;
    this.version = spec.version;
    this.kind = spec.kind;
    this.plural = spec.plural;
    this.scope = spec.scope;
  }

  /** `group/version`, or `version` for the core group. */
  get apiVersion(): string {
    return this.group === "" ? this.version : `${this.group}/${this.version}`;
  }

  /** Whether objects of this kind live in a namespace. */
  get namespaced(): boolean {
    return this.scope === "Namespaced";
  }

  /** The path of the collection, in one namespace or (when omitted or empty) all of them. */
  collectionPath(namespace?: string): string {
    const root = this.group === "" ? `/api/${this.version}` : `/apis/${this.apiVersion}`;
    const ns = this.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
    return `${root}${ns}/${this.plural}`;
  }

  /** The path of one object, optionally of one of its subresources (e.g. `status`). */
  objectPath(namespace: string, name: string, subresource?: string): string {
    const base = `${this.collectionPath(namespace)}/${encodeURIComponent(name)}`;
    return subresource === undefined ? base : `${base}/${subresource}`;
  }
}

/**
 * The object type a {@link ResourceKind} describes.
 * @public
 */
export type ObjectOf<R> = R extends ResourceKind<unknown, unknown, infer O> ? O : never;
