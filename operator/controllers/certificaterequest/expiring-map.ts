import type { Clock } from "../../runtime/index.ts";

/**
 * A map whose entries vanish `ttlMs` after they were set. The request controller uses it to
 * remember, per request UID, what its own writes did until the informer's cache shows them;
 * entries of requests deleted meanwhile expire instead of piling up.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(ttlMs: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The live value for `key`, if any. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.#clock.now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Sets `key`, and drops entries that have expired (oldest first, so this stays cheap). */
  set(key: string, value: V): void {
    const now = this.#clock.now();
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: now + this.#ttlMs });
    for (const [k, e] of this.#entries) {
      if (e.expiresAt > now) break;
      this.#entries.delete(k);
    }
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Live and not yet pruned entries. */
  get size(): number {
    return this.#entries.size;
  }
}
