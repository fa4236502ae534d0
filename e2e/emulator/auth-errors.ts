/**
 * How each protocol words an authentication failure: awsJson1_1 services (PCA) and the STS Query
 * protocol name them differently.
 * @internal
 */
import { AwsError } from "./errors.ts";
import type { AuthFailure } from "./sigv4.ts";

const INVALID_TOKEN = "The security token included in the request is invalid.";
const EXPIRED_TOKEN = "The security token included in the request is expired";
const BAD_SIGNATURE =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** The PCA (JSON) error for an authentication failure. */
export function jsonAuthError(f: AuthFailure, service: string): AwsError {
  switch (f.kind) {
    case "missing":
      return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token");
    case "unknownKey":
    case "badToken":
      return new AwsError("UnrecognizedClientException", INVALID_TOKEN);
    case "expiredToken":
      return new AwsError("ExpiredTokenException", EXPIRED_TOKEN);
    case "expiredSignature":
      return new AwsError(
        "InvalidSignatureException",
        `Signature expired: ${f.message} is now earlier than the allowed 15 minutes of clock skew.`,
      );
    case "wrongService":
      return new AwsError(
        "InvalidSignatureException",
        `Credential should be scoped to correct service: '${service}'.`,
      );
    default:
      return new AwsError("InvalidSignatureException", BAD_SIGNATURE);
  }
}

/** The STS (Query) error for an authentication failure. */
export function stsAuthError(f: AuthFailure): AwsError {
  switch (f.kind) {
    case "missing":
      return new AwsError(
        "MissingAuthenticationToken",
        "Request is missing Authentication Token",
        403,
      );
    case "unknownKey":
    case "badToken":
      return new AwsError("InvalidClientTokenId", INVALID_TOKEN, 403);
    case "expiredToken":
      return new AwsError("ExpiredToken", EXPIRED_TOKEN, 403);
    case "wrongService":
      return new AwsError(
        "SignatureDoesNotMatch",
        "Credential should be scoped to correct service: 'sts'. ",
        403,
      );
    default:
      return new AwsError("SignatureDoesNotMatch", BAD_SIGNATURE, 403);
  }
}
