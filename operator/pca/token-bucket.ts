/**
 * A token bucket that hands out reservations: every caller takes a token at once and learns
 * how long to wait for it, so waiting callers are served in arrival order without a queue.
 */

/**
 * A reserving token bucket, refilled continuously at `ratePerSecond` up to `burst` tokens.
 * The balance may go negative; a negative balance is the queue of reservations ahead.
 * @internal
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #lastMs: number;

  /**
   * @param ratePerSecond - refill rate; must be above zero.
   * @param burst - capacity, and the tokens available at the start; at least one.
   * @param nowMs - the current time in epoch milliseconds.
   */
  constructor(ratePerSecond: number, burst: number, nowMs: number) {
    this.#ratePerMs = ratePerSecond / 1000;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
    this.#lastMs = nowMs;
  }

  /** Reserves one token and returns how many milliseconds to wait before using it (0: now). */
  reserve(nowMs: number): number {
    this.#refill(nowMs);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.#ratePerMs);
  }

  /** Gives back a reserved token that will not be used (its caller gave up waiting). */
  cancel(nowMs: number): void {
    this.#refill(nowMs);
    this.#tokens = Math.min(this.#burst, this.#tokens + 1);
  }

  #refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.#lastMs);
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
  }
}
