import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { RestClient } from "../client/rest-client.ts";
import type { RuntimeMetrics } from "../metrics/runtime-metrics.ts";
import { RateLimitingQueue } from "../queue/rate-limiting-queue.ts";
import { parseKey } from "../resource/object.ts";
import type { KubeObject } from "../resource/object.ts";
import { realDelay, sleep, systemClock } from "../time/clock.ts";
import type { Clock, Delay } from "../time/clock.ts";
import { Informer } from "../watch/informer.ts";
import type { InformerOptions } from "../watch/informer.ts";
import { isTerminalError } from "./terminal-error.ts";
import type { ControllerSpec, ReconcileResult, RelatedWatch } from "./types.ts";

/**
 * Informer settings a manager passes to every informer of a controller.
 * @public
 */
export type InformerTuning = Pick<
  InformerOptions<KubeObject, unknown>,
  "watchTimeoutSeconds" | "stallToleranceMs" | "pageSize" | "backoff"
>;

/**
 * What a controller needs from its manager.
 * @public
 */
export interface ControllerDeps {
  readonly rest: RestClient;
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: `setTimeout`. */
  readonly delay?: Delay;
  /** Applied to every informer. */
  readonly informer?: InformerTuning;
}

/**
 * Runs one {@link ControllerSpec}: informers feed keys into a rate-limited queue, and workers
 * reconcile them with controller-runtime's outcome rules (see {@link ReconcileResult}).
 * @public
 */
export class Controller<TObject extends KubeObject, TProj> {
  /** The controller's name. */
  readonly name: string;
  /** The informer of the reconciled kind; its store holds the projections. */
  readonly informer: Informer<TObject, TProj>;
  /** The informers of related kinds. */
  readonly related: readonly Informer<KubeObject, unknown>[];
  /** The work queue. */
  readonly queue: RateLimitingQueue;
  readonly #spec: ControllerSpec<TObject, TProj>;
  readonly #deps: ControllerDeps;
  readonly #clock: Clock;
  readonly #delay: Delay;
  readonly #log: Logger;
  readonly #reasons = new Map<string, string>();
  readonly #abort = new AbortController();
  #workers: Promise<void>[] = [];

