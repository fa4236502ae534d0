/**
 * `@dot-kube/operator`: a declarative controller runtime for Kubernetes on
 * `@kubernetes/client-node`. See README.md.
 * @packageDocumentation
 */
export {
  RestClient,
  PatchType,
  ResourceClient,
  ApiError,
  hasStatusCode,
  isNotFound,
  isConflict,
  isAlreadyExists,
  isGone,
} from "./client/index.ts";
export type { Query, RequestOptions, ObjectList, StatusBody } from "./client/index.ts";
export {
  setCondition,
  findCondition,
  isConditionTrue,
  isConditionCurrent,
  removeCondition,
  conditionsEqual,
  formatTime,
} from "./conditions/index.ts";
export type { Condition, ConditionInput, ConditionStatus } from "./conditions/index.ts";
export {
  Controller,
  TerminalError,
  isTerminalError,
  defineController,
  watches,
} from "./controller/index.ts";
export type {
  ControllerDeps,
  InformerTuning,
  ControllerSpec,
  PrimarySpec,
  RelatedSpec,
  RelatedWatch,
  Reconciler,
  ReconcileRequest,
  ReconcileContext,
  ReconcileResult,
} from "./controller/index.ts";
export { EventRecorder } from "./events/index.ts";
export type { EventRecorderOptions, EventInput, EventType, Regarding } from "./events/index.ts";
export { withFinalizers, FinalizerError } from "./finalizer/index.ts";
export type { Finalizer } from "./finalizer/index.ts";
export { CheckSet, serve, parseBindAddress } from "./health/index.ts";
export type { Check, CheckOutcome, Route, RunningServer } from "./health/index.ts";
export {
  LeaderElector,
  LeaderHealthCheck,
  LeaseLock,
  formatMicroTime,
  JITTER_FACTOR,
  InvalidLeaderElectionConfigError,
  validateLeaderElectionConfig,
} from "./leader/index.ts";
export type {
  CheckResult,
  Lease,
  LeaseSpec,
  ResourceLock,
  LeaderElectionConfig,
  LeaderCallbacks,
} from "./leader/index.ts";
export { Manager, LeaseLostError } from "./manager/index.ts";
export type { ManagerOptions, ManagerLeaderElection } from "./manager/index.ts";
export { RuntimeMetrics } from "./metrics/index.ts";
export type { ReconcileResultLabel, QueueProbe } from "./metrics/index.ts";
export {
  ItemExponentialFailureRateLimiter,
  BucketRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
  WorkQueue,
  DelayingQueue,
  RateLimitingQueue,
  noopQueueMetrics,
} from "./queue/index.ts";
export type {
  RateLimiter,
  WorkQueueOptions,
  DelayingQueueOptions,
  RateLimitingQueueOptions,
  QueueMetrics,
} from "./queue/index.ts";
export {
  ResourceKind,
  objectKey,
  keyOf,
  refOf,
  parseKey,
  SecretKind,
  ConfigMapKind,
} from "./resource/index.ts";
export type {
  ResourceKindSpec,
  Scope,
  ObjectOf,
  KubeObject,
  ObjectMeta,
  ObjectRef,
  OwnerReference,
  SecretObject,
  ConfigMapObject,
} from "./resource/index.ts";
export { updateStatus, patchStatus } from "./status/index.ts";
export type { StatusOutcome, UpdateStatusOptions } from "./status/index.ts";
export { systemClock, realDelay, sleep, FakeClock, settle } from "./time/index.ts";
export type { Clock, Delay } from "./time/index.ts";
export { Informer, Store, Backoff, StalledWatchError } from "./watch/index.ts";
export type {
  InformerHandler,
  InformerOptions,
  InformerStats,
  StoreEntry,
  Selection,
  WatchEvent,
  WatchEventType,
} from "./watch/index.ts";
