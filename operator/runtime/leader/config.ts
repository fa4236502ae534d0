import type { Logger } from "pino";
import type { Clock, Delay } from "../time/clock.ts";
import type { ResourceLock } from "./lease-lock.ts";

/**
 * client-go's jitter factor: the renew deadline must exceed `retryPeriodMs` times this, and
 * retries wait up to this multiple of `retryPeriodMs`.
 * @public
 */
export const JITTER_FACTOR = 1.2;

/**
 * Callbacks of a {@link LeaderElector}.
 * @public
 */
export interface LeaderCallbacks {
  /** Called once this replica holds the lease; `signal` aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void;
  /** Called when leadership ends (lost, or released on shutdown). */
  onStoppedLeading(): void;
  /** Called when the observed holder changes (including to this replica). */
  onNewLeader?(identity: string): void;
}

/**
 * Configuration of a {@link LeaderElector}, with client-go's meanings and defaults.
 * @public
 */
export interface LeaderElectionConfig {
  /** The Lease to compete for, and this replica's identity. */
  readonly lock: ResourceLock;
  /** How long followers wait after last observing a change before taking over. Default: 15,000 ms. */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps retrying a renewal before giving up. Default: 10,000 ms. */
  readonly renewDeadlineMs?: number;
  /** How long to wait between attempts. Default: 2,000 ms. */
  readonly retryPeriodMs?: number;
  /** Whether to clear the holder when stopped, so another replica takes over at once. Default: true. */
  readonly releaseOnCancel?: boolean;
  /** What to do when leadership starts and ends. */
  readonly callbacks: LeaderCallbacks;
  /** Time source. Default: the system clock. */
  readonly clock?: Clock;
  /** Sleep function matching `clock`. Default: `setTimeout`. */
  readonly delay?: Delay;
  /** Logger. Default: pino. */
  readonly logger?: Logger;
  /** Jitter source in [0, 1). Default: `Math.random`. */
  readonly random?: () => number;
}

/**
 * A {@link LeaderElectionConfig} with every default applied.
 * @internal
 */
export interface ResolvedTimings {
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

/**
 * Raised by {@link validateLeaderElectionConfig}; the message names the offending field.
 * @public
 */
export class InvalidLeaderElectionConfigError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "InvalidLeaderElectionConfigError";
  }
}

/**
 * Applies the defaults (15 s / 10 s / 2 s) and checks every invariant, one guard each.
 * @throws {@link InvalidLeaderElectionConfigError} naming the field that breaks an invariant
 * @public
 */
export function validateLeaderElectionConfig(cfg: LeaderElectionConfig): ResolvedTimings {
  const t: ResolvedTimings = {
    leaseDurationMs: cfg.leaseDurationMs ?? 15_000,
    renewDeadlineMs: cfg.renewDeadlineMs ?? 10_000,
    retryPeriodMs: cfg.retryPeriodMs ?? 2_000,
  };
  const fail = (msg: string): never => {
    throw new InvalidLeaderElectionConfigError(msg);
  };
  if (t.leaseDurationMs <= t.renewDeadlineMs)
    fail("leaseDurationMs must be greater than renewDeadlineMs");
  if (t.renewDeadlineMs <= JITTER_FACTOR * t.retryPeriodMs) {
    fail("renewDeadlineMs must be greater than retryPeriodMs*1.2");
  }
  if (t.leaseDurationMs < 1) fail("leaseDurationMs must be greater than zero");
  if (t.renewDeadlineMs < 1) fail("renewDeadlineMs must be greater than zero");
  if (t.retryPeriodMs < 1) fail("retryPeriodMs must be greater than zero");
  if (cfg.lock.identity === "") fail("lock.identity must not be empty");
  if (cfg.lock.name === "") fail("lock.name must not be empty");
  if (cfg.lock.namespace === "") fail("lock.namespace must not be empty");
  return t;
}
