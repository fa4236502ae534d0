/**
 * AWS credentials as the SDK's signers take them (structurally the SDK's
 * `AwsCredentialIdentity`, declared here so callers need no transitive `@smithy/types`).
 * @public
 */
export interface AwsCredentials {
  /** The access key id; not a secret, but not logged by this module either. */
  readonly accessKeyId: string;
  /** The secret access key. Never logged, never put in a message. */
  readonly secretAccessKey: string;
  /** Session token of temporary credentials. Never logged, never put in a message. */
  readonly sessionToken?: string;
  /** When the SDK should ask the provider again (see {@link CredentialProvider}). */
  readonly expiration?: Date;
}

/**
 * A function that yields credentials, assignable to an SDK client's `credentials` option.
 *
 * Providers handed out by {@link CredentialsManager} are live: every call consults the
 * manager's current state, so a rotated Secret or refreshed session is used by the next
 * request. They report `expiration` as "now", which makes the SDK's own cache ask again on
 * every request; the manager is the cache (see docs/adr/0021-live-credential-providers.md).
 * @public
 */
export type CredentialProvider = (options?: {
  readonly forceRefresh?: boolean;
}) => Promise<AwsCredentials>;
