/**
 * Regular expressions for issuer fields, shared by the CRD schema and the checks in `validate.ts`.
 * Every pattern is anchored: the API server does not anchor OpenAPI patterns by itself.
 *
 * @packageDocumentation
 */

/** An AWS partition: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ... */
const PARTITION = "aws(-[a-z]+)*";

/** An AWS region code such as `us-east-1`, `us-gov-west-1` or `cn-northwest-1`. */
const REGION = "[a-z]{2}(-[a-z]+)+-[0-9]+";

/** The pattern a region must match (`us-east-1`, `eu-central-2`, `us-gov-west-1`). */
export const REGION_PATTERN = `^${REGION}$`;

/**
 * What the CRD admits for `spec.region`: a region code or the empty string. The empty string
 * stays admissible because charts commonly render an unset value as `""`, which the peer
 * treated as "not given".
 */
export const REGION_OR_EMPTY_PATTERN = `^(${REGION})?$`;

/**
 * A certificate authority ARN, capturing partition (1), region (3), account (5) and CA id (6):
 * `arn:<partition>:acm-pca:<region>:<12-digit account>:certificate-authority/<id>`.
 */
export const CA_ARN_PATTERN = `^arn:(${PARTITION}):acm-pca:(${REGION}):([0-9]{12}):certificate-authority/([A-Za-z0-9-]+)$`;

/** An IAM role ARN, optionally with a path: `arn:<partition>:iam::<account>:role/<path/name>`. */
const ROLE_ARN = `arn:${PARTITION}:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+`;

/** The pattern a role ARN must match. */
export const ROLE_ARN_PATTERN = `^${ROLE_ARN}$`;

/** What the CRD admits for `spec.role`: a role ARN or, as for region, the empty string. */
export const ROLE_ARN_OR_EMPTY_PATTERN = `^(${ROLE_ARN})?$`;

/**
 * The characters of an STS external id: letters, digits and `_+=,.@:/-` (the constraint
 * AssumeRole documents for `ExternalId`). Its length, 2 to 1224, is checked separately:
 * the API server's regular expressions (RE2) refuse repeat counts above 1000.
 */
export const EXTERNAL_ID_PATTERN = "^[A-Za-z0-9_+=,.@:/-]+$";

/** Shortest external id STS accepts. */
export const EXTERNAL_ID_MIN_LENGTH = 2;

/** Longest external id STS accepts. */
export const EXTERNAL_ID_MAX_LENGTH = 1224;

/**
 * A non-negative Go duration string (`time.ParseDuration` syntax without a sign and without
 * the `µs` spelling): `0`, `30s`, `1.5h`, `2160h`, `1h30m`.
 */
export const DURATION_PATTERN = "^(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|ms|s|m|h))+)$";

/**
 * A key of a Secret's `data` map, as Kubernetes allows it: letters, digits, `-`, `_`, `.`.
 */
export const SECRET_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";
