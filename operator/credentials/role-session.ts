import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

import { awsErrorName, isTransientAwsError } from "./aws-errors.ts";
import { CredentialsError } from "./errors.ts";
import { errorFields } from "./logger.ts";
import type { CredentialsLogger } from "./logger.ts";
import type { AwsCredentials } from "./types.ts";

/** One STS AssumeRole call's input. @public */
export interface AssumeRoleRequest {
  /** `spec.role`. */
  readonly roleArn: string;
  /** `spec.externalId`, when set. */
  readonly externalId?: string;
  /** From {@link roleSessionName}. */
  readonly roleSessionName: string;
  /** Requested session length in seconds. */
  readonly durationSeconds: number;
  /** STS region: the issuer's region. */
  readonly region: string;
  /** The credentials that sign the AssumeRole call. */
  readonly baseCredentials: AwsCredentials;
}

/** Temporary credentials with their real end. @public */
export type SessionCredentials = AwsCredentials & { readonly expiration: Date };

/**
 * Performs STS AssumeRole. The default, {@link stsRoleAssumer}, calls STS over HTTP; tests may
 * inject a fake.
 * @public
 */
export type RoleAssumer = (request: AssumeRoleRequest) => Promise<SessionCredentials>;

/**
 * A {@link RoleAssumer} that calls STS with the SDK. Without `endpoint`, the SDK picks the
 * regional endpoint, or `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` when set.
 *
 * @param endpoint - an explicit STS URL (tests point it at the emulator).
 * @public
 */
export function stsRoleAssumer(endpoint?: string): RoleAssumer {
  return async (request) => {
    // One short-lived client per call: calls are rare (about hourly per issuer) and the
    // signing credentials differ between calls.
    const client = new STSClient({
      region: request.region,
      credentials: request.baseCredentials,
      ...(endpoint === undefined ? {} : { endpoint }),
    });
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.roleSessionName,
          DurationSeconds: request.durationSeconds,
          ...(request.externalId === undefined ? {} : { ExternalId: request.externalId }),
        }),
      );
      return sessionFrom(out.Credentials);
    } finally {
      client.destroy();
    }
  };
}

function sessionFrom(
  c: {
    AccessKeyId?: string;
    SecretAccessKey?: string;
    SessionToken?: string;
    Expiration?: Date;
  } = {},
): SessionCredentials {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = c;
  if (AccessKeyId === undefined || SecretAccessKey === undefined || Expiration === undefined) {
    throw new Error("sts answered assumerole without complete credentials");
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    expiration: Expiration,
    ...(SessionToken === undefined ? {} : { sessionToken: SessionToken }),
  };
}

/** What a {@link RoleSession} needs. @internal */
export interface RoleSessionOptions {
  readonly base: () => Promise<AwsCredentials>;
  readonly assume: RoleAssumer;
  readonly request: Omit<AssumeRoleRequest, "baseCredentials">;
  readonly now: () => number;
  /** Refresh this long before the session ends (default 5 minutes, as the SDK). */
  readonly refreshWindowMs: number;
  readonly logger: CredentialsLogger;
  /** The issuer in log fields and messages. */
  readonly issuer: string;
}

interface Session {
  readonly credentials: SessionCredentials;
  readonly base: AwsCredentials;
}

/**
 * An assumed-role session for one issuer, refreshed `refreshWindowMs` before it ends and
 * re-assumed at once when the base credentials change (a rotated Secret, a new web-identity
 * session). Concurrent callers share one AssumeRole call.
 * @internal
 */
export class RoleSession {
  private readonly options: RoleSessionOptions;
  private session: Session | undefined;
  private inflight: Promise<SessionCredentials> | undefined;

  constructor(options: RoleSessionOptions) {
    this.options = options;
  }

  /** Forgets the current session; the next {@link RoleSession.get} assumes the role again. */
  invalidate(): void {
    this.session = undefined;
  }

  /** Valid session credentials, assuming the role when needed. */
  async get(): Promise<SessionCredentials> {
    const base = await this.options.base();
    const current = this.session;
    if (current === undefined || !sameBase(current.base, base)) return this.refresh(base);

    const remainingMs = current.credentials.expiration.getTime() - this.options.now();
    if (remainingMs > this.options.refreshWindowMs) return current.credentials;
    if (remainingMs <= 0) return this.refresh(base);

    try {
      return await this.refresh(base);
    } catch (err) {
      // Still valid for a while: keep signing with it and try again on the next call.
      this.options.logger.warn(
        {
          issuer: this.options.issuer,
          roleArn: this.options.request.roleArn,
          remainingMs,
          ...errorFields(err),
        },
        "role session refresh failed; using current session",
      );
      return current.credentials;
    }
  }

  private refresh(base: AwsCredentials): Promise<SessionCredentials> {
    this.inflight ??= this.assume(base).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async assume(base: AwsCredentials): Promise<SessionCredentials> {
    const { request, assume, logger, issuer } = this.options;
    let credentials: SessionCredentials;
    try {
      credentials = await assume({ ...request, baseCredentials: base });
    } catch (err) {
      if (err instanceof CredentialsError) throw err;
      throw assumeRoleFailed(request, issuer, err);
    }

    this.session = { credentials, base };
    logger.info(
      { issuer, roleArn: request.roleArn, expiration: credentials.expiration.toISOString() },
      "role assumed",
    );
    return credentials;
  }
}

function assumeRoleFailed(
  request: RoleSessionOptions["request"],
  issuer: string,
  err: unknown,
): CredentialsError {
  const name = awsErrorName(err);
  const hint =
    name === "AccessDenied"
      ? request.externalId === undefined
        ? "; check that the role's trust policy allows the base identity"
        : "; check the role's trust policy and spec.externalId"
      : "";
  return new CredentialsError(
    "AssumeRoleFailed",
    `sts:AssumeRole of ${request.roleArn} (spec.role) for ${issuer} failed with ${name}${hint}`,
    { cause: err, transient: isTransientAwsError(err) },
  );
}

function sameBase(a: AwsCredentials, b: AwsCredentials): boolean {
  return (
    a.accessKeyId === b.accessKeyId &&
    a.secretAccessKey === b.secretAccessKey &&
    a.sessionToken === b.sessionToken
  );
}
