export { Manager } from "./manager.ts";
export { LeaseLostError } from "./lease-lost-error.ts";
export type { ManagerOptions, ManagerLeaderElection } from "./options.ts";
