import type { Lease, LeaseSpec, ResourceLock } from "./lease-lock.ts";

/** An in-memory lease store shared by several fake locks, with resourceVersion conflicts. */
export class FakeLeaseStore {
  lease: Lease | undefined;
  failing = false;
  hanging = false;
  #rv = 0;

  lock(identity: string): ResourceLock {
    return {
      namespace: "ns",
      name: "lock",
      identity,
      description: "ns/lock",
      get: () =>
        this.#guard(() => (this.lease === undefined ? undefined : structuredClone(this.lease))),
      create: (spec) => this.#guard(() => (this.lease === undefined ? this.#put(spec) : undefined)),
      update: (current, spec) =>
        this.#guard(() =>
          current.metadata.resourceVersion === this.lease?.metadata.resourceVersion
            ? this.#put(spec)
            : undefined,
        ),
    };
  }

  #put(spec: LeaseSpec): Lease {
    this.#rv++;
    this.lease = {
      metadata: { name: "lock", namespace: "ns", resourceVersion: String(this.#rv) },
      spec,
    };
    return structuredClone(this.lease);
  }

  #guard<T>(fn: () => T): Promise<T> {
    if (this.hanging) return new Promise(() => undefined);
    if (this.failing) return Promise.reject(new Error("api server unavailable"));
    return Promise.resolve(fn());
  }
}
