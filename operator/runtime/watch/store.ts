/**
 * One cached object: its resourceVersion and the projection the controller chose to keep.
 * @public
 */
export interface StoreEntry<TProj> {
  readonly resourceVersion: string;
  readonly value: TProj;
}

/**
 * What changed when a store was replaced by a fresh list.
 * @internal
 */
export interface StoreDiff<TProj> {
  readonly added: [string, TProj][];
  readonly updated: [string, TProj, TProj][];
  readonly deleted: [string, TProj][];
}

/**
 * A cache of projections keyed by `namespace/name` (or `name` when cluster-scoped).
 * Holding a projection instead of the object keeps memory proportional to what
 * reconcilers need.
 * @public
 */
export class Store<TProj> {
  readonly #entries = new Map<string, StoreEntry<TProj>>();

  /** The number of cached objects. */
  get size(): number {
    return this.#entries.size;
  }

  /** The projection cached under `key`. */
  get(key: string): TProj | undefined {
    return this.#entries.get(key)?.value;
  }

  /** The entry (projection and resourceVersion) cached under `key`. */
  getEntry(key: string): StoreEntry<TProj> | undefined {
    return this.#entries.get(key);
  }

  /** Every cached key. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Every cached projection. */
  list(): TProj[] {
    return [...this.#entries.values()].map((e) => e.value);
  }

  /** @internal Stores an entry and returns the one it replaced. */
  set(key: string, entry: StoreEntry<TProj>): StoreEntry<TProj> | undefined {
    const previous = this.#entries.get(key);
    this.#entries.set(key, entry);
    return previous;
  }

  /** @internal Removes an entry and returns it. */
  delete(key: string): StoreEntry<TProj> | undefined {
    const previous = this.#entries.get(key);
    this.#entries.delete(key);
    return previous;
  }

  /**
   * @internal Replaces the whole content with a fresh list and reports what changed. An entry
   * whose resourceVersion did not change is not reported, so a relist after 410 only
   * produces work for objects that really changed.
   */
  replace(fresh: Map<string, StoreEntry<TProj>>): StoreDiff<TProj> {
    const diff: StoreDiff<TProj> = { added: [], updated: [], deleted: [] };
    for (const [key, old] of this.#entries) {
      if (!fresh.has(key)) diff.deleted.push([key, old.value]);
    }
    for (const [key, entry] of fresh) {
      const old = this.#entries.get(key);
      if (old === undefined) diff.added.push([key, entry.value]);
      else if (old.resourceVersion !== entry.resourceVersion) {
        diff.updated.push([key, old.value, entry.value]);
      }
    }
    this.#entries.clear();
    for (const [key, entry] of fresh) this.#entries.set(key, entry);
    return diff;
  }
}
