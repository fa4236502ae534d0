/**
 * DescribeCertificateAuthority for the issuer check. `SigningService` has no public describe
 * that returns every field status.ca shows (type, usage mode, owner), so the check keeps its own
 * small client pool built from the exported `ClientPool` and classifies failures with
 * `classifyAwsError`, like the signing service does.
 *
 * TODO(#5): describe through SigningService instead, so the check shares its client pool and
 * its client-side rate limiter (DescribeCertificateAuthority is paced there, not here).
 */
import { DescribeCertificateAuthorityCommand } from "@aws-sdk/client-acm-pca";
import type { CertificateAuthority } from "@aws-sdk/client-acm-pca";

import type { ResolvedCa } from "../../../api/v1beta1/index.ts";
import { ClientPool, classifyAwsError } from "../../pca/index.ts";
import type { SigningIssuer } from "../../pca/index.ts";

/**
 * Describes an issuer's CA with the issuer's credentials, and forgets an issuer's clients.
 * Injected into the controllers so the decide step can be tested without AWS.
 * @public
 */
export interface CaChecker {
  /**
   * The CA as `status.ca` shows it.
   * @throws a `PcaError` (AWS's name and message kept) or the credential provider's error.
   */
  describe(issuer: SigningIssuer, signal?: AbortSignal): Promise<ResolvedCa>;
  /** Destroys the clients of a deleted issuer; makes no AWS call. */
  release(issuerKey: string): void;
  /** Destroys every client (shutdown). */
  close(): void;
}

/** Options of {@link PcaCaChecker}. @public */
export interface PcaCaCheckerOptions {
  /** PCA endpoint URL (the emulator's in tests); absent, the SDK's own resolution. */
  readonly endpoint?: string;
  /** Socket connect timeout in ms. Default 5000. */
  readonly connectionTimeoutMs?: number;
}

/**
 * A {@link CaChecker} over real ACM PCA clients, one per issuer and credentials identity.
 * Calls are attempted twice at most (the pool's default retry strategy); the controller
 * re-checks on its own schedule.
 * @public
 */
export class PcaCaChecker implements CaChecker {
  readonly #pool: ClientPool;

  /** Creates a checker with an empty pool. */
  constructor(options: PcaCaCheckerOptions = {}) {
    this.#pool = new ClientPool({
      connectionTimeoutMs: options.connectionTimeoutMs ?? 5000,
      requestTimeoutMs: 30_000,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    });
  }

  /** See {@link CaChecker.describe}. */
  async describe(issuer: SigningIssuer, signal?: AbortSignal): Promise<ResolvedCa> {
    const arn = issuer.config.ca.arn;
    const client = this.#pool.get({
      issuerKey: issuer.key,
      caArn: arn,
      region: issuer.config.region,
      credentialsKey: issuer.credentialsKey,
      credentials: issuer.credentials,
    });
    try {
      const out = await client.send(
        new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }),
        signal === undefined ? {} : { abortSignal: signal },
      );
      return resolvedCaOf(arn, out.CertificateAuthority);
    } catch (err) {
      throw classifyAwsError(err, "DescribeCertificateAuthority", arn);
    }
  }

  /** See {@link CaChecker.release}. */
  release(issuerKey: string): void {
    this.#pool.release(issuerKey);
  }

  /** See {@link CaChecker.close}. */
  close(): void {
    this.#pool.close();
  }
}

/**
 * `status.ca` from a DescribeCertificateAuthority answer. A CA without a status is reported
 * as `UNKNOWN`, which is never ACTIVE.
 * @public
 */
export function resolvedCaOf(arn: string, ca: CertificateAuthority | undefined): ResolvedCa {
  if (ca === undefined) return { arn, status: "UNKNOWN" };
  const config = ca.CertificateAuthorityConfiguration;
  const optional = {
    type: ca.Type,
    keyAlgorithm: config?.KeyAlgorithm,
    signingAlgorithm: config?.SigningAlgorithm,
    notBefore: rfc3339(ca.NotBefore),
    notAfter: rfc3339(ca.NotAfter),
    usageMode: ca.UsageMode,
    ownerAccount: ca.OwnerAccount,
  };
  const present = Object.entries(optional).filter(([, v]) => v !== undefined && v !== "");
  return { arn, status: ca.Status ?? "UNKNOWN", ...Object.fromEntries(present) };
}

function rfc3339(date: Date | undefined): string | undefined {
  return date?.toISOString().replace(".000Z", "Z");
}
