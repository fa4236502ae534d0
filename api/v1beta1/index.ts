/**
 * The `awspca.cert-manager.io/v1beta1` API: AWSPCAIssuer and AWSPCAClusterIssuer, their
 * schemas (the single source of the TypeScript types and of the generated CRDs), resource
 * descriptors, and the checks the issuer controller runs on a spec.
 *
 * @packageDocumentation
 */
export {
  ANNOTATIONS,
  API_VERSION,
  AWSPCAClusterIssuerResource,
  AWSPCAClusterIssuerSchema,
  AWSPCAIssuerResource,
  AWSPCAIssuerSchema,
  GROUP,
  VERSION,
} from "./resources.ts";
export type { AWSPCAClusterIssuer, AWSPCAIssuer, IssuerKind } from "./resources.ts";
export {
  DEFAULT_ACCESS_KEY_ID_KEY,
  DEFAULT_CERTIFICATE_DURATION,
  DEFAULT_SECRET_ACCESS_KEY_KEY,
  IssuerSpecSchema,
} from "./spec.ts";
export type { IssuerSpec, PcaTemplate, SecretRef } from "./spec.ts";
export { CA_STATUSES, ISSUER_CONDITION_TYPES, IssuerStatusSchema } from "./status.ts";
export type { CaStatus, IssuerStatus, ResolvedCa } from "./status.ts";
export { TEMPLATE_NAMES, isTemplateName } from "./templates.ts";
export type { TemplateName } from "./templates.ts";
export { parseCaArn } from "./arn.ts";
export type { CaArn } from "./arn.ts";
export { parseDuration } from "./duration.ts";
export { formatFieldErrors } from "./field-error.ts";
export type { FieldError, FieldResult } from "./field-error.ts";
export { validateIssuerSpec } from "./validate.ts";
export type { IssuerConfig, IssuerScope, IssuerSpecValidation, RoleToAssume } from "./validate.ts";
export type { ResolvedSecretRef } from "./secret-ref.ts";
export { ISSUER_PRINTER_COLUMNS, buildCrd, generateCrdFiles } from "./crd.ts";
export type {
  Condition,
  ConditionStatus,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
} from "../meta/v1.ts";
