export { Controller } from "./controller.ts";
export type { ControllerDeps, InformerTuning } from "./controller.ts";
export { TerminalError, isTerminalError } from "./terminal-error.ts";
export { defineController, watches } from "./types.ts";
export type {
  ControllerSpec,
  PrimarySpec,
  RelatedSpec,
  RelatedWatch,
  Reconciler,
  ReconcileRequest,
  ReconcileContext,
  ReconcileResult,
} from "./types.ts";
