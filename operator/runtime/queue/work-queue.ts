import { systemClock } from "../time/clock.ts";
import type { Clock } from "../time/clock.ts";
import { Fifo } from "./fifo.ts";
import { noopQueueMetrics } from "./queue-metrics.ts";
import type { QueueMetrics } from "./queue-metrics.ts";

/**
 * Options shared by every work queue.
 * @public
 */
export interface WorkQueueOptions {
  /** Time source for the duration metrics. Default: the system clock. */
  readonly clock?: Clock;
  /** Where measurements go. Default: discarded. */
  readonly metrics?: QueueMetrics;
}

/**
 * A queue of keys with client-go semantics.
 *
 * - Adding a key that is already waiting merges with it.
 * - A key handed to a worker is never handed to another worker until {@link WorkQueue.done}.
 * - A key added while it is being processed is remembered (the dirty set) and queued again
 *   when the worker calls `done`.
 * - After {@link WorkQueue.shutDown} no key is accepted or handed out; keys still waiting are
 *   handed back (dropped), since the next owner relists anyway.
 * @public
 */
export class WorkQueue<K = string> {
  readonly #queue = new Fifo<K>();
  readonly #dirty = new Set<K>();
  readonly #processing = new Map<K, number>();
  readonly #addedAt = new Map<K, number>();
  readonly #waiters: ((key: K | undefined) => void)[] = [];
  readonly #drainers: (() => void)[] = [];
  #shuttingDown = false;
  /** Time source. */
  protected readonly clock: Clock;
  /** Measurement sink. */
  protected readonly metrics: QueueMetrics;

  /** Creates an empty queue. */
  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.metrics = opts.metrics ?? noopQueueMetrics;
  }

  /** The number of keys waiting for a worker (not counting those being processed). */
  get length(): number {
    return this.#queue.length;
  }

  /** Whether {@link WorkQueue.shutDown} was called. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Marks `key` as needing processing. Merges with a waiting duplicate. */
  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.metrics.added();
    this.#dirty.add(key);
    this.#addedAt.set(key, this.clock.now());
    if (this.#processing.has(key)) return;
    this.#queue.push(key);
    this.metrics.depth(this.#queue.length);
    this.#wake();
  }

  /**
   * Waits for the next key and marks it as being processed.
   * @returns the key, or `undefined` once the queue is shutting down
   */
  get(): Promise<K | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    if (this.#queue.length > 0) return Promise.resolve(this.#take());
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends processing of `key`; if it was re-added meanwhile, queues it again. */
  done(key: K): void {
    const startedAt = this.#processing.get(key);
    if (startedAt === undefined) return;
    this.#processing.delete(key);
    this.metrics.worked(this.clock.now() - startedAt);
    if (this.#dirty.has(key) && !this.#shuttingDown) {
      this.#queue.push(key);
      this.metrics.depth(this.#queue.length);
      this.#wake();
    }
    if (this.#processing.size === 0) this.#notifyDrained();
  }

  /** Stops intake and hand-out at once; workers waiting in `get` receive `undefined`. */
  shutDown(): void {
    this.#shuttingDown = true;
    this.#queue.clear();
    this.#dirty.clear();
    this.metrics.depth(0);
    for (const w of this.#waiters.splice(0)) w(undefined);
    if (this.#processing.size === 0) this.#notifyDrained();
  }

  /** Shuts down, then resolves when every key being processed is done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainers.push(resolve));
  }

  /** Seconds of work in progress that has not finished yet (workqueue_unfinished_work_seconds). */
  unfinishedWorkSeconds(): number {
    const now = this.clock.now();
    let total = 0;
    for (const startedAt of this.#processing.values()) total += now - startedAt;
    return total / 1000;
  }

  /** Seconds the longest-running worker has been busy (workqueue_longest_running_processor_seconds). */
  longestRunningProcessorSeconds(): number {
    const now = this.clock.now();
    let longest = 0;
    for (const startedAt of this.#processing.values()) longest = Math.max(longest, now - startedAt);
    return longest / 1000;
  }

  #take(): K | undefined {
    const key = this.#queue.shift();
    if (key === undefined) return undefined;
    const now = this.clock.now();
    this.#dirty.delete(key);
    this.#processing.set(key, now);
    this.metrics.queued(now - (this.#addedAt.get(key) ?? now));
    this.#addedAt.delete(key);
    this.metrics.depth(this.#queue.length);
    return key;
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.#queue.length > 0) {
      this.#waiters.shift()?.(this.#take());
    }
  }

  #notifyDrained(): void {
    for (const d of this.#drainers.splice(0)) d();
  }
}
