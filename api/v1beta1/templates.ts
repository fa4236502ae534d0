/**
 * Every certificate template AWS Private CA documents, by the name used in
 * `pcaTemplate.defaultTemplateName` and `allowedTemplates` (the template ARN without its
 * `arn:<partition>:acm-pca:::template/` prefix). All documented templates are version V1.
 *
 * The CRD does not restrict template names (see docs/adr/0005-validate-in-controller.md): the
 * issuer controller checks them against this list and reports an unknown name on `Ready`.
 */
export const TEMPLATE_NAMES = [
  "EndEntityCertificate/V1",
  "EndEntityCertificate_CSRPassthrough/V1",
  "EndEntityCertificate_APIPassthrough/V1",
  "EndEntityCertificate_APICSRPassthrough/V1",
  "EndEntityServerAuthCertificate/V1",
  "EndEntityServerAuthCertificate_CSRPassthrough/V1",
  "EndEntityServerAuthCertificate_APIPassthrough/V1",
  "EndEntityServerAuthCertificate_APICSRPassthrough/V1",
  "EndEntityClientAuthCertificate/V1",
  "EndEntityClientAuthCertificate_CSRPassthrough/V1",
  "EndEntityClientAuthCertificate_APIPassthrough/V1",
  "EndEntityClientAuthCertificate_APICSRPassthrough/V1",
  "CodeSigningCertificate/V1",
  "CodeSigningCertificate_CSRPassthrough/V1",
  "CodeSigningCertificate_APIPassthrough/V1",
  "CodeSigningCertificate_APICSRPassthrough/V1",
  "OCSPSigningCertificate/V1",
  "OCSPSigningCertificate_CSRPassthrough/V1",
  "OCSPSigningCertificate_APIPassthrough/V1",
  "OCSPSigningCertificate_APICSRPassthrough/V1",
  "RootCACertificate/V1",
  "RootCACertificate_APIPassthrough/V1",
  "SubordinateCACertificate_PathLen0/V1",
  "SubordinateCACertificate_PathLen0_CSRPassthrough/V1",
  "SubordinateCACertificate_PathLen0_APIPassthrough/V1",
  "SubordinateCACertificate_PathLen0_APICSRPassthrough/V1",
  "SubordinateCACertificate_PathLen1/V1",
  "SubordinateCACertificate_PathLen1_CSRPassthrough/V1",
  "SubordinateCACertificate_PathLen1_APIPassthrough/V1",
  "SubordinateCACertificate_PathLen1_APICSRPassthrough/V1",
  "SubordinateCACertificate_PathLen2/V1",
  "SubordinateCACertificate_PathLen2_CSRPassthrough/V1",
  "SubordinateCACertificate_PathLen2_APIPassthrough/V1",
  "SubordinateCACertificate_PathLen2_APICSRPassthrough/V1",
  "SubordinateCACertificate_PathLen3/V1",
  "SubordinateCACertificate_PathLen3_CSRPassthrough/V1",
  "SubordinateCACertificate_PathLen3_APIPassthrough/V1",
  "SubordinateCACertificate_PathLen3_APICSRPassthrough/V1",
  "BlankEndEntityCertificate_APIPassthrough/V1",
  "BlankEndEntityCertificate_APICSRPassthrough/V1",
  "BlankEndEntityCertificate_CSRPassthrough/V1",
  "BlankEndEntityCertificate_CriticalBasicConstraints_APIPassthrough/V1",
  "BlankEndEntityCertificate_CriticalBasicConstraints_APICSRPassthrough/V1",
  "BlankEndEntityCertificate_CriticalBasicConstraints_CSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen0_APIPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen0_CSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen0_APICSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen1_APIPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen1_CSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen1_APICSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen2_APIPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen2_CSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen2_APICSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen3_APIPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen3_CSRPassthrough/V1",
  "BlankSubordinateCACertificate_PathLen3_APICSRPassthrough/V1",
  "BlankRootCACertificate_APIPassthrough/V1",
  "BlankRootCACertificate_PathLen0_APIPassthrough/V1",
  "BlankRootCACertificate_PathLen1_APIPassthrough/V1",
  "BlankRootCACertificate_PathLen2_APIPassthrough/V1",
  "BlankRootCACertificate_PathLen3_APIPassthrough/V1",
] as const;

/** The name of a documented AWS Private CA certificate template, e.g. `EndEntityCertificate/V1`. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_NAMES);

/** Whether `name` is one of {@link TEMPLATE_NAMES}; the comparison is exact (case-sensitive). */
export function isTemplateName(name: string): name is TemplateName {
  return KNOWN.has(name);
}

/**
 * The shape the CRD admits for entries of `allowedTemplates`: `<Name>/V<n>`. Wider than
 * {@link TEMPLATE_NAMES} so that a template AWS adds later needs no CRD upgrade.
 */
export const TEMPLATE_NAME_PATTERN = "^[A-Za-z0-9_]+/V[0-9]+$";
