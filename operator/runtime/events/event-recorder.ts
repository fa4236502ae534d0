import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { RestClient } from "../client/rest-client.ts";
import { defaultLogger } from "../internal/default-logger.ts";
import { formatMicroTime } from "../leader/lease-lock.ts";
import type { ObjectMeta } from "../resource/object.ts";
import { systemClock } from "../time/clock.ts";
import type { Clock } from "../time/clock.ts";

/**
 * The type of an event.
 * @public
 */
export type EventType = "Normal" | "Warning";

/**
 * The object an event is about.
 * @public
 */
export interface Regarding {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
}

/**
 * One event to record.
 * @public
 */
export interface EventInput {
  readonly type: EventType;
  /** CamelCase reason, e.g. `Issued`. */
  readonly reason: string;
  /** CamelCase action taken or failed, e.g. `Sign`. */
  readonly action: string;
  /** Human-readable note; truncated to 1 kB. */
  readonly note: string;
}

/**
 * Options of an {@link EventRecorder}.
 * @public
 */
export interface EventRecorderOptions {
  readonly rest: RestClient;
  /** `reportingController`, e.g. `example.com/widget-controller`. */
  readonly reportingController: string;
  /** `reportingInstance`, e.g. the pod name. */
  readonly reportingInstance: string;
  /** Repeats within this many ms update one Event's series. Default: 6 minutes. */
  readonly aggregationWindowMs?: number;
  /** Most distinct events remembered for aggregation. Default: 4096. */
  readonly maxCached?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface Entry {
  readonly namespace: string;
  readonly name: string;
  count: number;
  lastAt: number;
  chain: Promise<void>;
}

/**
 * Records `events.k8s.io/v1` Events. The same regarding object, type, reason and note within the
 * aggregation window update the first Event's `series` (count and lastObservedTime) instead of
 * creating new objects. Writes happen in the background; failures are logged at debug level
 * and never reach the caller.
 * @public
 */
export class EventRecorder {
  readonly #opts: EventRecorderOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #cache = new Map<string, Entry>();

  /** Creates a recorder. */
  constructor(opts: EventRecorderOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#log = (opts.logger ?? defaultLogger()).child({ component: "events" });
  }

  /** Records an event about `regarding`. Never throws and never waits for the API server. */
  event(regarding: Regarding, input: EventInput): void {
    try {
      this.#record(regarding, input);
    } catch (err) {
      // Events are best-effort: a bug here must not fail a reconcile.
      this.#log.debug({ err }, "event not recorded");
    }
  }

  /** Resolves when every write started so far has finished (for tests and shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.#cache.values()].map((e) => e.chain));
  }

  #record(regarding: Regarding, input: EventInput): void {
    const now = this.#clock.now();
    const key = cacheKey(regarding, input);
    const entry = this.#cache.get(key);
    const windowMs = this.#opts.aggregationWindowMs ?? 6 * 60_000;
    if (entry !== undefined && now - entry.lastAt < windowMs) {
      entry.count++;
      entry.lastAt = now;
      this.#then(entry, () => this.#patchSeries(entry));
      return;
    }
    const created = this.#newEntry(regarding, now);
    this.#cache.delete(key);
    this.#cache.set(key, created);
    this.#evict();
    this.#then(created, () => this.#create(created, regarding, input));
  }

  #newEntry(regarding: Regarding, now: number): Entry {
    const namespace = regarding.metadata.namespace ?? "default";
    const base = regarding.metadata.name ?? "unknown";
    const name = `${base}.${randomBytes(8).toString("hex")}`;
    return { namespace, name, count: 1, lastAt: now, chain: Promise.resolve() };
  }

  #then(entry: Entry, write: () => Promise<void>): void {
    entry.chain = entry.chain.then(write).catch((err: unknown) => {
      this.#log.debug({ err, event: `${entry.namespace}/${entry.name}` }, "event write failed");
    });
  }

  async #create(entry: Entry, regarding: Regarding, input: EventInput): Promise<void> {
    const body = {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: entry.name, namespace: entry.namespace },
      eventTime: formatMicroTime(entry.lastAt),
      reportingController: this.#opts.reportingController,
      reportingInstance: this.#opts.reportingInstance,
      action: input.action,
      reason: input.reason,
      note: input.note.slice(0, 1024),
      type: input.type,
      regarding: refOf(regarding),
    };
    await this.#opts.rest.request("POST", this.#path(entry), { body });
  }

  async #patchSeries(entry: Entry): Promise<void> {
    const series = { count: entry.count, lastObservedTime: formatMicroTime(entry.lastAt) };
    const path = `${this.#path(entry)}/${entry.name}`;
    const contentType = "application/merge-patch+json";
    await this.#opts.rest.request("PATCH", path, { body: { series }, contentType });
  }

  #path(entry: Entry): string {
    return `/apis/events.k8s.io/v1/namespaces/${entry.namespace}/events`;
  }

  #evict(): void {
    const max = this.#opts.maxCached ?? 4096;
    for (const key of this.#cache.keys()) {
      if (this.#cache.size <= max) return;
      this.#cache.delete(key);
    }
  }
}

function cacheKey(r: Regarding, input: EventInput): string {
  const m = r.metadata;
  const who = m.uid ?? `${r.kind ?? ""}/${m.namespace ?? ""}/${m.name ?? ""}`;
  return JSON.stringify([who, input.type, input.reason, input.action, input.note]);
}

function refOf(r: Regarding): Record<string, string | undefined> {
  const m = r.metadata;
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
  };
}
