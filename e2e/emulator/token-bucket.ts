/**
 * A token bucket refilled continuously at `ratePerSecond`, holding at most one second's worth.
 * @internal
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly rate: number;

  constructor(ratePerSecond: number, now: number) {
    this.rate = ratePerSecond;
    this.tokens = Math.max(1, ratePerSecond);
    this.last = now;
  }

  /** Takes one token if available. */
  take(now: number): boolean {
    const elapsedMs = Math.max(0, now - this.last);
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + (elapsedMs * this.rate) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
