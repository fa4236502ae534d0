import type { Logger } from "pino";
import { defaultLogger } from "../internal/default-logger.ts";
import { realDelay, sleep, systemClock } from "../time/clock.ts";
import type { Clock, Delay } from "../time/clock.ts";
import { JITTER_FACTOR, validateLeaderElectionConfig } from "./config.ts";
import type { LeaderElectionConfig, ResolvedTimings } from "./config.ts";
import { formatMicroTime } from "./lease-lock.ts";
import type { Lease, LeaseSpec } from "./lease-lock.ts";

/**
 * Lease-based leader election with client-go's semantics.
 *
 * - A follower takes over only after it has seen the same record unchanged for
 *   `leaseDurationMs` of its own time (no trust in other replicas' clocks).
 * - The leader renews every `retryPeriodMs` and steps down if it cannot renew within
 *   `renewDeadlineMs`.
 * - On {@link LeaderElector.run}'s signal, the leader clears the holder (when
 *   `releaseOnCancel`), so another replica takes over at once.
 * @public
 */
export class LeaderElector {
  /** The effective timings after defaults. */
  readonly timings: ResolvedTimings;
  readonly #cfg: LeaderElectionConfig;
  readonly #clock: Clock;
  readonly #delay: Delay;
  readonly #log: Logger;
  readonly #random: () => number;
  #observed: LeaseSpec | undefined;
  #observedAt = 0;
  #lease: Lease | undefined;
  #leading = false;
  #known = false;
  #lastRenewAt = 0;

  /**
   * Validates `cfg` and creates an elector.
   * @throws `InvalidLeaderElectionConfigError` when a timing invariant or identity is wrong
   */
  constructor(cfg: LeaderElectionConfig) {
    this.timings = validateLeaderElectionConfig(cfg);
    this.#cfg = cfg;
    this.#clock = cfg.clock ?? systemClock;
    this.#delay = cfg.delay ?? realDelay;
    this.#random = cfg.random ?? Math.random;
    this.#log = (cfg.logger ?? defaultLogger()).child({ lock: cfg.lock.description });
  }

  /** Whether this replica currently holds the lease. */
  get isLeader(): boolean {
    return this.#leading;
  }

  /** Whether at least one attempt has told us who leads (for readiness). */
  get leadershipKnown(): boolean {
    return this.#known;
  }

  /** The holder last observed; empty when none. */
  get observedLeader(): string {
    return this.#observed?.holderIdentity ?? "";
  }

  /** When this replica last renewed successfully (clock milliseconds); 0 if never. */
  get lastRenewAt(): number {
    return this.#lastRenewAt;
  }

  /**
   * Competes for the lease until `signal` aborts or leadership is lost. Resolves when this
   * replica is no longer leading; it never rejects for API errors (they are retried).
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.#acquire(signal))) return;
    const leading = new AbortController();
    this.#cfg.callbacks.onStartedLeading(leading.signal);
    await this.#renewLoop(signal);
    this.#leading = false;
    leading.abort();
    if (signal.aborted && this.#cfg.releaseOnCancel !== false) await this.#release();
    this.#cfg.callbacks.onStoppedLeading();
  }

  async #acquire(signal: AbortSignal): Promise<boolean> {
    this.#log.info({ identity: this.#cfg.lock.identity }, "attempting to acquire lease");
    while (!signal.aborted) {
      if (await this.#tryAcquireOrRenew(signal)) {
        this.#log.info({ identity: this.#cfg.lock.identity }, "lease acquired");
        return true;
      }
      if (!(await sleep(this.#delay, this.#nextAttemptMs(), signal))) return false;
    }
    return false;
  }

  async #renewLoop(signal: AbortSignal): Promise<void> {
    while (await sleep(this.#delay, this.timings.retryPeriodMs, signal)) {
      if (await this.#tryAcquireOrRenew(signal)) continue;
      const sinceMs = this.#clock.now() - this.#lastRenewAt;
      if (sinceMs >= this.timings.renewDeadlineMs) {
        this.#log.info({ sinceMs }, "lease lost: renew deadline passed");
        return;
      }
      if (this.observedLeader !== this.#cfg.lock.identity) {
        this.#log.info({ holder: this.observedLeader }, "lease lost: taken by another holder");
        return;
      }
    }
  }

  /** One attempt; true when this replica holds a freshly written record afterwards. */
  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.#clock.now();
    const reqSignal = AbortSignal.any([signal, AbortSignal.timeout(this.timings.renewDeadlineMs)]);
    try {
      const current = await this.#cfg.lock.get(reqSignal);
      if (current === undefined) return await this.#create(now, reqSignal);
      this.#observe(current, now);
      if (this.#heldByOther(now)) return this.#follow();
      return await this.#write(current, now, reqSignal);
    } catch (err) {
      // Handled here: a failed attempt is retried on the next period.
      if (!signal.aborted) this.#log.debug({ err }, "lease attempt failed");
      return false;
    }
  }

