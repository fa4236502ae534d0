/**
 * A source of the current time in milliseconds since the Unix epoch. The signing service takes
 * one so that validity, cache expiry and rate limiting can be tested with a fake clock.
 * @public
 */
export interface Clock {
  /** Returns the current time in milliseconds since the Unix epoch. */
  now(): number;
}

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts.
 * @public
 */
export type Delay = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The wall clock, backed by `Date.now`. @public */
export const systemClock: Clock = { now: () => Date.now() };

/** A {@link Delay} backed by `setTimeout`; the timer does not keep the process alive. @public */
export const realDelay: Delay = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    timer.unref();
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error("aborted", { cause: reason });
}
