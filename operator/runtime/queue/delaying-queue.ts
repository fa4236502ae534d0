import { realDelay } from "../time/clock.ts";
import type { Delay } from "../time/clock.ts";
import { WorkQueue } from "./work-queue.ts";
import type { WorkQueueOptions } from "./work-queue.ts";

/**
 * Options of a {@link DelayingQueue}.
 * @public
 */
export interface DelayingQueueOptions extends WorkQueueOptions {
  /** Waits for a delayed key. Default: `setTimeout`. Must match the clock. */
  readonly delay?: Delay;
}

interface Waiting {
  readonly readyAt: number;
  readonly abort: AbortController;
}

/**
 * A {@link WorkQueue} that can add a key later. A key waiting for a later time keeps the
 * earliest requested time, as in client-go.
 * @public
 */
export class DelayingQueue<K = string> extends WorkQueue<K> {
  readonly #delay: Delay;
  readonly #waiting = new Map<K, Waiting>();

  /** Creates an empty delaying queue. */
  constructor(opts: DelayingQueueOptions = {}) {
    super(opts);
    this.#delay = opts.delay ?? realDelay;
  }

  /** The number of keys waiting for their time to come. */
  get delayed(): number {
    return this.#waiting.size;
  }

  /** Adds `key` after `ms` milliseconds; at once when `ms` is not positive. */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.#waiting.get(key);
    if (existing !== undefined && existing.readyAt <= readyAt) return;
    existing?.abort.abort();
    this.#schedule(key, readyAt, ms);
  }

  /** {@inheritDoc WorkQueue.shutDown} Also cancels every delayed key. */
  override shutDown(): void {
    for (const w of this.#waiting.values()) w.abort.abort();
    this.#waiting.clear();
    super.shutDown();
  }

  #schedule(key: K, readyAt: number, ms: number): void {
    const entry: Waiting = { readyAt, abort: new AbortController() };
    this.#waiting.set(key, entry);
    this.#delay(ms, entry.abort.signal).then(
      () => {
        if (this.#waiting.get(key) === entry) this.#waiting.delete(key);
        this.add(key);
      },
      () => {
        // Aborted: replaced by an earlier time or cancelled by shutdown.
      },
    );
  }
}
