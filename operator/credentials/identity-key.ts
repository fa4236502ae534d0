import { createHash } from "node:crypto";

import type { RoleToAssume } from "../../api/v1beta1/index.ts";

/**
 * How an issuer's credentials are obtained:
 *
 * - `Secret`: static keys from a Secret;
 * - `SecretWithRole`: STS AssumeRole signed with a Secret's keys;
 * - `DefaultChain`: the SDK default chain (environment, IRSA, Pod Identity, instance metadata);
 * - `DefaultChainWithRole`: STS AssumeRole signed with the default chain's credentials.
 * @public
 */
export type CredentialMode = "Secret" | "SecretWithRole" | "DefaultChain" | "DefaultChainWithRole";

/** What identifies one resolved credential set. @internal */
export interface IdentityParts {
  readonly issuerUid: string;
  readonly mode: CredentialMode;
  readonly region: string;
  /** `namespace/name` and selected keys of the Secret, when one is used. */
  readonly secretRef?: string;
  /** The Secret's resourceVersion, or a local generation when the reader gives none. */
  readonly secretVersion?: string;
  readonly role?: RoleToAssume;
}

/**
 * A stable key for one credential set: equal inputs give equal keys within and across
 * processes, and a rotated Secret (new resourceVersion) gives a new key. Only identifiers go
 * in, never a credential value. Shape: `<mode>:<32 hex digits>`.
 * @internal
 */
export function computeIdentityKey(parts: IdentityParts): string {
  const material = JSON.stringify([
    parts.issuerUid,
    parts.mode,
    parts.region,
    parts.secretRef ?? null,
    parts.secretVersion ?? null,
    parts.role?.arn ?? null,
    parts.role?.externalId ?? null,
  ]);
  return `${parts.mode}:${createHash("sha256").update(material).digest("hex").slice(0, 32)}`;
}
