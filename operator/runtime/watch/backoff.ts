/**
 * Capped exponential backoff for reconnects: `initialMs`, doubling up to `maxMs`, with up to
 * 10 % jitter so replicas do not reconnect in lockstep. {@link Backoff.reset} after success.
 * @public
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;
  #attempt = 0;

  /**
   * @param initialMs - first delay in milliseconds (default 1,000)
   * @param maxMs - largest delay in milliseconds (default 30,000)
   * @param random - jitter source in [0, 1) (default `Math.random`; pass `() => 0` in tests)
   */
  constructor(initialMs = 1000, maxMs = 30_000, random: () => number = Math.random) {
    if (initialMs <= 0) throw new RangeError("initialMs must be greater than zero");
    if (maxMs < initialMs) throw new RangeError("maxMs must be at least initialMs");
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
    this.#random = random;
  }

  /** Returns the next delay in milliseconds and advances. */
  next(): number {
    const base = Math.min(this.#initialMs * 2 ** this.#attempt, this.#maxMs);
    this.#attempt++;
    return Math.min(this.#maxMs, Math.round(base * (1 + 0.1 * this.#random())));
  }

  /** Starts over from `initialMs`. */
  reset(): void {
    this.#attempt = 0;
  }
}
