/**
 * What the signing service needs to know about a CA, from DescribeCertificateAuthority, kept
 * per CA ARN for a TTL so a burst of requests costs one Describe call, not one each.
 */
import type { Clock } from "./clock.ts";
import { systemClock } from "./clock.ts";

/** The facts about a CA the signing service uses. @public */
export interface CaFacts {
  /** The CA's ARN. */
  readonly arn: string;
  /** CA status, e.g. `ACTIVE`. */
  readonly status: string | undefined;
  /** Key algorithm, e.g. `EC_prime256v1`. */
  readonly keyAlgorithm: string | undefined;
  /** The signing algorithm requests to this CA are sent with. */
  readonly signingAlgorithm: string;
  /** End of the CA certificate's validity, epoch ms. */
  readonly notAfterMs: number | undefined;
  /** Whether the CA is in SHORT_LIVED_CERTIFICATE mode. */
  readonly shortLived: boolean;
}

/** Default time a CA's facts stay cached: five minutes. @public */
export const DEFAULT_CA_CACHE_TTL_MS = 5 * 60_000;

interface Slot {
  readonly expiresAtMs: number;
  readonly facts: Promise<CaFacts>;
}

/**
 * A TTL cache of {@link CaFacts} by CA ARN. Concurrent misses for one CA share one load; a
 * failed load is not cached.
 * @public
 */
export class CaCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #slots = new Map<string, Slot>();

  /** @param ttlMs - how long facts stay fresh (default {@link DEFAULT_CA_CACHE_TTL_MS}). */
  constructor(ttlMs: number = DEFAULT_CA_CACHE_TTL_MS, clock: Clock = systemClock) {
    if (!(ttlMs >= 0)) throw new Error("ca cache: ttlMs must be zero or more");
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The cached facts of `arn`, or those `load` returns when missing or stale. */
  get(arn: string, load: () => Promise<CaFacts>): Promise<CaFacts> {
    const now = this.#clock.now();
    const slot = this.#slots.get(arn);
    if (slot !== undefined && slot.expiresAtMs > now) return slot.facts;

    const facts = load();
    const fresh: Slot = { expiresAtMs: now + this.#ttlMs, facts };
    this.#slots.set(arn, fresh);
    facts.catch(() => {
      // The caller sees the rejection through the returned promise; only forget it here.
      if (this.#slots.get(arn) === fresh) this.#slots.delete(arn);
    });
    return facts;
  }

  /** Forgets `arn`, e.g. after AWS rejected arguments derived from its facts. */
  invalidate(arn: string): void {
    this.#slots.delete(arn);
  }
}
