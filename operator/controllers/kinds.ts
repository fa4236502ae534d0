import type { CertificateRequest } from "../../api/certmanager/v1.ts";
import { CertificateRequestResource } from "../../api/certmanager/v1.ts";
import type { AWSPCAClusterIssuer, AWSPCAIssuer, IssuerKind } from "../../api/v1beta1/index.ts";
import { AWSPCAClusterIssuerResource, AWSPCAIssuerResource } from "../../api/v1beta1/resources.ts";
import { ResourceKind } from "../runtime/index.ts";
import type { KubeObject } from "../runtime/index.ts";

type Typed<T> = T & KubeObject;

/** The namespaced issuer kind, as the runtime sees it. */
export const IssuerKindDescriptor = new ResourceKind<
  AWSPCAIssuer["spec"],
  AWSPCAIssuer["status"],
  Typed<AWSPCAIssuer>
>(AWSPCAIssuerResource);

/** The cluster-scoped issuer kind, as the runtime sees it. */
export const ClusterIssuerKindDescriptor = new ResourceKind<
  AWSPCAClusterIssuer["spec"],
  AWSPCAClusterIssuer["status"],
  Typed<AWSPCAClusterIssuer>
>(AWSPCAClusterIssuerResource);

/** cert-manager's CertificateRequest, as the runtime sees it. */
export const CertificateRequestKind = new ResourceKind<
  CertificateRequest["spec"],
  CertificateRequest["status"],
  Typed<CertificateRequest>
>(CertificateRequestResource);

/** Either issuer object. */
export type AnyIssuer = Typed<AWSPCAIssuer> | Typed<AWSPCAClusterIssuer>;

/**
 * The registry key of an issuer: its exact kind plus its name (and namespace for the
 * namespaced kind). Keeping the kind in the key is what stops a request for a missing
 * AWSPCAIssuer from ever being served by a cluster issuer of the same name.
 */
export function issuerRegistryKey(kind: IssuerKind, namespace: string, name: string): string {
  return kind === "AWSPCAIssuer" ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}
