/**
 * The shared signing service: the one object the CertificateRequest controller talks to.
 * Two steps, so the controller can record the certificate ARN before anything else can fail
 * (design.md, "A request's life", steps 5 and 6):
 *
 * 1. {@link SigningService.issue} → certificate ARN (IssueCertificate, idempotent per request);
 * 2. {@link SigningService.fetch} → the PEM chain, or {@link PendingError} while AWS signs.
 *
 * {@link SigningService.sign} runs both with retries, for callers without a work queue.
 */
import type { ACMPCAClient, SigningAlgorithm } from "@aws-sdk/client-acm-pca";
import type { Registry } from "prom-client";

import { CaCache, DEFAULT_CA_CACHE_TTL_MS } from "./ca-cache.ts";
import type { CaFacts } from "./ca-cache.ts";
import { splitChain } from "./chain.ts";
import type { IssuedCertificate } from "./chain.ts";
import { ClientPool } from "./client-pool.ts";
import type { Clock, Delay } from "./clock.ts";
import { realDelay, systemClock } from "./clock.ts";
import { IssuerError, PcaError, PendingError, PermanentError, RetryableError } from "./errors.ts";
import { idempotencyToken } from "./idempotency.ts";
import { PcaMetrics } from "./metrics.ts";
import type { SigningOutcome, SigningStep } from "./metrics.ts";
import { PcaApi } from "./pca-api.ts";
import { RateLimiter } from "./rate-limiter.ts";
import type { OperationRate, RateLimitScope, RateLimitTicket } from "./rate-limiter.ts";
import { retryUntilDone } from "./retry-loop.ts";
import type { RetryLoopOptions } from "./retry-loop.ts";
import type { SigningIssuer, SigningRequest } from "./signing-request.ts";
import { selectTemplate } from "./templates.ts";
import type { TemplateChoice } from "./templates.ts";
import { computeValidity } from "./validity.ts";
import type { ValidityChoice } from "./validity.ts";

/** Options of {@link SigningService}; every field is optional. @public */
export interface SigningServiceOptions {
  /** PCA endpoint override (tests); absent, the SDK honours `AWS_ENDPOINT_URL_ACM_PCA`. */
  readonly endpoint?: string;
  /** SDK attempts per PCA call including the first (default 2). */
  readonly maxAttempts?: number;
  /** Client-side rate limiting on (default true); off for `--disable-client-side-rate-limiting`. */
  readonly rateLimiting?: boolean;
  /** Per-operation rates, merged over the defaults (24 Issue/s, 72 Get/s, 10 Describe/s). */
  readonly rates?: Readonly<Record<string, OperationRate>>;
  /** What one rate-limit bucket is shared over (default `account`). */
  readonly rateLimitScope?: RateLimitScope;
  /**
   * Longest client-side rate-limit wait `issue` sits out in place, ms (default 1000). A longer
   * one keeps the slot for the request and throws {@link RateLimitedError}, so a controller
   * worker is free for other requests meanwhile.
   */
  readonly maxRateLimitWaitMs?: number;
  /** How long a CA's DescribeCertificateAuthority facts are reused, ms (default 5 min). */
  readonly caCacheTtlMs?: number;
  /** Registry for the metrics (default a private one). */
  readonly registry?: Registry;
  /** Clock (default the wall clock). */
  readonly clock?: Clock;
  /** Delay used by the rate limiter and {@link SigningService.sign} (default `setTimeout`). */
  readonly delay?: Delay;
}

/** What {@link SigningService.issue} did. @public */
export interface IssueResult {
  /** The new certificate's ARN; record it on the request before anything else. */
  readonly certificateArn: string;
  /** The template it was issued with. */
  readonly template: TemplateChoice;
  /** The signing algorithm sent. */
  readonly signingAlgorithm: string;
  /** The validity sent. */
  readonly validity: ValidityChoice;
  /** The idempotency token sent. */
  readonly idempotencyToken: string;
}

