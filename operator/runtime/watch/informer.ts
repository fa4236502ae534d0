import type { Logger } from "pino";
import { isGone } from "../client/api-error.ts";
import type { RestClient } from "../client/rest-client.ts";
import { defaultLogger } from "../internal/default-logger.ts";
import { keyOf } from "../resource/object.ts";
import type { KubeObject } from "../resource/object.ts";
import type { ResourceKind } from "../resource/resource-kind.ts";
import { realDelay, sleep, systemClock } from "../time/clock.ts";
import type { Clock, Delay } from "../time/clock.ts";
import { Backoff } from "./backoff.ts";
import { listAll, watchEvents } from "./list-watch.ts";
import type { Selection, WatchEvent } from "./list-watch.ts";
import { Store } from "./store.ts";
import type { StoreDiff, StoreEntry } from "./store.ts";
import { StalledWatchError, Watchdog } from "./watchdog.ts";

/**
 * Callbacks an informer calls after its store changed. They must not block or throw.
 * @public
 */
export interface InformerHandler<TProj> {
  /** An object appeared (watch `ADDED`, or found by a relist). */
  onAdd?(key: string, value: TProj): void;
  /** An object's resourceVersion changed. */
  onUpdate?(key: string, oldValue: TProj, newValue: TProj): void;
  /** An object disappeared; `last` is its final projection. */
  onDelete?(key: string, last: TProj): void;
  /** The periodic resync visits every cached object. */
  onResync?(key: string, value: TProj): void;
}

/**
 * Options of an {@link Informer}.
 * @public
 */
export interface InformerOptions<TObject extends KubeObject, TProj> extends Selection {
  /** The client to list and watch with. */
  readonly rest: RestClient;
  /** The kind to list and watch. */
  readonly kind: ResourceKind<unknown, unknown, TObject>;
  /** Turns an object into what the store keeps. Keep it small for kinds with many objects. */
  readonly project: (obj: TObject) => TProj;
  /** Interval of the periodic resync in milliseconds; 0 disables it. Default: 10 hours. */
  readonly resyncPeriodMs?: number;
  /** `timeoutSeconds` of each watch request. Default: 300. */
  readonly watchTimeoutSeconds?: number;
  /** Silence beyond the watch timeout tolerated before a stall is declared, in ms. Default: 10,000. */
  readonly stallToleranceMs?: number;
  /** `limit` of each list page. Default: 500. */
  readonly pageSize?: number;
  /** Reconnect backoff. Default: 1 s doubling to 30 s, reset on each event. */
  readonly backoff?: Backoff;
  /** Time source. Default: the system clock. */
  readonly clock?: Clock;
  /** Sleep function matching `clock`. Default: `setTimeout`. */
  readonly delay?: Delay;
  /** Logger. Default: pino. */
  readonly logger?: Logger;
}

/**
 * Counters that show what an informer did; for metrics, logs and tests.
 * @public
 */
export interface InformerStats {
  /** Completed lists (the first one plus every relist). */
  lists: number;
  /** Watch requests opened. */
  watches: number;
  /** Restarts after an error or stall (not counting a watch that ended at its timeout). */
  restarts: number;
}

/**
 * A list+watch loop that keeps a {@link Store} of projections up to date.
 *
 * It lists, then watches from the list's resourceVersion with bookmarks. A 410 Gone (as a
 * status or an `ERROR` event) triggers a relist at once; any other error or a stalled watch
 * restarts after a capped backoff (1 s to 30 s, reset by the next event). A relist only
 * reports objects whose resourceVersion changed.
 * @public
 */
export class Informer<TObject extends KubeObject, TProj> {
  /** The cache this informer fills. */
  readonly store = new Store<TProj>();
  /** What the informer has done so far. */
  readonly stats: InformerStats = { lists: 0, watches: 0, restarts: 0 };
  readonly #opts: InformerOptions<TObject, TProj>;
  readonly #clock: Clock;
  readonly #delay: Delay;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  readonly #handlers: InformerHandler<TProj>[] = [];
  readonly #stop = new AbortController();
  readonly #syncWaiters: (() => void)[] = [];
  #resourceVersion: string | undefined;
  #current: AbortController | undefined;
  #synced = false;
  #running: Promise<unknown> | undefined;

