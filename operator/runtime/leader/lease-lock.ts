import { isAlreadyExists, isConflict, isNotFound } from "../client/api-error.ts";
import type { RestClient } from "../client/rest-client.ts";
import type { ObjectMeta } from "../resource/object.ts";

/**
 * The leader record kept in a Lease's spec (`coordination.k8s.io/v1`).
 * @public
 */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** MicroTime: RFC 3339 with microseconds. */
  acquireTime?: string;
  /** MicroTime: RFC 3339 with microseconds. */
  renewTime?: string;
  leaseTransitions?: number;
}

/**
 * A Lease object as JSON.
 * @public
 */
export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: LeaseSpec;
}

/**
 * Formats milliseconds as a `metav1.MicroTime` (`2006-01-02T15:04:05.000000Z`), the only format
 * the API server accepts for Lease times.
 * @public
 */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/**
 * What a `LeaderElector` needs from a lock; {@link LeaseLock} is the real one.
 * @public
 */
export interface ResourceLock {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly description: string;
  /** Reads the record; `undefined` when it does not exist. */
  get(signal?: AbortSignal): Promise<Lease | undefined>;
  /** Creates the record; `undefined` when another replica created it first. */
  create(spec: LeaseSpec, signal?: AbortSignal): Promise<Lease | undefined>;
  /** Writes the record if `current` is the latest; `undefined` on a conflict. */
  update(current: Lease, spec: LeaseSpec, signal?: AbortSignal): Promise<Lease | undefined>;
}

/**
 * Reads and writes one `coordination.k8s.io/v1` Lease with optimistic concurrency.
 * @public
 */
export class LeaseLock implements ResourceLock {
  /** The Lease's namespace. */
  readonly namespace: string;
  /** The Lease's name. */
  readonly name: string;
  /** This replica's identity, written as `holderIdentity`. Must be unique per replica. */
  readonly identity: string;
  readonly #rest: RestClient;

  /** Describes the Lease `namespace/name` held as `identity`. */
  constructor(rest: RestClient, lease: { namespace: string; name: string; identity: string }) {
    this.#rest = rest;
    this.namespace = lease.namespace;
    this.name = lease.name;
    this.identity = lease.identity;
  }

  /** `namespace/name` of the Lease, for logs. */
  get description(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** Reads the Lease; `undefined` when it does not exist. */
  async get(signal?: AbortSignal): Promise<Lease | undefined> {
    try {
      return await this.#rest.request<Lease>("GET", this.#path(this.name), { signal });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Creates the Lease; `undefined` when another replica created it first. */
  async create(spec: LeaseSpec, signal?: AbortSignal): Promise<Lease | undefined> {
    const body: Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.name, namespace: this.namespace },
      spec,
    };
    try {
      return await this.#rest.request<Lease>("POST", this.#path(""), { body, signal });
    } catch (err) {
      if (isAlreadyExists(err)) return undefined;
      throw err;
    }
  }

  /** Replaces the spec if `current` is still the latest version; `undefined` on a conflict. */
  async update(current: Lease, spec: LeaseSpec, signal?: AbortSignal): Promise<Lease | undefined> {
    const body: Lease = { ...current, spec };
    try {
      return await this.#rest.request<Lease>("PUT", this.#path(this.name), { body, signal });
    } catch (err) {
      if (isConflict(err)) return undefined;
      throw err;
    }
  }

  #path(name: string): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
    return name === "" ? base : `${base}/${encodeURIComponent(name)}`;
  }
}