  /** Builds the informers and queue; nothing runs until {@link Controller.startInformers}. */
  constructor(spec: ControllerSpec<TObject, TProj>, deps: ControllerDeps) {
    this.name = spec.name;
    this.#spec = spec;
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
    this.#delay = deps.delay ?? realDelay;
    this.#log = deps.logger.child({ controller: spec.name });
    this.queue = this.#newQueue();
    this.informer = this.#primaryInformer();
    this.related = (spec.watches ?? []).map((w) => this.#relatedInformer(w));
  }

  /** Every informer of this controller. */
  get informers(): readonly Informer<KubeObject, unknown>[] {
    return [this.informer as unknown as Informer<KubeObject, unknown>, ...this.related];
  }

  /** Whether every informer has completed its first list. */
  get hasSynced(): boolean {
    return this.informers.every((i) => i.hasSynced);
  }

  /** Starts every informer; keys start queueing at once. */
  startInformers(): void {
    for (const i of this.informers) i.start();
  }

  /** Resolves `true` once every informer has synced (`false` if one stopped first). */
  async waitForSync(): Promise<boolean> {
    const results = await Promise.all(this.informers.map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  /** Starts the workers. Call after the informers synced and, with leader election, when leading. */
  startWorkers(): void {
    if (this.#workers.length > 0 || this.queue.shuttingDown) return;
    const n = this.#spec.maxConcurrentReconciles ?? 1;
    this.#deps.metrics.maxConcurrentReconciles.set({ controller: this.name }, n);
    this.#deps.metrics.activeWorkers.set({ controller: this.name }, 0);
    this.#workers = Array.from({ length: n }, () => this.#work());
    this.#log.info({ workers: n }, "controller started");
  }

  /**
   * Stops intake, lets in-flight reconciles finish for up to `graceMs`, then aborts their
   * signal. Keys still queued are handed back (the next leader relists). Idempotent.
   * @returns whether every in-flight reconcile finished within the grace period
   */
  async stopWorkers(graceMs: number): Promise<boolean> {
    const drained = this.queue.shutDownWithDrain().then(() => true);
    const timer = new AbortController();
    const timedOut = sleep(this.#delay, graceMs, timer.signal).then(() => false);
    const finished = await Promise.race([drained, timedOut]);
    timer.abort();
    this.#abort.abort();
    await Promise.all(this.#workers);
    this.#log.info({ finished }, "controller stopped");
    return finished;
  }

  /** Stops every informer. */
  async stopInformers(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  /** Queues `key` now with `reason` (for callers outside informers, e.g. a manual trigger). */
  enqueue(key: string, reason: string): void {
    this.#note(key, reason);
    this.queue.add(key);
  }

  async #work(): Promise<void> {
    for (let key = await this.queue.get(); key !== undefined; key = await this.queue.get()) {
      await this.#process(key);
    }
  }

  async #process(key: string): Promise<void> {
    const reason = this.#reasons.get(key) ?? "unknown";
    this.#reasons.delete(key);
    const reconcileId = randomUUID();
    const { namespace, name } = parseKey(key);
    const logger = this.#log.child({ namespace, name, reconcileId, reason });
    const labels = { controller: this.name };
    this.#deps.metrics.activeWorkers.inc(labels);
    const started = this.#clock.now();
    try {
      const cached = this.informer.store.get(key);
      const request = { key, namespace, name, cached };
      const ctx = { logger, reconcileId, reason, signal: this.#abort.signal };
      this.#onResult(key, await this.#spec.reconcile(request, ctx));
    } catch (err) {
      this.#onError(key, err, logger);
    } finally {
      this.#deps.metrics.reconcileTime.observe(labels, (this.#clock.now() - started) / 1000);
      this.#deps.metrics.activeWorkers.dec(labels);
      this.queue.done(key);
    }
  }

  // Each outcome pairs one queue operation with one metric, as controller-runtime does.
  #onResult(key: string, result: ReconcileResult): void {
    this.queue.forget(key);
    if (result !== undefined && result.requeueAfterMs > 0) {
      this.#count("requeue_after");
      this.#note(key, "requeueAfter");
      this.queue.addAfter(key, result.requeueAfterMs);
      return;
    }
    this.#count("success");
  }

  #onError(key: string, err: unknown, logger: Logger): void {
    this.#count("error");
    this.#deps.metrics.reconcileErrors.inc({ controller: this.name });
    if (isTerminalError(err)) {
      // Terminal: counted and logged, never retried; the next change queues the key again.
      this.#deps.metrics.terminalErrors.inc({ controller: this.name });
      this.queue.forget(key);
      logger.error({ err, terminal: true }, "reconciler error");
      return;
    }
    this.#note(key, "retry");
    this.queue.addRateLimited(key);
    logger.error({ err, retries: this.queue.numRequeues(key) }, "reconciler error");
  }

  #count(result: string): void {
    this.#deps.metrics.reconcileTotal.inc({ controller: this.name, result });
  }

  // The first reason since the key was last taken wins: it is what started the work.
  #note(key: string, reason: string): void {
    if (!this.#reasons.has(key)) this.#reasons.set(key, reason);
  }

  #newQueue(): RateLimitingQueue {
    const q = new RateLimitingQueue({
      clock: this.#clock,
      delay: this.#delay,
      metrics: this.#deps.metrics.queueMetrics(this.name),
      rateLimiter: this.#spec.rateLimiter,
    });
    this.#deps.metrics.registerQueue(this.name, q);
    return q;
  }

  #primaryInformer(): Informer<TObject, TProj> {
    const { kind, project, predicate, namespace, labelSelector, fieldSelector, metadataOnly } =
      this.#spec.for;
    const informer = new Informer<TObject, TProj>({
      ...this.#informerBase(),
      kind,
      project,
      namespace,
      labelSelector,
      fieldSelector,
      metadataOnly,
      resyncPeriodMs: this.#spec.resyncPeriodMs,
    });
    informer.addHandler({
      onAdd: (key) => {
        this.enqueue(key, "added");
      },
      onUpdate: (key, oldValue, newValue) => {
        if (predicate?.(oldValue, newValue) ?? true) this.enqueue(key, "updated");
      },
      onDelete: (key) => {
        this.enqueue(key, "deleted");
      },
      onResync: (key) => {
        this.enqueue(key, "resync");
      },
    });
    return informer;
  }

  #relatedInformer(w: RelatedWatch): Informer<KubeObject, unknown> {
    const informer = new Informer<KubeObject, unknown>({
      ...this.#informerBase(),
      ...w.selection,
      kind: w.kind,
      project: w.project,
      resyncPeriodMs: 0,
    });
    const reason = `mapped:${w.kind.kind}`;
    const map = (key: string, value: unknown): void => {
      for (const k of w.mapToKeys(value, key)) this.enqueue(k, reason);
    };
    informer.addHandler({
      onAdd: (key, v) => {
        map(key, v);
      },
      onUpdate: (key, old, v) => {
        map(key, old);
        map(key, v);
      },
      onDelete: (key, v) => {
        map(key, v);
      },
    });
    return informer;
  }

  #informerBase() {
    const { rest, logger, informer } = this.#deps;
    return { ...informer, rest, logger, clock: this.#clock, delay: this.#delay };
  }
}
