import { parseCaArn } from "./arn.ts";
import type { CaArn } from "./arn.ts";
import { parseDuration } from "./duration.ts";
import { fieldFailure } from "./field-error.ts";
import type { FieldError, FieldResult } from "./field-error.ts";
import {
  EXTERNAL_ID_MAX_LENGTH,
  EXTERNAL_ID_MIN_LENGTH,
  EXTERNAL_ID_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
} from "./patterns.ts";
import { checkSecretRef } from "./secret-ref.ts";
import type { ResolvedSecretRef } from "./secret-ref.ts";
import { DEFAULT_CERTIFICATE_DURATION } from "./spec.ts";
import type { IssuerSpec } from "./spec.ts";
import { checkTemplateName } from "./template-check.ts";
import type { TemplateName } from "./templates.ts";

/**
 * Where an issuer lives, which decides where its Secret may be read from.
 *
 * - `Namespaced`: an AWSPCAIssuer in `namespace`; it may only read Secrets there.
 * - `Cluster`: an AWSPCAClusterIssuer; a Secret without a namespace is read from
 *   `clusterResourceNamespace` (the operator's configured cluster-resource namespace).
 */
export type IssuerScope =
  | { readonly kind: "Namespaced"; readonly namespace: string }
  | { readonly kind: "Cluster"; readonly clusterResourceNamespace: string };

/** A role to assume with STS AssumeRole. */
export interface RoleToAssume {
  /** The role's ARN, from `spec.role`. */
  readonly arn: string;
  /** `spec.externalId`, when given. */
  readonly externalId?: string;
}

/** An issuer's spec after validation, with every default applied. */
export interface IssuerConfig {
  /** The CA, parsed from `spec.arn`. */
  readonly ca: CaArn;
  /** `spec.region`, or the CA ARN's region when that is empty. */
  readonly region: string;
  /** The role to assume, when `spec.role` is set. */
  readonly role?: RoleToAssume;
  /** The Secret with static credentials; absent means the SDK default credential chain. */
  readonly secret?: ResolvedSecretRef;
  /** `spec.pcaTemplate.defaultTemplateName`, when set. */
  readonly defaultTemplateName?: TemplateName;
  /** `spec.allowedTemplates`; empty when not set. */
  readonly allowedTemplates: readonly TemplateName[];
  /** Lifetime for requests without `spec.duration`, in milliseconds (default 90 days). */
  readonly defaultDurationMs: number;
  /** `spec.notBeforeOffset` in milliseconds, when set. */
  readonly notBeforeOffsetMs?: number;
}

/** The outcome of {@link validateIssuerSpec}: a usable config, or every problem found. */
export type IssuerSpecValidation =
  | { readonly ok: true; readonly config: IssuerConfig }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const REGION = new RegExp(REGION_PATTERN);
const ROLE_ARN = new RegExp(ROLE_ARN_PATTERN);
const EXTERNAL_ID = new RegExp(EXTERNAL_ID_PATTERN);

/**
 * Checks an issuer's spec as far as it can be checked without AWS, and resolves defaults.
 *
 * The CRD admits specs this rejects (a missing or malformed ARN, an unknown template) so that
 * the controller can explain them on the Ready condition; see
 * docs/adr/0005-validate-in-controller.md. Pure: no I/O, no clock.
 *
 * @param spec - the issuer's `spec`; `undefined` is treated as `{}`.
 * @param scope - the issuer's kind and namespace.
 * @returns every problem found, each naming its field, or the resolved config.
 */
export function validateIssuerSpec(
  spec: IssuerSpec | undefined,
  scope: IssuerScope,
): IssuerSpecValidation {
  const s = spec ?? {};
  const errors: FieldError[] = [];
  const take: Take = (r) => {
    if (r.ok) return r.value;
    errors.push(r.error);
    return undefined;
  };

  const ca = take(parseCaArn(s.arn));
  const region = checkRegion(s.region, ca, errors);
  const role = checkRole(s, ca, errors);
  const secret = take(checkSecretRef(s.secretRef, scope));
  const templates = checkTemplates(s, take);
  const durations = checkDurations(s, take);

  if (errors.length > 0 || ca === undefined || durations.defaultDurationMs === undefined) {
    return { ok: false, errors };
  }
  const config: IssuerConfig = {
    ca,
    region: region ?? ca.region,
    ...templates,
    ...durations,
    defaultDurationMs: durations.defaultDurationMs,
    ...(role === undefined ? {} : { role }),
    ...(secret === undefined ? {} : { secret }),
  };
  return { ok: true, config };
}