  /** Creates a stopped informer; call {@link Informer.start}. */
  constructor(opts: InformerOptions<TObject, TProj>) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#delay = opts.delay ?? realDelay;
    this.#backoff = opts.backoff ?? new Backoff();
    const base = opts.logger ?? defaultLogger();
    this.#log = base.child({ informer: opts.kind.kind, namespace: opts.namespace ?? "" });
  }

  /** Whether the first list has completed. */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** The resourceVersion the next watch resumes from; `undefined` before a list. */
  get resourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  /** Registers callbacks; register before {@link Informer.start} to see the initial list. */
  addHandler(handler: InformerHandler<TProj>): void {
    this.#handlers.push(handler);
  }

  /** Starts listing and watching in the background. Calling it twice does nothing. */
  start(): void {
    this.#running ??= Promise.all([this.#loop(), this.#resyncLoop()]);
  }

  /** Resolves when the first list completed, or `false` if the informer stopped first. */
  waitForSync(): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (this.#stop.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#syncWaiters.push(() => {
        resolve(this.#synced);
      });
    });
  }

  /** Stops the loops and waits for them to end. */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#flushSyncWaiters();
    await this.#running;
  }

  /**
   * Ends the current watch and resumes from `resourceVersion`. Meant for tests that force a
   * too-old resourceVersion (410) and for operators debugging a stuck cache.
   */
  restartWatchFrom(resourceVersion: string): void {
    this.#resourceVersion = resourceVersion;
    this.#current?.abort(new WatchRestart());
  }

  async #loop(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      try {
        if (this.#resourceVersion === undefined) await this.#relist();
        await this.#watch(this.#resourceVersion ?? "");
      } catch (err) {
        await this.#onError(err);
      }
    }
  }

  async #onError(err: unknown): Promise<void> {
    if (this.#stop.signal.aborted || err instanceof WatchRestart) return;
    if (isGone(err)) {
      this.#log.info(
        { resourceVersion: this.#resourceVersion },
        "resourceVersion expired; relisting",
      );
      this.#resourceVersion = undefined;
      return;
    }
    const waitMs = this.#backoff.next();
    this.stats.restarts++;
    this.#log.warn({ err, waitMs }, "list or watch failed; retrying");
    await this.#backoffSleep(waitMs);
  }

  /** Sleeps for the backoff, but wakes early once the client reaches the server again. */
  async #backoffSleep(waitMs: number): Promise<void> {
    const wake = new AbortController();
    const off = this.#opts.rest.onRecovered(() => {
      wake.abort();
    });
    try {
      await sleep(this.#delay, waitMs, AbortSignal.any([this.#stop.signal, wake.signal]));
    } finally {
      off();
    }
  }

  async #relist(): Promise<void> {
    const { items, resourceVersion } = await listAll(this.#opts.rest, this.#opts.kind, {
      ...this.#selection(),
      pageSize: this.#opts.pageSize ?? 500,
      signal: this.#stop.signal,
    });
    const fresh = new Map<string, StoreEntry<TProj>>();
    for (const obj of items) fresh.set(keyOf(obj), this.#entry(obj));
    const diff = this.store.replace(fresh);
    this.stats.lists++;
    this.#resourceVersion = resourceVersion;
    this.#log.debug({ resourceVersion, count: items.length }, "listed");
    this.#markSynced();
    this.#emitDiff(diff);
  }

  async #watch(resourceVersion: string): Promise<void> {
    const ctl = new AbortController();
    this.#current = ctl;
    const timeoutSeconds = this.#opts.watchTimeoutSeconds ?? 300;
    const dog = new Watchdog(
      this.#clock,
      timeoutSeconds * 1000 + (this.#opts.stallToleranceMs ?? 10_000),
    );
    void dog.run(this.#delay, ctl);
    const signal = AbortSignal.any([ctl.signal, this.#stop.signal]);
    this.stats.watches++;
    try {
      const events = watchEvents(this.#opts.rest, this.#opts.kind, {
        ...this.#selection(),
        resourceVersion,
        timeoutSeconds,
        signal,
      });
      const openedAt = this.#clock.now();
      let count = 0;
      for await (const event of events) {
        dog.touch();
        count++;
        this.#apply(event);
      }
      // A watch closed at once with nothing in it is a failure (e.g. a proxy dropping it);
      // treating it as one keeps the loop from spinning without backoff.
      if (count === 0 && this.#clock.now() - openedAt < 1000) throw new EmptyWatchError();
    } catch (err) {
      throw ctl.signal.aborted ? reasonOf(ctl.signal, err) : err;
    } finally {
      dog.stop();
    }
  }

  #apply(event: WatchEvent<TObject>): void {
    this.#backoff.reset();
    const rv = event.object.metadata.resourceVersion;
    if (event.type === "BOOKMARK") {
      this.#resourceVersion = rv ?? this.#resourceVersion;
      return;
    }
    const key = keyOf(event.object);
    if (event.type === "DELETED") {
      this.store.delete(key);
      this.#emit((h) => h.onDelete?.(key, this.#opts.project(event.object)));
    } else {
      this.#upsert(key, event.object);
    }
    this.#resourceVersion = rv ?? this.#resourceVersion;
  }

  #upsert(key: string, obj: TObject): void {
    const entry = this.#entry(obj);
    const previous = this.store.set(key, entry);
    if (previous === undefined) this.#emit((h) => h.onAdd?.(key, entry.value));
    else this.#emit((h) => h.onUpdate?.(key, previous.value, entry.value));
  }

  #emitDiff(diff: StoreDiff<TProj>): void {
    for (const [key, v] of diff.added) this.#emit((h) => h.onAdd?.(key, v));
    for (const [key, o, n] of diff.updated) this.#emit((h) => h.onUpdate?.(key, o, n));
    for (const [key, v] of diff.deleted) this.#emit((h) => h.onDelete?.(key, v));
  }

  #emit(call: (h: InformerHandler<TProj>) => void): void {
    for (const h of this.#handlers) {
      try {
        call(h);
      } catch (err) {
        // A handler bug must not stop the informer; it is reported once here.
        this.#log.error({ err }, "informer handler failed");
      }
    }
  }

  async #resyncLoop(): Promise<void> {
    const periodMs = this.#opts.resyncPeriodMs ?? 10 * 3600_000;
    if (periodMs <= 0) return;
    while (await sleep(this.#delay, periodMs, this.#stop.signal)) {
      for (const key of this.store.keys()) {
        const value = this.store.get(key);
        if (value !== undefined) this.#emit((h) => h.onResync?.(key, value));
      }
    }
  }

  #entry(obj: TObject): StoreEntry<TProj> {
    return { resourceVersion: obj.metadata.resourceVersion ?? "", value: this.#opts.project(obj) };
  }

  #selection(): Selection {
    const { namespace, labelSelector, fieldSelector, metadataOnly } = this.#opts;
    return { namespace, labelSelector, fieldSelector, metadataOnly };
  }

  #markSynced(): void {
    this.#synced = true;
    this.#flushSyncWaiters();
  }

  #flushSyncWaiters(): void {
    for (const w of this.#syncWaiters.splice(0)) w();
  }
}

/** A watch that closed immediately without delivering anything. */
class EmptyWatchError extends Error {
  constructor() {
    super("watch closed immediately without events");
    this.name = "EmptyWatchError";
  }
}

/** Marks a watch ended on purpose by {@link Informer.restartWatchFrom}. */
class WatchRestart extends Error {
  constructor() {
    super("watch restarted on request");
    this.name = "WatchRestart";
  }
}

function reasonOf(signal: AbortSignal, fallback: unknown): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof StalledWatchError || reason instanceof WatchRestart ? reason : fallback;
}
