export { updateStatus, patchStatus } from "./status-writer.ts";
export type { StatusOutcome, UpdateStatusOptions } from "./status-writer.ts";
