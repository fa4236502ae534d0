import { fieldFailure } from "./field-error.ts";
import type { FieldResult } from "./field-error.ts";
import { REGION_PATTERN } from "./patterns.ts";

/** The parts of a certificate authority ARN. */
export interface CaArn {
  /** The ARN as given. */
  readonly arn: string;
  /** AWS partition, e.g. `aws`, `aws-cn`, `aws-us-gov`; template ARNs use the same one. */
  readonly partition: string;
  /** Region the CA lives in; its API endpoint must be in this region. */
  readonly region: string;
  /** 12-digit account that owns the CA. */
  readonly accountId: string;
  /** The CA's id (a UUID for real CAs). */
  readonly caId: string;
}

const EXPECTED = "arn:<partition>:acm-pca:<region>:<12-digit account>:certificate-authority/<id>";
const REGION = new RegExp(REGION_PATTERN);
const PARTITION = /^aws(-[a-z]+)*$/;
const ACCOUNT = /^[0-9]{12}$/;

/**
 * Parses `spec.arn` (or another field holding a CA ARN), explaining exactly which part is
 * wrong when it is not a certificate authority ARN. Accepts exactly the strings
 * `CA_ARN_PATTERN` matches.
 *
 * @param value - the field's value; `undefined` and blank count as missing.
 * @param field - the field's path, used in error messages.
 */
export function parseCaArn(value: string | undefined, field = "spec.arn"): FieldResult<CaArn> {
  if (value === undefined || value.trim() === "") {
    return fieldFailure(field, `${field} is required: set it to the CA's ARN, ${EXPECTED}`);
  }

  const quoted = `${field} ${JSON.stringify(value)}`;
  const parts = value.split(":");
  if (parts[0] !== "arn" || parts.length < 6) {
    return fieldFailure(field, `${quoted} is not an ARN: expected ${EXPECTED}`);
  }

  const [, partition = "", service = "", region = "", accountId = ""] = parts;
  const resource = parts.slice(5).join(":");
  const partError = checkParts({ partition, service, region, accountId, resource });
  if (partError !== undefined) {
    return fieldFailure(field, `${quoted} ${partError}`);
  }

  const caId = resource.slice("certificate-authority/".length);
  return { ok: true, value: { arn: value, partition, region, accountId, caId } };
}

interface ArnParts {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

function checkParts(p: ArnParts): string | undefined {
  if (!PARTITION.test(p.partition)) {
    return `has partition ${JSON.stringify(p.partition)}; expected aws, aws-cn, aws-us-gov or another aws-* partition`;
  }
  if (p.service !== "acm-pca") {
    return `names service ${JSON.stringify(p.service)}; expected acm-pca`;
  }
  if (!REGION.test(p.region)) {
    return `has region ${JSON.stringify(p.region)}; expected a region code such as us-east-1`;
  }
  if (!ACCOUNT.test(p.accountId)) {
    return `has account ${JSON.stringify(p.accountId)}; expected 12 digits`;
  }
  return checkResource(p.resource);
}

function checkResource(resource: string): string | undefined {
  const certificateAt = resource.indexOf("/certificate/");
  if (resource.startsWith("certificate-authority/") && certificateAt > 0) {
    return "is a certificate ARN; use its CA's ARN (the part before /certificate/)";
  }
  if (!/^certificate-authority\/[A-Za-z0-9-]+$/.test(resource)) {
    return `has resource ${JSON.stringify(resource)}; expected certificate-authority/<id>`;
  }
  return undefined;
}
