import { Type } from "@sinclair/typebox";
import type { Static } from "@sinclair/typebox";

import { ApiVersionSchema, KindSchema, ObjectMetaSchema } from "../meta/v1.ts";
import type { ObjectMeta } from "../meta/v1.ts";
import { IssuerSpecSchema } from "./spec.ts";
import { IssuerStatusSchema } from "./status.ts";

/** API group of both issuer kinds, the same as the peer's. */
export const GROUP = "awspca.cert-manager.io";

/** API version of both issuer kinds. */
export const VERSION = "v1beta1";

/** `apiVersion` value of both issuer kinds. */
export const API_VERSION = "awspca.cert-manager.io/v1beta1";

function issuerObjectSchema(description: string) {
  return Type.Object(
    {
      apiVersion: Type.Optional(ApiVersionSchema),
      kind: Type.Optional(KindSchema),
      metadata: Type.Optional(ObjectMetaSchema),
      spec: Type.Optional(IssuerSpecSchema),
      status: Type.Optional(IssuerStatusSchema),
    },
    { description },
  );
}

/** Schema of a whole AWSPCAIssuer object; the CRD's `openAPIV3Schema` is generated from it. */
export const AWSPCAIssuerSchema = issuerObjectSchema(
  "A namespaced issuer that signs cert-manager CertificateRequests with AWS Private CA. It " +
    "serves requests in its own namespace and reads credentials only from that namespace.",
);

/** Schema of a whole AWSPCAClusterIssuer object. */
export const AWSPCAClusterIssuerSchema = issuerObjectSchema(
  "A cluster-scoped issuer that signs cert-manager CertificateRequests from any namespace " +
    "with AWS Private CA.",
);

/**
 * A namespaced AWS Private CA issuer, as read from the API server. `metadata` is required here
 * (the server always returns it) though the schema leaves it to the server.
 */
export type AWSPCAIssuer = Static<typeof AWSPCAIssuerSchema> & { metadata: ObjectMeta };

/**
 * A cluster-scoped AWS Private CA issuer. Structurally identical to {@link AWSPCAIssuer}, so
 * code that does not care about scope may take either.
 */
export type AWSPCAClusterIssuer = Static<typeof AWSPCAClusterIssuerSchema> & {
  metadata: ObjectMeta;
};

/**
 * Descriptor of the AWSPCAIssuer resource: its coordinates on the API server and its schema
 * (`Static<typeof AWSPCAIssuerResource.schema>` is {@link AWSPCAIssuer}).
 */
export const AWSPCAIssuerResource = {
  group: GROUP,
  version: VERSION,
  apiVersion: API_VERSION,
  kind: "AWSPCAIssuer",
  listKind: "AWSPCAIssuerList",
  plural: "awspcaissuers",
  singular: "awspcaissuer",
  scope: "Namespaced",
  namespaced: true,
  schema: AWSPCAIssuerSchema,
} as const;

/** Descriptor of the cluster-scoped AWSPCAClusterIssuer resource. */
export const AWSPCAClusterIssuerResource = {
  group: GROUP,
  version: VERSION,
  apiVersion: API_VERSION,
  kind: "AWSPCAClusterIssuer",
  listKind: "AWSPCAClusterIssuerList",
  plural: "awspcaclusterissuers",
  singular: "awspcaclusterissuer",
  scope: "Cluster",
  namespaced: false,
  schema: AWSPCAClusterIssuerSchema,
} as const;

/** The `kind` of either issuer, as it appears in a CertificateRequest's `issuerRef.kind`. */
export type IssuerKind =
  (typeof AWSPCAIssuerResource)["kind"] | (typeof AWSPCAClusterIssuerResource)["kind"];

/**
 * Annotations that form part of this API.
 *
 * - `certificateArn`: set on a CertificateRequest to the ARN of the certificate issued for it
 *   (the peer's annotation, kept verbatim so in-flight requests survive a switch).
 * - `template`: set by a user on a CertificateRequest to pick a template; honoured only when
 *   the issuer lists it in `spec.allowedTemplates`.
 */
export const ANNOTATIONS = {
  certificateArn: "aws-privateca-issuer/certificate-arn",
  template: "awspca.cert-manager.io/template",
} as const;
