/**
 * The AWS SDK retry strategy the pool's clients use: a few quick retries of what is surely
 * transient (throttling, broken connections, 5xx), nothing else. Longer waits belong to the
 * controller's work queue, which retries with its own backoff. Unlike the SDK's standard
 * strategy it never retries `LimitExceededException` — ACM PCA's certificate-count quota,
 * which smithy lists as throttling (facts §1) — nor RequestInProgress, which the caller polls.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";

import { isNetworkError, isThrottlingError, isTransientError } from "./classify.ts";

/** Options of {@link PcaRetryStrategy}. @public */
export interface PcaRetryStrategyOptions {
  /** Attempts per call including the first (default 2; 1 disables SDK retries). */
  readonly maxAttempts?: number;
  /** Base of the exponential backoff in ms (default 100). */
  readonly baseDelayMs?: number;
  /** Cap of one backoff in ms (default 1000). */
  readonly maxDelayMs?: number;
  /** Source of [0,1) numbers for full jitter (default Math.random). */
  readonly random?: () => number;
}

/** Names the quick retry excludes although they are transient: the caller handles them. */
const NOT_QUICK: ReadonlySet<string> = new Set([
  "RequestInProgressException",
  "InvalidStateException",
  "ConcurrentModificationException",
  "RequestFailedException",
]);

/**
 * Whether the SDK should retry `err` at once: throttling, network failures and server faults.
 * @internal
 */
export function isQuickRetryable(err: unknown): boolean {
  const name = err instanceof Error ? err.name : "";
  if (NOT_QUICK.has(name)) return false;
  return isThrottlingError(err) || isNetworkError(err) || isTransientError(err);
}

class AttemptToken implements RetryToken {
  readonly #count: number;
  readonly #delayMs: number;

  constructor(count: number, delayMs: number) {
    this.#count = count;
    this.#delayMs = delayMs;
  }

  getRetryCount(): number {
    return this.#count;
  }

  getRetryDelay(): number {
    return this.#delayMs;
  }
}

/**
 * A `RetryStrategyV2` for the AWS SDK: exponential backoff with full jitter, at most
 * `maxAttempts` attempts, retrying only {@link isQuickRetryable} errors. Retrying
 * IssueCertificate is safe: every call carries the request's idempotency token.
 * @public
 */
export class PcaRetryStrategy implements RetryStrategyV2 {
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;

  /** @throws Error when `maxAttempts` is below one. */
  constructor(options: PcaRetryStrategyOptions = {}) {
    this.#maxAttempts = options.maxAttempts ?? 2;
    this.#baseDelayMs = options.baseDelayMs ?? 100;
    this.#maxDelayMs = options.maxDelayMs ?? 1000;
    this.#random = options.random ?? Math.random;
    if (!Number.isInteger(this.#maxAttempts) || this.#maxAttempts < 1) {
      throw new Error("pca retry strategy: maxAttempts must be an integer of at least 1");
    }
  }

  /** Starts a call: no retries yet. */
  acquireInitialRetryToken(): Promise<RetryToken> {
    return Promise.resolve(new AttemptToken(0, 0));
  }

  /** Allows one more attempt after a delay, or rejects to make the SDK throw the last error. */
  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = token.getRetryCount() + 1;
    if (retries >= this.#maxAttempts || !isQuickRetryable(info.error)) {
      return Promise.reject(new Error("pca retry strategy: no retry left for this call"));
    }
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (retries - 1));
    return Promise.resolve(new AttemptToken(retries, Math.floor(this.#random() * ceiling)));
  }

  /** Nothing to record: this strategy keeps no retry quota. */
  recordSuccess(): void {
    // Stateless by design; the client-side rate limiter already keeps calls under the quota.
  }
}
