/**
 * The issuer controllers (`awspcaissuer`, `awspcaclusterissuer`): they check that each issuer
 * can sign now (spec, credentials, caller identity, CA ACTIVE), publish the conclusion in the
 * {@link IssuerRegistry} and report it on the Ready condition and in Events.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  DEFAULT_RECHECK_INTERVAL_MS,
  ISSUER_EVENT_SOURCE,
  issuerControllers,
} from "./issuer-controllers.ts";
export type { IssuerControllerDeps } from "./issuer-controllers.ts";
export { decide, registryStateOf, TRANSIENT_RECHECK_MS } from "./decide.ts";
export type { DecideInput, Decision } from "./decide.ts";
export type {
  CheckOutcome,
  FailedOutcome,
  InvalidSpecOutcome,
  VerifiedOutcome,
} from "./outcome.ts";
export { CHECK_ACTION, ISSUER_FINALIZER, READY_REASONS } from "./reasons.ts";
export type { ReadyReason } from "./reasons.ts";
export { PcaCaChecker, resolvedCaOf } from "./ca-check.ts";
export type { CaChecker, PcaCaCheckerOptions } from "./ca-check.ts";
export { awsFailure, caNotActive, credentialsFailure } from "./failures.ts";
export type { AwsStep } from "./failures.ts";
export { SecretIndex } from "./secret-index.ts";
export { IssuerMetrics } from "./metrics.ts";
export type { IssuerLabels } from "./metrics.ts";
