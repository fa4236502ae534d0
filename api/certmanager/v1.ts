/**
 * The parts of cert-manager's `cert-manager.io/v1` API this operator reads and writes:
 * CertificateRequest, and the condition types and reasons of the external-issuer contract.
 * Facts follow cert-manager v1.19's CRD; the schema here describes, it does not generate.
 *
 * @packageDocumentation
 */
import { Type } from "@sinclair/typebox";
import type { Static } from "@sinclair/typebox";

import { StringEnum } from "../internal/kinds.ts";
import { ApiVersionSchema, CONDITION_STATUSES, KindSchema, ObjectMetaSchema } from "../meta/v1.ts";
import type { ObjectMeta } from "../meta/v1.ts";

/** Key usages a CertificateRequest may ask for (`spec.usages`), as cert-manager spells them. */
export const KEY_USAGES = [
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
] as const;

/** One key usage, e.g. `"server auth"`. */
export type KeyUsage = (typeof KEY_USAGES)[number];

/** Condition types on a CertificateRequest. */
export const CertificateRequestConditionTypes = {
  /** Whether the request has been signed (True) or has terminally failed (False, Failed/Denied). */
  Ready: "Ready",
  /** Set True by an approver; issuers sign only approved requests. */
  Approved: "Approved",
  /** Set True by an approver; a denied request is terminal. */
  Denied: "Denied",
  /** Set True when the request can never be signed as written (e.g. unparseable). */
  InvalidRequest: "InvalidRequest",
} as const;

/** A CertificateRequest condition type. */
export type CertificateRequestConditionType =
  (typeof CertificateRequestConditionTypes)[keyof typeof CertificateRequestConditionTypes];

/** Reasons an external issuer sets on a CertificateRequest's Ready condition. */
export const CertificateRequestReasons = {
  /** Ready=False while signing is in progress or waiting on something that may resolve. */
  Pending: "Pending",
  /** Ready=False, terminal: signing failed and will not be retried; `failureTime` is set. */
  Failed: "Failed",
  /** Ready=True: `status.certificate` holds the signed certificate. */
  Issued: "Issued",
  /** Ready=False, terminal: the request was denied by an approver; `failureTime` is set. */
  Denied: "Denied",
} as const;

/** A Ready reason an external issuer may set. */
export type CertificateRequestReason =
  (typeof CertificateRequestReasons)[keyof typeof CertificateRequestReasons];

/** Schema of `spec.issuerRef`: which issuer should sign. */
export const IssuerRefSchema = Type.Object({
  name: Type.String({ description: "Name of the issuer." }),
  kind: Type.Optional(Type.String({ description: "Kind of the issuer, e.g. AWSPCAIssuer." })),
  group: Type.Optional(Type.String({ description: "API group of the issuer." })),
});

/** `spec.issuerRef` of a CertificateRequest. */
export type IssuerRef = Static<typeof IssuerRefSchema>;

/** Schema of a CertificateRequest's `spec`. */
export const CertificateRequestSpecSchema = Type.Object({
  request: Type.String({
    description: "Base64 of the PEM-encoded PKCS#10 CSR (the JSON form of a byte slice).",
  }),
  issuerRef: IssuerRefSchema,
  isCA: Type.Optional(Type.Boolean({ description: "Whether to issue a CA certificate." })),
  usages: Type.Optional(Type.Array(StringEnum(KEY_USAGES))),
  duration: Type.Optional(
    Type.String({ description: "Requested lifetime as a Go duration, e.g. 2160h." }),
  ),
  uid: Type.Optional(Type.String({ description: "UID of the user who created the request." })),
  username: Type.Optional(Type.String({ description: "Name of the user who created it." })),
  groups: Type.Optional(Type.Array(Type.String(), { description: "That user's groups." })),
  extra: Type.Optional(
    Type.Record(Type.String(), Type.Array(Type.String()), {
      description: "Extra attributes of that user.",
    }),
  ),
});

/** `spec` of a CertificateRequest. */
export type CertificateRequestSpec = Static<typeof CertificateRequestSpecSchema>;

/** Schema of one CertificateRequest condition (cert-manager's own shape, looser than metav1). */
export const CertificateRequestConditionSchema = Type.Object({
  type: Type.String(),
  status: StringEnum(CONDITION_STATUSES),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Type.String({ format: "date-time" })),
});

/** One condition of a CertificateRequest. */
export type CertificateRequestCondition = Static<typeof CertificateRequestConditionSchema>;

/** Schema of a CertificateRequest's `status`. */
export const CertificateRequestStatusSchema = Type.Object({
  conditions: Type.Optional(Type.Array(CertificateRequestConditionSchema)),
  certificate: Type.Optional(
    Type.String({ description: "Base64 of the PEM leaf followed by intermediates." }),
  ),
  ca: Type.Optional(Type.String({ description: "Base64 of the PEM root CA certificate." })),
  failureTime: Type.Optional(
    Type.String({ description: "When signing failed terminally.", format: "date-time" }),
  ),
});

/** `status` of a CertificateRequest. */
export type CertificateRequestStatus = Static<typeof CertificateRequestStatusSchema>;

/** Schema of a whole CertificateRequest object. */
export const CertificateRequestSchema = Type.Object({
  apiVersion: Type.Optional(ApiVersionSchema),
  kind: Type.Optional(KindSchema),
  metadata: Type.Optional(ObjectMetaSchema),
  spec: CertificateRequestSpecSchema,
  status: Type.Optional(CertificateRequestStatusSchema),
});

/** A cert-manager CertificateRequest as read from the API server (metadata always present). */
export type CertificateRequest = Static<typeof CertificateRequestSchema> & {
  metadata: ObjectMeta;
};

/** Descriptor of cert-manager's CertificateRequest resource. */
export const CertificateRequestResource = {
  group: "cert-manager.io",
  version: "v1",
  apiVersion: "cert-manager.io/v1",
  kind: "CertificateRequest",
  listKind: "CertificateRequestList",
  plural: "certificaterequests",
  singular: "certificaterequest",
  scope: "Namespaced",
  namespaced: true,
  schema: CertificateRequestSchema,
} as const;
