export { LeaderElector } from "./leader-elector.ts";
export { LeaderHealthCheck } from "./leader-health.ts";
export type { CheckResult } from "./leader-health.ts";
export { LeaseLock, formatMicroTime } from "./lease-lock.ts";
export type { Lease, LeaseSpec, ResourceLock } from "./lease-lock.ts";
export {
  JITTER_FACTOR,
  InvalidLeaderElectionConfigError,
  validateLeaderElectionConfig,
} from "./config.ts";
export type { LeaderElectionConfig, LeaderCallbacks } from "./config.ts";
