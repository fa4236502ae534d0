/**
 * The shared signing service for AWS Private CA: one client pool, template selection, signing
 * algorithm from the CA's key, validity, idempotency, issue + fetch, chain split, error
 * classification, client-side rate limiting and metrics. Knows nothing of the runtime or the
 * controllers (style.md habit 11); the controllers call {@link SigningService}.
 *
 * @packageDocumentation
 */
export { SigningService } from "./signing-service.ts";
export type {
  IssueResult,
  SignOptions,
  SignResult,
  SigningServiceOptions,
} from "./signing-service.ts";
export { signingRequestFrom } from "./signing-request.ts";
export type { SigningIssuer, SigningRequest } from "./signing-request.ts";
export {
  IssuerError,
  PcaError,
  PendingError,
  PermanentError,
  RateLimitedError,
  RetryableError,
} from "./errors.ts";
export type { PcaErrorDetails, RetryableDetails } from "./errors.ts";
export {
  ISSUER_ERROR_NAMES,
  NETWORK_ERROR_CODES,
  PENDING_REQUEUE_AFTER_MS,
  PERMANENT_ERROR_NAMES,
  THROTTLING_ERROR_NAMES,
  TRANSIENT_ERROR_NAMES,
  classifyAwsError,
  isInProgressError,
  isIssuerError,
  isNetworkError,
  isPermanentError,
  isThrottlingError,
  isTransientError,
} from "./classify.ts";
export {
  FALLBACK_TEMPLATE,
  PATH_LENGTH_ANNOTATION,
  TEMPLATE_ANNOTATION,
  selectTemplate,
  templateArn,
  templateForUsages,
} from "./templates.ts";
export type {
  TemplateChoice,
  TemplateIssuerInput,
  TemplateRequestInput,
  TemplateSource,
} from "./templates.ts";
export { SHORT_LIVED_MAX_MS, computeValidity } from "./validity.ts";
export type {
  AbsoluteValidity,
  CaValidityLimits,
  ValidityChoice,
  ValidityInput,
} from "./validity.ts";
export { IDEMPOTENCY_TOKEN_LENGTH, idempotencyToken } from "./idempotency.ts";
export { SIGNING_ALGORITHM_BY_KEY, signingAlgorithmFor } from "./signing-algorithm.ts";
export { pemCertificates, splitChain } from "./chain.ts";
export type { IssuedCertificate } from "./chain.ts";
export { DEFAULT_OPERATION_RATES, RateLimiter } from "./rate-limiter.ts";
export type {
  OperationRate,
  RateLimitScope,
  RateLimiterOptions,
  RateLimitTicket,
} from "./rate-limiter.ts";
export { PcaMetrics } from "./metrics.ts";
export type { SigningOutcome, SigningStep } from "./metrics.ts";
export { ClientPool } from "./client-pool.ts";
export type { ClientKey, ClientPoolOptions } from "./client-pool.ts";
export { PcaRetryStrategy } from "./retry-strategy.ts";
export type { PcaRetryStrategyOptions } from "./retry-strategy.ts";
export { CaCache, DEFAULT_CA_CACHE_TTL_MS } from "./ca-cache.ts";
export type { CaFacts } from "./ca-cache.ts";
export { PcaApi } from "./pca-api.ts";
export type { CertificateAndChain } from "./pca-api.ts";
export { retryUntilDone } from "./retry-loop.ts";
export type { RetryLoopOptions } from "./retry-loop.ts";
export { realDelay, systemClock } from "./clock.ts";
export type { Clock, Delay } from "./clock.ts";
