import { systemClock } from "../time/clock.ts";
import type { Clock } from "../time/clock.ts";
import type { LeaderElector } from "./leader-elector.ts";

/**
 * The outcome of one health check.
 * @public
 */
export interface CheckResult {
  readonly ok: boolean;
  readonly message?: string;
}

/**
 * A liveness check over a {@link LeaderElector}: it fails when this replica holds the lease
 * but has not renewed it for `leaseDurationMs + toleranceMs`, so a stuck leader is restarted.
 * A follower is always healthy.
 * @public
 */
export class LeaderHealthCheck {
  readonly #elector: LeaderElector;
  readonly #toleranceMs: number;
  readonly #clock: Clock;

  /**
   * @param elector - the elector to watch
   * @param toleranceMs - extra time allowed beyond the lease duration (default 20,000 ms)
   * @param clock - time source (default the system clock; must match the elector's)
   */
  constructor(elector: LeaderElector, toleranceMs = 20_000, clock: Clock = systemClock) {
    this.#elector = elector;
    this.#toleranceMs = toleranceMs;
    this.#clock = clock;
  }

  /** Runs the check. */
  check(): CheckResult {
    if (!this.#elector.isLeader) return { ok: true };
    const staleMs = this.#clock.now() - this.#elector.lastRenewAt;
    const limitMs = this.#elector.timings.leaseDurationMs + this.#toleranceMs;
    if (staleMs <= limitMs) return { ok: true };
    return { ok: false, message: `lease not renewed for ${staleMs} ms (limit ${limitMs} ms)` };
  }
}
