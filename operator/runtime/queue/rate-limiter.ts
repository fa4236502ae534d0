import { systemClock } from "../time/clock.ts";
import type { Clock } from "../time/clock.ts";

/**
 * Decides how long a key waits before it is retried (client-go's `RateLimiter`).
 * @public
 */
export interface RateLimiter<K = string> {
  /** Returns the delay in milliseconds before `key` may be processed again, and records the try. */
  when(key: K): number;
  /** Clears the retry history of `key`, typically after it was processed successfully. */
  forget(key: K): void;
  /** Returns how many times `key` has been rate-limited since it was last forgotten. */
  numRequeues(key: K): number;
}

/**
 * Per-key exponential backoff: `baseDelayMs * 2^failures`, capped at `maxDelayMs`.
 * Defaults are client-go's: 5 ms to 1000 s.
 * @public
 */
export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  readonly #failures = new Map<K, number>();
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  /**
   * @param baseDelayMs - first delay in milliseconds (default 5)
   * @param maxDelayMs - largest delay in milliseconds (default 1,000,000)
   */
  constructor(baseDelayMs = 5, maxDelayMs = 1_000_000) {
    if (baseDelayMs <= 0) throw new RangeError("baseDelayMs must be greater than zero");
    if (maxDelayMs < baseDelayMs) throw new RangeError("maxDelayMs must be at least baseDelayMs");
    this.#baseDelayMs = baseDelayMs;
    this.#maxDelayMs = maxDelayMs;
  }

  /** {@inheritDoc RateLimiter.when} */
  when(key: K): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    // 2^failures overflows to Infinity long before it matters; the cap keeps it finite.
    return Math.min(this.#baseDelayMs * 2 ** failures, this.#maxDelayMs);
  }

  /** {@inheritDoc RateLimiter.forget} */
  forget(key: K): void {
    this.#failures.delete(key);
  }

  /** {@inheritDoc RateLimiter.numRequeues} */
  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}

/**
 * An overall token bucket shared by all keys: `qps` tokens per second, at most `burst` saved.
 * Each `when` reserves one token and returns how long to wait for it. Defaults: 10 qps, burst 100.
 * @public
 */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  /**
   * @param qps - tokens added per second (default 10)
   * @param burst - bucket size (default 100)
   * @param clock - time source (default the system clock)
   */
  constructor(qps = 10, burst = 100, clock: Clock = systemClock) {
    if (qps <= 0) throw new RangeError("qps must be greater than zero");
    if (burst < 1) throw new RangeError("burst must be at least 1");
    this.#qps = qps;
    this.#burst = burst;
    this.#clock = clock;
    this.#tokens = burst;
    this.#last = clock.now();
  }

  /** {@inheritDoc RateLimiter.when} */
  when(): number {
    const now = this.#clock.now();
    const refill = ((now - this.#last) * this.#qps) / 1000;
    this.#tokens = Math.min(this.#burst, this.#tokens + refill);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens * 1000) / this.#qps);
  }

  /** Does nothing: the bucket keeps no per-key state. */
  forget(): void {
    // The bucket is shared by all keys; there is nothing to forget per key.
  }

  /** Always 0: the bucket keeps no per-key state. */
  numRequeues(): number {
    return 0;
  }
}

/**
 * Combines limiters: waits the longest of their delays; forgets in all of them.
 * @public
 */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  readonly #limiters: readonly RateLimiter<K>[];

  /** @param limiters - at least one limiter */
  constructor(...limiters: RateLimiter<K>[]) {
    if (limiters.length === 0) throw new RangeError("limiters must not be empty");
    this.#limiters = limiters;
  }

  /** {@inheritDoc RateLimiter.when} */
  when(key: K): number {
    return Math.max(...this.#limiters.map((l) => l.when(key)));
  }

  /** {@inheritDoc RateLimiter.forget} */
  forget(key: K): void {
    for (const l of this.#limiters) l.forget(key);
  }

  /** {@inheritDoc RateLimiter.numRequeues} */
  numRequeues(key: K): number {
    return Math.max(...this.#limiters.map((l) => l.numRequeues(key)));
  }
}

/**
 * client-go's default controller rate limiter: the max of a per-key exponential limiter
 * (5 ms to 1000 s) and a token bucket (10 qps, burst 100).
 * @public
 */
export function defaultControllerRateLimiter<K = string>(
  clock: Clock = systemClock,
): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter<K>(5, 1_000_000),
    new BucketRateLimiter<K>(10, 100, clock),
  );
}
