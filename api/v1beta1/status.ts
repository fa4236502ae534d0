import { Type } from "@sinclair/typebox";
import type { Static } from "@sinclair/typebox";

import { ConditionSchema } from "../meta/v1.ts";

/** Condition types an issuer reports. `Ready` is the one cert-manager and users read. */
export const ISSUER_CONDITION_TYPES = { Ready: "Ready" } as const;

/** AWS Private CA states, as `DescribeCertificateAuthority` reports them. */
export const CA_STATUSES = [
  "CREATING",
  "PENDING_CERTIFICATE",
  "ACTIVE",
  "DELETED",
  "DISABLED",
  "EXPIRED",
  "FAILED",
] as const;

/** A CA's status; only `ACTIVE` signs certificates. */
export type CaStatus = (typeof CA_STATUSES)[number];

/** Schema of `status.ca`: what the controller last learnt about the CA. */
export const ResolvedCaSchema = Type.Object(
  {
    arn: Type.String({ description: "ARN of the CA that was described." }),
    status: Type.String({
      description: `CA status from DescribeCertificateAuthority (${CA_STATUSES.join(", ")}).`,
    }),
    type: Type.Optional(Type.String({ description: "ROOT or SUBORDINATE." })),
    keyAlgorithm: Type.Optional(
      Type.String({ description: "Algorithm of the CA's private key, e.g. EC_prime256v1." }),
    ),
    signingAlgorithm: Type.Optional(
      Type.String({ description: "Algorithm the CA signs with, e.g. SHA256WITHECDSA." }),
    ),
    notBefore: Type.Optional(
      Type.String({ description: "Start of the CA certificate's validity.", format: "date-time" }),
    ),
    notAfter: Type.Optional(
      Type.String({
        description: "End of the CA certificate's validity; no certificate outlives it.",
        format: "date-time",
      }),
    ),
    usageMode: Type.Optional(
      Type.String({
        description:
          "GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE (issued certificates at most 7 days).",
      }),
    ),
    ownerAccount: Type.Optional(
      Type.String({ description: "AWS account that owns the CA.", pattern: "^[0-9]{12}$" }),
    ),
  },
  {
    description:
      "Addition to the peer: the CA as last seen by the issuer controller, so users can tell " +
      "which CA an issuer signs with and why it is not Ready.",
  },
);

/** Schema of `status` for both issuer kinds. */
export const IssuerStatusSchema = Type.Object(
  {
    conditions: Type.Optional(
      Type.Array(ConditionSchema, {
        description: "Current observations; the Ready condition says whether the issuer signs.",
        maxItems: 16,
        "x-kubernetes-list-map-keys": ["type"],
        "x-kubernetes-list-type": "map",
      }),
    ),
    observedGeneration: Type.Optional(
      Type.Integer({
        description: "The metadata.generation the controller last reconciled.",
        format: "int64",
        minimum: 0,
      }),
    ),
    ca: Type.Optional(ResolvedCaSchema),
    callerIdentityArn: Type.Optional(
      Type.String({
        description:
          "Addition to the peer: ARN of the AWS identity (sts:GetCallerIdentity) the issuer's " +
          "credentials resolved to, after any role assumption.",
      }),
    ),
  },
  { description: "Observed state of an AWS Private CA issuer." },
);

/** `status` of an AWSPCAIssuer or AWSPCAClusterIssuer. */
export type IssuerStatus = Static<typeof IssuerStatusSchema>;

/** `status.ca` of an issuer. */
export type ResolvedCa = Static<typeof ResolvedCaSchema>;
