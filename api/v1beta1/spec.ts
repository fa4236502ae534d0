import { Type } from "@sinclair/typebox";
import type { Static } from "@sinclair/typebox";

import {
  DURATION_PATTERN,
  EXTERNAL_ID_MAX_LENGTH,
  EXTERNAL_ID_MIN_LENGTH,
  EXTERNAL_ID_PATTERN,
  REGION_OR_EMPTY_PATTERN,
  ROLE_ARN_OR_EMPTY_PATTERN,
  SECRET_KEY_PATTERN,
} from "./patterns.ts";
import { TEMPLATE_NAME_PATTERN } from "./templates.ts";

/** Secret key read for the access key id when `secretRef.accessKeyIDSelector` is absent. */
export const DEFAULT_ACCESS_KEY_ID_KEY = "AWS_ACCESS_KEY_ID";

/** Secret key read for the secret access key when `secretRef.secretAccessKeySelector` is absent. */
export const DEFAULT_SECRET_ACCESS_KEY_KEY = "AWS_SECRET_ACCESS_KEY";

/**
 * Certificate lifetime used when neither the CertificateRequest nor `spec.defaultDuration`
 * sets one: 90 days, the peer's fixed default.
 */
export const DEFAULT_CERTIFICATE_DURATION = "2160h";

/** Upper bound on `allowedTemplates` entries, keeping the object small. */
export const MAX_ALLOWED_TEMPLATES = 64;

function keySelector(what: string, defaultKey: string) {
  return Type.Object(
    {
      key: Type.Optional(
        Type.String({
          description: `Key in the Secret's data holding the ${what}. Default ${defaultKey}.`,
          maxLength: 253,
          pattern: SECRET_KEY_PATTERN,
        }),
      ),
      name: Type.Optional(
        Type.String({
          description:
            "Accepted for compatibility with the peer's schema and ignored: the Secret is always secretRef.name.",
        }),
      ),
      optional: Type.Optional(
        Type.Boolean({
          description: "Accepted for compatibility with the peer's schema and ignored.",
        }),
      ),
    },
    { description: `Where in the Secret the ${what} is stored.` },
  );
}

/** Schema of `spec.secretRef`: the Secret holding static AWS credentials. */
export const SecretRefSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: "Name of the Secret.", maxLength: 253 })),
    namespace: Type.Optional(
      Type.String({
        description:
          "Namespace of the Secret. An AWSPCAIssuer may only name its own namespace (the default). " +
          "An AWSPCAClusterIssuer defaults to the operator's cluster-resource namespace.",
        maxLength: 63,
      }),
    ),
    accessKeyIDSelector: Type.Optional(keySelector("access key id", DEFAULT_ACCESS_KEY_ID_KEY)),
    secretAccessKeySelector: Type.Optional(
      keySelector("secret access key", DEFAULT_SECRET_ACCESS_KEY_KEY),
    ),
    sessionTokenSelector: Type.Optional(
      Type.Object(
        {
          key: Type.String({
            description: "Key in the Secret's data holding the session token.",
            maxLength: 253,
            pattern: SECRET_KEY_PATTERN,
          }),
        },
        {
          description:
            "Addition to the peer: where in the Secret a session token for temporary " +
            "credentials is stored. Without it no session token is sent.",
        },
      ),
    ),
  },
  {
    description:
      "Secret with static AWS credentials. When absent, the operator uses the AWS SDK default " +
      "credential chain (environment, web identity, EKS Pod Identity, instance metadata).",
  },
);

/** Schema of `spec.pcaTemplate`. */
export const PcaTemplateSchema = Type.Object(
  {
    defaultTemplateName: Type.Optional(
      Type.String({
        description:
          "AWS Private CA template (e.g. EndEntityCertificate/V1) used for every request " +
          "instead of the one derived from the request's usages. Checked by the controller.",
        maxLength: 128,
      }),
    ),
  },
  { description: "Which AWS Private CA certificate template the issuer signs with." },
);

/** Schema of `spec` for both AWSPCAIssuer and AWSPCAClusterIssuer. */
export const IssuerSpecSchema = Type.Object(
  {
    arn: Type.Optional(
      Type.String({
        description:
          "ARN of the AWS Private CA: arn:<partition>:acm-pca:<region>:<account>:" +
          "certificate-authority/<id>. Required; checked by the controller, which reports a " +
          "missing or malformed value on the Ready condition.",
        maxLength: 200,
      }),
    ),
    region: Type.Optional(
      Type.String({
        description:
          "AWS region of the CA. Optional: when empty, taken from the region in arn. When set, " +
          "it must equal the region in arn.",
        pattern: REGION_OR_EMPTY_PATTERN,
      }),
    ),
    role: Type.Optional(
      Type.String({
        description:
          "ARN of an IAM role to assume (STS AssumeRole) on top of the base credentials " +
          "before calling AWS Private CA.",
        maxLength: 2048,
        pattern: ROLE_ARN_OR_EMPTY_PATTERN,
      }),
    ),
    externalId: Type.Optional(
      Type.String({
        description:
          "Addition to the peer: external id passed to AssumeRole when role is set. Only " +
          "valid together with role.",
        maxLength: EXTERNAL_ID_MAX_LENGTH,
        minLength: EXTERNAL_ID_MIN_LENGTH,
        pattern: EXTERNAL_ID_PATTERN,
      }),
    ),
    secretRef: Type.Optional(SecretRefSchema),
    pcaTemplate: Type.Optional(PcaTemplateSchema),
    allowedTemplates: Type.Optional(
      Type.Array(Type.String({ maxLength: 128, pattern: TEMPLATE_NAME_PATTERN }), {
        description:
          "Addition to the peer: templates a CertificateRequest may pick with the " +
          "awspca.cert-manager.io/template annotation. Empty or absent: the annotation is " +
          "refused and the template follows pcaTemplate or the request's usages.",
        maxItems: MAX_ALLOWED_TEMPLATES,
        "x-kubernetes-list-type": "set",
      }),
    ),
    defaultDuration: Type.Optional(
      Type.String({
        description:
          "Addition to the peer: certificate lifetime (Go duration, e.g. 720h) for requests " +
          `that set none. Default ${DEFAULT_CERTIFICATE_DURATION} (90 days).`,
        pattern: DURATION_PATTERN,
      }),
    ),
    notBeforeOffset: Type.Optional(
      Type.String({
        description:
          "How long before issuance an issued certificate becomes valid (Go duration, e.g. " +
          "30s). Absent: AWS Private CA's default, issuance time minus 60 minutes.",
        pattern: DURATION_PATTERN,
      }),
    ),
  },
  { description: "Desired state of an AWS Private CA issuer." },
);

/** `spec` of an AWSPCAIssuer or AWSPCAClusterIssuer. */
export type IssuerSpec = Static<typeof IssuerSpecSchema>;

/** `spec.secretRef` of an issuer. */
export type SecretRef = Static<typeof SecretRefSchema>;

/** `spec.pcaTemplate` of an issuer. */
export type PcaTemplate = Static<typeof PcaTemplateSchema>;
