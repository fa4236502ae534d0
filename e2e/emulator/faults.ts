/**
 * Run-time quotas and faults: per-operation token buckets (ThrottlingException), added latency,
 * a share of 5xx answers and dropped connections, AccessDenied for chosen identities or
 * templates, and queued one-off errors. Change it in process or through the admin endpoint.
 */
import { AwsError } from "./errors.ts";
import { TokenBucket } from "./token-bucket.ts";

/** Default request rates per second (facts §5). Operations not listed are not limited. @public */
export const DEFAULT_RATES: Readonly<Record<string, number>> = {
  IssueCertificate: 25,
  GetCertificate: 75,
  DescribeCertificateAuthority: 20,
  GetCertificateAuthorityCertificate: 20,
  ListCertificateAuthorities: 20,
  RevokeCertificate: 20,
  RestoreCertificateAuthority: 20,
  GetCertificateAuthorityCsr: 10,
  ImportCertificateAuthorityCertificate: 10,
  UpdateCertificateAuthority: 10,
  DeleteCertificateAuthority: 10,
  CreateCertificateAuthority: 1,
};

/** One error to answer with. @public */
export interface QueuedError {
  /** Wire error name, e.g. `ThrottlingException`. */
  readonly code: string;
  readonly message?: string;
  /** HTTP status; default 400, or 500 for names containing `Internal`/`Unavailable`. */
  readonly status?: number;
}

/** The full fault configuration; every field has a neutral default. @public */
export interface FaultConfig {
  /** Token buckets on (default true). */
  throttling: boolean;
  /** Rates per second by operation; defaults {@link DEFAULT_RATES}. */
  rates: Record<string, number>;
  /** Added latency in ms by operation; key `*` applies to every operation. Default none. */
  latencyMs: Record<string, number>;
  /** Share (0–1) of calls answered 500 InternalFailure / 503 ServiceUnavailable. Default 0. */
  serverErrorRate: number;
  /** Share (0–1) of calls whose connection is destroyed without an answer. Default 0. */
  dropRate: number;
  /** Operations the two shares apply to (STS ones as `sts:<Action>`); empty = all PCA ones. */
  faultOperations: string[];
  /** Access key ids answered AccessDeniedException on every PCA call. */
  deniedAccessKeys: string[];
  /** Principal ARNs (user or assumed-role) answered AccessDeniedException on PCA calls. */
  deniedPrincipals: string[];
  /** Template names (e.g. `CodeSigningCertificate/V1`) for which IssueCertificate is denied. */
  deniedTemplates: string[];
}

function defaults(): FaultConfig {
  return {
    throttling: true,
    rates: { ...DEFAULT_RATES },
    latencyMs: {},
    serverErrorRate: 0,
    dropRate: 0,
    faultOperations: [],
    deniedAccessKeys: [],
    deniedPrincipals: [],
    deniedTemplates: [],
  };
}

/**
 * The live fault settings of one emulator.
 * @public
 */
export class Faults {
  private config: FaultConfig = defaults();
  private buckets = new Map<string, TokenBucket>();
  private queued = new Map<string, QueuedError[]>();
  private readonly random: () => number;

  /** @param random source of [0,1) numbers for the shares (injectable for tests). */
  constructor(random: () => number = Math.random) {
    this.random = random;
  }

  /** The current configuration (a copy). */
  get current(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Merges `patch` into the configuration; changed rates restart their buckets. */
  configure(patch: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...structuredClone(patch) };
    if (patch.rates !== undefined) this.config.rates = { ...DEFAULT_RATES, ...patch.rates };
    this.buckets.clear();
  }

  /** Back to defaults: throttling on at default rates, no faults, nothing queued. */
  reset(): void {
    this.config = defaults();
    this.buckets.clear();
    this.queued.clear();
  }

  /** Sets one operation's rate per second (0 or less blocks it entirely). */
  setRate(operation: string, ratePerSecond: number): void {
    this.configure({ rates: { ...this.config.rates, [operation]: ratePerSecond } });
  }

  /** Answers the next `count` calls of `operation` with `error` (after auth, before work). */
  failNext(operation: string, error: QueuedError, count = 1): void {
    const list = this.queued.get(operation) ?? [];
    for (let i = 0; i < count; i++) list.push(error);
    this.queued.set(operation, list);
  }

  /** Added latency for `operation` in ms. @internal */
  latencyFor(operation: string): number {
    return this.config.latencyMs[operation] ?? this.config.latencyMs["*"] ?? 0;
  }

  /** Whether to drop this call's connection. @internal */
  shouldDrop(operation: string): boolean {
    return this.applies(operation) && this.random() < this.config.dropRate;
  }

  /** The error this call must answer with before any work, if any. @internal */
  preflight(operation: string, now: number): AwsError | undefined {
    const queued = this.queued.get(operation)?.shift();
    if (queued !== undefined) return toAwsError(queued);
    if (!this.takeToken(operation, now))
      return new AwsError("ThrottlingException", "Rate exceeded");
    if (this.applies(operation) && this.random() < this.config.serverErrorRate) {
      return this.random() < 0.5
        ? new AwsError("InternalFailure", "An internal error occurred.", 500)
        : new AwsError("ServiceUnavailable", "The service is unavailable.", 503);
    }
    return undefined;
  }

  /** Whether this identity is denied PCA access. @internal */
  isDenied(accessKeyId: string, principalArn: string): boolean {
    return (
      this.config.deniedAccessKeys.includes(accessKeyId) ||
      this.config.deniedPrincipals.includes(principalArn)
    );
  }

  /** Whether issuing with `templateName` (`Name/V1`) is denied. @internal */
  isTemplateDenied(templateName: string): boolean {
    return this.config.deniedTemplates.some(
      (t) => t === templateName || t === `${templateName}/V1`,
    );
  }

  private applies(operation: string): boolean {
    const ops = this.config.faultOperations;
    return ops.length === 0 ? !operation.startsWith("sts:") : ops.includes(operation);
  }

  private takeToken(operation: string, now: number): boolean {
    const rate = this.config.rates[operation];
    if (!this.config.throttling || rate === undefined) return true;
    if (rate <= 0) return false;
    let bucket = this.buckets.get(operation);
    if (bucket === undefined) {
      bucket = new TokenBucket(rate, now);
      this.buckets.set(operation, bucket);
    }
    return bucket.take(now);
  }
}

function toAwsError(q: QueuedError): AwsError {
  const serverish = /Internal|Unavailable/.test(q.code);
  const status = q.status ?? (serverish ? 500 : 400);
  return new AwsError(q.code, q.message ?? `Injected ${q.code}`, status);
}
