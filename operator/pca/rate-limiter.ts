/**
 * The client-side rate limiter in front of AWS Private CA: one token bucket per (quota scope,
 * operation), shared by every issuer that signs with CAs in that scope, so a burst of requests
 * waits its turn instead of being throttled (and then retried, which costs more quota).
 * See docs/adr/0014-client-side-rate-limit.md.
 */
import { RateLimitedError } from "./errors.ts";
import type { Clock, Delay } from "./clock.ts";
import { realDelay, systemClock } from "./clock.ts";
import { TokenBucket } from "./token-bucket.ts";

/** Per-operation rate of {@link RateLimiterOptions.rates}. @public */
export interface OperationRate {
  /** Calls per second; 0 or less means unlimited. */
  readonly ratePerSecond: number;
  /** Calls allowed at once after a quiet period (default: one second's worth). */
  readonly burst?: number;
}

/**
 * Default rates: 80 % of the default PCA quotas (facts §5: IssueCertificate 25/s,
 * GetCertificate 75/s, DescribeCertificateAuthority 20/s), leaving room for other clients of
 * the same account. Operations not listed are not limited.
 * @public
 */
export const DEFAULT_OPERATION_RATES: Readonly<Record<string, OperationRate>> = {
  IssueCertificate: { ratePerSecond: 24 },
  GetCertificate: { ratePerSecond: 72 },
  DescribeCertificateAuthority: { ratePerSecond: 10 },
};

/**
 * What one bucket is shared over. PCA's quotas are per account and region, so `account`
 * (the default) makes every CA of one account and region share a bucket; `ca` gives each CA
 * its own bucket.
 * @public
 */
export type RateLimitScope = "account" | "ca";

/** Options of {@link RateLimiter}. @public */
export interface RateLimiterOptions {
  /** Whether limiting is on (default true). `--disable-client-side-rate-limiting` sets false. */
  readonly enabled?: boolean;
  /** Rates by operation name; merged over {@link DEFAULT_OPERATION_RATES}. */
  readonly rates?: Readonly<Record<string, OperationRate>>;
  /** Sharing scope of a bucket (default `account`). */
  readonly scope?: RateLimitScope;
  /** Clock (default the wall clock). */
  readonly clock?: Clock;
  /** Delay (default `setTimeout`). */
  readonly delay?: Delay;
}

/**
 * Per-scope, per-operation token buckets. {@link RateLimiter.acquire} resolves when the call
 * may go out and reports how long it waited.
 * @public
 */
export class RateLimiter {
  readonly #enabled: boolean;
  readonly #rates: Readonly<Record<string, OperationRate>>;
  readonly #scope: RateLimitScope;
  readonly #clock: Clock;
  readonly #delay: Delay;
  readonly #buckets = new Map<string, TokenBucket>();
  /** Reserved slot times by ticket id, in reservation order. */
  readonly #tickets = new Map<string, number>();

  /** @throws Error when a rate's burst is below one. */
  constructor(options: RateLimiterOptions = {}) {
    this.#enabled = options.enabled ?? true;
    this.#rates = { ...DEFAULT_OPERATION_RATES, ...options.rates };
    this.#scope = options.scope ?? "account";
    this.#clock = options.clock ?? systemClock;
    this.#delay = options.delay ?? realDelay;
    for (const [op, rate] of Object.entries(this.#rates)) {
      if (rate.burst !== undefined && rate.burst < 1) {
        throw new Error(`rate limiter: rates.${op}.burst must be at least 1`);
      }
    }
  }

  /** Whether limiting is on. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /**
   * Waits for a token of `operation` in the scope of `caArn`.
   * @returns the milliseconds waited (0 when limiting is off or a token was free).
   * @throws the signal's reason when `signal` aborts while waiting; the token is given back.
   */
  async acquire(
    caArn: string,
    operation: string,
    signal?: AbortSignal,
    ticket?: RateLimitTicket,
  ): Promise<number> {
    const bucket = this.#bucket(caArn, operation);
    if (bucket === undefined) return 0;

    const now = this.#clock.now();
    const held = ticket === undefined ? undefined : this.#tickets.get(ticket.id);
    if (ticket !== undefined && held !== undefined) {
      this.#tickets.delete(ticket.id);
      const remainingMs = Math.max(0, held - now);
      if (remainingMs > 0) await this.#delay(remainingMs, signal);
      return remainingMs;
    }
    const waitMs = bucket.reserve(now);
    if (waitMs <= 0) return 0;
    if (ticket !== undefined && waitMs > ticket.maxWaitMs) {
      this.#hold(ticket.id, now + waitMs, now);
      throw new RateLimitedError(operation, waitMs);
    }
    try {
      await this.#delay(waitMs, signal);
    } catch (err) {
      bucket.cancel(this.#clock.now());
      throw err;
    }
    return waitMs;
  }

  // Slots whose holder never came back (a deleted request) just pass unused; forgetting them
  // after a minute keeps the map small.
  #hold(id: string, atMs: number, now: number): void {
    this.#tickets.set(id, atMs);
    for (const [key, at] of this.#tickets) {
      if (at > now - TICKET_TTL_MS) break;
      this.#tickets.delete(key);
    }
  }

  #bucket(caArn: string, operation: string): TokenBucket | undefined {
    const rate = this.#rates[operation];
    if (!this.#enabled || rate === undefined || rate.ratePerSecond <= 0) return undefined;

    const key = `${scopeKey(caArn, this.#scope)}|${operation}`;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      const burst = rate.burst ?? Math.max(1, Math.floor(rate.ratePerSecond));
      bucket = new TokenBucket(rate.ratePerSecond, burst, this.#clock.now());
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}

/** How long a reserved slot is kept for a ticket that does not come back. */
const TICKET_TTL_MS = 60_000;

/**
 * Lets a caller that cannot afford to wait long (a controller worker) hold its place instead:
 * when the slot is more than `maxWaitMs` away, {@link RateLimiter.acquire} keeps it for `id`
 * and throws {@link RateLimitedError}; the next acquire with the same id takes that slot.
 * @public
 */
export interface RateLimitTicket {
  /** Identifies the caller across attempts, e.g. the request's UID. */
  readonly id: string;
  /** The longest wait the caller accepts in place, in milliseconds. */
  readonly maxWaitMs: number;
}

/**
 * The bucket key of a CA ARN: `partition:region:account` for scope `account`, the ARN for
 * `ca`, and the ARN whenever it cannot be split.
 * @internal
 */
export function scopeKey(caArn: string, scope: RateLimitScope): string {
  if (scope === "ca") return caArn;
  const parts = caArn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return caArn;
  return `${parts[1] ?? ""}:${parts[3] ?? ""}:${parts[4] ?? ""}`;
}
