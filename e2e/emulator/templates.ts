/**
 * The certificate templates of AWS Private CA (facts §3): what each one fixes and what it lets
 * the CSR and the ApiPassthrough contribute.
 * @internal
 */

/** Key usage names as the API spells them (ApiPassthrough.Extensions.KeyUsage). */
export type KeyUsageName =
  | "DigitalSignature"
  | "NonRepudiation"
  | "KeyEncipherment"
  | "DataEncipherment"
  | "KeyAgreement"
  | "KeyCertSign"
  | "CRLSign"
  | "EncipherOnly"
  | "DecipherOnly";

/** What a template does. */
export interface Template {
  readonly name: string;
  /** Basic constraints; always present in every documented template. */
  readonly basicConstraints: { ca: boolean; pathLen?: number; critical: boolean };
  /** Fixed key usage, or undefined for Blank templates (API/CSR supply it). */
  readonly keyUsage?: { usages: readonly KeyUsageName[]; critical: boolean };
  /** Fixed extended key usage OIDs, or undefined when the template sets none. */
  readonly eku?: { oids: readonly string[]; critical: boolean };
  /** True when the template fixes KU/EKU itself (non-Blank) so API/CSR cannot set them. */
  readonly fixesUsages: boolean;
  readonly apiPassthrough: boolean;
  readonly csrPassthrough: boolean;
  /** Root templates issue the CA's own self-signed certificate. */
  readonly root: boolean;
}

/** OIDs of the extended key usages the API names. */
export const EKU_OIDS: Record<string, string> = {
  SERVER_AUTH: "1.3.6.1.5.5.7.3.1",
  CLIENT_AUTH: "1.3.6.1.5.5.7.3.2",
  CODE_SIGNING: "1.3.6.1.5.5.7.3.3",
  EMAIL_PROTECTION: "1.3.6.1.5.5.7.3.4",
  TIME_STAMPING: "1.3.6.1.5.5.7.3.8",
  OCSP_SIGNING: "1.3.6.1.5.5.7.3.9",
  SMART_CARD_LOGIN: "1.3.6.1.4.1.311.20.2.2",
  DOCUMENT_SIGNING: "1.3.6.1.5.5.7.3.36",
  CERTIFICATE_TRANSPARENCY: "1.3.6.1.4.1.11129.2.4.4",
};

const SUFFIXES = ["", "_CSRPassthrough", "_APIPassthrough", "_APICSRPassthrough"] as const;
const BLANK_SUFFIXES = ["_APIPassthrough", "_CSRPassthrough", "_APICSRPassthrough"] as const;
const EE_KU: readonly KeyUsageName[] = ["DigitalSignature", "KeyEncipherment"];
const CA_KU: readonly KeyUsageName[] = ["DigitalSignature", "KeyCertSign", "CRLSign"];

function passthrough(suffix: string): { apiPassthrough: boolean; csrPassthrough: boolean } {
  return { apiPassthrough: suffix.includes("API"), csrPassthrough: suffix.includes("CSR") };
}

function endEntity(family: string, ku: readonly KeyUsageName[], eku: Template["eku"]): Template[] {
  return SUFFIXES.map((s) => ({
    name: family + s,
    basicConstraints: { ca: false, critical: false },
    keyUsage: { usages: ku, critical: true },
    eku,
    fixesUsages: true,
    root: false,
    ...passthrough(s),
  }));
}

function subordinates(): Template[] {
  const out: Template[] = [];
  for (const n of [0, 1, 2, 3]) {
    const bc = { ca: true, pathLen: n, critical: true };
    for (const s of SUFFIXES) {
      const name = `SubordinateCACertificate_PathLen${n}${s}`;
      const ku = { usages: CA_KU, critical: true };
      out.push({
        name,
        basicConstraints: bc,
        keyUsage: ku,
        fixesUsages: true,
        root: false,
        ...passthrough(s),
      });
    }
    for (const s of BLANK_SUFFIXES) {
      const name = `BlankSubordinateCACertificate_PathLen${n}${s}`;
      out.push({ name, basicConstraints: bc, fixesUsages: false, root: false, ...passthrough(s) });
    }
  }
  return out;
}

function roots(): Template[] {
  const ku = { usages: CA_KU, critical: true };
  const base = { fixesUsages: true, root: true, csrPassthrough: false, keyUsage: ku };
  const bc = { ca: true, critical: true };
  const out: Template[] = [
    { name: "RootCACertificate", basicConstraints: bc, ...base, apiPassthrough: false },
    {
      name: "RootCACertificate_APIPassthrough",
      basicConstraints: bc,
      ...base,
      apiPassthrough: true,
    },
  ];
  const blank = { fixesUsages: false, root: true, csrPassthrough: false, apiPassthrough: true };
  out.push({ name: "BlankRootCACertificate_APIPassthrough", basicConstraints: bc, ...blank });
  for (const n of [0, 1, 2, 3]) {
    const name = `BlankRootCACertificate_PathLen${n}_APIPassthrough`;
    out.push({ name, basicConstraints: { ca: true, pathLen: n, critical: true }, ...blank });
  }
  return out;
}

function blankEndEntity(): Template[] {
  const out: Template[] = [];
  for (const critical of [false, true]) {
    const family = critical
      ? "BlankEndEntityCertificate_CriticalBasicConstraints"
      : "BlankEndEntityCertificate";
    for (const s of BLANK_SUFFIXES) {
      out.push({
        name: family + s,
        basicConstraints: { ca: false, critical },
        fixesUsages: false,
        root: false,
        ...passthrough(s),
      });
    }
  }
  return out;
}

function allTemplates(): Map<string, Template> {
  const list = [
    ...endEntity("EndEntityCertificate", EE_KU, {
      oids: [EKU_OIDS.SERVER_AUTH ?? "", EKU_OIDS.CLIENT_AUTH ?? ""],
      critical: false,
    }),
    ...endEntity("EndEntityServerAuthCertificate", EE_KU, {
      oids: [EKU_OIDS.SERVER_AUTH ?? ""],
      critical: false,
    }),
    ...endEntity("EndEntityClientAuthCertificate", EE_KU, {
      oids: [EKU_OIDS.CLIENT_AUTH ?? ""],
      critical: false,
    }),
    ...endEntity("CodeSigningCertificate", ["DigitalSignature"], {
      oids: [EKU_OIDS.CODE_SIGNING ?? ""],
      critical: true,
    }),
    ...endEntity("OCSPSigningCertificate", ["DigitalSignature"], {
      oids: [EKU_OIDS.OCSP_SIGNING ?? ""],
      critical: true,
    }),
    ...subordinates(),
    ...roots(),
    ...blankEndEntity(),
  ];
  return new Map(list.map((t) => [t.name, t]));
}

/** Every documented template by name (without the `/V1` suffix). */
export const TEMPLATES: ReadonlyMap<string, Template> = allTemplates();

/** The template used when IssueCertificate names none. */
export const DEFAULT_TEMPLATE = "EndEntityCertificate";

/**
 * Parses `arn:<partition>:acm-pca:::template/<Name>/V1`; returns undefined when the ARN is not a
 * template ARN of a known template.
 */
export function templateFromArn(
  arn: string,
): { template: Template; partition: string } | undefined {
  const m = /^arn:([\w-]+):acm-pca:::template\/([\w]+)\/V1$/.exec(arn);
  const template = m?.[2] === undefined ? undefined : TEMPLATES.get(m[2]);
  if (m?.[1] === undefined || template === undefined) return undefined;
  return { template, partition: m[1] };
}
