import { createHash } from "node:crypto";

import type { IssuerKind, ResolvedSecretRef } from "../../api/v1beta1/index.ts";
import { CredentialsError } from "./errors.ts";

/**
 * The issuer credentials are resolved for. `namespace` is required for an `AWSPCAIssuer` and
 * ignored for an `AWSPCAClusterIssuer`.
 * @public
 */
export interface IssuerRef {
  /** `AWSPCAIssuer` (namespaced) or `AWSPCAClusterIssuer` (cluster-scoped). */
  readonly kind: IssuerKind;
  /** The issuer's namespace; only meaningful for `AWSPCAIssuer`. */
  readonly namespace?: string;
  /** The issuer's name. */
  readonly name: string;
  /** `metadata.uid`: a re-created issuer of the same name gets fresh credentials. */
  readonly uid: string;
}

/** Longest RoleSessionName STS accepts. */
const MAX_SESSION_NAME = 64;

/**
 * The stable key of an issuer in the manager's caches and in {@link CredentialsManager.release}:
 * `AWSPCAIssuer/<namespace>/<name>` or `AWSPCAClusterIssuer/<name>`.
 * @public
 */
export function issuerKey(issuer: Pick<IssuerRef, "kind" | "namespace" | "name">): string {
  return issuer.kind === "AWSPCAIssuer"
    ? `${issuer.kind}/${issuer.namespace ?? ""}/${issuer.name}`
    : `${issuer.kind}/${issuer.name}`;
}

/**
 * The human form of an issuer in messages: `awspcaissuer ns/name` or
 * `awspcaclusterissuer name`.
 * @internal
 */
export function describeIssuer(issuer: Pick<IssuerRef, "kind" | "namespace" | "name">): string {
  return issuer.kind === "AWSPCAIssuer"
    ? `awspcaissuer ${issuer.namespace ?? ""}/${issuer.name}`
    : `awspcaclusterissuer ${issuer.name}`;
}

/**
 * The RoleSessionName used when assuming `spec.role`: `awspca-issuer-<namespace>-<name>` or
 * `awspca-clusterissuer-<name>`, so CloudTrail shows which issuer acted. Names longer than
 * STS's 64 characters are cut and end in 8 hex digits of a hash of the issuer's UID, so two
 * long names rarely collide.
 * @public
 */
export function roleSessionName(issuer: IssuerRef): string {
  const full =
    issuer.kind === "AWSPCAIssuer"
      ? `awspca-issuer-${issuer.namespace ?? ""}-${issuer.name}`
      : `awspca-clusterissuer-${issuer.name}`;
  // Kubernetes names already fit STS's [\w+=,.@-]; the replace only guards odd input.
  const safe = full.replace(/[^\w+=,.@-]/g, "-");
  if (safe.length <= MAX_SESSION_NAME) return safe;

  const suffix = createHash("sha256").update(issuer.uid).digest("hex").slice(0, 8);
  return `${safe.slice(0, MAX_SESSION_NAME - suffix.length - 1)}-${suffix}`;
}

/**
 * Enforces where an issuer may read its Secret: an `AWSPCAIssuer` only from its own namespace.
 * `api/v1beta1`'s validation applies the same rule; this check keeps the guarantee even for a
 * caller that builds the reference by hand.
 *
 * @throws CredentialsError `CrossNamespaceSecret` when a namespaced issuer names another
 *   namespace.
 * @internal
 */
export function checkSecretScope(issuer: IssuerRef, secret: ResolvedSecretRef): void {
  if (issuer.kind !== "AWSPCAIssuer" || secret.namespace === issuer.namespace) return;
  throw new CredentialsError(
    "CrossNamespaceSecret",
    `${describeIssuer(issuer)} may only read secrets in its own namespace ` +
      `"${issuer.namespace ?? ""}", but spec.secretRef names secret ` +
      `${secret.namespace}/${secret.name}; move the secret or use an awspcaclusterissuer`,
  );
}
