/**
 * AWS credentials per issuer: static keys from a Secret (with an optional session token), STS
 * AssumeRole on top of a Secret or the SDK default chain, or the default chain alone
 * (environment, IRSA web identity, EKS Pod Identity, instance metadata). Secret changes apply
 * to the next AWS call without a restart. Independent of `operator/runtime`: Secrets arrive
 * through an injected {@link SecretReader}.
 *
 * @packageDocumentation
 */
export { CredentialsManager } from "./manager.ts";
export type { CredentialsSpec, ResolvedCredentials, SecretUse } from "./manager.ts";
export type { CredentialsManagerOptions } from "./manager-options.ts";
export { CREDENTIALS_ERROR_REASONS, CredentialsError, findCredentialsError } from "./errors.ts";
export type { CredentialsErrorOptions, CredentialsErrorReason } from "./errors.ts";
export { issuerKey, roleSessionName } from "./issuer-ref.ts";
export type { IssuerRef } from "./issuer-ref.ts";
export type { CredentialMode } from "./identity-key.ts";
export type { SecretObject, SecretReader } from "./secret-source.ts";
export { kubernetesSecretReader } from "./kubernetes-secret-reader.ts";
export { nodeDefaultChain } from "./default-chain.ts";
export type {
  DefaultChainFactory,
  DefaultChainRequest,
  NodeDefaultChainOptions,
  WebIdentityOptions,
} from "./default-chain.ts";
export { stsRoleAssumer } from "./role-session.ts";
export type { AssumeRoleRequest, RoleAssumer, SessionCredentials } from "./role-session.ts";
export { callerIdentity } from "./caller-identity.ts";
export type { CallerIdentity, CallerIdentityOptions } from "./caller-identity.ts";
export type { CredentialsLogger } from "./logger.ts";
export type { AwsCredentials, CredentialProvider } from "./types.ts";