  async #create(now: number, signal: AbortSignal): Promise<boolean> {
    const spec = this.#record(now, undefined);
    const created = await this.#cfg.lock.create(spec, signal);
    return this.#afterWrite(created, now);
  }

  async #write(current: Lease, now: number, signal: AbortSignal): Promise<boolean> {
    const spec = this.#record(now, current.spec);
    const updated = await this.#cfg.lock.update(current, spec, signal);
    return this.#afterWrite(updated, now);
  }

  #afterWrite(lease: Lease | undefined, now: number): boolean {
    this.#known = true;
    if (lease === undefined) return false;
    this.#lease = lease;
    this.#observe(lease, now);
    this.#leading = true;
    this.#lastRenewAt = now;
    return true;
  }

  #follow(): boolean {
    this.#known = true;
    this.#leading = false;
    return false;
  }

  /** The record this replica writes: renew keeps acquireTime, a takeover counts a transition. */
  #record(now: number, old: LeaseSpec | undefined): LeaseSpec {
    const renewing = old?.holderIdentity === this.#cfg.lock.identity;
    const transitions = old?.leaseTransitions ?? 0;
    return {
      holderIdentity: this.#cfg.lock.identity,
      leaseDurationSeconds: Math.ceil(this.timings.leaseDurationMs / 1000),
      acquireTime: renewing ? old.acquireTime : formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: renewing || old === undefined ? transitions : transitions + 1,
    };
  }

  #observe(lease: Lease, now: number): void {
    const spec = lease.spec ?? {};
    if (sameRecord(spec, this.#observed)) return;
    const previousHolder = this.observedLeader;
    this.#observed = spec;
    this.#observedAt = now;
    const holder = spec.holderIdentity ?? "";
    if (holder !== previousHolder && holder !== "") {
      this.#log.info({ holder }, "new leader observed");
      this.#cfg.callbacks.onNewLeader?.(holder);
    }
  }

  #heldByOther(now: number): boolean {
    const holder = this.observedLeader;
    if (holder === "" || holder === this.#cfg.lock.identity) return false;
    return this.#observedAt + this.timings.leaseDurationMs > now;
  }

  /** Waits a jittered retry period, but no longer than until the observed lease expires. */
  #nextAttemptMs(): number {
    const jittered = this.timings.retryPeriodMs * (1 + (JITTER_FACTOR - 1) * this.#random());
    const untilExpiry = this.#observedAt + this.timings.leaseDurationMs - this.#clock.now() + 1;
    return Math.max(1, Math.min(jittered, untilExpiry > 0 ? untilExpiry : jittered));
  }

  async #release(): Promise<void> {
    if (this.#lease === undefined) return;
    const now = this.#clock.now();
    const spec: LeaseSpec = {
      leaseDurationSeconds: 1,
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: this.#lease.spec?.leaseTransitions ?? 0,
    };
    try {
      await this.#cfg.lock.update(
        this.#lease,
        spec,
        AbortSignal.timeout(this.timings.renewDeadlineMs),
      );
      this.#log.info({}, "lease released");
    } catch (err) {
      // Shutdown continues regardless; followers take over after leaseDurationMs instead.
      this.#log.warn({ err }, "lease release failed");
    }
  }
}

function sameRecord(a: LeaseSpec, b: LeaseSpec | undefined): boolean {
  return (
    b !== undefined &&
    a.holderIdentity === b.holderIdentity &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    a.leaseTransitions === b.leaseTransitions &&
    a.leaseDurationSeconds === b.leaseDurationSeconds
  );
}
