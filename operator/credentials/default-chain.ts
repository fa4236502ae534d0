import { fromNodeProviderChain } from "@aws-sdk/credential-providers";

import { awsErrorName, isTransientAwsError } from "./aws-errors.ts";
import { CredentialsError } from "./errors.ts";
import type { CredentialProvider } from "./types.ts";

/** Where a default chain's own STS calls (web identity) go. @public */
export interface DefaultChainRequest {
  /** The issuer's region, used for the STS client of web identity. */
  readonly region: string;
  /** Explicit STS endpoint; absent lets the SDK choose (honouring `AWS_ENDPOINT_URL_STS`). */
  readonly stsEndpoint?: string;
}

/**
 * Builds the credential provider used when an issuer references no Secret. The manager builds
 * one per region and shares it between issuers; the provider must cache its own results.
 * @public
 */
export type DefaultChainFactory = (request: DefaultChainRequest) => CredentialProvider;

/**
 * Explicit web-identity (IRSA) settings. Without them the SDK reads `AWS_ROLE_ARN`,
 * `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_SESSION_NAME` from the environment.
 * @public
 */
export interface WebIdentityOptions {
  /** Role to assume with the token. */
  readonly roleArn: string;
  /** File holding the token; read again on every refresh, as the kubelet rotates it. */
  readonly webIdentityTokenFile: string;
  /** RoleSessionName; the SDK's default is `aws-sdk-js-session-<ms>`. */
  readonly roleSessionName?: string;
}

/** Options of {@link nodeDefaultChain}. @public */
export interface NodeDefaultChainOptions {
  /** Web identity settings that take the place of the environment's. */
  readonly webIdentity?: WebIdentityOptions;
}

/**
 * The SDK's Node default chain (`fromNodeProviderChain`): environment variables, shared
 * config files, web identity token file (IRSA; the file is re-read on every refresh), the
 * container credentials endpoint (EKS Pod Identity, ECS), then instance metadata. The SDK
 * caches the result and refreshes it 5 minutes before it expires.
 * @public
 */
export function nodeDefaultChain(options: NodeDefaultChainOptions = {}): DefaultChainFactory {
  return ({ region, stsEndpoint }) => {
    const chain = fromNodeProviderChain({
      clientConfig: { region, ...(stsEndpoint === undefined ? {} : { endpoint: stsEndpoint }) },
      ...options.webIdentity,
    });
    return (opts) => chain(opts);
  };
}

/**
 * Turns a default-chain failure into a {@link CredentialsError}: `NoCredentials` when no source
 * had anything, `DefaultChainFailed` when a configured source failed.
 * @internal
 */
export function defaultChainError(err: unknown, issuer: string): CredentialsError {
  if (err instanceof CredentialsError) return err;
  const name = awsErrorName(err);
  if (name === "CredentialsProviderError") {
    return new CredentialsError(
      "NoCredentials",
      `no aws credentials for ${issuer}: spec.secretRef is not set and the default chain ` +
        "(environment, web identity token file, container credentials, instance metadata) " +
        "found none",
      { cause: err },
    );
  }
  return new CredentialsError(
    "DefaultChainFailed",
    `the aws default credential chain failed for ${issuer} with ${name}`,
    { cause: err, transient: isTransientAwsError(err) },
  );
}
