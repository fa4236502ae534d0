import type { IssuerConfig } from "../../api/v1beta1/index.ts";
import { callerIdentity } from "./caller-identity.ts";
import type { CallerIdentity } from "./caller-identity.ts";
import { defaultChainError, nodeDefaultChain } from "./default-chain.ts";
import type { DefaultChainFactory } from "./default-chain.ts";
import { computeIdentityKey } from "./identity-key.ts";
import type { CredentialMode } from "./identity-key.ts";
import { checkSecretScope, describeIssuer, issuerKey, roleSessionName } from "./issuer-ref.ts";
import type { IssuerRef } from "./issuer-ref.ts";
import { SILENT_LOGGER } from "./logger.ts";
import type { CredentialsLogger } from "./logger.ts";
import { checkManagerOptions } from "./manager-options.ts";
import type { CredentialsManagerOptions } from "./manager-options.ts";
import { RoleSession, stsRoleAssumer } from "./role-session.ts";
import { SecretSource } from "./secret-source.ts";
import type { LoadedSecret } from "./secret-source.ts";
import type { AwsCredentials, CredentialProvider } from "./types.ts";

/**
 * The credential-related part of a validated issuer spec. An `IssuerConfig` from
 * `validateIssuerSpec` is one.
 * @public
 */
export type CredentialsSpec = Pick<IssuerConfig, "region" | "role" | "secret">;

/** An issuer's credentials as {@link CredentialsManager.resolve} returns them. @public */
export interface ResolvedCredentials {
  /** {@link issuerKey} of the issuer; pass it to {@link CredentialsManager.release}. */
  readonly issuerKey: string;
  /**
   * Stable key of this credential set (issuer UID, mode, region, Secret reference and
   * resourceVersion, role, external id), for keying clients in a pool. It changes when the
   * Secret's content changes; it never contains a credential value.
   */
  readonly identityKey: string;
  /** How the credentials are obtained. */
  readonly mode: CredentialMode;
  /** Region for AWS clients (and STS). */
  readonly region: string;
  /** A live provider: every call reflects the latest Secret and session. */
  readonly provider: CredentialProvider;
  /** The Secret read, when `mode` uses one. */
  readonly secret?: {
    readonly namespace: string;
    readonly name: string;
    readonly resourceVersion?: string;
  };
  /** `spec.role`, when a role is assumed. */
  readonly roleArn?: string;
}

/** A Secret some issuer reads. @public */
export interface SecretUse {
  readonly namespace: string;
  readonly name: string;
}

interface Entry {
  readonly fingerprint: string;
  readonly issuer: IssuerRef;
  readonly spec: CredentialsSpec;
  readonly mode: CredentialMode;
  readonly secret: SecretSource | undefined;
  readonly current: () => Promise<AwsCredentials>;
  readonly provider: CredentialProvider;
}

const DEFAULTS = {
  refreshWindowMs: 300_000,
  roleSessionDurationSeconds: 3600,
  secretMaxAgeMs: 300_000,
} as const;

/**
 * AWS credentials per issuer: static keys from a Secret, STS AssumeRole on top of a Secret or
 * the SDK default chain, or the default chain alone (environment, IRSA web identity, EKS Pod
 * Identity, instance metadata).
 *
 * Ownership: one manager per operator process. It holds, per issuer, a cached Secret read and
 * an assumed-role session, refreshed on demand 5 minutes before expiry (no timers, nothing to
 * stop). The caller tells it when a Secret changes ({@link CredentialsManager.secretChanged})
 * and when an issuer goes away ({@link CredentialsManager.release}).
 * @public
 */
export class CredentialsManager {
  private readonly options: Required<
    Pick<CredentialsManagerOptions, "refreshWindowMs" | "roleSessionDurationSeconds">
  > &
    CredentialsManagerOptions;
  private readonly logger: CredentialsLogger;
  private readonly now: () => number;
  private readonly defaultChain: DefaultChainFactory;
  private readonly chains = new Map<string, CredentialProvider>();
  private readonly entries = new Map<string, Entry>();

