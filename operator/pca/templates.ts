/**
 * Which AWS Private CA template signs a request. The rules, first match wins:
 *
 * 1. The request's {@link TEMPLATE_ANNOTATION} names a template: used when the issuer lists it
 *    in `spec.allowedTemplates`; otherwise the request fails (PermanentError), because silently
 *    signing with another template would hand out different extensions than asked for.
 * 2. The issuer's `pcaTemplate.defaultTemplateName` (the peer's rule; it wins over `isCA`).
 * 3. `isCA: true` → `SubordinateCACertificate_PathLen<N>/V1`, N from
 *    {@link PATH_LENGTH_ANNOTATION} (0–3, default 0). N above 0 must be allowed by the issuer
 *    listing that template in `spec.allowedTemplates`, since a deeper path lets the holder
 *    mint further CAs.
 * 4. The usages table of the compatibility contract (design.md), comparing usages as a set.
 *
 * The template ARN's partition is the CA's (`arn:<partition>:acm-pca:::template/<Name>`).
 * See docs/adr/0011-template-selection.md.
 */
import type { KeyUsage } from "../../api/certmanager/v1.ts";
import { ANNOTATIONS } from "../../api/v1beta1/resources.ts";
import { isTemplateName } from "../../api/v1beta1/templates.ts";
import type { TemplateName } from "../../api/v1beta1/templates.ts";
import { PermanentError } from "./errors.ts";

/** Annotation by which a CertificateRequest asks for a template, e.g. `CodeSigningCertificate/V1`. @public */
export const TEMPLATE_ANNOTATION = ANNOTATIONS.template;

/** Annotation by which an `isCA` CertificateRequest asks for a path length, `0` to `3`. @public */
export const PATH_LENGTH_ANNOTATION = "awspca.cert-manager.io/ca-path-length";

/** Where the chosen template came from. @public */
export type TemplateSource = "annotation" | "issuer-default" | "is-ca" | "usages";

/** The template a request is signed with. @public */
export interface TemplateChoice {
  /** Template name, e.g. `EndEntityServerAuthCertificate/V1`. */
  readonly name: TemplateName;
  /** Template ARN in the CA's partition. */
  readonly arn: string;
  /** Which rule chose it. */
  readonly source: TemplateSource;
}

/** What template selection reads from the issuer. @public */
export interface TemplateIssuerInput {
  /** The CA's partition (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** `spec.pcaTemplate.defaultTemplateName`. */
  readonly defaultTemplateName?: TemplateName | undefined;
  /** `spec.allowedTemplates`; empty allows no annotation and no path length above 0. */
  readonly allowedTemplates: readonly TemplateName[];
}

/** What template selection reads from the request. @public */
export interface TemplateRequestInput {
  /** `spec.isCA`. */
  readonly isCA?: boolean | undefined;
  /** `spec.usages`. */
  readonly usages?: readonly KeyUsage[] | undefined;
  /** `metadata.annotations`. */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
}

/** The usage sets of the compatibility table, as sorted-joined keys. */
const USAGE_TEMPLATES: ReadonlyMap<string, TemplateName> = new Map<string, TemplateName>([
  ["code signing", "CodeSigningCertificate/V1"],
  ["client auth", "EndEntityClientAuthCertificate/V1"],
  ["server auth", "EndEntityServerAuthCertificate/V1"],
  ["ocsp signing", "OCSPSigningCertificate/V1"],
  ["client auth|server auth", "EndEntityCertificate/V1"],
]);

/** The template for usages matching no row of the table. @public */
export const FALLBACK_TEMPLATE: TemplateName = "BlankEndEntityCertificate_APICSRPassthrough/V1";

/** The template ARN for `name` in `partition`. @public */
export function templateArn(partition: string, name: TemplateName): string {
  return `arn:${partition}:acm-pca:::template/${name}`;
}

/**
 * The template from the usages table alone: exact set matches (order and duplicates ignored),
 * anything else {@link FALLBACK_TEMPLATE}.
 * @public
 */
export function templateForUsages(usages: readonly KeyUsage[] | undefined): TemplateName {
  const key = [...new Set(usages ?? [])].sort().join("|");
  return USAGE_TEMPLATES.get(key) ?? FALLBACK_TEMPLATE;
}

/**
 * Chooses the template for a request (rules in this module's header).
 * @throws PermanentError when the request asks for a template or path length it may not use.
 * @public
 */
export function selectTemplate(
  issuer: TemplateIssuerInput,
  request: TemplateRequestInput,
): TemplateChoice {
  const choose = (name: TemplateName, source: TemplateSource): TemplateChoice => ({
    name,
    arn: templateArn(issuer.partition, name),
    source,
  });

  const asked = request.annotations?.[TEMPLATE_ANNOTATION];
  if (asked !== undefined && asked !== "") {
    return choose(allowedAnnotation(asked, issuer.allowedTemplates), "annotation");
  }
  if (issuer.defaultTemplateName !== undefined) {
    return choose(issuer.defaultTemplateName, "issuer-default");
  }
  if (request.isCA === true) {
    return choose(subordinateTemplate(request.annotations, issuer.allowedTemplates), "is-ca");
  }
  return choose(templateForUsages(request.usages), "usages");
}

function allowedAnnotation(asked: string, allowed: readonly TemplateName[]): TemplateName {
  if (!isTemplateName(asked)) {
    throw new PermanentError(
      `annotation ${TEMPLATE_ANNOTATION} ${JSON.stringify(asked)} is not an AWS Private CA template`,
    );
  }
  if (!allowed.includes(asked)) {
    throw new PermanentError(
      `annotation ${TEMPLATE_ANNOTATION} asks for ${asked}, which the issuer's spec.allowedTemplates does not list`,
    );
  }
  return asked;
}

function subordinateTemplate(
  annotations: Readonly<Record<string, string>> | undefined,
  allowed: readonly TemplateName[],
): TemplateName {
  const text = annotations?.[PATH_LENGTH_ANNOTATION] ?? "0";
  if (!/^[0-3]$/.test(text)) {
    throw new PermanentError(
      `annotation ${PATH_LENGTH_ANNOTATION} ${JSON.stringify(text)} must be 0, 1, 2 or 3`,
    );
  }

  const name = `SubordinateCACertificate_PathLen${text}/V1`;
  if (!isTemplateName(name)) throw new PermanentError(`template ${name} is unknown`);
  if (text !== "0" && !allowed.includes(name)) {
    throw new PermanentError(
      `annotation ${PATH_LENGTH_ANNOTATION} asks for path length ${text}, which needs ${name} in the issuer's spec.allowedTemplates`,
    );
  }
  return name;
}
