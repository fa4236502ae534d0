import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

import type { CredentialProvider } from "./types.ts";

/** Who AWS sees behind a set of credentials (STS GetCallerIdentity). @public */
export interface CallerIdentity {
  /** E.g. `arn:aws:sts::123456789012:assumed-role/issuer/awspca-issuer-ns-name`. */
  readonly arn: string;
  /** The 12-digit account. */
  readonly account: string;
  /** The unique id of the principal (`AIDA…`, or `AROA…:<session>`). */
  readonly userId: string;
}

/** Options of {@link callerIdentity}. @public */
export interface CallerIdentityOptions {
  /** Explicit STS URL; without it the SDK honours `AWS_ENDPOINT_URL_STS`. */
  readonly endpoint?: string;
  /** Cancels the call. */
  readonly abortSignal?: AbortSignal;
}

/**
 * Calls STS GetCallerIdentity with `provider`'s credentials, so the issuer controller can show
 * the identity ARN in status. Needs no IAM permission.
 *
 * @throws whatever the provider throws (a {@link CredentialsError}) or the SDK's STS error.
 * @public
 */
export async function callerIdentity(
  provider: CredentialProvider,
  region: string,
  options: CallerIdentityOptions = {},
): Promise<CallerIdentity> {
  const client = new STSClient({
    region,
    credentials: provider,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  });
  try {
    const out = await client.send(
      new GetCallerIdentityCommand({}),
      options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal },
    );
    if (out.Arn === undefined || out.Account === undefined || out.UserId === undefined) {
      throw new Error("sts answered getcalleridentity without arn, account or user id");
    }
    return { arn: out.Arn, account: out.Account, userId: out.UserId };
  } finally {
    client.destroy();
  }
}
