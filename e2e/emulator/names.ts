/**
 * X.509 names from the API's structures: `ASN1Subject` to a distinguished name and
 * `GeneralName` to DER, with the model's length limits.
 * @internal
 */
import { isIP } from "node:net";
import { context, ia5, implicit, oid, seq, tlv, utf8 } from "./der.ts";
import { AwsError, awsError } from "./errors.ts";
import type { Input, JsonObject } from "./input.ts";
import { x509 } from "./x509.ts";

/** ASN1Subject members in the order they are written, with their OID and max length. */
const SUBJECT_FIELDS: readonly (readonly [string, string, number])[] = [
  ["Country", "2.5.4.6", 2],
  ["Organization", "2.5.4.10", 64],
  ["OrganizationalUnit", "2.5.4.11", 64],
  ["DistinguishedNameQualifier", "2.5.4.46", 64],
  ["State", "2.5.4.8", 128],
  ["CommonName", "2.5.4.3", 64],
  ["SerialNumber", "2.5.4.5", 64],
  ["Locality", "2.5.4.7", 128],
  ["Title", "2.5.4.12", 64],
  ["Surname", "2.5.4.4", 40],
  ["GivenName", "2.5.4.42", 16],
  ["Initials", "2.5.4.43", 5],
  ["Pseudonym", "2.5.4.65", 128],
  ["GenerationQualifier", "2.5.4.44", 3],
];

/** Checks an ASN1Subject's member limits into `input` (prefix is the member path). */
export function checkSubject(input: Input, prefix: string): void {
  for (const [field, , max] of SUBJECT_FIELDS) {
    const pattern = field === "Country" ? /^[A-Za-z]{2}$/ : undefined;
    input.str(`${prefix}.${field}`, pattern === undefined ? { max } : { max, pattern });
  }
  input.list(`${prefix}.CustomAttributes`, { min: 1, max: 150 });
}

/** Converts an ASN1Subject to a distinguished name. */
export function subjectToName(subject: JsonObject): x509.Name {
  const rdns: Record<string, string[]>[] = [];
  for (const [field, id] of SUBJECT_FIELDS) {
    const v = subject[field];
    if (typeof v === "string" && v !== "") rdns.push({ [id]: [v] });
  }
  const custom = subject.CustomAttributes;
  if (Array.isArray(custom)) {
    if (rdns.length > 0) {
      throw awsError(
        "InvalidArgsException",
        "CustomAttributes cannot be combined with standard subject attributes.",
      );
    }
    for (const a of custom as JsonObject[]) {
      rdns.push({ [String(a.ObjectIdentifier)]: [String(a.Value)] });
    }
  }
  return new x509.Name(rdns);
}

function ipBytes(text: string): Buffer {
  const kind = isIP(text);
  if (kind === 4) return Buffer.from(text.split(".").map(Number));
  if (kind !== 6) throw awsError("InvalidArgsException", `The IP address ${text} is not valid.`);
  const [head = "", tail = ""] = text.split("::");
  const words = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const h = words(head);
  const t = text.includes("::") ? words(tail) : [];
  const middle = Array<string>(8 - h.length - t.length).fill("0");
  return Buffer.concat([...h, ...middle, ...t].map((w) => Buffer.from(w.padStart(4, "0"), "hex")));
}

const GENERAL_NAME_KINDS = [
  "OtherName",
  "Rfc822Name",
  "DnsName",
  "DirectoryName",
  "EdiPartyName",
  "UniformResourceIdentifier",
  "IpAddress",
  "RegisteredId",
] as const;

/** Encodes one API `GeneralName`; more than one choice set is `InvalidArgsException`. */
export function generalNameDer(name: JsonObject): Buffer {
  const set = GENERAL_NAME_KINDS.filter((k) => name[k] !== undefined && name[k] !== null);
  if (set.length !== 1) {
    throw awsError("InvalidArgsException", "A GeneralName must have exactly one member set.");
  }
  const kind = set[0];
  const text = (k: string): string => String(name[k]);
  switch (kind) {
    case "Rfc822Name":
      return implicit(1, ia5(text(kind)));
    case "DnsName":
      return implicit(2, ia5(text(kind)));
    case "UniformResourceIdentifier":
      return implicit(6, ia5(text(kind)));
    case "IpAddress":
      return context(7, ipBytes(text(kind)), false);
    case "RegisteredId":
      return implicit(8, oid(text(kind)));
    case "DirectoryName": {
      const dn = Buffer.from(subjectToName(name[kind] as JsonObject).toArrayBuffer());
      return context(4, dn, true);
    }
    case "OtherName": {
      const other = name[kind] as JsonObject;
      const value = context(0, utf8(String(other.Value)), true);
      return implicit(0, seq([oid(String(other.TypeId)), value]), true);
    }
    default:
      throw new AwsError("InvalidArgsException", "EdiPartyName is not supported by the emulator.");
  }
}

/** Encodes a GeneralNames SEQUENCE. */
export function generalNamesDer(names: readonly JsonObject[]): Buffer {
  return seq(names.map(generalNameDer));
}

/** Encodes certificatePolicies from the API's `CertificatePolicies` list. */
export function certificatePoliciesDer(policies: readonly JsonObject[]): Buffer {
  return seq(
    policies.map((p) => {
      const qualifiers = Array.isArray(p.PolicyQualifiers)
        ? (p.PolicyQualifiers as JsonObject[])
        : [];
      const encoded = qualifiers.map((q) => {
        const cps = (q.Qualifier as JsonObject | undefined)?.CpsUri;
        return seq([oid("1.3.6.1.5.5.7.2.1"), ia5(String(cps))]);
      });
      const parts = [oid(String(p.CertPolicyId))];
      if (encoded.length > 0) parts.push(seq(encoded));
      return seq(parts);
    }),
  );
}

/** Wraps DER bytes in an OCTET STRING (for raw extension values). */
export function octets(der: Uint8Array): Buffer {
  return tlv(0x04, der);
}
