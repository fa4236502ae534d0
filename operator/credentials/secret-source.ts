import type { ResolvedSecretRef } from "../../api/v1beta1/index.ts";
import { CredentialsError } from "./errors.ts";
import { errorFields } from "./logger.ts";
import type { CredentialsLogger } from "./logger.ts";
import type { AwsCredentials } from "./types.ts";

/**
 * The parts of a Kubernetes Secret this module reads. A `V1Secret` from
 * `@kubernetes/client-node` is one.
 * @public
 */
export interface SecretObject {
  /** Only `resourceVersion` is read, to notice changes and to form identity keys. */
  readonly metadata?: { readonly resourceVersion?: string };
  /** The Secret's `data`: base64-encoded values, as the API server returns them. */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * Reads one Secret, injected by the caller (an informer cache, a direct GET, a test fake).
 * Resolves `undefined` when the Secret does not exist; rejects on any other failure.
 * @public
 */
export type SecretReader = (namespace: string, name: string) => Promise<SecretObject | undefined>;

/** A Secret's credentials as last read. @internal */
export interface LoadedSecret {
  /** Static credentials, without expiration. */
  readonly credentials: AwsCredentials;
  /** `metadata.resourceVersion` of the Secret read, when the reader reported one. */
  readonly resourceVersion: string | undefined;
  /** Starts at 1 and grows each time a re-read finds different credentials. */
  readonly generation: number;
}

/** What a {@link SecretSource} needs. @internal */
export interface SecretSourceOptions {
  readonly ref: ResolvedSecretRef;
  readonly readSecret: SecretReader;
  readonly now: () => number;
  /** Re-read the Secret when the last read is older than this, even without a change notice. */
  readonly maxAgeMs: number;
  readonly logger: CredentialsLogger;
}

const SELECTOR_FIELDS = {
  accessKeyIdKey: "spec.secretRef.accessKeyIDSelector.key",
  secretAccessKeyKey: "spec.secretRef.secretAccessKeySelector.key",
  sessionTokenKey: "spec.secretRef.sessionTokenSelector.key",
} as const;

/**
 * Static credentials read from one issuer's Secret, cached until told the Secret changed
 * ({@link SecretSource.invalidate}) or until the cache is older than `maxAgeMs`.
 *
 * Concurrent callers share one read. A failed re-read that is only an API problem keeps
 * serving the last good credentials; a Secret that is gone or lost a key fails at once.
 * @internal
 */
export class SecretSource {
  private readonly options: SecretSourceOptions;
  private loaded: (LoadedSecret & { readAt: number }) | undefined;
  private stale = false;
  private inflight: Promise<LoadedSecret> | undefined;

  constructor(options: SecretSourceOptions) {
    this.options = options;
  }

  /** `namespace/name` of the Secret. */
  get secretKey(): string {
    return `${this.options.ref.namespace}/${this.options.ref.name}`;
  }

  /** Marks the cache stale: the next {@link SecretSource.get} reads the Secret again. */
  invalidate(): void {
    this.stale = true;
  }

  /** The current credentials, reading the Secret when the cache is stale, old or empty. */
  get(): Promise<LoadedSecret> {
    const cached = this.loaded;
    const fresh =
      cached !== undefined &&
      !this.stale &&
      this.options.now() - cached.readAt < this.options.maxAgeMs;
    if (fresh) return Promise.resolve(cached);

    this.inflight ??= this.reload().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async reload(): Promise<LoadedSecret> {
    this.stale = false;
    const { ref, readSecret, logger } = this.options;
    let secret: SecretObject | undefined;
    try {
      secret = await readSecret(ref.namespace, ref.name);
    } catch (err) {
      const unreadable = new CredentialsError(
        "SecretUnreadable",
        `could not read secret ${this.secretKey} referenced by spec.secretRef`,
        { cause: err, transient: true },
      );
      if (this.loaded === undefined) throw unreadable;
      // An API outage must not take signing down: keep the last credentials we read.
      logger.warn({ secret: this.secretKey, ...errorFields(err) }, "secret re-read failed");
      return this.loaded;
    }

    if (secret === undefined) {
      this.loaded = undefined;
      throw new CredentialsError(
        "SecretNotFound",
        `secret ${this.secretKey} referenced by spec.secretRef was not found`,
      );
    }
    return this.accept(secret);
  }

  private accept(secret: SecretObject): LoadedSecret {
    const credentials = parseSecretCredentials(this.options.ref, secret);
    const previous = this.loaded;
    const same = previous !== undefined && sameCredentials(previous.credentials, credentials);
    const generation = previous === undefined ? 1 : previous.generation + (same ? 0 : 1);
    const resourceVersion = secret.metadata?.resourceVersion;

    this.loaded = {
      credentials: same ? previous.credentials : credentials,
      resourceVersion,
      generation,
      readAt: this.options.now(),
    };
    this.options.logger.debug(
      { secret: this.secretKey, resourceVersion, changed: !same },
      "secret read",
    );
    return this.loaded;
  }
}

/**
 * Extracts static credentials from a Secret as `ref` selects them. Values are base64-decoded
 * and trimmed (files made with `kubectl create secret --from-file` often end in a newline).
 *
 * @throws CredentialsError `SecretKeyMissing` naming the Secret, the key and the selector field.
 * @internal
 */
export function parseSecretCredentials(
  ref: ResolvedSecretRef,
  secret: SecretObject,
): AwsCredentials {
  const accessKeyId = readKey(ref, secret, "accessKeyIdKey");
  const secretAccessKey = readKey(ref, secret, "secretAccessKeyKey");
  if (ref.sessionTokenKey === undefined) return { accessKeyId, secretAccessKey };
  return { accessKeyId, secretAccessKey, sessionToken: readKey(ref, secret, "sessionTokenKey") };
}

function readKey(
  ref: ResolvedSecretRef,
  secret: SecretObject,
  selector: keyof typeof SELECTOR_FIELDS,
): string {
  const key = ref[selector] ?? "";
  const where = `secret ${ref.namespace}/${ref.name}`;
  const field = SELECTOR_FIELDS[selector];
  const encoded = secret.data?.[key];
  if (encoded === undefined) {
    throw new CredentialsError("SecretKeyMissing", `${where} has no key "${key}" (${field})`);
  }

  const value = Buffer.from(encoded, "base64").toString("utf8").trim();
  if (value === "") {
    throw new CredentialsError("SecretKeyMissing", `key "${key}" of ${where} is empty (${field})`);
  }
  return value;
}

function sameCredentials(a: AwsCredentials, b: AwsCredentials): boolean {
  return (
    a.accessKeyId === b.accessKeyId &&
    a.secretAccessKey === b.secretAccessKey &&
    a.sessionToken === b.sessionToken
  );
}
