export {
  ItemExponentialFailureRateLimiter,
  BucketRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from "./rate-limiter.ts";
export type { RateLimiter } from "./rate-limiter.ts";
export { WorkQueue } from "./work-queue.ts";
export type { WorkQueueOptions } from "./work-queue.ts";
export { DelayingQueue } from "./delaying-queue.ts";
export type { DelayingQueueOptions } from "./delaying-queue.ts";
export { RateLimitingQueue } from "./rate-limiting-queue.ts";
export type { RateLimitingQueueOptions } from "./rate-limiting-queue.ts";
export { noopQueueMetrics } from "./queue-metrics.ts";
export type { QueueMetrics } from "./queue-metrics.ts";