/** Records a failed field in the caller's error list and yields the value of a good one. */
type Take = <T>(result: FieldResult<T>) => T | undefined;

function checkTemplates(
  spec: IssuerSpec,
  take: Take,
): Pick<IssuerConfig, "defaultTemplateName" | "allowedTemplates"> {
  const given = nonEmpty(spec.pcaTemplate?.defaultTemplateName);
  const defaultTemplateName =
    given === undefined
      ? undefined
      : take(checkTemplateName(given, "spec.pcaTemplate.defaultTemplateName"));
  const allowedTemplates = (spec.allowedTemplates ?? []).flatMap((name, i) => {
    const t = take(checkTemplateName(name, `spec.allowedTemplates[${i}]`));
    return t === undefined ? [] : [t];
  });
  return defaultTemplateName === undefined
    ? { allowedTemplates }
    : { defaultTemplateName, allowedTemplates };
}

function checkDurations(
  spec: IssuerSpec,
  take: Take,
): { defaultDurationMs?: number; notBeforeOffsetMs?: number } {
  const durationText = nonEmpty(spec.defaultDuration) ?? DEFAULT_CERTIFICATE_DURATION;
  const defaultDurationMs = take(positiveDuration(durationText, "spec.defaultDuration"));
  const offsetText = nonEmpty(spec.notBeforeOffset);
  const notBeforeOffsetMs =
    offsetText === undefined ? undefined : take(parseDuration(offsetText, "spec.notBeforeOffset"));
  return {
    ...(defaultDurationMs === undefined ? {} : { defaultDurationMs }),
    ...(notBeforeOffsetMs === undefined ? {} : { notBeforeOffsetMs }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function positiveDuration(text: string, field: string): FieldResult<number> {
  const parsed = parseDuration(text, field);
  if (parsed.ok && parsed.value <= 0) {
    return fieldFailure(field, `${field} ${JSON.stringify(text)} must be greater than zero`);
  }
  return parsed;
}

function checkRegion(
  value: string | undefined,
  ca: CaArn | undefined,
  errors: FieldError[],
): string | undefined {
  const region = nonEmpty(value);
  if (region === undefined) return undefined;

  const field = "spec.region";
  const quoted = `${field} ${JSON.stringify(region)}`;
  if (!REGION.test(region)) {
    errors.push({ field, message: `${quoted} is not a region code such as us-east-1` });
  } else if (ca !== undefined && ca.region !== region) {
    errors.push({
      field,
      message: `${quoted} differs from region "${ca.region}" in spec.arn; the CA is only reachable in its own region, so remove spec.region or set it to "${ca.region}"`,
    });
  }
  return region;
}

function isExternalId(value: string): boolean {
  const { length } = value;
  const fits = length >= EXTERNAL_ID_MIN_LENGTH && length <= EXTERNAL_ID_MAX_LENGTH;
  return fits && EXTERNAL_ID.test(value);
}

function checkRole(
  spec: IssuerSpec,
  ca: CaArn | undefined,
  errors: FieldError[],
): RoleToAssume | undefined {
  const arn = nonEmpty(spec.role);
  const externalId = nonEmpty(spec.externalId);
  if (externalId !== undefined && !isExternalId(externalId)) {
    errors.push({
      field: "spec.externalId",
      message: "spec.externalId must be 2 to 1224 characters from letters, digits and _+=,.@:/-",
    });
  }
  if (arn === undefined) {
    if (externalId !== undefined) {
      errors.push({
        field: "spec.externalId",
        message: "spec.externalId is set but spec.role is empty; an external id needs a role",
      });
    }
    return undefined;
  }

  const quoted = `spec.role ${JSON.stringify(arn)}`;
  if (!ROLE_ARN.test(arn)) {
    errors.push({
      field: "spec.role",
      message: `${quoted} is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)`,
    });
  } else if (ca !== undefined && arn.split(":")[1] !== ca.partition) {
    errors.push({
      field: "spec.role",
      message: `${quoted} is in another partition than spec.arn ("${ca.partition}")`,
    });
  }
  return externalId === undefined ? { arn } : { arn, externalId };
}
