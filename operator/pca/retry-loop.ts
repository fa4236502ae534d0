/**
 * The retry loop behind {@link SigningService.sign}: polls pending answers and retries
 * transient failures with capped exponential backoff, for callers without a work queue.
 */
import type { Clock, Delay } from "./clock.ts";
import { realDelay, systemClock } from "./clock.ts";
import { IssuerError, PendingError, RetryableError } from "./errors.ts";

/** Options of {@link retryUntilDone}. @public */
export interface RetryLoopOptions {
  /** Give up (rethrowing the last error) after this long, ms (default 60000). */
  readonly timeoutMs?: number;
  /** First backoff, ms (default 100). */
  readonly initialBackoffMs?: number;
  /** Longest backoff, ms (default 5000). */
  readonly maxBackoffMs?: number;
  /** Aborts the loop (and the wait) with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Clock (default the wall clock). */
  readonly clock?: Clock;
  /** Delay (default `setTimeout`). */
  readonly delay?: Delay;
}

/**
 * Runs `attempt` until it returns. {@link PendingError} and {@link RetryableError} are waited
 * out — the wait doubles from `initialBackoffMs` up to `maxBackoffMs`, and a pending answer
 * waits no longer than its `requeueAfterMs`. {@link IssuerError}, {@link PermanentError} and
 * anything else are thrown at once, as is the last error when `timeoutMs` runs out.
 * @public
 */
export async function retryUntilDone<T>(
  attempt: () => Promise<T>,
  options: RetryLoopOptions = {},
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const delay = options.delay ?? realDelay;
  const deadline = clock.now() + (options.timeoutMs ?? 60_000);
  let backoffMs = options.initialBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;

  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const waitMs = waitFor(err, backoffMs);
      if (waitMs === undefined || clock.now() + waitMs > deadline) throw err;
      await delay(waitMs, options.signal);
      backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
    }
  }
}

function waitFor(err: unknown, backoffMs: number): number | undefined {
  if (err instanceof PendingError) return Math.min(backoffMs, err.requeueAfterMs);
  if (err instanceof IssuerError) return undefined;
  if (err instanceof RetryableError) return Math.max(backoffMs, err.requeueAfterMs ?? 0);
  return undefined;
}
