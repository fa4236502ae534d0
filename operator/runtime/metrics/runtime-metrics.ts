import { Counter, Gauge, Histogram, Registry, exponentialBuckets } from "prom-client";
import type { QueueMetrics } from "../queue/queue-metrics.ts";

/**
 * The result label of `controller_runtime_reconcile_total`, as in controller-runtime.
 * @public
 */
export type ReconcileResultLabel = "success" | "error" | "requeue" | "requeue_after";

/**
 * What the work-queue gauges read at scrape time.
 * @public
 */
export interface QueueProbe {
  unfinishedWorkSeconds(): number;
  longestRunningProcessorSeconds(): number;
}

// controller-runtime's reconcile_time_seconds buckets.
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
  1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// workqueue's duration buckets: 10 ns to 1000 s, ten per decade step.
const QUEUE_BUCKETS = exponentialBuckets(1e-8, 10, 12);

type QueueLabel = "name" | "controller";
const CONTROLLER_LABELS = ["controller"] as const;
const QUEUE_LABELS = ["name", "controller"] as const;

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
) {
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}

function gauge<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
) {
  return new Gauge<L>({ name, help, labelNames, registers: [registry] });
}

function histogram<L extends string>(
  registry: Registry,
  spec: { name: string; help: string; labelNames: readonly L[]; buckets: number[] },
) {
  return new Histogram<L>({ ...spec, registers: [registry] });
}

/**
 * The controller and work-queue metrics of one manager, registered in a registry the manager
 * owns (never the global one), so several managers can share a process.
 *
 * Names and labels are controller-runtime's and client-go workqueue's, so existing dashboards
 * work unchanged.
 * @public
 */
export class RuntimeMetrics {
  /** The registry every metric here is registered in. */
  readonly registry: Registry;
  /** `controller_runtime_reconcile_total{controller,result}`. */
  readonly reconcileTotal: Counter<"controller" | "result">;
  /** `controller_runtime_reconcile_errors_total{controller}`. */
  readonly reconcileErrors: Counter<"controller">;
  /** `controller_runtime_terminal_reconcile_errors_total{controller}`. */
  readonly terminalErrors: Counter<"controller">;
  /** `controller_runtime_reconcile_time_seconds{controller}`. */
  readonly reconcileTime: Histogram<"controller">;
  /** `controller_runtime_max_concurrent_reconciles{controller}`. */
  readonly maxConcurrentReconciles: Gauge<"controller">;
  /** `controller_runtime_active_workers{controller}`. */
  readonly activeWorkers: Gauge<"controller">;
  readonly #depth: Gauge<QueueLabel>;
  readonly #adds: Counter<QueueLabel>;
  readonly #retries: Counter<QueueLabel>;
  readonly #queueDuration: Histogram<QueueLabel>;
  readonly #workDuration: Histogram<QueueLabel>;
  readonly #probes = new Map<string, QueueProbe>();

  /** Creates the metrics in `registry` (default: a new registry). */
  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const c = CONTROLLER_LABELS;
    this.reconcileTotal = counter(
      registry,
      "controller_runtime_reconcile_total",
      "Total number of reconciliations per controller",
      ["controller", "result"],
    );
    this.reconcileErrors = counter(
      registry,
      "controller_runtime_reconcile_errors_total",
      "Total number of reconciliation errors per controller",
      c,
    );
    this.terminalErrors = counter(
      registry,
      "controller_runtime_terminal_reconcile_errors_total",
      "Total number of terminal reconciliation errors per controller",
      c,
    );
    this.reconcileTime = histogram(registry, {
      name: "controller_runtime_reconcile_time_seconds",
      help: "Length of time per reconciliation per controller",
      labelNames: c,
      buckets: RECONCILE_BUCKETS,
    });
    this.maxConcurrentReconciles = gauge(
      registry,
      "controller_runtime_max_concurrent_reconciles",
      "Maximum number of concurrent reconciles per controller",
      c,
    );
    this.activeWorkers = gauge(
      registry,
      "controller_runtime_active_workers",
      "Number of currently used workers per controller",
      c,
    );

    const q = QUEUE_LABELS;
    this.#depth = gauge(registry, "workqueue_depth", "Current depth of workqueue", q);
    this.#adds = counter(
      registry,
      "workqueue_adds_total",
      "Total number of adds handled by workqueue",
      q,
    );
    this.#retries = counter(
      registry,
      "workqueue_retries_total",
      "Total number of retries handled by workqueue",
      q,
    );
    this.#queueDuration = histogram(registry, {
      name: "workqueue_queue_duration_seconds",
      help: "How long in seconds an item stays in workqueue before being requested",
      labelNames: q,
      buckets: QUEUE_BUCKETS,
    });
    this.#workDuration = histogram(registry, {
      name: "workqueue_work_duration_seconds",
      help: "How long in seconds processing an item from workqueue takes",
      labelNames: q,
      buckets: QUEUE_BUCKETS,
    });
    this.#registerProbeGauges([registry]);
  }

  /** Returns the measurement sink of the queue called `name` (labels `name` and `controller`). */
  queueMetrics(name: string): QueueMetrics {
    const labels = { name, controller: name };
    return {
      added: () => {
        this.#adds.inc(labels);
      },
      depth: (n) => {
        this.#depth.set(labels, n);
      },
      queued: (ms) => {
        this.#queueDuration.observe(labels, ms / 1000);
      },
      worked: (ms) => {
        this.#workDuration.observe(labels, ms / 1000);
      },
      retried: () => {
        this.#retries.inc(labels);
      },
    };
  }

  /** Lets the scrape-time gauges read the queue called `name`. */
  registerQueue(name: string, probe: QueueProbe): void {
    this.#probes.set(name, probe);
  }

  #registerProbeGauges(registers: Registry[]): void {
    const probes = this.#probes;
    new Gauge({
      name: "workqueue_unfinished_work_seconds",
      help: "How many seconds of work has been done that is in progress and hasn't been observed by work_duration.",
      labelNames: ["name", "controller"],
      registers,
      collect() {
        for (const [name, p] of probes)
          this.set({ name, controller: name }, p.unfinishedWorkSeconds());
      },
    });
    new Gauge({
      name: "workqueue_longest_running_processor_seconds",
      help: "How many seconds has the longest running processor for workqueue been running.",
      labelNames: ["name", "controller"],
      registers,
      collect() {
        for (const [name, p] of probes) {
          this.set({ name, controller: name }, p.longestRunningProcessorSeconds());
        }
      },
    });
  }
}
