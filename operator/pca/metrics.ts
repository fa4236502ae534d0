/**
 * Prometheus metrics of the signing service, registered in a registry the caller injects
 * (never the global one). Names carry the `awspca_` prefix; see docs/adr/0015-pca-metrics.md.
 */
import { Counter, Histogram, Registry } from "prom-client";

/** What one call of the signing service ended in. @public */
export type SigningOutcome = "success" | "pending" | "retryable" | "issuer_error" | "permanent";

/** A signing-service step. @public */
export type SigningStep = "issue" | "fetch";

// Seconds; wide enough for a 1,000-request burst queued behind a 20/s limiter.
const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const READY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * The signing service's metrics.
 *
 * - `awspca_issuance_requests_total{step,outcome}`: issue/fetch calls of the service by outcome.
 * - `awspca_api_calls_total{operation,outcome}`: every HTTP attempt to PCA (SDK retries
 *   included), outcome `ok` or the AWS error name.
 * - `awspca_api_call_duration_seconds{operation}`: duration of those attempts.
 * - `awspca_throttles_total{operation}`: attempts PCA answered with throttling.
 * - `awspca_rate_limiter_wait_seconds{operation}`: time calls waited for the client-side limiter.
 * - `awspca_certificate_request_ready_seconds`: from a request's creation to Ready (observed by
 *   the controller through {@link PcaMetrics.observeReady}).
 * @public
 */
export class PcaMetrics {
  /** The registry every metric here lives in. */
  readonly registry: Registry;
  readonly #requests: Counter<"step" | "outcome">;
  readonly #calls: Counter<"operation" | "outcome">;
  readonly #callDuration: Histogram<"operation">;
  readonly #throttles: Counter<"operation">;
  readonly #wait: Histogram<"operation">;
  readonly #ready: Histogram;

  /** Creates the metrics in `registry` (default: a new registry). */
  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.#requests = new Counter({
      name: "awspca_issuance_requests_total",
      help: "Signing-service calls by step (issue, fetch) and outcome",
      labelNames: ["step", "outcome"],
      registers,
    });
    this.#calls = new Counter({
      name: "awspca_api_calls_total",
      help: "AWS Private CA call attempts by operation and outcome (ok or AWS error name)",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.#callDuration = new Histogram({
      name: "awspca_api_call_duration_seconds",
      help: "Duration of AWS Private CA call attempts",
      labelNames: ["operation"],
      buckets: CALL_BUCKETS,
      registers,
    });
    this.#throttles = new Counter({
      name: "awspca_throttles_total",
      help: "AWS Private CA call attempts answered with throttling",
      labelNames: ["operation"],
      registers,
    });
    this.#wait = new Histogram({
      name: "awspca_rate_limiter_wait_seconds",
      help: "Time AWS Private CA calls waited for the client-side rate limiter",
      labelNames: ["operation"],
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.#ready = new Histogram({
      name: "awspca_certificate_request_ready_seconds",
      help: "Time from a CertificateRequest's creation to Ready",
      buckets: READY_BUCKETS,
      registers,
    });
  }

  /** Counts one signing-service call. */
  recordRequest(step: SigningStep, outcome: SigningOutcome): void {
    this.#requests.inc({ step, outcome });
  }

  /** Counts one PCA attempt and its duration; throttling outcomes also count as throttles. */
  recordCall(operation: string, outcome: string, seconds: number, throttled: boolean): void {
    this.#calls.inc({ operation, outcome });
    this.#callDuration.observe({ operation }, seconds);
    if (throttled) this.#throttles.inc({ operation });
  }

  /** Records a wait for the client-side rate limiter, in milliseconds. */
  observeRateLimiterWait(operation: string, waitedMs: number): void {
    this.#wait.observe({ operation }, waitedMs / 1000);
  }

  /**
   * Records a request that became Ready: the time since `createdAtMs` (its
   * `metadata.creationTimestamp`) up to `readyAtMs`.
   */
  observeReady(createdAtMs: number, readyAtMs: number): void {
    this.#ready.observe(Math.max(0, readyAtMs - createdAtMs) / 1000);
  }
}
