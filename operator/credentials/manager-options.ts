import type { DefaultChainFactory } from "./default-chain.ts";
import type { CredentialsLogger } from "./logger.ts";
import type { RoleAssumer } from "./role-session.ts";
import type { SecretReader } from "./secret-source.ts";

/** Options of {@link CredentialsManager}. @public */
export interface CredentialsManagerOptions {
  /** Reads a referenced Secret; injected so this module needs no Kubernetes client. */
  readonly readSecret: SecretReader;
  /**
   * STS endpoint URL for AssumeRole, web identity and GetCallerIdentity. Default none: the SDK
   * picks the regional endpoint or honours `AWS_ENDPOINT_URL_STS`.
   */
  readonly stsEndpoint?: string;
  /** Provider for issuers without a Secret. Default {@link nodeDefaultChain}(). */
  readonly defaultChain?: DefaultChainFactory;
  /** Performs AssumeRole. Default {@link stsRoleAssumer}(stsEndpoint). */
  readonly assumeRole?: RoleAssumer;
  /** Source of the current time. Default the wall clock. */
  readonly clock?: { now(): number };
  /** Receives pino-style logs; never given a credential value. Default silent. */
  readonly logger?: CredentialsLogger;
  /** Refresh an assumed-role session this long before it ends, in ms. Default 300000 (5 min). */
  readonly refreshWindowMs?: number;
  /** Requested AssumeRole session length in seconds, 900…43200. Default 3600. */
  readonly roleSessionDurationSeconds?: number;
  /**
   * Re-read a Secret when the last read is older than this, in ms, even without a
   * {@link CredentialsManager.secretChanged} notice. Default 300000 (5 min).
   */
  readonly secretMaxAgeMs?: number;
}

/**
 * Checks {@link CredentialsManagerOptions} once, one guard per invariant.
 * @throws RangeError naming the field.
 * @internal
 */
export function checkManagerOptions(options: CredentialsManagerOptions): void {
  const { refreshWindowMs, roleSessionDurationSeconds, secretMaxAgeMs, stsEndpoint } = options;
  if (refreshWindowMs !== undefined && !(refreshWindowMs >= 0)) {
    throw new RangeError(`refreshWindowMs must be zero or more, got ${refreshWindowMs}`);
  }
  if (
    roleSessionDurationSeconds !== undefined &&
    !(roleSessionDurationSeconds >= 900 && roleSessionDurationSeconds <= 43_200)
  ) {
    throw new RangeError(
      `roleSessionDurationSeconds must be 900 to 43200 (sts limits), got ${roleSessionDurationSeconds}`,
    );
  }
  if (secretMaxAgeMs !== undefined && !(secretMaxAgeMs > 0)) {
    throw new RangeError(`secretMaxAgeMs must be more than zero, got ${secretMaxAgeMs}`);
  }
  if (stsEndpoint !== undefined && !URL.canParse(stsEndpoint)) {
    throw new RangeError(`stsEndpoint ${JSON.stringify(stsEndpoint)} is not a url`);
  }
}