  /**
   * @param options - see {@link CredentialsManagerOptions}; checked here.
   * @throws RangeError naming the field when an option is out of range.
   */
  constructor(options: CredentialsManagerOptions) {
    checkManagerOptions(options);
    this.options = { ...DEFAULTS, ...options };
    this.logger = options.logger ?? SILENT_LOGGER;
    const clock = options.clock;
    this.now = clock === undefined ? () => Date.now() : () => clock.now();
    this.defaultChain = options.defaultChain ?? nodeDefaultChain();
  }

  /**
   * Resolves an issuer's credentials and proves they can be produced now (reads the Secret,
   * assumes the role, runs the default chain). Idempotent: the same issuer and spec reuse the
   * cached Secret read and session; a changed spec or UID replaces them.
   *
   * @throws CredentialsError with the reason the controller reports on `Ready`.
   */
  async resolve(issuer: IssuerRef, spec: CredentialsSpec): Promise<ResolvedCredentials> {
    if (spec.secret !== undefined) checkSecretScope(issuer, spec.secret);
    const entry = this.entryFor(issuer, spec);
    await entry.current();

    const loaded = await entry.secret?.get();
    return describeResolved(entry, loaded);
  }

  /**
   * Tells the manager that Secret `namespace/name` changed or was deleted. Issuers reading it
   * re-read it on their next AWS call or resolve, so the next request signs with the new key.
   *
   * @returns the {@link issuerKey}s of the issuers that read this Secret (to requeue them).
   */
  secretChanged(namespace: string, name: string): string[] {
    const wanted = `${namespace}/${name}`;
    const affected: string[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.secret?.secretKey !== wanted) continue;
      entry.secret.invalidate();
      affected.push(key);
    }
    if (affected.length > 0) {
      this.logger.debug({ secret: wanted, issuers: affected.length }, "secret change noted");
    }
    return affected;
  }

  /** The Secrets resolved issuers read, each once: what a Secret watch needs to cover. */
  secretsInUse(): SecretUse[] {
    const seen = new Map<string, SecretUse>();
    for (const { spec } of this.entries.values()) {
      if (spec.secret === undefined) continue;
      const { namespace, name } = spec.secret;
      seen.set(`${namespace}/${name}`, { namespace, name });
    }
    return [...seen.values()];
  }

  /**
   * Drops an issuer's cached Secret read and role session. Providers already handed out keep
   * working (they rebuild state on demand) but nothing is retained for the issuer any more.
   *
   * @param key - the issuer's {@link issuerKey}.
   * @returns whether anything was cached for it.
   */
  release(key: string): boolean {
    const had = this.entries.delete(key);
    if (had) this.logger.info({ issuer: key }, "issuer credentials released");
    return had;
  }

  /** Number of issuers with cached state (for metrics and tests). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * GetCallerIdentity for resolved credentials, through this manager's STS endpoint.
   * @throws a {@link CredentialsError} from the provider, or the SDK's STS error.
   */
  callerIdentity(resolved: ResolvedCredentials, signal?: AbortSignal): Promise<CallerIdentity> {
    const { stsEndpoint } = this.options;
    return callerIdentity(resolved.provider, resolved.region, {
      ...(stsEndpoint === undefined ? {} : { endpoint: stsEndpoint }),
      ...(signal === undefined ? {} : { abortSignal: signal }),
    });
  }

  private entryFor(issuer: IssuerRef, spec: CredentialsSpec): Entry {
    const key = issuerKey(issuer);
    const fingerprint = JSON.stringify([issuer.uid, spec.region, spec.secret, spec.role]);
    const existing = this.entries.get(key);
    if (existing?.fingerprint === fingerprint) return existing;

    const entry = this.createEntry(issuer, spec, fingerprint);
    this.entries.set(key, entry);
    this.logger.info({ issuer: key, mode: entry.mode }, "issuer credentials configured");
    return entry;
  }

  private createEntry(issuer: IssuerRef, spec: CredentialsSpec, fingerprint: string): Entry {
    const secret = this.secretSource(spec);
    const base = secret === undefined ? this.chainBase(issuer, spec.region) : secretBase(secret);
    const role = this.roleSession(issuer, spec, base);
    const current = role === undefined ? base : () => role.get();
    const mode: CredentialMode =
      secret === undefined
        ? role === undefined
          ? "DefaultChain"
          : "DefaultChainWithRole"
        : role === undefined
          ? "Secret"
          : "SecretWithRole";

    // The stamp makes SDK clients call back on every request (see CredentialProvider).
    const provider: CredentialProvider = async () => ({
      ...(await current()),
      expiration: new Date(this.now()),
    });
    return { fingerprint, issuer, spec, mode, secret, current, provider };
  }

  private secretSource(spec: CredentialsSpec): SecretSource | undefined {
    if (spec.secret === undefined) return undefined;
    return new SecretSource({
      ref: spec.secret,
      readSecret: this.options.readSecret,
      now: this.now,
      maxAgeMs: this.options.secretMaxAgeMs ?? DEFAULTS.secretMaxAgeMs,
      logger: this.logger,
    });
  }

  private chainBase(issuer: IssuerRef, region: string): () => Promise<AwsCredentials> {
    let chain = this.chains.get(region);
    if (chain === undefined) {
      const { stsEndpoint } = this.options;
      chain = this.defaultChain({
        region,
        ...(stsEndpoint === undefined ? {} : { stsEndpoint }),
      });
      this.chains.set(region, chain);
    }
    const provider = chain;
    const who = describeIssuer(issuer);
    return async () => {
      try {
        return await provider();
      } catch (err) {
        throw defaultChainError(err, who);
      }
    };
  }

  private roleSession(
    issuer: IssuerRef,
    spec: CredentialsSpec,
    base: () => Promise<AwsCredentials>,
  ): RoleSession | undefined {
    if (spec.role === undefined) return undefined;
    const { externalId, arn } = spec.role;
    return new RoleSession({
      base,
      assume: this.options.assumeRole ?? stsRoleAssumer(this.options.stsEndpoint),
      request: {
        roleArn: arn,
        roleSessionName: roleSessionName(issuer),
        durationSeconds: this.options.roleSessionDurationSeconds,
        region: spec.region,
        ...(externalId === undefined ? {} : { externalId }),
      },
      now: this.now,
      refreshWindowMs: this.options.refreshWindowMs,
      logger: this.logger,
      issuer: describeIssuer(issuer),
    });
  }
}

