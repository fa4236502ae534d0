/**
 * The AWS Private CA + STS emulator for hermetic tests: start one with {@link startEmulator}.
 * @packageDocumentation
 */
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_SECRET_ACCESS_KEY,
  Emulator,
  startEmulator,
  type CaView,
  type EmulatorOptions,
} from "./emulator.ts";
export type { CaOptions } from "./bootstrap.ts";
export { defaultSettings, type Settings } from "./context.ts";
export { Counters, type CounterSnapshot, type CountTable } from "./counters.ts";
export { AwsError } from "./errors.ts";
export { DEFAULT_RATES, Faults, type FaultConfig, type QueuedError } from "./faults.ts";
export type { AccessKey, OidcProviderConfig, RoleConfig } from "./identities.ts";
export { KEY_ALGORITHMS, type KeyAlgorithm } from "./keys.ts";
export type { CaStatus } from "./state.ts";
