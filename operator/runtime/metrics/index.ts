export { RuntimeMetrics } from "./runtime-metrics.ts";
export type { ReconcileResultLabel, QueueProbe } from "./runtime-metrics.ts";