function describeResolved(entry: Entry, loaded: LoadedSecret | undefined): ResolvedCredentials {
  const { issuer, spec, mode, provider } = entry;
  const ref = spec.secret;
  const resourceVersion = loaded?.resourceVersion;
  // Without a resourceVersion (a reader that gives none) the local generation marks changes.
  const version = resourceVersion ?? (loaded === undefined ? undefined : `g${loaded.generation}`);
  const identityKey = computeIdentityKey({
    issuerUid: issuer.uid,
    mode,
    region: spec.region,
    ...(ref === undefined ? {} : { secretRef: JSON.stringify(ref) }),
    ...(version === undefined ? {} : { secretVersion: version }),
    ...(spec.role === undefined ? {} : { role: spec.role }),
  });

  const secret =
    ref === undefined
      ? undefined
      : {
          namespace: ref.namespace,
          name: ref.name,
          ...(resourceVersion === undefined ? {} : { resourceVersion }),
        };
  return {
    issuerKey: issuerKey(issuer),
    identityKey,
    mode,
    region: spec.region,
    provider,
    ...(secret === undefined ? {} : { secret }),
    ...(spec.role === undefined ? {} : { roleArn: spec.role.arn }),
  };
}

function secretBase(secret: SecretSource): () => Promise<AwsCredentials> {
  return async () => (await secret.get()).credentials;
}
