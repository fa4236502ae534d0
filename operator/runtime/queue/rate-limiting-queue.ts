import { DelayingQueue } from "./delaying-queue.ts";
import type { DelayingQueueOptions } from "./delaying-queue.ts";
import { defaultControllerRateLimiter } from "./rate-limiter.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/**
 * Options of a {@link RateLimitingQueue}.
 * @public
 */
export interface RateLimitingQueueOptions<K> extends DelayingQueueOptions {
  /** Decides retry delays. Default: {@link defaultControllerRateLimiter} on the queue's clock. */
  readonly rateLimiter?: RateLimiter<K>;
}

/**
 * A {@link DelayingQueue} whose retries wait as long as the rate limiter says.
 * @public
 */
export class RateLimitingQueue<K = string> extends DelayingQueue<K> {
  readonly #limiter: RateLimiter<K>;

  /** Creates an empty rate-limited queue. */
  constructor(opts: RateLimitingQueueOptions<K> = {}) {
    super(opts);
    this.#limiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>(this.clock);
  }

  /** Re-adds `key` once the rate limiter allows it, and counts a retry. */
  addRateLimited(key: K): void {
    if (this.shuttingDown) return;
    this.metrics.retried();
    this.addAfter(key, this.#limiter.when(key));
  }

  /** Clears the retry history of `key`. */
  forget(key: K): void {
    this.#limiter.forget(key);
  }

  /** How many times `key` was retried since it was last forgotten. */
  numRequeues(key: K): number {
    return this.#limiter.numRequeues(key);
  }
}
