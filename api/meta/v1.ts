import { Type } from "@sinclair/typebox";
import type { Static } from "@sinclair/typebox";

import { OpaqueObject, StringEnum } from "../internal/kinds.ts";

/** The three values a condition's `status` may take, as in `metav1.ConditionStatus`. */
export const CONDITION_STATUSES = ["True", "False", "Unknown"] as const;

/** A condition's status: `"True"`, `"False"` or `"Unknown"`. */
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

/**
 * Schema of one entry of `status.conditions`, in the shape of `metav1.Condition`.
 *
 * The patterns and length limits are the ones the Kubernetes API conventions give for this
 * type, so conditions written by our controllers and by the peer validate alike.
 */
export const ConditionSchema = Type.Object(
  {
    type: Type.String({
      description:
        "Kind of condition, in CamelCase (e.g. Ready) or domain-prefixed (example.com/Ready).",
      maxLength: 316,
      pattern:
        "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
    }),
    status: StringEnum(CONDITION_STATUSES, {
      description: "Whether the condition holds: True, False or Unknown.",
    }),
    observedGeneration: Type.Optional(
      Type.Integer({
        description: "The metadata.generation of the object this condition was computed from.",
        format: "int64",
        minimum: 0,
      }),
    ),
    lastTransitionTime: Type.String({
      description: "When status last changed value (RFC 3339).",
      format: "date-time",
    }),
    reason: Type.String({
      description: "Machine-readable CamelCase cause of the last transition; never empty.",
      maxLength: 1024,
      minLength: 1,
      pattern: "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
    }),
    message: Type.String({
      description: "Human-readable detail of the last transition; may be empty.",
      maxLength: 32768,
    }),
  },
  {
    description: "One observation of the object's state, shaped like metav1.Condition.",
  },
);

/** One entry of `status.conditions` (the `metav1.Condition` shape). */
export type Condition = Static<typeof ConditionSchema>;

/** An owner reference as it appears in JSON (`metav1.OwnerReference`). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One entry of `metadata.managedFields`: which field manager last wrote which fields. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: "Apply" | "Update";
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/**
 * Object metadata as it appears in JSON, so times are RFC 3339 strings. Only the fields this
 * operator reads or writes; the API server keeps the rest.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
}

/**
 * Schema for `metadata`: the API server owns its validation, so the CRD declares only its
 * type while the TypeScript side gets the {@link ObjectMeta} shape.
 */
export const ObjectMetaSchema = OpaqueObject<ObjectMeta>();

/** Schema for `apiVersion`, described as Kubernetes describes it on every kind. */
export const ApiVersionSchema = Type.String({
  description: "Versioned schema of this representation of the object (group/version).",
});

/** Schema for `kind`, described as Kubernetes describes it on every kind. */
export const KindSchema = Type.String({
  description: "REST resource this object represents, in CamelCase.",
});
