/**
 * Assembles the subject and extensions of an issued certificate from the template, the
 * ApiPassthrough and the CSR, with precedence template > API > CSR (facts §3).
 * @internal
 */
import { awsError } from "./errors.ts";
import type { CheckedCsr } from "./csr-check.ts";
import type { JsonObject } from "./input.ts";
import { certificatePoliciesDer, generalNamesDer, subjectToName } from "./names.ts";
import { EKU_OIDS, type KeyUsageName, type Template } from "./templates.ts";
import { x509 } from "./x509.ts";

const OID = {
  keyUsage: "2.5.29.15",
  eku: "2.5.29.37",
  san: "2.5.29.17",
  policies: "2.5.29.32",
  bc: "2.5.29.19",
  ski: "2.5.29.14",
  aki: "2.5.29.35",
} as const;

const KU_FLAGS: Record<KeyUsageName, x509.KeyUsageFlags> = {
  DigitalSignature: x509.KeyUsageFlags.digitalSignature,
  NonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  KeyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  DataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  KeyAgreement: x509.KeyUsageFlags.keyAgreement,
  KeyCertSign: x509.KeyUsageFlags.keyCertSign,
  CRLSign: x509.KeyUsageFlags.cRLSign,
  EncipherOnly: x509.KeyUsageFlags.encipherOnly,
  DecipherOnly: x509.KeyUsageFlags.decipherOnly,
};

/** Inputs of {@link buildExtensions}. */
export interface ExtensionRequest {
  readonly template: Template;
  readonly csr: CheckedCsr;
  readonly api?: JsonObject;
  /** Issuing CA's subject key identifier (hex); undefined for a self-issued root. */
  readonly issuerKeyId?: string;
}

/** Subject name and extensions of the certificate to sign. */
export interface CertificateContent {
  readonly subject: x509.Name;
  readonly extensions: x509.Extension[];
}

/** A critical key-usage extension from the API's `KeyUsage` structure (nine booleans). */
export function kuFromApi(ku: JsonObject): x509.KeyUsagesExtension {
  let flags = 0;
  for (const [name, flag] of Object.entries(KU_FLAGS)) if (ku[name] === true) flags |= flag;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- KeyUsageFlags is a bit-flag enum: unions of flags are plain numbers
  return new x509.KeyUsagesExtension(flags, true);
}

function ekuFromApi(list: readonly JsonObject[]): x509.ExtendedKeyUsageExtension {
  const oids = list.map((e) => {
    const id = e.ExtendedKeyUsageObjectIdentifier;
    if (typeof id === "string") return id;
    const named = EKU_OIDS[String(e.ExtendedKeyUsageType)];
    if (named === undefined) throw awsError("InvalidArgsException", "Unknown extended key usage.");
    return named;
  });
  return new x509.ExtendedKeyUsageExtension(oids, false);
}

function apiExtensions(api: JsonObject | undefined): JsonObject {
  const ext = api?.Extensions;
  return typeof ext === "object" && ext !== null ? (ext as JsonObject) : {};
}

/** Picks one extension by precedence: template, API, CSR. */
class Picker {
  private readonly out = new Map<string, x509.Extension>();

  set(ext: x509.Extension | undefined): void {
    if (ext !== undefined && !this.out.has(ext.type)) this.out.set(ext.type, ext);
  }

  has(type: string): boolean {
    return this.out.has(type);
  }

  list(): x509.Extension[] {
    return [...this.out.values()];
  }
}

function templateExtensions(p: Picker, t: Template): void {
  const bc = t.basicConstraints;
  p.set(new x509.BasicConstraintsExtension(bc.ca, bc.pathLen, bc.critical));
  if (t.keyUsage !== undefined) {
    const flags = t.keyUsage.usages.reduce((acc, u) => acc | KU_FLAGS[u], 0);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- bit-flag enum union
    p.set(new x509.KeyUsagesExtension(flags, t.keyUsage.critical));
  }
  if (t.eku !== undefined)
    p.set(new x509.ExtendedKeyUsageExtension([...t.eku.oids], t.eku.critical));
}

function passthroughExtensions(p: Picker, t: Template, ext: JsonObject): void {
  if (!t.fixesUsages && typeof ext.KeyUsage === "object" && ext.KeyUsage !== null) {
    p.set(kuFromApi(ext.KeyUsage as JsonObject));
  }
  if (!t.fixesUsages && Array.isArray(ext.ExtendedKeyUsage)) {
    p.set(ekuFromApi(ext.ExtendedKeyUsage as JsonObject[]));
  }
  if (Array.isArray(ext.CertificatePolicies)) {
    const der = certificatePoliciesDer(ext.CertificatePolicies as JsonObject[]);
    p.set(new x509.Extension(OID.policies, false, der));
  }
  if (Array.isArray(ext.CustomExtensions)) {
    for (const c of ext.CustomExtensions as JsonObject[]) {
      const value = Buffer.from(String(c.Value), "base64");
      p.set(new x509.Extension(String(c.ObjectIdentifier), c.Critical === true, value));
    }
  }
}

/** Extensions never taken from a CSR: identifiers are computed, constraints come from templates. */
const CSR_NEVER: ReadonlySet<string> = new Set([OID.bc, OID.ski, OID.aki, OID.san]);

function csrExtensions(p: Picker, t: Template, csr: CheckedCsr): void {
  for (const ext of csr.csr.extensions) {
    if (CSR_NEVER.has(ext.type)) continue;
    if (t.fixesUsages && (ext.type === OID.keyUsage || ext.type === OID.eku)) continue;
    p.set(new x509.Extension(ext.type, ext.critical, ext.value));
  }
}

function sanExtension(req: ExtensionRequest, subjectEmpty: boolean): x509.Extension | undefined {
  const apiSans = apiExtensions(req.api).SubjectAlternativeNames;
  if (req.template.apiPassthrough && Array.isArray(apiSans)) {
    return new x509.Extension(OID.san, subjectEmpty, generalNamesDer(apiSans as JsonObject[]));
  }
  const san = req.csr.san;
  return san === undefined ? undefined : new x509.Extension(OID.san, subjectEmpty, san.value);
}

/** Computes the subject and the extension list for a certificate. */
export async function buildExtensions(req: ExtensionRequest): Promise<CertificateContent> {
  const { template: t, csr } = req;
  const apiSubject = req.api?.Subject;
  const subject =
    t.apiPassthrough && typeof apiSubject === "object" && apiSubject !== null
      ? subjectToName(apiSubject as JsonObject)
      : csr.csr.subjectName;

  const p = new Picker();
  templateExtensions(p, t);
  if (t.apiPassthrough) passthroughExtensions(p, t, apiExtensions(req.api));
  if (t.csrPassthrough) csrExtensions(p, t, csr);
  p.set(sanExtension(req, subject.toJSON().length === 0));
  p.set(await x509.SubjectKeyIdentifierExtension.create(csr.csr.publicKey));
  if (req.issuerKeyId !== undefined)
    p.set(new x509.AuthorityKeyIdentifierExtension(req.issuerKeyId));
  return { subject, extensions: p.list() };
}
