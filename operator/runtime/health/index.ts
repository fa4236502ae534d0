export { CheckSet } from "./checks.ts";
export type { Check, CheckOutcome } from "./checks.ts";
export { serve, parseBindAddress } from "./http-server.ts";
export type { Route, RunningServer } from "./http-server.ts";