/** A signed certificate with its ARN. @public */
export interface SignResult extends IssuedCertificate {
  /** The certificate's ARN. */
  readonly certificateArn: string;
}

/** Options of {@link SigningService.sign}. @public */
export interface SignOptions extends RetryLoopOptions {
  /** A certificate ARN already recorded on the request: skip IssueCertificate. */
  readonly certificateArn?: string;
  /** Called once with the ARN as soon as IssueCertificate answers. */
  readonly onIssued?: (certificateArn: string) => void | Promise<void>;
}

/**
 * The signing service. One per process: its client pool, CA cache and rate limiter are shared
 * by every issuer. Call {@link SigningService.close} on shutdown.
 * @public
 */
export class SigningService {
  /** The service's metrics (and `observeReady` for the controller). */
  readonly metrics: PcaMetrics;
  readonly #pool: ClientPool;
  readonly #api: PcaApi;
  readonly #cas: CaCache;
  readonly #clock: Clock;
  readonly #delay: Delay;
  readonly #maxRateLimitWaitMs: number;

  /** Creates the service; no AWS call happens until the first request. */
  constructor(options: SigningServiceOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#delay = options.delay ?? realDelay;
    this.#maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 1000;
    this.metrics = new PcaMetrics(options.registry);
    this.#pool = new ClientPool({
      metrics: this.metrics,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    });
    const limiter = new RateLimiter({
      enabled: options.rateLimiting ?? true,
      clock: this.#clock,
      delay: this.#delay,
      ...(options.rates === undefined ? {} : { rates: options.rates }),
      ...(options.rateLimitScope === undefined ? {} : { scope: options.rateLimitScope }),
    });
    this.#api = new PcaApi(limiter, this.metrics);
    this.#cas = new CaCache(options.caCacheTtlMs ?? DEFAULT_CA_CACHE_TTL_MS, this.#clock);
  }

  /**
   * Requests a certificate: picks template, signing algorithm (from the CA's key, cached) and
   * validity, then calls IssueCertificate with the request's idempotency token. Calling it
   * again for the same request within AWS's five-minute window returns the same ARN.
   * @throws PermanentError, RetryableError or IssuerError (never a raw SDK error).
   */
  async issue(
    issuer: SigningIssuer,
    request: SigningRequest,
    signal?: AbortSignal,
  ): Promise<IssueResult> {
    return this.#counted("issue", async () => {
      const caArn = issuer.config.ca.arn;
      const template = selectTemplate(
        {
          partition: issuer.config.ca.partition,
          defaultTemplateName: issuer.config.defaultTemplateName,
          allowedTemplates: issuer.config.allowedTemplates,
        },
        request,
      );
      const client = this.#client(issuer, caArn);
      const ca = await this.#cas.get(caArn, () => this.#api.describeCa(client, caArn, signal));
      const validity = computeValidity({
        nowMs: this.#clock.now(),
        duration: request.duration,
        defaultDurationMs: issuer.config.defaultDurationMs,
        notBeforeOffsetMs: issuer.config.notBeforeOffsetMs,
        limits: { notAfterMs: ca.notAfterMs, shortLived: ca.shortLived },
      });
      const token = idempotencyToken(request.uid, request.csrPem);

      const certificateArn = await this.#issueCall(client, ca, {
        template,
        validity,
        token,
        csrPem: request.csrPem,
        signal,
        ticket: { id: request.uid, maxWaitMs: this.#maxRateLimitWaitMs },
      });
      const signingAlgorithm = ca.signingAlgorithm;
      return { certificateArn, template, signingAlgorithm, validity, idempotencyToken: token };
    });
  }

  /**
   * Reads an issued certificate and splits its chain.
   * @throws PendingError while AWS is still signing; otherwise as {@link SigningService.issue}.
   */
  async fetch(
    issuer: SigningIssuer,
    certificateArn: string,
    signal?: AbortSignal,
  ): Promise<IssuedCertificate> {
    return this.#counted("fetch", async () => {
      const caArn = caArnOf(certificateArn) ?? issuer.config.ca.arn;
      const client = this.#client(issuer, caArn);
      const out = await this.#api.getCertificate(client, caArn, certificateArn, signal);
      return splitChain(out.certificate, out.chain);
    });
  }

  /**
   * Issues and fetches with retries: pending answers are polled, retryable failures retried
   * with backoff until `timeoutMs`; permanent and issuer-level failures are thrown at once.
   */
  async sign(
    issuer: SigningIssuer,
    request: SigningRequest,
    options: SignOptions = {},
  ): Promise<SignResult> {
    const loop = { ...options, clock: this.#clock, delay: this.#delay };
    const certificateArn =
      options.certificateArn ??
      (await retryUntilDone(async () => {
        const issued = await this.issue(issuer, request, options.signal);
        return issued.certificateArn;
      }, loop));
    if (options.certificateArn === undefined) await options.onIssued?.(certificateArn);

    const issued = await retryUntilDone(
      () => this.fetch(issuer, certificateArn, options.signal),
      loop,
    );
    return { ...issued, certificateArn };
  }

  /** Drops the PCA clients of a deleted issuer. */
  release(issuerKey: string): void {
    this.#pool.release(issuerKey);
  }

  /** Forgets a CA's cached facts (e.g. after the issuer controller saw it change). */
  invalidateCa(caArn: string): void {
    this.#cas.invalidate(caArn);
  }

  /** Destroys every PCA client and its sockets. */
  close(): void {
    this.#pool.close();
  }

  #client(issuer: SigningIssuer, caArn: string): ACMPCAClient {
    return this.#pool.get({
      issuerKey: issuer.key,
      caArn,
      region: issuer.config.region,
      credentialsKey: issuer.credentialsKey,
      credentials: issuer.credentials,
    });
  }

  async #issueCall(client: ACMPCAClient, ca: CaFacts, call: IssueCall): Promise<string> {
    try {
      return await this.#api.issueCertificate(
        client,
        {
          CertificateAuthorityArn: ca.arn,
          Csr: Buffer.from(call.csrPem),
          // SDK 3.523's enum predates SM2 and ML-DSA; the wire takes the name as a string.
          SigningAlgorithm: ca.signingAlgorithm as SigningAlgorithm,
          TemplateArn: call.template.arn,
          Validity: call.validity.validity,
          ...(call.validity.notBefore === undefined
            ? {}
            : { ValidityNotBefore: call.validity.notBefore }),
          IdempotencyToken: call.token,
        },
        call.signal,
        call.ticket,
      );
    } catch (err) {
      // The CA's key, state or lifetime may have changed since it was described.
      if (err instanceof PcaError && STALE_CA_ERRORS.has(err.awsName ?? "")) {
        this.#cas.invalidate(ca.arn);
      }
      throw err;
    }
  }

  async #counted<T>(step: SigningStep, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.metrics.recordRequest(step, "success");
      return result;
    } catch (err) {
      this.metrics.recordRequest(step, outcomeOf(err));
      throw err instanceof PcaError ? err : new RetryableError(`${step} failed`, { cause: err });
    }
  }
}

interface IssueCall {
  readonly template: TemplateChoice;
  readonly validity: ValidityChoice;
  readonly token: string;
  readonly csrPem: string;
  readonly signal: AbortSignal | undefined;
  readonly ticket: RateLimitTicket;
}

const STALE_CA_ERRORS: ReadonlySet<string> = new Set([
  "InvalidArgsException",
  "InvalidStateException",
  "ValidationException",
  "ResourceNotFoundException",
]);

function outcomeOf(err: unknown): SigningOutcome {
  if (err instanceof PendingError) return "pending";
  if (err instanceof IssuerError) return "issuer_error";
  if (err instanceof PermanentError) return "permanent";
  return "retryable";
}

/** The CA part of a certificate ARN (`<caArn>/certificate/<serial>`), if it has one. */
function caArnOf(certificateArn: string): string | undefined {
  const at = certificateArn.indexOf("/certificate/");
  return at > 0 ? certificateArn.slice(0, at) : undefined;
}
