/**
 * Who may call: long-term access keys, STS session credentials, IAM roles, and the OIDC
 * providers web identities are checked against.
 */
import { createPublicKey, randomBytes, type JsonWebKey, type KeyObject } from "node:crypto";

/** An access key the emulator accepts. Times are epoch ms. @public */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Present for STS session credentials; requests must then send it as X-Amz-Security-Token. */
  readonly sessionToken?: string;
  /** Session expiry; absent for long-term keys. */
  readonly expiresAt?: number;
  /** The caller's ARN (IAM user, or STS assumed-role). */
  readonly principalArn: string;
  /** `UserId` of GetCallerIdentity. */
  readonly userId: string;
}

/** A role that AssumeRole / AssumeRoleWithWebIdentity may assume. @public */
export interface RoleConfig {
  /** `arn:aws:iam::<account>:role/<name>`. */
  readonly roleArn: string;
  /** When set, AssumeRole must pass exactly this ExternalId. */
  readonly externalId?: string;
  /** Longest session in seconds (default 3600, as IAM's MaxSessionDuration). */
  readonly maxSessionDurationSeconds?: number;
  /** Principal ARNs allowed to AssumeRole; absent means any known caller. */
  readonly trustedPrincipals?: readonly string[];
  /** OIDC issuers allowed for web identity; absent means any configured provider. */
  readonly trustedIssuers?: readonly string[];
  /** `sub` claims allowed for web identity (e.g. `system:serviceaccount:ns:name`); absent = any. */
  readonly allowedSubjects?: readonly string[];
}

/** An OIDC identity provider (e.g. a Kubernetes service-account issuer). @public */
export interface OidcProviderConfig {
  /** Issuer URL exactly as in the tokens' `iss` claim. */
  readonly issuer: string;
  /** Public keys as PEM (SPKI or PKCS#1) text. */
  readonly publicKeysPem?: readonly string[];
  /** Public keys as a JWKS document (`{"keys": [...]}`); `kid` is matched when present. */
  readonly jwks?: { readonly keys: readonly JsonWebKey[] };
  /** Accepted audiences (default `["sts.amazonaws.com"]`). */
  readonly audiences?: readonly string[];
}

/** A provider with its keys parsed. @internal */
export interface OidcProvider {
  readonly issuer: string;
  readonly keys: readonly { kid?: string; key: KeyObject }[];
  readonly audiences: readonly string[];
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function randomId(prefix: string, length = 20): string {
  const bytes = randomBytes(length - prefix.length);
  return prefix + [...bytes].map((b) => ALNUM[b % ALNUM.length]).join("");
}

/**
 * The credential registry of one emulator.
 * @public
 */
export class Identities {
  private readonly keys = new Map<string, AccessKey>();
  private readonly roles = new Map<string, RoleConfig>();
  private readonly providers = new Map<string, OidcProvider>();
  private readonly accountId: string;

  constructor(accountId: string) {
    this.accountId = accountId;
  }

  /** Registers a long-term key (generated when not given) for IAM user `userName`. */
  addAccessKey(
    opts: { accessKeyId?: string; secretAccessKey?: string; userName?: string } = {},
  ): AccessKey {
    const userName = opts.userName ?? "emulator-user";
    const key: AccessKey = {
      accessKeyId: opts.accessKeyId ?? randomId("AKIA"),
      secretAccessKey: opts.secretAccessKey ?? randomBytes(30).toString("base64"),
      principalArn: `arn:aws:iam::${this.accountId}:user/${userName}`,
      userId: randomId("AIDA", 21),
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  /** Forgets a key (later requests with it get UnrecognizedClientException). */
  removeAccessKey(accessKeyId: string): void {
    this.keys.delete(accessKeyId);
  }

  /** Looks up a key by id. */
  find(accessKeyId: string): AccessKey | undefined {
    return this.keys.get(accessKeyId);
  }

  /** Mints session credentials for `role` valid until `expiresAt`. @internal */
  issueSession(role: RoleConfig, sessionName: string, expiresAt: number): AccessKey {
    const roleName = role.roleArn.split("/").pop() ?? "role";
    const roleId = randomId("AROA", 21);
    const key: AccessKey = {
      accessKeyId: randomId("ASIA"),
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `IQoJb3JpZ2luX2VtdRAA${randomBytes(96).toString("base64")}`,
      expiresAt,
      principalArn: `arn:aws:sts::${this.accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  /** Registers (or replaces) a role. */
  addRole(role: RoleConfig): void {
    this.roles.set(role.roleArn, role);
  }

  /** A role by ARN. */
  role(roleArn: string): RoleConfig | undefined {
    return this.roles.get(roleArn);
  }

  /** Registers (or replaces) an OIDC provider; throws when a key cannot be parsed. */
  addOidcProvider(config: OidcProviderConfig): void {
    const keys: { kid?: string; key: KeyObject }[] = [];
    for (const pem of config.publicKeysPem ?? []) keys.push({ key: createPublicKey(pem) });
    for (const jwk of config.jwks?.keys ?? []) {
      const kid = (jwk as { kid?: unknown }).kid;
      const key = createPublicKey({ key: jwk, format: "jwk" });
      keys.push(typeof kid === "string" ? { kid, key } : { key });
    }
    if (keys.length === 0) throw new Error(`oidc provider ${config.issuer} has no keys`);
    const audiences = config.audiences ?? ["sts.amazonaws.com"];
    this.providers.set(config.issuer, { issuer: config.issuer, keys, audiences });
  }

  /** A provider by issuer URL. @internal */
  provider(issuer: string): OidcProvider | undefined {
    return this.providers.get(issuer);
  }
}
