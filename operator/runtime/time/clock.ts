/**
 * A source of the current time in milliseconds since the Unix epoch.
 *
 * Every time-dependent part of the runtime takes a `Clock`, so tests can substitute
 * {@link FakeClock} and never sleep for real.
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

/**
 * The wall clock, backed by `Date.now`.
 * @public
 */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A {@link Delay} backed by `setTimeout`. The timer does not keep the process alive.
 * @public
 */
export const realDelay: Delay = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(toError(signal.reason));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(toError(signal?.reason));
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

/**
 * Waits like {@link Delay} but resolves `false` instead of rejecting when `signal` aborts.
 * @returns `true` when the full delay elapsed.
 * @public
 */
export async function sleep(delay: Delay, ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, signal);
    return true;
  } catch {
    // An abort is the expected way out of a sleep; the caller checks the return value.
    return false;
  }
}

/** @internal */
export function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error("aborted", { cause: reason });
}
