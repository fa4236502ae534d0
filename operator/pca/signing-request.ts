/**
 * The signing service's view of a request: what it needs from a cert-manager
 * CertificateRequest (or, later, a Kubernetes CSR), decoupled from either shape.
 */
import type { CertificateRequest, KeyUsage } from "../../api/certmanager/v1.ts";
import type { IssuerConfig } from "../../api/v1beta1/validate.ts";
import type { AwsCredentialIdentityProvider } from "@smithy/types";

import { PermanentError } from "./errors.ts";

/** A request to sign. @public */
export interface SigningRequest {
  /** `metadata.uid`; with the CSR it makes the idempotency token. */
  readonly uid: string;
  /** `namespace/name`, for messages. */
  readonly name: string;
  /** The PEM CSR. */
  readonly csrPem: string;
  /** `spec.isCA`. */
  readonly isCA?: boolean | undefined;
  /** `spec.usages`. */
  readonly usages?: readonly KeyUsage[] | undefined;
  /** `spec.duration`, a Go duration. */
  readonly duration?: string | undefined;
  /** `metadata.annotations` (template and path-length choices). */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
}

/** The issuer a request is signed by, as the signing service needs it. @public */
export interface SigningIssuer {
  /** Stable issuer identity, e.g. `AWSPCAIssuer/ns/name`; keys its PCA clients. */
  readonly key: string;
  /** The issuer's validated spec (`validateIssuerSpec` in api/v1beta1). */
  readonly config: IssuerConfig;
  /** The issuer's AWS credentials (built by operator/credentials). */
  readonly credentials: AwsCredentialIdentityProvider;
  /** Changes whenever the identity behind `credentials` changes (new Secret, new role). */
  readonly credentialsKey: string;
}

/**
 * Reads a {@link SigningRequest} from a CertificateRequest: `spec.request` is base64 of the PEM
 * CSR (the JSON form of a byte slice).
 * @throws PermanentError when the request has no UID or no CSR.
 * @public
 */
export function signingRequestFrom(cr: CertificateRequest): SigningRequest {
  const name = `${cr.metadata.namespace ?? ""}/${cr.metadata.name ?? ""}`;
  const uid = cr.metadata.uid;
  if (uid === undefined || uid === "") {
    throw new PermanentError(`certificaterequest ${name} has no metadata.uid`);
  }
  const csrPem = Buffer.from(cr.spec.request, "base64").toString("utf8");
  if (!csrPem.includes("-----BEGIN")) {
    throw new PermanentError(`certificaterequest ${name} spec.request holds no PEM CSR`);
  }
  return {
    uid,
    name,
    csrPem,
    isCA: cr.spec.isCA,
    usages: cr.spec.usages,
    duration: cr.spec.duration,
    annotations: cr.metadata.annotations,
  };
}
