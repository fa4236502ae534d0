export { RequestController, ISSUER_WAIT_REQUEUE_MS } from "./controller.ts";
export type { RequestControllerDeps } from "./controller.ts";
export { decide } from "./decide.ts";
export type { Decision, DecideInput } from "./decide.ts";
export { projectRequest, isFinished } from "./view.ts";
export type { RequestView, OpenView } from "./view.ts";
