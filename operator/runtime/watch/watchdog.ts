import { sleep } from "../time/clock.ts";
import type { Clock, Delay } from "../time/clock.ts";

/**
 * Raised when a watch delivered neither an event nor a bookmark for longer than its limit:
 * the connection is alive on our side but dead on the server's.
 * @public
 */
export class StalledWatchError extends Error {
  /** Milliseconds since the last event or bookmark. */
  readonly silentMs: number;

  /** Creates the error for a watch silent for `silentMs`. */
  constructor(silentMs: number) {
    super(`watch delivered nothing for ${silentMs} ms`);
    this.name = "StalledWatchError";
    this.silentMs = silentMs;
  }
}

/**
 * @internal Aborts a watch when nothing arrives for `limitMs`. Call `touch` on every event.
 */
export class Watchdog {
  readonly #clock: Clock;
  readonly #limitMs: number;
  readonly #stop = new AbortController();
  #last: number;

  constructor(clock: Clock, limitMs: number) {
    this.#clock = clock;
    this.#limitMs = limitMs;
    this.#last = clock.now();
  }

  /** Records activity. */
  touch(): void {
    this.#last = this.#clock.now();
  }

  /** Watches in the background until {@link Watchdog.stop}; aborts `target` on a stall. */
  async run(delay: Delay, target: AbortController): Promise<void> {
    const checkMs = Math.max(10, Math.floor(this.#limitMs / 4));
    while (await sleep(delay, checkMs, this.#stop.signal)) {
      const silentMs = this.#clock.now() - this.#last;
      if (silentMs > this.#limitMs) {
        target.abort(new StalledWatchError(silentMs));
        return;
      }
    }
  }

  /** Ends the background check. */
  stop(): void {
    this.#stop.abort();
  }
}
