/**
 * Receives a work queue's measurements; the runtime's Prometheus adaptor implements it
 * with workqueue's metric names.
 * @public
 */
export interface QueueMetrics {
  /** A key was added (after merging a duplicate, nothing is counted). */
  added(): void;
  /** The number of keys waiting changed. */
  depth(n: number): void;
  /** A key left the queue for a worker after waiting `ms` milliseconds. */
  queued(ms: number): void;
  /** A worker finished a key after `ms` milliseconds. */
  worked(ms: number): void;
  /** A key was re-added through the rate limiter. */
  retried(): void;
}

/**
 * Metrics that discard everything; the default.
 * @public
 */
export const noopQueueMetrics: QueueMetrics = {
  added: () => undefined,
  depth: () => undefined,
  queued: () => undefined,
  worked: () => undefined,
  retried: () => undefined,
};
