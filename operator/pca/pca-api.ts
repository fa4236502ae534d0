/**
 * The adapter boundary: every call to AWS Private CA goes through {@link PcaApi}, which waits
 * for the client-side rate limiter, sends the command, and converts any failure into the
 * taxonomy with AWS's name and message preserved.
 */
import {
  DescribeCertificateAuthorityCommand,
  GetCertificateCommand,
  IssueCertificateCommand,
} from "@aws-sdk/client-acm-pca";
import type { ACMPCAClient, IssueCertificateCommandInput } from "@aws-sdk/client-acm-pca";

import type { CaFacts } from "./ca-cache.ts";
import { classifyAwsError } from "./classify.ts";
import { PermanentError, RetryableError } from "./errors.ts";
import type { PcaMetrics } from "./metrics.ts";
import type { RateLimiter, RateLimitTicket } from "./rate-limiter.ts";
import { signingAlgorithmFor } from "./signing-algorithm.ts";

/** GetCertificate's answer, both parts PEM. @public */
export interface CertificateAndChain {
  readonly certificate: string;
  readonly chain: string;
}

/** Which CA a call counts against, the operation, and the object named in errors. */
interface CallTarget {
  readonly caArn: string;
  readonly operation: string;
  readonly subject: string;
  readonly ticket?: RateLimitTicket | undefined;
}

/**
 * The three PCA operations the signing service uses, rate-limited and classified.
 * @public
 */
export class PcaApi {
  readonly #limiter: RateLimiter;
  readonly #metrics: PcaMetrics | undefined;

  /** @param limiter - shared by every issuer; @param metrics - where waits are recorded. */
  constructor(limiter: RateLimiter, metrics?: PcaMetrics) {
    this.#limiter = limiter;
    this.#metrics = metrics;
  }

  /** DescribeCertificateAuthority, reduced to {@link CaFacts}. */
  async describeCa(client: ACMPCAClient, caArn: string, signal?: AbortSignal): Promise<CaFacts> {
    const out = await this.#send(
      { caArn, operation: "DescribeCertificateAuthority", subject: caArn },
      signal,
      (s) =>
        client.send(
          new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: caArn }),
          s === undefined ? {} : { abortSignal: s },
        ),
    );

    const ca = out.CertificateAuthority;
    const config = ca?.CertificateAuthorityConfiguration;
    const signingAlgorithm = signingAlgorithmFor(config?.KeyAlgorithm, config?.SigningAlgorithm);
    if (signingAlgorithm === undefined) {
      throw new PermanentError(`ca ${caArn} reports no key algorithm to pick a signing algorithm`);
    }
    return {
      arn: caArn,
      status: ca?.Status,
      keyAlgorithm: config?.KeyAlgorithm,
      signingAlgorithm,
      notAfterMs: ca?.NotAfter?.getTime(),
      shortLived: ca?.UsageMode === "SHORT_LIVED_CERTIFICATE",
    };
  }

  /** IssueCertificate; returns the new certificate's ARN. */
  async issueCertificate(
    client: ACMPCAClient,
    input: IssueCertificateCommandInput,
    signal?: AbortSignal,
    ticket?: RateLimitTicket,
  ): Promise<string> {
    const caArn = input.CertificateAuthorityArn ?? "";
    const out = await this.#send(
      { caArn, operation: "IssueCertificate", subject: caArn, ticket },
      signal,
      (s) =>
        client.send(new IssueCertificateCommand(input), s === undefined ? {} : { abortSignal: s }),
    );
    if (out.CertificateArn === undefined || out.CertificateArn === "") {
      throw new RetryableError(`issuecertificate for ${caArn} returned no certificate arn`);
    }
    return out.CertificateArn;
  }

  /** GetCertificate; a certificate still being issued throws PendingError. */
  async getCertificate(
    client: ACMPCAClient,
    caArn: string,
    certificateArn: string,
    signal?: AbortSignal,
  ): Promise<CertificateAndChain> {
    const input = { CertificateAuthorityArn: caArn, CertificateArn: certificateArn };
    const out = await this.#send(
      { caArn, operation: "GetCertificate", subject: certificateArn },
      signal,
      (s) =>
        client.send(new GetCertificateCommand(input), s === undefined ? {} : { abortSignal: s }),
    );
    return { certificate: out.Certificate ?? "", chain: out.CertificateChain ?? "" };
  }

  async #send<T>(
    target: CallTarget,
    signal: AbortSignal | undefined,
    call: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    const { caArn, operation, subject, ticket } = target;
    const waitedMs = await this.#limiter.acquire(caArn, operation, signal, ticket);
    if (this.#limiter.enabled) this.#metrics?.observeRateLimiterWait(operation, waitedMs);

    try {
      return await call(signal);
    } catch (err) {
      throw classifyAwsError(err, operation, subject);
    }
  }
}
